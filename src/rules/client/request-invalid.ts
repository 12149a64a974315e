/**
 * A streaming request the endpoint refuses as a whole for its form (not JSON, no `messages` array, an empty
 * one), as the request rules of `preflight` say. Size is `client.request.too-large`'s.
 */
import type { ClientRule, ClientViolation } from './context.js';

export const requestInvalid: ClientRule = {
  id: 'client.request.invalid',
  title: 'The client sends a streaming request the endpoint refuses as a whole',
  description: 'A request to /collection/batch/{CONNECTION_ID} is a JSON object with a non-empty messages array.',
  severity: 'error',
  source: { source: 'streaming-multiple-messages', section: 'Stream to a dataset' },
  check(traffic) {
    return traffic.exchanges.flatMap((exchange): ClientViolation[] => {
      const refused = exchange.streaming?.refused;
      if (refused === undefined || refused.status === 413) return [];
      const rule = exchange.streaming!.findings.find((f) => f.effect.kind === 'reject-request');
      return [
        {
          message: `#${exchange.index}: ${refused.reason}${rule ? ` (${rule.ruleId})` : ''}.`,
          exchanges: [exchange.index],
          ...(rule ? { docs: rule.docs } : {}),
        },
      ];
    });
  },
};
