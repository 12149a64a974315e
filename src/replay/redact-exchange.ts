/**
 * Redaction of a recorded exchange before anything of it is written (fixtures, HAR, reports, terminal
 * lines): credential headers, cookies, credentials in URLs, JWTs and bearer tokens anywhere in a body,
 * credential-named JSON fields, and the user's own patterns (`--redact`). Strings go through the
 * report redactor (`report/redact.ts`), so a report and a recording agree on what a secret is.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { holdsSecret, isSecretName, REDACTED, type Redactor } from '../report/redact.js';
import { headerValue, type RecordedExchange, type RecordedHeader, type RedactedExchange, type WrittenBody } from './record/exchange.js';

/**
 * Headers whose whole value is a credential. Fixtures drop them entirely (a replay takes them from its
 * target, `conformance/target.ts`); a HAR keeps the name with the value redacted, so a trace checker
 * still sees that the documented header was sent.
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'x-csrf-token', 'x-amz-security-token']);

/** Any other header whose name says it carries a credential (`x-access-token`, `x-client-secret`, `x-session-id`). */
const CREDENTIAL_HEADER_NAME = /token|secret|password|passwd|api[-_]?key|session|credential|signature/i;

/** Query parameters that carry credentials: OAuth (RFC 6749 `code`, `client_secret`, tokens), API keys, signed URLs. */
const CREDENTIAL_QUERY_NAME =
  /^(?:access[-_]?token|id[-_]?token|refresh[-_]?token|token|client[-_]?secret|api[-_]?key|apikey|key|code|password|passwd|secret|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|session)$/i;

export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || CREDENTIAL_HEADER_NAME.test(lower);
}

function redactHeaders(headers: readonly RecordedHeader[], redact: Redactor): RecordedHeader[] {
  return headers.map((h) => ({ name: h.name, value: isCredentialHeader(h.name) ? REDACTED : redact(h.value) }));
}

/** The URL with credential query values replaced; the rest of it through the redactor. */
function redactUrl(raw: string, redact: Redactor): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redact(raw);
  }
  url.username = '';
  url.password = '';
  const names = [...new Set([...url.searchParams.keys()])];
  for (const name of names) {
    const values = url.searchParams.getAll(name);
    const secret = CREDENTIAL_QUERY_NAME.test(name) || isSecretName(name);
    // A value is redacted as text too: a URL-encoded JWT or `Bearer …` in a parameter of any name.
    const redacted = values.map((value) => (secret ? REDACTED : redact(value)));
    if (redacted.every((value, k) => value === values[k])) continue;
    url.searchParams.delete(name);
    for (const value of redacted) url.searchParams.append(name, value);
  }
  // URLSearchParams writes `[REDACTED]` percent-encoded; a reader should see the marker as it is.
  return redact(url.href.replaceAll(encodeURIComponent(REDACTED), REDACTED));
}

/**
 * A JSON value with the value of every secret-named field replaced whole, at any depth and whatever its
 * type (a `client_secret` that is an array is one secret, not a list of strings to look at one by one),
 * and every other string through the redactor. Returns the same object when nothing changed.
 */
function redactJson(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) {
    const copy = value.map((item) => redactJson(item, redact));
    return copy.some((item, k) => item !== value[k]) ? copy : value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const redacted = isSecretName(key) && holdsSecret(item) ? REDACTED : redactJson(item, redact);
      if (redacted !== item) changed = true;
      // defineProperty: a `__proto__` key of the input stays a key, as JSON.parse made it.
      Object.defineProperty(copy, key, { value: redacted, enumerable: true, writable: true, configurable: true });
    }
    return changed ? copy : value;
  }
  return value;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One JSON document's text with its secrets replaced, still JSON. Untouched JSON keeps its exact text;
 * a document that held a secret is written back compactly. The redactor's own text pass (a user's
 * pattern may span a key and its value) is kept only when its result is still JSON: every string was
 * already through it one by one, so nothing is lost when it is not.
 */
function redactJsonText(text: string, json: unknown, redact: Redactor): string {
  const redacted = redactJson(json, redact);
  const rewritten = redacted === json ? text : JSON.stringify(redacted);
  const passed = redact(rewritten);
  return passed === rewritten || parsesAsJson(passed) ? passed : rewritten;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Text that is not one JSON document: NDJSON (a batch file, a log) is redacted line by line, each line
 * that is JSON as JSON, so a `token` field of line 3 is found as it would be in a JSON body.
 */
function redactLines(text: string, redact: Redactor): string {
  if (!text.includes('\n')) return redact(text);
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      const parsed = trimmed.startsWith('{') || trimmed.startsWith('[') ? parseJson(line) : { ok: false as const };
      return parsed.ok ? redactJsonText(line.endsWith('\r') ? line.slice(0, -1) : line, parsed.value, redact) + (line.endsWith('\r') ? '\r' : '') : redact(line);
    })
    .join('\n');
}

/**
 * CSV (RFC 4180) with the columns whose header names a secret (`password`, `access_token`) redacted in
 * every record; every other field through the redactor. Quoted fields may hold commas, quotes and line
 * breaks; the text is cut into fields in one pass.
 */
function redactCsv(text: string, redact: Redactor): string {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (quoted) {
      field += c;
      if (c === '"') {
        if (text[k + 1] === '"') field += text[++k];
        else quoted = false;
      }
    } else if (c === '"') {
      quoted = true;
      field += c;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const unquote = (f: string) => (f.startsWith('"') && f.endsWith('"') && f.length > 1 ? f.slice(1, -1).replaceAll('""', '"') : f);
  const secret = new Set((records[0] ?? []).flatMap((name, k) => (isSecretName(unquote(name).trim()) ? [k] : [])));
  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  const out = records.map((fields, r) => fields.map((f, k) => (r > 0 && secret.has(k) && f !== '' ? REDACTED : redact(f))).join(',')).join(lineBreak);
  return text.endsWith('\n') ? `${out}${lineBreak}` : out;
}

/** Bodies decoded before they are looked at: a gzip-compressed JSON answer holds its secrets all the same. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

function decoded(body: Buffer, contentEncoding: string | undefined): { body: Buffer } | { reason: string } {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return { body };
  try {
    const options = { maxOutputLength: MAX_DECODED_BYTES };
    if (coding === 'gzip' || coding === 'x-gzip') return { body: gunzipSync(body, options) };
    if (coding === 'deflate') return { body: inflateSync(body, options) };
    if (coding === 'br') return { body: brotliDecompressSync(body, options) };
  } catch {
    return { reason: `compressed (${coding}) and could not be decoded` };
  }
  return { reason: `compressed with ${coding}, which the harness does not decode` };
}

/** Parquet files start and end with the magic bytes `PAR1` (Apache Parquet file format). */
const PARQUET_MAGIC = Buffer.from('PAR1');

/** Why a body's text cannot be redacted safely, or undefined when it can. */
function unsafeBody(body: Buffer): string | undefined {
  if (body.length >= 4 && body.subarray(0, 4).equals(PARQUET_MAGIC)) return 'a Parquet file: binary columns cannot be redacted safely';
  if (!isUtf8(body)) return 'not UTF-8 text: binary bytes cannot be redacted safely';
  if (body.includes(0)) return 'holds NUL bytes (binary data): it cannot be redacted safely';
  return undefined;
}

/**
 * A body as text with its secrets replaced. JSON is redacted field by field (`redactJsonText`), NDJSON
 * line by line, other UTF-8 text through the redactor. A body whose text cannot be redacted safely
 * (Parquet, bytes that are not UTF-8, binary data) is not written at all: only its size, its SHA-256 and
 * the reason are kept.
 */
function redactBody(raw: Buffer, headers: readonly RecordedHeader[], redact: Redactor, bytes = raw.length, csv = false): WrittenBody {
  if (raw.length === 0) return { text: '', bytes };
  const withheld = (reason: string): WrittenBody => ({ text: '', bytes, withheld: { reason, sha256: createHash('sha256').update(raw).digest('hex') } });
  const plain = decoded(raw, headerValue(headers, 'content-encoding'));
  if ('reason' in plain) return withheld(plain.reason);
  const body = plain.body;
  const unsafe = unsafeBody(body);
  if (unsafe !== undefined) return withheld(unsafe);
  const text = body.toString('utf8');
  const parsed = parseJson(text);
  const isCsv = csv || /csv/i.test(headerValue(headers, 'content-type') ?? '');
  const redacted = parsed.ok ? redactJsonText(text, parsed.value, redact) : isCsv ? redactCsv(text, redact) : redactLines(text, redact);
  return { text: redacted, bytes, ...(body !== raw ? { decoded: true } : {}) };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function redactExchange(exchange: RecordedExchange, redact: Redactor): RedactedExchange {
  const { request, response } = exchange;
  return {
    index: exchange.index,
    startedDateTime: exchange.startedDateTime,
    timeMs: exchange.timeMs,
    request: {
      method: request.method,
      url: redactUrl(request.url, redact),
      httpVersion: request.httpVersion,
      headers: redactHeaders(request.headers, redact),
      // A batch file is CSV by its name (`…/files/events.csv`) whatever its Content-Type.
      body: redactBody(request.body, request.headers, redact, request.bytes, /\.csv$/i.test(pathOf(request.url))),
    },
    response: {
      status: response.status,
      statusText: redact(response.statusText),
      httpVersion: response.httpVersion,
      headers: redactHeaders(response.headers, redact),
      body: redactBody(response.body, response.headers, redact, response.bytes),
    },
  };
}
