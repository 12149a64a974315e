/**
 * `toSatisfyBatchLifecycle`: recorded calls (a HAR, as an object or its text, or a list of exchanges as a
 * test records them) run through the trace checker `check-trace` runs: the batch request rules on every
 * batch call, and the life cycles of batches and Campaign requests on the client's side and the server's.
 */
import type { ProfileName } from '../contract/profiles.js';
import { checkHarText, checkTrace, POLLING, type TraceEntry, type TraceHeader } from '../lifecycle/trace/index.js';
import { atOrAbove, type Severity } from '../rules/finding.js';

export interface BatchLifecycleOptions {
  /** Which reading to follow where Adobe's sources disagree; default `docs`. */
  profile?: ProfileName;
  /** The least severity that fails the expectation; default `info`: every finding fails it. */
  failOn?: Severity;
}

/** Headers as a test may hold them: a record, `[name, value]` pairs, HAR's `{name, value}` list, or `Headers`. */
export type RecordedHeaders = Record<string, string | readonly string[]> | readonly (readonly [string, string])[] | readonly TraceHeader[] | Headers;

/** A body as sent or received: text, bytes, or a value that was (or will be) sent as JSON. */
export type RecordedBody = string | Uint8Array | unknown;

/** One call as a test records it (from a fetch wrapper, a mock, an interceptor). */
export interface RecordedCall {
  request: { method: string; url: string | URL; headers?: RecordedHeaders; body?: RecordedBody };
  response: { status: number; headers?: RecordedHeaders; body?: RecordedBody };
  /** When the request started (ISO 8601, a Date, or milliseconds); see `toSatisfyBatchLifecycle` for calls without one. */
  startedDateTime?: string | Date | number;
}

export interface LifecycleFinding {
  ruleId: string;
  severity: Severity;
  entry: number;
  message: string;
}

export type LifecycleVerdict = { ok: true; entries: number; findings: LifecycleFinding[] } | { ok: false; error: string };

function headerList(headers: RecordedHeaders | undefined): TraceHeader[] {
  if (headers === undefined) return [];
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return [...headers.entries()].map(([name, value]) => ({ name, value }));
  if (Array.isArray(headers)) {
    return headers.map((h: unknown) => (Array.isArray(h) ? { name: String(h[0]), value: String(h[1]) } : { name: String((h as TraceHeader).name), value: String((h as TraceHeader).value) }));
  }
  return Object.entries(headers as Record<string, string | readonly string[]>).flatMap(([name, value]) => (typeof value === 'string' ? [{ name, value }] : value.map((v) => ({ name, value: v }))));
}

function bodyText(body: RecordedBody): { text: string; bytes: number } | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return { text: body, bytes: Buffer.byteLength(body, 'utf8') };
  if (body instanceof Uint8Array) return { text: Buffer.from(body).toString('utf8'), bytes: body.byteLength };
  const text = JSON.stringify(body) ?? '';
  return { text, bytes: Buffer.byteLength(text, 'utf8') };
}

function startedMs(value: RecordedCall['startedDateTime']): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The calls as the trace checker's entries. A call without `startedDateTime` is taken to start
 * `POLLING.minMeanIntervalMs` after the one before it, so that a list with no times is never judged
 * to poll too fast: record the times to have the polling cadence judged.
 */
export function traceEntries(calls: readonly RecordedCall[]): TraceEntry[] {
  let last = Date.UTC(2000, 0, 1) - POLLING.minMeanIntervalMs;
  return calls.map((call, index): TraceEntry => {
    const ms = startedMs(call.startedDateTime) ?? last + POLLING.minMeanIntervalMs;
    last = ms;
    const entry: TraceEntry = {
      index,
      startedDateTime: new Date(ms).toISOString(),
      startedMs: ms,
      method: call.request.method.toUpperCase(),
      url: new URL(call.request.url),
      status: call.response.status,
      requestHeaders: headerList(call.request.headers),
      responseHeaders: headerList(call.response.headers),
    };
    const request = bodyText(call.request.body);
    if (request) entry.requestBody = request;
    const response = bodyText(call.response.body);
    if (response) entry.responseBody = response.text;
    return entry;
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function judgeLifecycle(received: unknown, options: BatchLifecycleOptions = {}): LifecycleVerdict {
  const profile = options.profile ?? 'docs';
  if (Array.isArray(received)) {
    let entries: TraceEntry[];
    try {
      entries = traceEntries(received as RecordedCall[]);
    } catch (error) {
      return { ok: false, error: `the recorded calls cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    const findings = checkTrace({ entries }, profile).map((f) => ({ ruleId: f.ruleId, severity: f.severity, entry: f.entryIndex, message: f.message }));
    return { ok: true, entries: entries.length, findings };
  }
  const text = typeof received === 'string' ? received : received instanceof Uint8Array ? Buffer.from(received).toString('utf8') : isObject(received) ? JSON.stringify(received) : undefined;
  if (text === undefined) return { ok: false, error: 'expected a HAR (an object or its text) or a list of recorded calls' };
  const result = checkHarText(text, 'the HAR', profile);
  if (!result.ok) {
    const at = result.error.line !== undefined ? ` (line ${result.error.line}, column ${result.error.column ?? 1})` : '';
    return { ok: false, error: `the HAR cannot be read: ${result.error.message}${at}` };
  }
  return { ok: true, entries: result.entries, findings: result.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, entry: f.messageIndex ?? 0, message: f.message })) };
}

export function failing(verdict: Extract<LifecycleVerdict, { ok: true }>, options: BatchLifecycleOptions): LifecycleFinding[] {
  const threshold = options.failOn ?? 'info';
  return verdict.findings.filter((f) => atOrAbove(f.severity, threshold));
}

export function lifecycleMessage(verdict: Extract<LifecycleVerdict, { ok: true }>, options: BatchLifecycleOptions, isNot: boolean): string {
  const profile = options.profile ?? 'docs';
  const entries = `${verdict.entries} call${verdict.entries === 1 ? '' : 's'}`;
  const found = failing(verdict, options);
  if (isNot) return `expected the recorded calls (${entries}) to break the batch life cycle (profile ${profile}), but the trace checker finds nothing${options.failOn && options.failOn !== 'info' ? ` at or above ${options.failOn}` : ''}`;
  return [
    `expected the recorded calls (${entries}) to satisfy the batch life cycle (profile ${profile}); ${found.length} finding${found.length === 1 ? '' : 's'}:`,
    // Each message starts with its entry: "entry 3 (2024-…): …".
    ...found.map((f) => `  ${f.ruleId} (${f.severity}): ${/^entry \d+ /.test(f.message) ? f.message : `entry ${f.entry}: ${f.message}`}`),
  ].join('\n');
}
