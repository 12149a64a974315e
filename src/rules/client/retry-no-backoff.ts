/**
 * Retries after an answer without Retry-After must back off exponentially: waits that grow. A fixed wait, a
 * tight loop or waits that shrink are told. How growth is read from measured waits is the harness's choice
 * (`BACKOFF_READING`); the waits are measured from the recording, answer's end to the next attempt's start.
 */
import { BACKOFF_READING, CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { episodes, exchangeList, waitBetween, type ClientRule, type ClientViolation } from './context.js';

/** What is wrong with a run of waits, or undefined when they back off. */
export function backoffFault(waits: readonly number[]): string | undefined {
  if (waits.length === 0) return undefined;
  const tight = waits.find((w) => w < BACKOFF_READING.minWaitMs);
  if (tight !== undefined) return `a retry came ${Math.max(0, Math.round(tight))} ms after the answer (a tight loop; at least ${BACKOFF_READING.minWaitMs} ms is expected)`;
  for (let i = 1; i < waits.length; i++) {
    if (waits[i]! < waits[i - 1]! * BACKOFF_READING.jitterFloor) return 'a wait was less than half the one before it (back-off shrank)';
  }
  if (waits.length >= 2 && waits[waits.length - 1]! < waits[0]! * BACKOFF_READING.minGrowth) {
    return `the waits did not grow (last ${Math.round(waits[waits.length - 1]!)} ms against first ${Math.round(waits[0]!)} ms; at least ${BACKOFF_READING.minGrowth}× is expected)`;
  }
  return undefined;
}

export const retryNoBackoff: ClientRule = {
  id: 'client.retry.no-backoff',
  title: 'The client retries without exponential back-off',
  description: `Retries after an answer without Retry-After wait longer each time (exponential back-off); ${BACKOFF_READING.basis}.`,
  severity: 'error',
  source: CLIENT_OBLIGATIONS.retryUnavailable.source,
  check(traffic) {
    const seen = new Set<string>();
    const found: ClientViolation[] = [];
    for (const episode of episodes(traffic)) {
      if (episode.attempts.length < 2) continue;
      const exchanges = episode.attempts.map((a) => a.exchange.index);
      const signature = exchanges.join(',');
      if (seen.has(signature)) continue;
      seen.add(signature);
      // Only waits the client chose itself: after an answer with Retry-After, the server chose.
      const waits: number[] = [];
      for (let i = 1; i < episode.attempts.length; i++) {
        const earlier = episode.attempts[i - 1]!.exchange;
        if (earlier.retryAfterMs !== undefined) continue;
        waits.push(waitBetween(earlier, episode.attempts[i]!.exchange));
      }
      const fault = backoffFault(waits);
      if (fault === undefined) continue;
      found.push({
        message: `retries ${exchangeList(exchanges)} waited ${waits.map((w) => `${Math.max(0, Math.round(w))} ms`).join(', ')}: ${fault}.`,
        exchanges,
      });
    }
    return found;
  },
};
