/**
 * A trigger only submits an ingestion request; how it ends (Success, Failed, Aborted) is read with its
 * requestId. A client that never reads a final status does not know whether anything was ingested.
 */
import type { ClientRule, ClientViolation } from './context.js';

const FINAL = new Set(['Success', 'Failed', 'Aborted']);

export const campaignRequestUnfollowed: ClientRule = {
  id: 'client.campaign.request-unfollowed',
  title: 'The client never reads how a Campaign ingestion request ended',
  description: 'The requestId a trigger answers (submitted, or already in progress) is polled with GET …/ingest?requestId= until the request is Success, Failed or Aborted.',
  severity: 'error',
  source: { source: 'campaign-triggering-ingestion', section: 'Retrieving the status of an ingestion request' },
  check(traffic) {
    const told = new Map<string, number>();
    const finished = new Set<string>();
    for (const exchange of traffic.exchanges) {
      const body = exchange.responseJson as { status?: unknown; requestId?: unknown } | undefined;
      const requestId = body?.requestId === undefined ? undefined : String(body.requestId);
      if (exchange.call.kind === 'campaign-trigger' && requestId !== undefined && requestId !== '' && !told.has(requestId)) told.set(requestId, exchange.index);
      if (exchange.call.kind === 'campaign-status' && typeof body?.status === 'string' && FINAL.has(body.status)) {
        finished.add(exchange.call.requestId ?? requestId ?? '');
      }
    }
    return [...told]
      .filter(([requestId]) => !finished.has(requestId))
      .map(([requestId, index]): ClientViolation => ({ message: `#${index} answered ingestion request ${requestId}; the client never read a final status of it.`, exchanges: [index] }));
  },
};
