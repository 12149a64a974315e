/** An answer with Retry-After says when to come back: a retry before that time has passed ignores it. */
import { BACKOFF_READING, CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { episodes, waitBetween, type ClientRule, type ClientViolation } from './context.js';

export const retryAfterIgnored: ClientRule = {
  id: 'client.retry.retry-after-ignored',
  title: 'The client retries before the Retry-After of the answer has passed',
  description: 'A 503 or 429 with Retry-After gives the seconds to wait before sending the request again.',
  severity: 'error',
  source: CLIENT_OBLIGATIONS.retryAfter.source,
  check(traffic) {
    const seen = new Set<string>();
    const found: ClientViolation[] = [];
    for (const episode of episodes(traffic)) {
      for (let i = 1; i < episode.attempts.length; i++) {
        const earlier = episode.attempts[i - 1]!.exchange;
        const later = episode.attempts[i]!.exchange;
        if (earlier.retryAfterMs === undefined) continue;
        const pair = `${earlier.index}>${later.index}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const waited = waitBetween(earlier, later);
        if (waited + BACKOFF_READING.retryAfterToleranceMs >= earlier.retryAfterMs) continue;
        found.push({
          message: `#${earlier.index} answered ${earlier.status} with Retry-After: ${earlier.retryAfterRaw}; the client sent it again as #${later.index} after ${Math.max(0, Math.round(waited))} ms.`,
          exchanges: [earlier.index, later.index],
        });
      }
    }
    return found;
  },
};
