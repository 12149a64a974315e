/**
 * What the client formats share: the redaction every one of them applies to the whole report before
 * reading it, and the few phrasings they have in common (exchange lists, counts of findings).
 */
import { REDACTED, redactDeep, redactSecrets } from '../redact.js';
import type { Severity } from '../../rules/finding.js';
import type { ClientFinding, ClientReport } from './model.js';

/**
 * The value of an `Authorization` header, whatever its shape. `redactSecrets` leaves a short bearer word
 * alone (it cannot tell it from prose), but a client's output that prints its request headers shows
 * `Authorization: Bearer <token>` with a token of any length; after the header's name it is always a
 * credential. The scheme word stays so the reader knows what was there.
 */
const AUTHORIZATION_VALUE = /\b(authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*/gi;

/**
 * `Bearer <b64token>` anywhere, when the token is not a plain word: prose after "Bearer" is letters only
 * ("Bearer tokens expire"), while a token of any length has digits, dots or other b64token characters.
 */
const BEARER_TOKEN = /\b(bearer)\s+(?!\[REDACTED\])([A-Za-z0-9\-._~+/]+=*)/gi;

/** `redactSecrets`, then every `Authorization` value and every bearer token that is not a plain word. */
export function redactClientText(text: string): string {
  return redactSecrets(text)
    .replace(AUTHORIZATION_VALUE, (_match, key: string, scheme: string | undefined) => `${key}${scheme !== undefined ? `${scheme} ` : ''}${REDACTED}`)
    .replace(BEARER_TOKEN, (match, scheme: string, token: string) => (/^[A-Za-z]+$/.test(token) && token.length < 16 ? match : `${scheme} ${REDACTED}`));
}

/** A copy of the report with every string value redacted (keys are the model's own names). */
export function redactClientReport(report: ClientReport): ClientReport {
  return redactDeep(report, redactClientText);
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `exchange #3`, `exchanges #3, #4`, `exchanges #2–#9, #12`: runs of three or more are shown as a range. */
export function exchangeList(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`#${sorted[i]}–#${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(`#${sorted[k]}`);
    i = j + 1;
  }
  return `${sorted.length === 1 ? 'exchange' : 'exchanges'} ${parts.join(', ')}`;
}

const SEVERITY_WORDS: Record<Severity, [string, string]> = { error: ['error', 'errors'], warn: ['warning', 'warnings'], info: ['note', 'notes'] };

/** `5 errors, 1 warning` (severities with none left out); `no findings` when there are none. */
export function severityCounts(counts: Record<Severity, number>): string {
  const parts = (['error', 'warn', 'info'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], ...SEVERITY_WORDS[s]));
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

export function countBySeverity(findings: readonly ClientFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The id of the rule that says a scenario's traffic never exercised it. */
export const NOT_EXERCISED_RULE = 'client.scenario.not-exercised';

/**
 * A line of the command's output as a reader should see it: colour and cursor sequences removed, what a
 * carriage return overwrote dropped, tabs as spaces, and any other control character shown as `\uXXXX`
 * (the client's output must not repaint the terminal the report is printed on).
 */
export function plainOutputLine(line: string): string {
  // eslint-disable-next-line no-control-regex -- removing escape sequences is the point
  const uncoloured = line.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g, '');
  const shown = uncoloured.split('\r').filter((part) => part !== '').pop() ?? '';
  return printable(shown.replace(/\t/g, '  '));
}

/** A text from the run on one line: control characters (an escape sequence, a newline) shown as `\uXXXX`. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (control) => `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
