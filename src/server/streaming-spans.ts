/**
 * Where each message of a streaming body is, in bytes: the server stores accepted messages as the bytes
 * received (slices of the body), so storing never re-serialises a message and cannot fail on one that
 * nests 100 000 deep. The body has already been accepted by `JSON.parse`, so these scans only find
 * boundaries: they track strings (with their escapes) and one depth counter, never recurse, and read
 * each byte at most once (strings are skipped with the native `indexOf`).
 *
 * Duplicate keys: `JSON.parse` keeps the last `messages`, so the spans are those of the last one too.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Raised when a body that JSON.parse accepted does not scan: a defect here, never the client's. */
export class SpanScanError extends Error {}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (isSpace(b[i])) i++;
  return i;
}

/** `i` at an opening quote; returns the index after the closing one. */
function skipString(b: Uint8Array, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = b.indexOf(QUOTE, at);
    if (quote === -1) throw new SpanScanError('unterminated string');
    let backslashes = 0;
    while (b[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** `i` at the first byte of a value; returns the index after it. */
function skipValue(b: Uint8Array, i: number): number {
  const first = b[i];
  if (first === QUOTE) return skipString(b, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < b.length) {
      const c = b[i];
      if (c === QUOTE) {
        i = skipString(b, i);
        continue;
      }
      i++;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i;
    }
    throw new SpanScanError('unterminated container');
  }
  // A number or a literal: up to the next delimiter.
  const start = i;
  while (i < b.length) {
    const c = b[i];
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    i++;
  }
  if (i === start) throw new SpanScanError(`a value was expected at byte ${i}`);
  return i;
}

/** The span [start, end) of the one JSON value in `b` from `from` (whitespace around it left out). */
export function valueSpan(b: Uint8Array, from: number): [number, number] {
  const start = skipSpace(b, from);
  if (start >= b.length) throw new SpanScanError('no value');
  return [start, skipValue(b, start)];
}

function keyIs(b: Uint8Array, start: number, end: number, name: string): boolean {
  const raw = Buffer.from(b.buffer, b.byteOffset + start + 1, end - start - 2);
  if (raw.indexOf(BACKSLASH) === -1) return raw.length === name.length && raw.toString('latin1') === name;
  // An escaped key (`"m\u0065ssages"`) means what JSON.parse makes of it.
  return JSON.parse(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8')) === name;
}

/**
 * The spans of the elements of the top-level object's `key` array, as [start0, end0, start1, end1, …];
 * undefined when the root is not an object or `key` is not an array.
 */
export function elementSpans(b: Uint8Array, from: number, key = 'messages'): number[] | undefined {
  let i = skipSpace(b, from);
  if (b[i] !== OPEN_BRACE) return undefined;
  i = skipSpace(b, i + 1);
  let spans: number[] | undefined;
  while (i < b.length && b[i] !== CLOSE_BRACE) {
    if (b[i] !== QUOTE) throw new SpanScanError(`a key was expected at byte ${i}`);
    const keyStart = i;
    i = skipString(b, i);
    const matches = keyIs(b, keyStart, i, key);
    i = skipSpace(b, i);
    if (b[i] !== COLON) throw new SpanScanError(`a colon was expected at byte ${i}`);
    i = skipSpace(b, i + 1);
    if (matches) {
      if (b[i] === OPEN_BRACKET) {
        spans = [];
        i = skipSpace(b, i + 1);
        while (i < b.length && b[i] !== CLOSE_BRACKET) {
          const start = i;
          i = skipValue(b, i);
          spans.push(start, i);
          i = skipSpace(b, i);
          if (b[i] === COMMA) i = skipSpace(b, i + 1);
          else if (b[i] !== CLOSE_BRACKET) throw new SpanScanError(`a comma or ] was expected at byte ${i}`);
        }
        i++;
      } else {
        spans = undefined;
        i = skipValue(b, i);
      }
    } else i = skipValue(b, i);
    i = skipSpace(b, i);
    if (b[i] === COMMA) i = skipSpace(b, i + 1);
    else if (b[i] !== CLOSE_BRACE) throw new SpanScanError(`a comma or } was expected at byte ${i}`);
  }
  if (i >= b.length) throw new SpanScanError('unterminated object');
  return spans;
}

/**
 * A batch body parsed message by message: each message's bytes, then the rest of the body with a `0`
 * in each message's place, each through `JSON.parse`. Many small strings instead of one as large as the
 * body (which V8 allocates in its large-object space, slowly), and the spans come with it. Sound because
 * the rest parses with every placeholder in a value's place, and each span holds one whole value: the
 * body is then valid JSON with exactly these messages. Undefined when the body does not split so (not an
 * object with a `messages` array, or not valid JSON): the caller parses it whole and reports the error.
 */
export function parseByMessage(b: Buffer, from: number, ascii: boolean): { root: { messages: unknown[] }; spans: number[] } | undefined {
  const decode = (start: number, end: number) => b.toString(ascii ? 'latin1' : 'utf8', start, end);
  try {
    const spans = elementSpans(b, from);
    if (spans === undefined) return undefined;
    const messages: unknown[] = new Array<unknown>(spans.length / 2);
    const rest: string[] = [];
    let at = from;
    for (let i = 0; i < spans.length; i += 2) {
      messages[i >> 1] = JSON.parse(decode(spans[i]!, spans[i + 1]!));
      rest.push(decode(at, spans[i]!), '0');
      at = spans[i + 1]!;
    }
    rest.push(decode(at, b.length));
    const root = JSON.parse(rest.join('')) as { messages: unknown[] };
    // The placeholders' array is the last `messages` member, the one JSON.parse keeps.
    if (!Array.isArray(root.messages) || root.messages.length !== messages.length || root.messages.some((m) => m !== 0)) return undefined;
    root.messages = messages;
    return { root, spans };
  } catch {
    return undefined;
  }
}
