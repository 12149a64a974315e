/**
 * 401 and 403 say the token is missing, invalid or expired. Sending to the same inlet again with the same
 * credentials cannot succeed: a client stops, or gets a new token first.
 */
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { exchangeList, type ClientRule } from './context.js';

export const authRetried: ClientRule = {
  id: 'client.auth.retried',
  title: 'The client sends again with credentials that were answered 401 or 403',
  description: '401 (no valid Authorization header) and 403 (token invalid or expired) are not retried with the same credentials.',
  severity: 'error',
  source: CLIENT_OBLIGATIONS.unauthorized.source,
  check(traffic) {
    const refused = new Map<string, number>();
    const blind: number[] = [];
    let first: number | undefined;
    for (const exchange of traffic.exchanges) {
      if (exchange.streaming === undefined) continue;
      const who = `${exchange.streaming.inletId}|${exchange.credentials ?? 'none'}`;
      const earlier = refused.get(who);
      if (earlier !== undefined && exchange.startedMs >= traffic.exchanges[earlier]!.endedMs) {
        first ??= earlier;
        blind.push(exchange.index);
      }
      if ((exchange.status === 401 || exchange.status === 403) && !refused.has(who)) refused.set(who, exchange.index);
    }
    if (blind.length === 0) return [];
    const status = traffic.exchanges[first!]!.status;
    return [
      {
        message: `#${first} was answered ${status}; the client then sent ${exchangeList(blind)} to the same inlet with the same credentials${exchange(blind.length)}.`,
        exchanges: [first!, ...blind],
      },
    ];
  },
};

function exchange(count: number): string {
  return count > 1 ? ` (${count} requests that could not succeed)` : '';
}
