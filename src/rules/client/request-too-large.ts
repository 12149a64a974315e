/** A request over the profile's reading of "1 MB" is answered 413 and none of its messages is taken. */
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import { plural, type ClientRule, type ClientViolation } from './context.js';

export const requestTooLarge: ClientRule = {
  id: 'client.request.too-large',
  title: 'The client sends a streaming request over 1 MB',
  description: "The whole request body stays within the profile's reading of 1 MB; a larger one is answered 413 Payload Too Large.",
  severity: 'error',
  source: CLIENT_OBLIGATIONS.requestLimit.source,
  check(traffic) {
    return traffic.exchanges.flatMap((exchange): ClientViolation[] => {
      const streaming = exchange.streaming;
      if (streaming === undefined) return [];
      const over = streaming.refused?.status === 413 || exchange.status === 413;
      if (!over) return [];
      const count = streaming.messages?.length;
      return [
        {
          message: `#${exchange.index} is ${exchange.requestBytes} bytes${count !== undefined ? ` with ${plural(count, 'message')}` : ''}, over the limit; answered ${exchange.status}.`,
          exchanges: [exchange.index],
        },
      ];
    });
  },
};
