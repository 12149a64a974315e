/**
 * Batch ingestion of one file, the way the batch overview lays it out: create a batch, upload the file,
 * signal COMPLETE, follow the status in the Catalog to a final one, and when the batch failed, read why.
 *
 * - `POST /batches` with `{datasetId, inputFormat: {format}}` (CREATE_BATCH_REQUEST; inputFormat is sent
 *   always, as the OpenAPI and the troubleshooting guide ask: batch.create.inputFormat). The answer, 201,
 *   gives the batch id in `id`. Creating is not repeated after a connection broke mid-call: the batch may
 *   exist already, and a second one would be left loading until abandoned.
 * - The upload (upload.ts); COMPLETE only once it succeeded (a batch completed without its file is
 *   ingested without it), and nothing uploaded after COMPLETE (the batch has left loading).
 * - An upload that fails for good is followed by ABORT, not COMPLETE: the batch is closed, not ingested
 *   half-full, and not left loading to be abandoned.
 * - COMPLETE is retried on 5xx, 429, network errors and timeouts: "if the operation succeeded, the API
 *   returns success again" (BATCH_COMPLETION.safeToRetry).
 * - COMPLETE accepts the batch for processing; it is not active until its status is final
 *   (BATCH_COMPLETION.acceptedNotActive): the Catalog is polled (poll.ts, batch-status.ts).
 * - A failed batch's failed output is read through the Data Access API (failed-records.ts).
 */
import { basename, extname } from 'node:path';
import { BATCH_BASE, BATCH_ENDPOINTS, MULTI_LINE_JSON, type BatchStatus, type InputFormat } from '../contract/batch.js';
import { catalogBatchUrl, readBatchPoll, type CatalogStatus } from './batch-status.js';
import { AepClientError } from './errors.js';
import { readFailedOutput, type FailedRecord } from './failed-records.js';
import { deliver, isSuccess, problemText, type Transport } from './http.js';
import { pollUntilFinal, type PollPolicy } from './poll.js';
import { openFileSource, uploadFile, type FileSource } from './upload.js';

export interface BatchFileOptions {
  datasetId: string;
  /** A path, or the bytes themselves. */
  file: string | Uint8Array;
  /** The file's name in the batch; default the path's base name (required for bytes). */
  name?: string;
  /** Default: from the name's extension (`.json`, `.ndjson`, `.jsonl` json; `.parquet`; `.csv`), else json. */
  format?: InputFormat;
  /** JSON documents over several lines (a JSON array, pretty-printed records): only with format json. */
  isMultiLineJson?: boolean;
}

export interface BatchResult {
  /** The batch id the create answer gave; undefined when no batch was created. */
  batchId?: string;
  name: string;
  format: InputFormat;
  /** Bytes and requests of the upload, once it succeeded. */
  uploaded?: { bytes: number; parts: number };
  completed: boolean;
  aborted: boolean;
  /** The final status in the overview's names (`active` is the Catalog's `success`), or the last one read. */
  status?: BatchStatus;
  /** The status as the Catalog wrote it. */
  statusAsWritten?: string;
  /** The Catalog's batch object at the end (errors, metrics…). */
  catalog?: Record<string, unknown>;
  /** For a failed batch: the failed files listed by the export API, and their records. */
  failedFiles: string[];
  failedRecords: FailedRecord[];
  /** Set when the client gave up or was refused; a batch that ended failed is a result, not an error. */
  error?: AepClientError;
}

export interface BatchTarget {
  transport: Transport;
  platformUrl: string;
  headers: (contentType?: 'application/json' | 'application/octet-stream') => Record<string, string>;
  thresholdBytes: number;
  partBytes: number;
  timeoutMs: number;
  uploadTimeoutMs: number;
  polling: PollPolicy;
}

const FORMAT_OF_EXTENSION: Record<string, InputFormat> = { '.json': 'json', '.ndjson': 'json', '.jsonl': 'json', '.parquet': 'parquet', '.csv': 'csv' };

/** The input format a file name's extension names; undefined for another extension. */
export function formatOfName(name: string): InputFormat | undefined {
  return FORMAT_OF_EXTENSION[extname(name).toLowerCase()];
}

function batchesUrl(platformUrl: string): string {
  return `${platformUrl.replace(/\/+$/, '')}${BATCH_BASE.path}${BATCH_ENDPOINTS.createBatch.path}`;
}

function batchActionUrl(platformUrl: string, batchId: string, action: 'COMPLETE' | 'ABORT'): string {
  return `${platformUrl.replace(/\/+$/, '')}${BATCH_BASE.path}${BATCH_ENDPOINTS.batchAction.path.replace('{BATCH_ID}', encodeURIComponent(batchId))}?action=${action}`;
}

export async function ingestBatchFile(target: BatchTarget, options: BatchFileOptions): Promise<BatchResult> {
  const name = options.name ?? (typeof options.file === 'string' ? basename(options.file) : '');
  const format = options.format ?? formatOfName(name) ?? 'json';
  const result: BatchResult = { name, format, completed: false, aborted: false, failedFiles: [], failedRecords: [] };
  const { transport } = target;
  if (name === '') return { ...result, error: new AepClientError('input', 'a file given as bytes needs a name') };
  if (options.datasetId === '') return { ...result, error: new AepClientError('input', 'no dataset id to ingest the file into') };
  if (options.isMultiLineJson === true && format !== MULTI_LINE_JSON.onlyWithFormat) {
    return { ...result, error: new AepClientError('input', `${MULTI_LINE_JSON.flag} applies only to format ${MULTI_LINE_JSON.onlyWithFormat}, not ${format}`) };
  }

  let source: FileSource;
  try {
    source = await openFileSource(options.file);
  } catch (error) {
    return { ...result, error: new AepClientError('input', `cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`) };
  }
  try {
    // 1. Create the batch.
    const inputFormat: Record<string, unknown> = { format };
    if (options.isMultiLineJson !== undefined) inputFormat[MULTI_LINE_JSON.flag] = options.isMultiLineJson;
    const created = await deliver(
      transport,
      { method: 'POST', url: batchesUrl(target.platformUrl), headers: target.headers('application/json'), body: JSON.stringify({ datasetId: options.datasetId, inputFormat }), timeoutMs: target.timeoutMs, label: 'create batch' },
      'connect',
    );
    if (created.kind === 'gave-up') return { ...result, error: new AepClientError('gave-up', created.reason, created.answer?.status) };
    const id = (created.answer.json as { id?: unknown } | undefined)?.id;
    if (!isSuccess(created.answer.status) || typeof id !== 'string' || id === '') {
      const text = problemText(created.answer);
      const kind = created.answer.status === 401 || created.answer.status === 403 ? 'unauthorized' : 'refused';
      return { ...result, error: new AepClientError(kind, `create batch: answered ${created.answer.status}${isSuccess(created.answer.status) ? ' without an id' : `: ${text}`}`, created.answer.status, text) };
    }
    result.batchId = id;
    transport.log(`batch ${id} created for dataset ${options.datasetId}`);

    // 2. Upload the file; on failure, ABORT rather than COMPLETE.
    const upload = await uploadFile(
      { transport, platformUrl: target.platformUrl, headers: target.headers, batchId: id, datasetId: options.datasetId, name, thresholdBytes: target.thresholdBytes, partBytes: target.partBytes, timeoutMs: target.uploadTimeoutMs },
      source,
    );
    if (!upload.ok) {
      const aborted = await deliver(transport, { method: 'POST', url: batchActionUrl(target.platformUrl, id, 'ABORT'), headers: target.headers(), timeoutMs: target.timeoutMs, label: `ABORT batch ${id}` }, 'always');
      result.aborted = aborted.kind === 'answered' && isSuccess(aborted.answer.status);
      if (result.aborted) result.status = 'aborted';
      const abortNote = result.aborted ? 'the batch was aborted' : `ABORT did not succeed either (${aborted.kind === 'gave-up' ? aborted.reason : `answered ${aborted.answer.status}`})`;
      return { ...result, error: new AepClientError(upload.status === 401 || upload.status === 403 ? 'unauthorized' : 'gave-up', `upload of ${name} failed: ${upload.reason}; ${abortNote}`, upload.status) };
    }
    result.uploaded = { bytes: upload.bytes, parts: upload.parts };

    // 3. COMPLETE, retried: documented as safe to retry.
    const complete = await deliver(transport, { method: 'POST', url: batchActionUrl(target.platformUrl, id, 'COMPLETE'), headers: target.headers(), timeoutMs: target.timeoutMs, label: `COMPLETE batch ${id}` }, 'always');
    if (complete.kind === 'gave-up') return { ...result, error: new AepClientError('gave-up', complete.reason, complete.answer?.status) };
    if (!isSuccess(complete.answer.status)) {
      const text = problemText(complete.answer);
      return { ...result, error: new AepClientError('refused', `COMPLETE batch ${id}: answered ${complete.answer.status}: ${text}`, complete.answer.status, text) };
    }
    result.completed = true;

    // 4. Follow the status to a final one.
    const polled = await pollUntilFinal<CatalogStatus>(
      transport,
      target.polling,
      () => ({ method: 'GET', url: catalogBatchUrl(target.platformUrl, id), headers: target.headers(), timeoutMs: target.timeoutMs, label: `status of batch ${id}` }),
      (answer) => readBatchPoll(answer, id),
    );
    if (polled.kind === 'stopped') return { ...result, ...(polled.lastStatus !== undefined ? { statusAsWritten: polled.lastStatus } : {}), error: polled.error };
    const final = polled.value;
    result.statusAsWritten = final.raw;
    result.catalog = final.batch;
    if (final.status !== undefined) result.status = final.status;
    transport.log(`batch ${id} ended ${final.raw}`);

    // 5. A failed batch says why only in its failed output.
    if (final.status === 'failed') {
      const output = await readFailedOutput({ transport, platformUrl: target.platformUrl, headers: target.headers(), timeoutMs: target.timeoutMs }, id);
      result.failedFiles = output.files;
      result.failedRecords = output.records;
      if (output.error !== undefined) result.error = output.error;
    }
    return result;
  } finally {
    await source.close();
  }
}
