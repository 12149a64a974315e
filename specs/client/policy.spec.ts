/**
 * The reference client's pure parts: the back-off waits, Retry-After, the retry decision, the packing of
 * messages into requests, the Content-Range of parts and the poll schedule.
 */
import { describe, expect, it } from 'vitest';
import { BACKOFF_READING, CLIENT_OBLIGATIONS } from '../../src/contract/client.js';
import {
  backoffDelayMs,
  contentRange,
  decideRetry,
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_POLL_POLICY,
  DEFAULT_RETRY_POLICY,
  packMessages,
  parseFailedFile,
  parseRetryAfter,
  partRanges,
  pollDelayMs,
  requestBody,
  requestBytes,
  retryPolicy,
  RetryPolicyError,
  serializeMessage,
  formatOfName,
} from '../../src/client/index.js';
import { backoffFault } from '../../src/rules/client/retry-no-backoff.js';

describe('back-off', () => {
  const policy = retryPolicy();

  it('starts at 250 ms, doubles, adds at most 20% jitter, and is capped at 8 s', () => {
    expect(policy).toMatchObject({ retries: 5, initialDelayMs: 250, factor: 2, maxDelayMs: 8_000, jitter: 0.2, maxRetryAfterMs: 60_000 });
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n, 0))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000]);
    expect([0, 1, 2].map((n) => backoffDelayMs(policy, n, 0.999999))).toEqual([300, 600, 1200]);
    expect(backoffDelayMs(policy, 5, 0.999999)).toBe(8000);
  });

  it('reads as exponential back-off to check-client whatever the jitter', () => {
    for (const random of [0, 0.5, 0.999]) {
      const waits = [0, 1, 2, 3, 4].map((n, k) => backoffDelayMs(policy, n, k % 2 === 0 ? random : 1 - random));
      expect(backoffFault(waits)).toBeUndefined();
      expect(waits[0]).toBeGreaterThanOrEqual(BACKOFF_READING.minWaitMs);
    }
  });

  it('retries at least the documented three times, and refuses a policy that would not', () => {
    expect(DEFAULT_RETRY_POLICY.retries).toBeGreaterThanOrEqual(CLIENT_OBLIGATIONS.retryUnavailable.minRetries);
    expect(() => retryPolicy({ retries: 2 })).toThrow(RetryPolicyError);
    expect(() => retryPolicy({ initialDelayMs: 10 })).toThrow(/tight loop/);
    expect(() => retryPolicy({ statuses: [503, 401] })).toThrow(/401/);
    expect(retryPolicy({ retries: 8 }).retries).toBe(8);
  });

  it('retries 429, 500, 502, 503 and 504, never 400, 401, 403, 404', () => {
    expect(policy.statuses).toEqual([429, 500, 502, 503, 504]);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });

  it('waits the longer of Retry-After and the back-off', () => {
    const policy = retryPolicy();
    expect(decideRetry(policy, 0, 1000, 0)).toMatchObject({ retry: true, waitMs: 1000 });
    expect(decideRetry(policy, 3, 1000, 0)).toMatchObject({ retry: true, waitMs: 2000 });
    expect(decideRetry(policy, 0, undefined, 0)).toMatchObject({ retry: true, waitMs: 250 });
  });

  it('gives up rather than retry before a Retry-After longer than the maximum', () => {
    const policy = retryPolicy({ maxRetryAfterMs: 5_000 });
    const decision = decideRetry(policy, 0, 6_000, 0);
    expect(decision.retry).toBe(false);
    expect(decision.why).toMatch(/Retry-After/);
  });

  it('gives up after the last retry', () => {
    expect(decideRetry(retryPolicy(), 5, undefined, 0)).toEqual({ retry: false, why: 'gave up after 5 retries' });
  });
});

describe('packing', () => {
  const messages = (sizes: number[]) => sizes.map((n, i) => serializeMessage(i, { p: 'x'.repeat(n) })!);

  it('defaults to the smaller reading of 1 MB', () => {
    expect(DEFAULT_MAX_REQUEST_BYTES).toBe(1_000_000);
  });

  it('counts the bytes it sends, envelope and commas included', () => {
    const ms = messages([10, 20, 30]);
    expect(requestBytes(ms)).toBe(Buffer.byteLength(requestBody(ms)));
    const accented = [serializeMessage(0, { p: 'é€😀' })!];
    expect(requestBytes(accented)).toBe(Buffer.byteLength(requestBody(accented)));
  });

  it('fills each request up to the limit, in order, and never over it', () => {
    const ms = messages(Array.from({ length: 60 }, (_, i) => 50 + ((i * 37) % 400)));
    const { requests, tooLarge } = packMessages(ms, 2_000);
    expect(tooLarge).toEqual([]);
    expect(requests.flat().map((m) => m.index)).toEqual(ms.map((m) => m.index));
    for (const [k, r] of requests.entries()) {
      expect(Buffer.byteLength(requestBody(r))).toBeLessThanOrEqual(2_000);
      // Full: the next message would not have fitted.
      const next = requests[k + 1]?.[0];
      if (next !== undefined) expect(requestBytes([...r, next])).toBeGreaterThan(2_000);
    }
  });

  it('fits a request exactly at the limit', () => {
    const ms = messages([10, 10]);
    const exact = requestBytes(ms);
    expect(packMessages(ms, exact).requests).toHaveLength(1);
    expect(packMessages(ms, exact - 1).requests).toHaveLength(2);
  });

  it('sets apart a message too large for any request', () => {
    const ms = messages([10, 5_000, 10]);
    const { requests, tooLarge } = packMessages(ms, 1_000);
    expect(tooLarge.map((m) => m.index)).toEqual([1]);
    expect(requests.flat().map((m) => m.index)).toEqual([0, 2]);
  });

  it('has no JSON for undefined', () => {
    expect(serializeMessage(0, undefined)).toBeUndefined();
  });
});

describe('large-file parts', () => {
  it('tile the file, the last byte of each range included', () => {
    const ranges = partRanges(2_500, 1_000);
    expect(ranges).toEqual([
      [0, 1000],
      [1000, 1000],
      [2000, 500],
    ]);
    expect(ranges.map(([s, l]) => contentRange(s, l, 2_500))).toEqual(['bytes 0-999/2500', 'bytes 1000-1999/2500', 'bytes 2000-2499/2500']);
  });
});

describe('the poll schedule', () => {
  it('waits 1 s, then doubles up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => pollDelayMs(DEFAULT_POLL_POLICY, n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe('file names and failed files', () => {
  it('takes the input format from the extension', () => {
    expect(['a.json', 'a.NDJSON', 'a.jsonl', 'a.parquet', 'a.csv', 'a.txt'].map(formatOfName)).toEqual(['json', 'json', 'json', 'parquet', 'csv', undefined]);
  });

  it('reads a failed file as JSON, a JSON array, or JSON lines', () => {
    expect(parseFailedFile('f', '{"a":1}')).toEqual([{ file: 'f', value: { a: 1 } }]);
    expect(parseFailedFile('f', '[{"a":1},{"a":2}]')).toHaveLength(2);
    expect(parseFailedFile('f', '{"a":1}\n{"a":2}\nnot json\n')).toEqual([
      { file: 'f', value: { a: 1 } },
      { file: 'f', value: { a: 2 } },
      { file: 'f', text: 'not json' },
    ]);
  });
});
