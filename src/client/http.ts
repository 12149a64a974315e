/**
 * One call to an AEP API, sent with Node's built-in fetch and retried as the retry policy says: retryable
 * statuses, and network errors and timeouts where the caller says a repeat is safe. Every answer is read
 * whole (so the wait before a retry is measured from the answer's end, as `check-client` measures it) and
 * its body kept as text; JSON is parsed but stays `unknown` until the caller checks it.
 *
 * Nothing here logs a header: the token travels only in `Authorization` and is never written anywhere.
 */
import { decideRetry, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The clock and the waiting, injectable so that tests need not wait. */
export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1): the jitter of the back-off. */
  random(): number;
}

export const systemTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export interface Transport {
  fetch: FetchLike;
  timing: Timing;
  policy: RetryPolicy;
  log(line: string): void;
}

export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** Milliseconds one attempt (sending and reading the answer) may take. */
  timeoutMs: number;
  /** What the log lines call it ("streaming request 2 of 3", "COMPLETE batch …"). */
  label: string;
}

/**
 * When a network error or a timeout may be followed by a repeat: `always` for calls that are safe to repeat
 * (PUT, a part, COMPLETE, a GET), `connect` only when the connection was never made (a POST that creates
 * something), `never` for none.
 */
export type NetworkRetry = 'always' | 'connect' | 'never';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
  /** When the answer had been read, on the transport's clock. */
  endedMs: number;
}

export type Delivery =
  | { kind: 'answered'; answer: Answer; attempts: number }
  | { kind: 'gave-up'; reason: string; attempts: number; answer?: Answer };

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Error codes of a connection that was never made: nothing reached the server. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const code = networkErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined ? `${code} (${message})` : message;
}

/** One attempt: the answer read whole, or the network error that stopped it. */
async function attempt(transport: Transport, call: Call): Promise<{ answer: Answer } | { error: unknown }> {
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await transport.fetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      signal,
    });
    const text = await response.text();
    return { answer: { status: response.status, headers: response.headers, text, json: parseJson(text), endedMs: transport.timing.now() } };
  } catch (error) {
    return { error };
  }
}

/**
 * Sends the call, retrying as the policy says. Returns the first answer that is not retried (which may be an
 * error status: the caller decides what it means), or why the client gave up.
 */
export async function deliver(transport: Transport, call: Call, networkRetry: NetworkRetry): Promise<Delivery> {
  const { policy, timing } = transport;
  for (let retry = 0; ; retry++) {
    const result = await attempt(transport, call);
    const attempts = retry + 1;
    let failure: string;
    let retryAfterMs: number | undefined;
    let answer: Answer | undefined;
    if ('answer' in result) {
      answer = result.answer;
      if (!isRetryableStatus(policy, answer.status)) return { kind: 'answered', answer, attempts };
      retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), answer.endedMs);
      failure = `answered ${answer.status}${retryAfterMs !== undefined ? ` with Retry-After ${answer.headers.get('retry-after')}` : ''}`;
    } else {
      failure = describeNetworkError(result.error, call.timeoutMs);
      const connected = !NOT_CONNECTED.has(networkErrorCode(result.error) ?? '');
      // A POST that creates something may have done so before the connection broke: repeating it could do it twice.
      if (networkRetry === 'never' || (networkRetry === 'connect' && connected)) {
        return { kind: 'gave-up', reason: `${call.label}: ${failure}; not sent again, as a repeat may not be safe`, attempts };
      }
    }
    const decision = decideRetry(policy, retry, retryAfterMs, timing.random());
    if (!decision.retry) {
      return { kind: 'gave-up', reason: `${call.label}: ${failure}; ${decision.why}`, attempts, ...(answer !== undefined ? { answer } : {}) };
    }
    transport.log(`${call.label}: ${failure}; retry ${retry + 1} of ${policy.retries} in ${decision.waitMs} ms (${decision.why})`);
    await timing.sleep(decision.waitMs);
  }
}

/** Sends the call once, without retries: for polls, whose own schedule is their back-off. */
export async function deliverOnce(transport: Transport, call: Call): Promise<{ answer: Answer } | { failure: string }> {
  const result = await attempt(transport, call);
  if ('answer' in result) return { answer: result.answer };
  return { failure: `${call.label}: ${describeNetworkError(result.error, call.timeoutMs)}` };
}

/**
 * The readable text of an error body: a DCCS problem (`report.message`), a service error (`detail`), a
 * gateway error (`message`, with its `error_code`), or a title; else the body itself, shortened.
 */
export function problemText(answer: Answer): string {
  const body = answer.json;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const report = b['report'];
    if (report !== null && typeof report === 'object' && typeof (report as Record<string, unknown>)['message'] === 'string') {
      return (report as Record<string, unknown>)['message'] as string;
    }
    if (typeof b['detail'] === 'string') return b['detail'];
    if (typeof b['message'] === 'string') return typeof b['error_code'] === 'string' ? `${b['error_code']}: ${b['message']}` : b['message'];
    if (typeof b['title'] === 'string') return b['title'];
  }
  const text = answer.text.trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
