/**
 * A message answered 503 (or 429, 502, 504) must be sent again: "retry at least 3 times using an exponential
 * back-off strategy". A client that gives up sooner loses the message; that loss is told here, not as a
 * separate loss, since this is its cause.
 */
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { episodes, exchangeList, plural, type ClientRule, type ClientViolation } from './context.js';

const MIN = CLIENT_OBLIGATIONS.retryUnavailable.minRetries;

export const retryTooFew: ClientRule = {
  id: 'client.retry.too-few',
  title: 'The client gives up on an unavailable or throttled answer before retrying three times',
  description: `A request answered 429, 502, 503 or 504 is sent again, at least ${MIN} times, until it is answered; giving up sooner loses its messages.`,
  severity: 'error',
  source: CLIENT_OBLIGATIONS.retryUnavailable.source,
  check(traffic) {
    // One finding per abandoned attempt chain, however many messages rode in it.
    const byChain = new Map<string, { exchanges: number[]; messages: number; retries: number; status: number }>();
    for (const episode of episodes(traffic)) {
      if (!episode.abandoned) continue;
      const retries = episode.attempts.length - 1;
      if (retries >= MIN) continue;
      const exchanges = episode.attempts.map((a) => a.exchange.index);
      const signature = exchanges.join(',');
      const last = episode.attempts[episode.attempts.length - 1]!;
      const chain = byChain.get(signature) ?? { exchanges, messages: 0, retries, status: last.exchange.status };
      chain.messages++;
      byChain.set(signature, chain);
    }
    return [...byChain.values()].map(
      (chain): ClientViolation => ({
        message: `${exchangeList(chain.exchanges)} answered ${chain.status}; the client sent ${plural(chain.messages, 'message')} ${chain.retries === 0 ? 'once and never again' : `again only ${plural(chain.retries, 'time')}`} and gave up, so ${chain.messages === 1 ? 'it was' : 'they were'} never accepted (at least ${MIN} retries are documented).`,
        exchanges: chain.exchanges,
      }),
    );
  },
};
