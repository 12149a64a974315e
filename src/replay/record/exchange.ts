/**
 * One HTTP exchange as the recording proxy saw it (or as a HAR captured elsewhere holds it): the request
 * the client sent and the answer the upstream gave, bytes as they were. Nothing of this shape is ever
 * written: `redactExchange` turns it into a `RedactedExchange` first, and every writer takes only that.
 */

export interface RecordedHeader {
  name: string;
  value: string;
}

export interface RecordedMessage {
  headers: RecordedHeader[];
  body: Buffer;
  /** Bytes on the wire, when they differ from `body` (a HAR that kept the size but not every byte). */
  bytes?: number;
  httpVersion: string;
}

export interface RecordedExchange {
  /** 0-based, in the order the answers completed. */
  index: number;
  startedDateTime: string;
  /** Milliseconds from the request's first byte to the answer's last. */
  timeMs: number;
  request: RecordedMessage & { method: string; /** Absolute URL of the upstream call. */ url: string };
  response: RecordedMessage & { status: number; statusText: string };
}

/** A body as text for writing, its secrets redacted; or, for a body that cannot be redacted safely, none. */
export interface WrittenBody {
  text: string;
  /** HAR's `encoding`, for a HAR read back; redaction never writes base64 (binary bodies are withheld). */
  encoding?: 'base64';
  /** The size of the original body in bytes (on the wire, before any content coding is undone). */
  bytes: number;
  /** The text is the body with its `Content-Encoding` (gzip, deflate, br) undone. */
  decoded?: boolean;
  /**
   * The body is not written (`text` is empty): Parquet, bytes that are not UTF-8, binary data. Its
   * SHA-256 (of the bytes as they went) lets a reader tell which file it was without any of its content.
   */
  withheld?: { reason: string; sha256: string };
}

export interface RedactedMessage {
  headers: RecordedHeader[];
  body: WrittenBody;
  httpVersion: string;
}

/** The exchange with every secret replaced: the only form writers, checks and the terminal see. */
export interface RedactedExchange {
  index: number;
  startedDateTime: string;
  timeMs: number;
  request: RedactedMessage & { method: string; url: string };
  response: RedactedMessage & { status: number; statusText: string };
}

/** The header's value (names are case-insensitive, RFC 9110 §5.1); the last one wins when repeated. */
export function headerValue(headers: readonly RecordedHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const h of headers) if (h.name.toLowerCase() === lower) found = h.value;
  return found;
}

/** A JSON object (not an array, not null): the shape whose fields an answer is read by. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body as JSON, when it is JSON text. */
export function bodyJson(body: WrittenBody): unknown {
  if (body.encoding === 'base64' || body.withheld !== undefined || body.text === '') return undefined;
  try {
    return JSON.parse(body.text);
  } catch {
    return undefined;
  }
}
