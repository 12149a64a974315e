/**
 * Where accepted streaming messages go. The tutorial: messages that pass the endpoint are validated
 * downstream; those that fail are collected in an "error" batch of their dataset, the others are ingested.
 * The reference server writes, per request and per dataset, one success batch and one error batch (when
 * each has messages), so every accepted message is in exactly one of them, found by its xactionId.
 */
import type { PredictedMessage, StreamingValidationError } from '../report/model.js';
import type { StreamingAnalyser } from '../rules/streaming/analyse.js';
import { asObject, own } from '../rules/streaming/context.js';
import type { ServerContext } from './context.js';
import type { BatchRecord } from './store/types.js';

export interface AcceptedMessage {
  xactionId: string;
  message: unknown;
  verdict: Extract<PredictedMessage, { outcome: 'accepted' }>;
  receivedTimeMs: number;
}

/** The stored form of one accepted message. */
export interface StreamedRecord {
  xactionId: string;
  receivedTimeMs: number;
  message: unknown;
  _validationErrors?: StreamingValidationError[];
}

/** The dataset a message goes to: its header's, or (docs profile) the first dataset of the header's schema. */
function datasetOf(analyser: StreamingAnalyser, message: unknown): string | undefined {
  const header = asObject(own(asObject(message), 'header'));
  const datasetId = own(header, 'datasetId');
  if (typeof datasetId === 'string' && analyser.world.dataset(datasetId)) return datasetId;
  const schemaId = own(asObject(own(header, 'schemaRef')), 'id');
  return analyser.world.world.datasets.find((d) => d.schema === schemaId)?.id;
}

export async function storeAccepted(ctx: ServerContext, analyser: StreamingAnalyser, accepted: readonly AcceptedMessage[]): Promise<void> {
  const groups = new Map<string, { pass: StreamedRecord[]; fail: StreamedRecord[] }>();
  for (const a of accepted) {
    const datasetId = datasetOf(analyser, a.message);
    if (datasetId === undefined) {
      ctx.log(`${a.xactionId}: accepted, but no dataset of the world takes its schema; not stored`);
      continue;
    }
    let group = groups.get(datasetId);
    if (group === undefined) groups.set(datasetId, (group = { pass: [], fail: [] }));
    const record: StreamedRecord = { xactionId: a.xactionId, receivedTimeMs: a.receivedTimeMs, message: a.message };
    if (a.verdict.streamingValidation.status === 'fail') {
      record._validationErrors = a.verdict.streamingValidation.errors;
      group.fail.push(record);
    } else group.pass.push(record);
  }
  const writes: Promise<void>[] = [];
  for (const [datasetId, group] of groups) {
    if (group.pass.length > 0) writes.push(writeBatch(ctx, analyser, datasetId, 'streaming-success', group.pass));
    if (group.fail.length > 0) writes.push(writeBatch(ctx, analyser, datasetId, 'streaming-error', group.fail));
  }
  await Promise.all(writes);
}

async function writeBatch(
  ctx: ServerContext,
  analyser: StreamingAnalyser,
  datasetId: string,
  kind: 'streaming-success' | 'streaming-error',
  records: StreamedRecord[],
): Promise<void> {
  const now = ctx.clock.now();
  const id = ctx.ids.catalogBatchId();
  const org = analyser.inlet.org;
  const failed = kind === 'streaming-error';
  const status = failed ? 'failed' : 'success';
  // Records first, then failed outputs, then the batch: a batch that is visible always has its records.
  await ctx.store.appendRecords(id, records);
  if (failed) {
    for (const r of records) {
      const body = { xactionId: r.xactionId, _validationErrors: r._validationErrors ?? [] };
      await ctx.store.putFailedOutput(id, `${r.xactionId.replace(/:/g, '-')}.json`, new TextEncoder().encode(JSON.stringify(body)));
    }
  }
  const batch: BatchRecord = {
    id,
    datasetId,
    imsOrg: org,
    sandbox: analyser.world.org(org)?.sandboxes[0] ?? 'prod',
    status,
    inputFormat: { format: 'json' },
    created: now,
    updated: now,
    createdUser: `streaming:${analyser.inlet.id}`,
    updatedUser: `streaming:${analyser.inlet.id}`,
    tags: { inletId: [analyser.inlet.id] },
    errors: [],
    metrics: {
      inputRecordCount: records.length,
      outputRecordCount: failed ? 0 : records.length,
      failedRecordCount: failed ? records.length : 0,
    },
    kind,
    history: [
      { status: 'loading', at: now, event: 'collect' },
      { status, at: now, event: failed ? 'validation-failed' : 'validation-passed' },
    ],
  };
  await ctx.store.putBatch(batch);
}
