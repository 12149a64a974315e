/** The one error type of the store, with a closed set of codes a caller can branch on. */
export type StoreErrorCode =
  /** A batch id, dataset id, file name or output name that cannot be stored safely. */
  | 'invalid-name'
  /** An argument out of range: a negative chunk start, an empty chunk, a record that is not JSON. */
  | 'invalid-argument'
  /** The file the call names was never stored. */
  | 'not-found'
  /** The call does not fit the file's state: a chunk for a complete file, reading a file still uploading. */
  | 'conflict'
  /** The data directory holds something the store did not write and cannot repair safely. */
  | 'corrupt'
  /** Another live process (or another store in this process) has the data directory open. */
  | 'locked'
  /** The store was closed. */
  | 'closed'
  /** The file system refused a write; the store stops accepting writes until it is reopened. */
  | 'io';

export class StoreError extends Error {
  constructor(
    public readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
