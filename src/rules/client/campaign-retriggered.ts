/**
 * While an ingestion request of a mapping is in progress, a trigger is answered "already in progress" with the
 * running request's id: the client follows that request. Triggering again while it runs is a loop that
 * starts nothing.
 */
import type { ClientRule, ClientViolation } from './context.js';

const FINAL = new Set(['Success', 'Failed', 'Aborted']);

export const campaignRetriggered: ClientRule = {
  id: 'client.campaign.retriggered',
  title: 'The client triggers a Campaign mapping again while its ingestion request is in progress',
  description: 'A trigger answered with a requestId (submitted, or already in progress) is followed by reading that request\'s status, not by another trigger, until the request ends.',
  severity: 'error',
  source: { source: 'campaign-triggering-ingestion', section: 'Starting immediate ingestion of a data mapping' },
  check(traffic) {
    // Per mapping: the exchange that told the client a request is running, until a final status is read.
    const running = new Map<string, number>();
    const found: ClientViolation[] = [];
    for (const exchange of traffic.exchanges) {
      const call = exchange.call;
      const body = exchange.responseJson as { status?: unknown; requestId?: unknown } | undefined;
      if (call.kind === 'campaign-trigger') {
        const told = running.get(call.mappingId);
        if (told !== undefined && exchange.startedMs >= traffic.exchanges[told]!.endedMs) {
          found.push({
            message: `#${exchange.index} triggered mapping ${call.mappingId} again although #${told} had said a request of it is in progress.`,
            exchanges: [told, exchange.index],
          });
        }
        if (body?.requestId !== undefined && (body.status === 'Success' || body.status === 'In Progress')) running.set(call.mappingId, exchange.index);
      } else if (call.kind === 'campaign-status' && typeof body?.status === 'string' && FINAL.has(body.status)) {
        running.delete(call.mappingId);
      }
    }
    return found;
  },
};
