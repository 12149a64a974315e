/**
 * A rejected message carries the documented reason in its 207 entry; sending it again unchanged gets the same
 * rejection. A client resends a rejected message only once it is fixed.
 */
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { exchangeList, plural, type ClientRule, type ClientViolation } from './context.js';

export const messageRejectedResent: ClientRule = {
  id: 'client.message.rejected-resent',
  title: 'The client sends a rejected message again unchanged',
  description: 'A message whose 207 entry was {statusCode, message} is resent only after it was fixed; unchanged, it is rejected again.',
  severity: 'error',
  source: CLIENT_OBLIGATIONS.readEveryEntry.source,
  check(traffic) {
    const rejected = new Map<string, { exchange: number; text: string }>();
    const perExchange = new Map<number, { first: Set<number>; count: number; text: string }>();
    for (const exchange of traffic.exchanges) {
      for (const message of exchange.streaming?.messages ?? []) {
        const earlier = rejected.get(message.key);
        if (earlier !== undefined && earlier.exchange !== exchange.index) {
          const entry = perExchange.get(exchange.index) ?? { first: new Set<number>(), count: 0, text: earlier.text };
          entry.first.add(earlier.exchange);
          entry.count++;
          perExchange.set(exchange.index, entry);
        }
        if (message.outcome.kind === 'rejected' && !rejected.has(message.key)) rejected.set(message.key, { exchange: exchange.index, text: message.outcome.text });
      }
    }
    return [...perExchange].map(
      ([index, d]): ClientViolation => ({
        message: `#${index} sent again, unchanged, ${plural(d.count, 'message')} rejected in ${exchangeList([...d.first])} ("${d.text}").`,
        exchanges: [...d.first, index],
      }),
    );
  },
};
