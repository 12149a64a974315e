/** The trace model: the calls of one recorded session, in order, as the checker reads them. */

export interface TraceHeader {
  name: string;
  value: string;
}

export interface TraceEntry {
  /** 0-based position in `log.entries`. */
  index: number;
  /** As recorded (ISO 8601). */
  startedDateTime: string;
  /** `startedDateTime` in milliseconds since the epoch. */
  startedMs: number;
  method: string;
  url: URL;
  status: number;
  requestHeaders: readonly TraceHeader[];
  responseHeaders: readonly TraceHeader[];
  /** The request body as text (base64 bodies decoded to their UTF-8 reading), and its size in bytes. */
  requestBody?: { text: string; bytes: number };
  /** The response body as text, when the recording kept it. */
  responseBody?: string;
}

export interface Trace {
  entries: readonly TraceEntry[];
}

/** A trace that cannot be read: what is wrong, and where (a JSON pointer into the file, or a place). */
export class TraceError extends Error {
  constructor(
    message: string,
    readonly pointer?: string,
    readonly at?: { line: number; column: number },
  ) {
    super(message);
    this.name = 'TraceError';
  }
}

/** The pointer of an entry in the HAR, and of its parts. */
export const entryPointer = (index: number, rest = ''): string => `/log/entries/${index}${rest}`;
