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

/** `client_secret=…`, `"access_token": "…"`, `api_key: …`: the value after a credential-named key. */
const NAMED_CREDENTIAL =
  /\b((?:client[_-]?secret|access[_-]?token|refresh[_-]?token|api[_-]?key|password)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;

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

/** The text with bearer tokens, JWTs and credential values replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return text
    .replace(BEARER, (match, scheme: string, token: string) =>
      looksLikeBearerToken(token) ? `${scheme} ${REDACTED}` : match,
    )
    .replace(NAMED_CREDENTIAL, (_match, key: string) => `${key}${REDACTED}`)
    .replace(DOTTED_TRIPLE, (candidate) => (looksLikeJwt(candidate) ? REDACTED : candidate));
}

/**
 * A copy of a JSON-shaped value with every string value (not the keys: they are the model's own names)
 * passed through `redactSecrets` (or the redactor given). Formats call it on the whole report so nothing printed escapes it.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string = redactSecrets): T {
  return redactValue(value, redact) as T;
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, redact));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) copy[key] = redactValue(entry, redact);
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
