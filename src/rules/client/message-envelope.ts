/**
 * The envelope of every message the client builds must pass the endpoint's rules (header and body present,
 * imsOrgId of the inlet's org, schemaRef agreeing with the dataset's schema…), the same rules `preflight`
 * runs. Messages the scenario handed over faulty on purpose are the scenario's, not the client's: sending
 * them as they are is expected, and they are not told here.
 */
import { documentedMessage } from '../../contract/streaming.js';
import { CLIENT_OBLIGATIONS } from '../../contract/client.js';
import type { ClientRule, ClientViolation } from './context.js';

export const messageEnvelope: ClientRule = {
  id: 'client.message.envelope',
  title: 'A message the client built breaks the envelope rules of the streaming endpoint',
  description: 'Each message has a header and a body, the org of the inlet, and a schemaRef that agrees with its dataset; the endpoint rejects it otherwise.',
  severity: 'error',
  source: CLIENT_OBLIGATIONS.readEveryEntry.source,
  check(traffic) {
    const faulty = new Set(traffic.inputs.faulty.map((m) => m.key));
    const found: ClientViolation[] = [];
    for (const exchange of traffic.exchanges) {
      const streaming = exchange.streaming;
      if (streaming?.messages === undefined || streaming.refused !== undefined) continue;
      const reported = new Set<number>();
      for (const finding of streaming.findings) {
        if (finding.effect.kind !== 'reject-message' || finding.messageIndex === undefined || reported.has(finding.messageIndex)) continue;
        const message = streaming.messages[finding.messageIndex];
        if (message === undefined || faulty.has(message.key)) continue;
        reported.add(finding.messageIndex);
        const inlet = traffic.world.inlets.find((i) => i.id === streaming.inletId);
        const text = inlet ? documentedMessage(finding.effect.message, inlet.id, inlet.org) : '';
        found.push({
          message: `#${exchange.index} message ${finding.messageIndex}: ${finding.message} (${finding.ruleId}${text ? `; answered "${text}"` : ''}).`,
          exchanges: [exchange.index],
          docs: finding.docs,
        });
      }
    }
    return found;
  },
};
