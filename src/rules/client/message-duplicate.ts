/**
 * An accepted message is in: sending it again (the same content, or the same `_id`) ingests it twice. The
 * 207 says which messages were accepted; a client that resends a whole request after a partial 207, or
 * after an answer it did not read, doubles them.
 */
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { exchangeList, plural, type ClientRule, type ClientViolation } from './context.js';

export const messageDuplicate: ClientRule = {
  id: 'client.message.duplicate',
  title: 'The client sends again a message that was already accepted',
  description: 'A message whose 207 entry carried an xactionId was accepted; sending it again (same content or same _id) ingests it twice.',
  severity: 'error',
  source: CLIENT_OBLIGATIONS.readEveryEntry.source,
  check(traffic) {
    const acceptedKeys = new Map<string, number>();
    const acceptedIds = new Map<string, number>();
    const perExchange = new Map<number, { first: Set<number>; count: number; byId: number }>();
    for (const exchange of traffic.exchanges) {
      for (const message of exchange.streaming?.messages ?? []) {
        const byKey = acceptedKeys.get(message.key);
        const byId = message.id !== undefined ? acceptedIds.get(message.id) : undefined;
        const earlier = byKey ?? byId;
        if (earlier !== undefined && earlier !== exchange.index) {
          const entry = perExchange.get(exchange.index) ?? { first: new Set<number>(), count: 0, byId: 0 };
          entry.first.add(earlier);
          entry.count++;
          if (byKey === undefined) entry.byId++;
          perExchange.set(exchange.index, entry);
        }
        if (message.outcome.kind === 'accepted') {
          if (!acceptedKeys.has(message.key)) acceptedKeys.set(message.key, exchange.index);
          if (message.id !== undefined && !acceptedIds.has(message.id)) acceptedIds.set(message.id, exchange.index);
        }
      }
    }
    return [...perExchange].map(
      ([index, d]): ClientViolation => ({
        message: `#${index} sent again ${plural(d.count, 'message')} already accepted in ${exchangeList([...d.first])}${d.byId > 0 ? ` (${d.byId} of them changed but with the same _id)` : ''}.`,
        exchanges: [...d.first, index],
      }),
    );
  },
};
