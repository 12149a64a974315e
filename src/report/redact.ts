/**
 * Secrets never reach a report (DESIGN.md, "Properties the whole harness keeps"). A finding's message
 * quotes values from the input, and an input may carry a copied `Authorization` header or an IMS access
 * token, so every format scrubs every string it prints from the model.
 */

export const REDACTED = '[REDACTED]';

/** `Bearer <token>`: the token is RFC 6750's b64token. The scheme word stays so the reader knows what was there. */
const BEARER = /\b(Bearer)\s+([A-Za-z0-9\-._~+/]+=*)/gi;

/**
 * Whether the word after `Bearer` is a credential rather than prose ("Bearer tokens are only needed…"):
 * real tokens are long or carry digits; words of prose are short and have none.
 */
function looksLikeBearerToken(token: string): boolean {
  return token.length >= 16 || /[0-9]/.test(token);
}

/**
 * Three base64url segments joined by dots: a JWS compact serialization (IMS access tokens are JWTs).
 * The signature may be empty (`alg: none`), hence `*` on the last segment.
 */
const DOTTED_TRIPLE = /(?<![A-Za-z0-9_\-.])[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?![A-Za-z0-9_\-.])/g;

const JWT_MIN_LENGTH = 20;

/**
 * Whether a dotted triple is a token rather than an XDM path (`_experience.analytics.customDimensions`),
 * a host name (`experience.adobe.com`) or a file name (`request.valid.json`). A JWT header is a JSON
 * object, so its base64url starts with `eyJ` (`{"`); a token of another issuer is recognised by every
 * segment mixing letters and digits, which names and paths do not do.
 */
function looksLikeJwt(candidate: string): boolean {
  if (candidate.length < JWT_MIN_LENGTH) return false;
  if (candidate.startsWith('eyJ')) return true;
  return candidate.split('.').every((segment) => /[0-9]/.test(segment) && /[A-Za-z]/.test(segment));
}

/**
 * Whether a field, parameter or header name says its value is a credential: `apiKey`, `api_key`,
 * `X-API-Key`, `client_secret`, `accessToken`, `refresh-token`, `password`, `dbPassword`, `secretValue`,
 * `private_key`. Case and separators (`_`, `-`, `.`, spaces) do not count. The same test decides for JSON
 * fields at any depth, NDJSON lines, query parameters and `key: value` text, so every writer agrees.
 */
export function isSecretName(name: string): boolean {
  const plain = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (plain === '') return false;
  if (plain.includes('secret') || plain.includes('password') || plain.includes('passwd')) return true;
  return SECRET_NAME_ENDINGS.some((ending) => plain.endsWith(ending)) || plain === 'pwd';
}

const SECRET_NAME_ENDINGS = ['token', 'tokens', 'apikey', 'apikeys', 'privatekey', 'accesskey', 'signingkey', 'credential', 'credentials', 'authorization'];

/**
 * A name followed by `:` or `=`: `"client_secret": "…"`, `token=…`, `api-key: …`, `'password': …`. The
 * name is tested by `isSecretName` (authorization excepted: in prose it is a header's name, and its
 * values are the bearer and JWT patterns' business).
 */
const NAMED_VALUE = /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1[ \t]*[:=][ \t]*/g;

/** `?code=…` and `&key=…` in a URL: an OAuth authorization code (RFC 6749 §4.1.2), an API key. */
const URL_CREDENTIAL = /([?&](?:code|key|sig)=)([^&\s"'#<>]+)/gi;

/**
 * Where a value that starts at `from` ends: a quoted string up to its closing quote, an array or object
 * up to its closing bracket (strings inside it skipped), anything else up to a delimiter. One scan, so
 * redaction stays linear in the text.
 */
function valueEnd(text: string, from: number): number {
  const first = text[from];
  if (first === '"' || first === "'") {
    for (let k = from + 1; k < text.length; k++) {
      if (text[k] === '\\') k++;
      else if (text[k] === first) return k + 1;
      else if (text[k] === '\n') return k;
    }
    return text.length;
  }
  if (first === '[' || first === '{') {
    let depth = 0;
    let quote: string | undefined;
    for (let k = from; k < text.length; k++) {
      const c = text[k];
      if (quote !== undefined) {
        if (c === '\\') k++;
        else if (c === quote) quote = undefined;
      } else if (c === '"') quote = c;
      else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) return k + 1;
      }
    }
    return text.length;
  }
  let k = from;
  while (k < text.length && !/[\s"',;&}\]]/.test(text[k]!)) k++;
  return k;
}

/** Values that say nothing about a credential, kept so a reader sees the field was empty or unset. */
const NOT_A_SECRET = new Set(['null', 'true', 'false', '""', "''", '[]', '{}', REDACTED, `"${REDACTED}"`, `'${REDACTED}'`]);

function redactNamedValues(text: string): string {
  let out = '';
  let copied = 0;
  NAMED_VALUE.lastIndex = 0;
  for (let match = NAMED_VALUE.exec(text); match !== null; match = NAMED_VALUE.exec(text)) {
    const name = match[2]!;
    const start = match.index + match[0].length;
    if (!isSecretName(name) || name.toLowerCase().replace(/[^a-z]/g, '').endsWith('authorization') || start >= text.length) continue;
    const end = valueEnd(text, start);
    const value = text.slice(start, end);
    if (value === '' || NOT_A_SECRET.has(value)) continue;
    const first = value[0]!;
    // A quoted value keeps its quotes: JSON stays JSON.
    // A number, an array or an object after a quoted key (JSON) becomes a quoted marker, elsewhere a bare one.
    const replacement = first === '"' || first === "'" ? `${first}${REDACTED}${value.endsWith(first) && value.length > 1 ? first : ''}` : match[1] === '"' ? `"${REDACTED}"` : REDACTED;
    out += text.slice(copied, start) + replacement;
    copied = end;
    NAMED_VALUE.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The text with bearer tokens, JWTs, credential-named values and URL credentials replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return redactNamedValues(
    text.replace(BEARER, (match, scheme: string, token: string) => (looksLikeBearerToken(token) ? `${scheme} ${REDACTED}` : match)),
  )
    .replace(URL_CREDENTIAL, (_match, key: string) => `${key}${REDACTED}`)
    .replace(DOTTED_TRIPLE, (candidate) => (looksLikeJwt(candidate) ? REDACTED : candidate));
}

/**
 * A copy of a JSON-shaped value with every string value passed through `redactSecrets` (or the redactor
 * given), and the value of every secret-named field (`isSecretName`: a run may quote a message's
 * `client_secret`, whatever its type) replaced whole. Keys are kept: they are the model's own names, or
 * the input's field names, which are no secret. Formats call it on the whole report so nothing printed escapes it.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string = redactSecrets): T {
  return redactValue(value, redact) as T;
}

/** Whether a secret-named field's value is worth hiding: null, booleans and empty values say nothing. */
export function holdsSecret(value: unknown): boolean {
  if (typeof value === 'string') return value !== '' && value !== REDACTED;
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, redact));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = isSecretName(key) && holdsSecret(entry) ? REDACTED : redactValue(entry, redact);
    return copy;
  }
  return value;
}

/**
 * A redactor for one run: the secrets `redactSecrets` knows, then every pattern the user configured
 * (`record --redact REGEX`), each match replaced by `[REDACTED]`. Existing callers keep `redactSecrets`.
 */
export type Redactor = (text: string) => string;

export function createRedactor(patterns: readonly RegExp[] = []): Redactor {
  // Every pattern replaces all its matches, whatever flags it was written with.
  const global = patterns.map((p) => (p.flags.includes('g') ? p : new RegExp(p.source, `${p.flags}g`)));
  return (text: string) => {
    let out = redactSecrets(text);
    for (const pattern of global) out = out.replace(pattern, (match) => (match === '' ? match : REDACTED));
    return out;
  };
}
