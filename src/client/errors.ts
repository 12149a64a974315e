/**
 * Why the client stopped doing what it was asked: the errors a caller sees in a result's `error`. Answers
 * the documentation gives meaning to (a rejected message, a failed batch, a Campaign request that failed)
 * are results, not errors; these are the cases where the client gave up or was refused as a whole.
 */

export type AepClientErrorKind =
  /** 401 or 403: the token is missing, invalid or expired; sending again with it cannot succeed. */
  | 'unauthorized'
  /** Retries were exhausted (or Retry-After asked for longer than the client waits). */
  | 'gave-up'
  /** An answer the documented procedure does not go on from (400, 404, an unexpected body…). */
  | 'refused'
  /** A poll deadline passed before a final status was read. */
  | 'deadline'
  /** The caller's input cannot be sent as it is (no file, no dataset, an unreadable file). */
  | 'input';

export class AepClientError extends Error {
  override readonly name = 'AepClientError';
  constructor(
    readonly kind: AepClientErrorKind,
    message: string,
    /** The HTTP status of the answer that decided it, when there was one. */
    readonly status?: number,
    /** The text of the answer's problem body (report.message, detail, message or title), when there was one. */
    readonly problem?: string,
  ) {
    super(message);
  }
}
