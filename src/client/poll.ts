/**
 * Polling a status until it is final: a batch in the Catalog, a Campaign ingestion request. No source gives
 * a polling rate; this client waits 1 s before the first poll, then twice as long before each next one, up
 * to 30 s, so a quick answer is seen quickly and a long one costs few calls. That stays well under the
 * harness's reading of "too fast" (POLLING in lifecycle/trace: a mean under 5 s over 5 polls): the first five
 * polls come at 1, 3, 7, 15 and 31 s, 7.5 s apart on average.
 *
 * A poll that fails (429, 5xx, a network error) is not repeated at once: it is retried at the next slot of
 * the same schedule (or after Retry-After, when that is later), so retried polls stay as sparse as polls;
 * after as many failures in a row as the retry policy allows retries, polling gives up.
 */
import { AepClientError } from './errors.js';
import { deliverOnce, isSuccess, problemText, type Answer, type Call, type Transport } from './http.js';
import { isRetryableStatus, parseRetryAfter } from './retry.js';

export interface PollPolicy {
  /** The wait between the action (COMPLETE, the trigger) and the first poll. Default 1 000 ms. */
  firstDelayMs: number;
  /** Each wait is this many times the one before. Default 2. */
  factor: number;
  /** No wait between polls is longer than this. Default 30 000 ms. */
  maxDelayMs: number;
  /** Polling stops (an error of kind `deadline`) when a final status has not been read this long after the first wait began. Default 1 hour. */
  deadlineMs: number;
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({ firstDelayMs: 1_000, factor: 2, maxDelayMs: 30_000, deadlineMs: 3_600_000 });

export function pollPolicy(changes: Partial<PollPolicy> = {}): PollPolicy {
  const policy = { ...DEFAULT_POLL_POLICY, ...changes };
  if (!(policy.firstDelayMs > 0) || !(policy.factor >= 1) || !(policy.maxDelayMs >= policy.firstDelayMs) || !(policy.deadlineMs > 0)) {
    throw new RangeError(`a poll policy needs firstDelayMs > 0, factor >= 1, maxDelayMs >= firstDelayMs and deadlineMs > 0 (got ${JSON.stringify(policy)})`);
  }
  return policy;
}

/** The wait before poll number `poll` (0 for the first). */
export function pollDelayMs(policy: PollPolicy, poll: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** poll);
}

/** What a successful poll's answer says: the status is final (stop with this value), or not yet. */
export type PollReading<T> = { final: true; value: T } | { final: false; status: string };

export type PollOutcome<T> = { kind: 'final'; value: T; polls: number } | { kind: 'stopped'; error: AepClientError; polls: number; lastStatus?: string };

/**
 * Polls `call` on the schedule until `read` says the status is final. An answer that is neither a success
 * nor retryable (401, 403, 404…) stops at once: asking again gets the same answer.
 */
export async function pollUntilFinal<T>(transport: Transport, policy: PollPolicy, call: () => Call, read: (answer: Answer) => PollReading<T>): Promise<PollOutcome<T>> {
  const { timing } = transport;
  const deadline = timing.now() + policy.deadlineMs;
  let failures = 0;
  let lastStatus: string | undefined;
  let retryAfterMs: number | undefined;
  for (let poll = 0; ; poll++) {
    const wait = Math.max(pollDelayMs(policy, poll), retryAfterMs ?? 0);
    if (timing.now() + wait > deadline) {
      const error = new AepClientError('deadline', `no final status within ${Math.round(policy.deadlineMs / 1000)} s${lastStatus !== undefined ? `; the last status read was "${lastStatus}"` : ''}`);
      return { kind: 'stopped', error, polls: poll, ...(lastStatus !== undefined ? { lastStatus } : {}) };
    }
    await timing.sleep(wait);
    retryAfterMs = undefined;
    const c = call();
    const result = await deliverOnce(transport, c);
    let failure: string;
    if ('answer' in result) {
      const answer = result.answer;
      if (isSuccess(answer.status)) {
        const reading = read(answer);
        if (reading.final) return { kind: 'final', value: reading.value, polls: poll + 1 };
        lastStatus = reading.status;
        failures = 0;
        continue;
      }
      if (!isRetryableStatus(transport.policy, answer.status)) {
        const text = problemText(answer);
        const kind = answer.status === 401 || answer.status === 403 ? 'unauthorized' : 'refused';
        return { kind: 'stopped', error: new AepClientError(kind, `${c.label}: answered ${answer.status}: ${text}`, answer.status, text), polls: poll + 1, ...(lastStatus !== undefined ? { lastStatus } : {}) };
      }
      retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), answer.endedMs);
      failure = `${c.label}: answered ${answer.status}`;
      if (retryAfterMs !== undefined && retryAfterMs > transport.policy.maxRetryAfterMs) {
        const why = `${failure} with Retry-After ${answer.headers.get('retry-after')}, longer than the ${Math.round(transport.policy.maxRetryAfterMs / 1000)} s this client waits`;
        return { kind: 'stopped', error: new AepClientError('gave-up', why, answer.status), polls: poll + 1, ...(lastStatus !== undefined ? { lastStatus } : {}) };
      }
    } else failure = result.failure;
    failures++;
    if (failures > transport.policy.retries) {
      return { kind: 'stopped', error: new AepClientError('gave-up', `${failure}; gave up after ${transport.policy.retries} failed polls in a row`), polls: poll + 1, ...(lastStatus !== undefined ? { lastStatus } : {}) };
    }
    transport.log(`${failure}; polling again (${failures} of ${transport.policy.retries} failed polls in a row)`);
  }
}
