/**
 * Redaction of a recorded exchange before anything of it is written (fixtures, HAR, reports, terminal
 * lines): credential headers, cookies, credentials in URLs, JWTs and bearer tokens anywhere in a body,
 * credential-named JSON fields, and the user's own patterns (`--redact`). Strings go through the
 * report redactor (`report/redact.ts`), so a report and a recording agree on what a secret is.
 */
import { isUtf8 } from 'node:buffer';
import { REDACTED, type Redactor } from '../report/redact.js';
import type { RecordedExchange, RecordedHeader, RedactedExchange, WrittenBody } from './record/exchange.js';

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

/** JSON fields whose value is a credential, whatever it looks like. */
const CREDENTIAL_FIELD = /^(?:client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|token|api[-_]?key|apikey|password|passwd|secret|private[-_]?key|authorization|credentials?)$/i;

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
    if (CREDENTIAL_QUERY_NAME.test(name)) {
      const count = url.searchParams.getAll(name).length;
      url.searchParams.delete(name);
      for (let k = 0; k < count; k++) url.searchParams.append(name, REDACTED);
    }
  }
  // URLSearchParams writes `[REDACTED]` percent-encoded; a reader should see the marker as it is.
  return redact(url.href.replaceAll(encodeURIComponent(REDACTED), REDACTED));
}

/** A JSON value with credential fields replaced and every string through the redactor. */
function redactJson(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = CREDENTIAL_FIELD.test(key) && (typeof item === 'string' || typeof item === 'number') ? REDACTED : redactJson(item, redact);
    }
    return copy;
  }
  return value;
}

/**
 * A body as text with its secrets replaced. JSON is redacted field by field and written back compactly
 * (its bytes change only where a secret was); other UTF-8 text through the redactor; bytes that are not
 * UTF-8 (Parquet, gzip) are kept as base64, where no text-shaped secret can be read.
 */
function redactBody(body: Buffer, redact: Redactor, bytes = body.length): WrittenBody {
  if (body.length === 0) return { text: '', bytes };
  if (!isUtf8(body)) return { text: body.toString('base64'), encoding: 'base64', bytes };
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { text: redact(text), bytes };
  }
  const redacted = redactJson(json, redact);
  // Untouched JSON keeps its exact text; only a body that held a secret is rewritten.
  const rewritten = JSON.stringify(redacted);
  // A user's pattern may span keys and values: the text gets one last pass either way.
  return { text: redact(rewritten === JSON.stringify(json) ? text : rewritten), bytes };
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
      body: redactBody(request.body, redact, request.bytes),
    },
    response: {
      status: response.status,
      statusText: redact(response.statusText),
      httpVersion: response.httpVersion,
      headers: redactHeaders(response.headers, redact),
      body: redactBody(response.body, redact, response.bytes),
    },
  };
}
