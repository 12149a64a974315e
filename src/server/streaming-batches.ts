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
import type { BatchRecord, StreamedBatch } from './store/types.js';

export interface AcceptedMessage {
  xactionId: string;
  /** The parsed message (for its dataset) and where its bytes are in the request body. */
  message: unknown;
  start: number;
  end: number;
  verdict: Extract<PredictedMessage, { outcome: 'accepted' }>;
}

/** The stored form of one accepted message, as `readRecords` gives it back. */
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

/**
 * Stores what one request accepted, all of it or (when the promise rejects) none of it: one streamed
 * unit holding every batch it makes. Each record is a JSON text around the message's bytes as received
 * (`{"xactionId":…,"receivedTimeMs":…,"message":<the bytes>}`), so nothing of a message is re-serialised.
 */
export async function storeAccepted(ctx: ServerContext, analyser: StreamingAnalyser, body: Buffer, receivedTimeMs: number, accepted: readonly AcceptedMessage[]): Promise<void> {
  const groups = new Map<string, { pass: AcceptedMessage[]; fail: AcceptedMessage[] }>();
  for (const a of accepted) {
    const datasetId = datasetOf(analyser, a.message);
    if (datasetId === undefined) {
      ctx.log(`${a.xactionId}: accepted, but no dataset of the world takes its schema; not stored`);
      continue;
    }
    let group = groups.get(datasetId);
    if (group === undefined) groups.set(datasetId, (group = { pass: [], fail: [] }));
    if (a.verdict.streamingValidation.status === 'fail') group.fail.push(a);
    else group.pass.push(a);
  }
  const batches: StreamedBatch[] = [];
  for (const [datasetId, group] of groups) {
    if (group.pass.length > 0) batches.push(streamedBatch(ctx, analyser, body, receivedTimeMs, datasetId, 'streaming-success', group.pass));
    if (group.fail.length > 0) batches.push(streamedBatch(ctx, analyser, body, receivedTimeMs, datasetId, 'streaming-error', group.fail));
  }
  if (batches.length > 0) await ctx.store.appendStreamed({ batches });
}

function errorsOf(a: AcceptedMessage): StreamingValidationError[] {
  return a.verdict.streamingValidation.status === 'fail' ? a.verdict.streamingValidation.errors : [];
}

function streamedBatch(
  ctx: ServerContext,
  analyser: StreamingAnalyser,
  body: Buffer,
  receivedTimeMs: number,
  datasetId: string,
  kind: 'streaming-success' | 'streaming-error',
  records: readonly AcceptedMessage[],
): StreamedBatch {
  const now = ctx.clock.now();
  const id = ctx.ids.catalogBatchId();
  const org = analyser.inlet.org;
  const failed = kind === 'streaming-error';
  const status = failed ? 'failed' : 'success';
  // The record texts, back to back in one buffer: a prefix, the message's bytes, a suffix, a newline.
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  let length = 0;
  for (const r of records) {
    const prefix = `{"xactionId":${JSON.stringify(r.xactionId)},"receivedTimeMs":${receivedTimeMs},"message":`;
    const suffix = failed ? `,"_validationErrors":${JSON.stringify(errorsOf(r))}}\n` : '}\n';
    prefixes.push(prefix);
    suffixes.push(suffix);
    length += Buffer.byteLength(prefix) + (r.end - r.start) + Buffer.byteLength(suffix);
  }
  const texts = Buffer.allocUnsafe(length);
  const ends: number[] = [];
  let at = 0;
  for (const [i, r] of records.entries()) {
    at += texts.write(prefixes[i]!, at, 'utf8');
    at += body.copy(texts, at, r.start, r.end);
    at += texts.write(suffixes[i]!, at, 'utf8');
    ends.push(at);
  }
  const outputs = failed
    ? records.map((r) => ({ name: `${r.xactionId.replace(/:/g, '-')}.json`, bytes: Buffer.from(JSON.stringify({ xactionId: r.xactionId, _validationErrors: errorsOf(r) })) }))
    : [];
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
  return { batch, texts, ends, outputs };
}
