/**
 * Which recorded exchanges make one fixture: every call on one batch (create, uploads, actions, Catalog
 * reads) is one sequence, every call on one Campaign ingestion request (trigger, status reads) another,
 * and any other exchange (a streaming request, an unknown path) a fixture of its own. A sequence names
 * the server-made id that flows from one answer into the next requests, so the fixture can capture it.
 */
import type { ProfileName } from '../../contract/profiles.js';
import { classify, type TraceCall } from '../../lifecycle/trace/index.js';
import { bodyJson, isObject, type RedactedExchange } from './exchange.js';
import { streamingCall } from './streaming-check.js';
import { traceEntry } from './trace-check.js';

export type GroupKind = 'batch' | 'campaign' | 'streaming' | 'other';

export interface ExchangeGroup {
  kind: GroupKind;
  exchanges: RedactedExchange[];
  calls: TraceCall[];
  /** The id captured from the first answer and used by the rest: a batch id or a Campaign request id. */
  flowing?: { name: 'batchId' | 'requestId'; value: string | number; capturedAt: number };
  /** For a batch: the dataset it is created for; for a Campaign request: the mapping. */
  about?: string;
}

function batchIdOf(call: TraceCall): string | undefined {
  return call.kind === 'upload' || call.kind === 'batch-action' || call.kind === 'batch-status' ? call.batchId : undefined;
}

export function groupExchanges(exchanges: readonly RedactedExchange[], profile: ProfileName): ExchangeGroup[] {
  const groups: ExchangeGroup[] = [];
  const byBatch = new Map<string, ExchangeGroup>();
  const byRequest = new Map<string, ExchangeGroup>();
  for (const exchange of exchanges) {
    const call = classify(traceEntry(exchange), profile);
    const body = bodyJson(exchange.response.body);
    const join = (group: ExchangeGroup) => {
      group.exchanges.push(exchange);
      group.calls.push(call);
    };
    const open = (kind: GroupKind, extra: Partial<ExchangeGroup> = {}): ExchangeGroup => {
      const group: ExchangeGroup = { kind, exchanges: [exchange], calls: [call], ...extra };
      groups.push(group);
      return group;
    };
    if (call.kind === 'create-batch') {
      const id = isObject(body) && typeof body['id'] === 'string' && exchange.response.status < 300 ? body['id'] : undefined;
      const request = bodyJson(exchange.request.body);
      const dataset = isObject(request) && typeof request['datasetId'] === 'string' ? request['datasetId'] : undefined;
      const group = open('batch', {
        ...(id !== undefined ? { flowing: { name: 'batchId', value: id, capturedAt: 0 } } : {}),
        ...(dataset !== undefined ? { about: dataset } : {}),
      });
      if (id !== undefined && !byBatch.has(id)) byBatch.set(id, group);
      continue;
    }
    const batchId = batchIdOf(call);
    if (batchId !== undefined) {
      const group = byBatch.get(batchId);
      if (group !== undefined) join(group);
      else byBatch.set(batchId, open('batch'));
      continue;
    }
    if (call.kind === 'campaign-trigger') {
      const requestId = isObject(body) && (typeof body['requestId'] === 'string' || typeof body['requestId'] === 'number') ? body['requestId'] : undefined;
      const known = requestId !== undefined ? byRequest.get(String(requestId)) : undefined;
      if (known !== undefined) {
        join(known);
        continue;
      }
      const group = open('campaign', { about: call.mappingId, ...(requestId !== undefined ? { flowing: { name: 'requestId', value: requestId, capturedAt: 0 } } : {}) });
      if (requestId !== undefined) byRequest.set(String(requestId), group);
      continue;
    }
    if (call.kind === 'campaign-status') {
      const group = call.requestId !== undefined ? byRequest.get(call.requestId) : undefined;
      if (group !== undefined) join(group);
      else open('campaign', { about: call.mappingId });
      continue;
    }
    open(streamingCall(exchange.request.method, new URL(exchange.request.url)) !== undefined ? 'streaming' : 'other');
  }
  return groups;
}
