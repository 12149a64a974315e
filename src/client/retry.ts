/**
 * The retry policy: which answers are retried, how long to wait before each retry (exponential back-off with
 * jitter), and how Retry-After is read. Pure functions of the policy, an attempt number and a random number,
 * so the waits can be checked without waiting.
 *
 * The documented facts: a 503 is retried "at least three times using an exponential back-off strategy"
 * (CLIENT_OBLIGATIONS.retryUnavailable, from the streaming tutorial's response-code appendix); a 503 may carry
 * Retry-After, "the number of seconds to retry after" (CLIENT_OBLIGATIONS.retryAfter, the streaming OpenAPI);
 * 401 and 403 name credentials that sending again cannot fix (CLIENT_OBLIGATIONS.unauthorized). No source
 * gives a base, a factor or a jitter: the defaults below are this client's choices, made to sit well inside
 * what `check-client` reads as back-off (BACKOFF_READING).
 */
import { BACKOFF_READING, CLIENT_OBLIGATIONS } from '../contract/client.js';

export interface RetryPolicy {
  /** Retries after the first attempt. At least the documented three; default 5. */
  retries: number;
  /** The first wait, before any jitter. Default 250 ms (BACKOFF_READING.minWaitMs is 100 ms). */
  initialDelayMs: number;
  /** Each wait is this many times the one before. Default 2. */
  factor: number;
  /** No back-off wait is longer than this. Default 8 000 ms. */
  maxDelayMs: number;
  /** Jitter adds up to this share of the wait (never subtracts, so no wait is under the nominal one). Default 0.2. */
  jitter: number;
  /**
   * The longest Retry-After this client waits for. Default 60 000 ms. An answer asking for longer ends the
   * retries: retrying sooner than the server asked would ignore Retry-After.
   */
  maxRetryAfterMs: number;
  /** Statuses answered by a server that may succeed later. Default 429, 500, 502, 503, 504. */
  statuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 5,
  initialDelayMs: 250,
  factor: 2,
  maxDelayMs: 8_000,
  jitter: 0.2,
  maxRetryAfterMs: 60_000,
  statuses: Object.freeze([429, 500, 502, 503, 504]),
});

/** Statuses that are never retried: the request or its credentials must change first. */
export const NEVER_RETRIED: readonly number[] = [400, 401, 403, 404, 413];

/** Statuses whose answer says the credentials are missing, invalid or expired (CLIENT_OBLIGATIONS.unauthorized). */
export const UNAUTHORIZED_STATUSES: readonly number[] = [401, 403];

export class RetryPolicyError extends Error {}

/** The policy with the caller's changes, checked: a policy that cannot meet the documented minimum is refused. */
export function retryPolicy(changes: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...changes, statuses: [...(changes.statuses ?? DEFAULT_RETRY_POLICY.statuses)] };
  const min = CLIENT_OBLIGATIONS.retryUnavailable.minRetries;
  if (!Number.isInteger(policy.retries) || policy.retries < min) {
    throw new RetryPolicyError(`retries must be a whole number of at least ${min}, the documented minimum for 503 (got ${policy.retries})`);
  }
  if (!(policy.initialDelayMs >= BACKOFF_READING.minWaitMs)) {
    throw new RetryPolicyError(`initialDelayMs must be at least ${BACKOFF_READING.minWaitMs} ms: a shorter wait is a retry in a tight loop (got ${policy.initialDelayMs})`);
  }
  if (!(policy.factor >= 1.5)) throw new RetryPolicyError(`factor must be at least 1.5 for the waits to grow exponentially (got ${policy.factor})`);
  if (!(policy.maxDelayMs >= policy.initialDelayMs)) throw new RetryPolicyError(`maxDelayMs must be at least initialDelayMs (got ${policy.maxDelayMs})`);
  if (!(policy.jitter >= 0 && policy.jitter <= 0.2)) throw new RetryPolicyError(`jitter must be from 0 to 0.2 (got ${policy.jitter})`);
  if (!(policy.maxRetryAfterMs >= 0)) throw new RetryPolicyError(`maxRetryAfterMs must not be negative (got ${policy.maxRetryAfterMs})`);
  const never = policy.statuses.filter((s) => NEVER_RETRIED.includes(s));
  if (never.length > 0) throw new RetryPolicyError(`statuses must not include ${never.join(', ')}: those answers are the same however often the request is sent`);
  return policy;
}

export function isRetryableStatus(policy: RetryPolicy, status: number): boolean {
  return policy.statuses.includes(status);
}

/**
 * The back-off wait before retry number `retry` (0 for the first retry): initialDelayMs × factor^retry, plus
 * jitter of up to `jitter` of it, capped at maxDelayMs. `random` is in [0, 1).
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: number): number {
  const nominal = policy.initialDelayMs * policy.factor ** retry;
  const jittered = nominal * (1 + policy.jitter * Math.min(Math.max(random, 0), 1));
  return Math.round(Math.min(policy.maxDelayMs, jittered));
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date, as milliseconds from `nowMs`. Undefined
 * when there is none or it cannot be read; a date in the past is 0.
 */
export function parseRetryAfter(raw: string | null | undefined, nowMs: number): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP-date names a day of the week or a month in letters; a bare number that failed above is no date.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export type RetryDecision = { retry: true; waitMs: number; why: string } | { retry: false; why: string };

/**
 * Whether to retry after attempt number `retry` (0 after the first attempt) failed, and how long to wait:
 * the back-off, or Retry-After when that is longer (a retry never comes before Retry-After has passed).
 */
export function decideRetry(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random: number): RetryDecision {
  if (retry >= policy.retries) return { retry: false, why: `gave up after ${policy.retries} retries` };
  const backoff = backoffDelayMs(policy, retry, random);
  if (retryAfterMs === undefined) return { retry: true, waitMs: backoff, why: `back-off ${backoff} ms` };
  if (retryAfterMs > policy.maxRetryAfterMs) {
    return { retry: false, why: `the answer asks to wait ${Math.ceil(retryAfterMs / 1000)} s (Retry-After), longer than the ${Math.round(policy.maxRetryAfterMs / 1000)} s this client waits` };
  }
  return retryAfterMs >= backoff
    ? { retry: true, waitMs: retryAfterMs, why: `Retry-After ${retryAfterMs} ms` }
    : { retry: true, waitMs: backoff, why: `back-off ${backoff} ms (longer than Retry-After ${retryAfterMs} ms)` };
}
