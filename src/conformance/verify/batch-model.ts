/**
 * A model-based test of the batch life cycle (fast-check commands): create, upload small (PUT), upload
 * chunked (INITIALIZE, PATCH parts with Content-Range, file COMPLETE), COMPLETE, ABORT, REVERT and the
 * Catalog status, run against the target in random orders. The model is the documented life cycle
 * (`batchLifecycle(profile)`), not any server's code: it keeps the set of statuses the batch may be in.
 * The platform moves a completed batch on by itself (loaded → staging → … → active), so after a client's
 * action the set is closed under the platform's own edges, and every status read must be in it.
 *
 * Invariants checked after every step: a batch is loading until COMPLETE; no file is accepted after
 * COMPLETE or ABORT; an action the life cycle refuses from every possible status is refused (ABORT after
 * loaded, under the profile's reading), and one it allows from every possible status is accepted (COMPLETE
 * again: idempotent); every status read is a legal successor of the last; REVERT of an active batch ends
 * inactive; a completed batch of valid files ends active, one without files or with an invalid record
 * failed. Chunked uploads with a gap or an overlap are refused when the file is completed, and a call
 * without a required header gets the gateway's documented error. A batch the model knows holds a record
 * with the documented violation, once read failed, has its failed files listed and read through the Data
 * Access API, in the documented shapes (export.failed).
 */
import fc from 'fast-check';
import type { BehaviourId } from '../../contract/behaviours.js';
import {
  BATCH_BASE,
  BATCH_ENDPOINTS,
  BATCH_EVENT_ACTORS,
  BATCH_FILE_STATUS_ENUM,
  BATCH_PREVIEW,
  BATCH_STATUSES,
  COMPLETED_STATUSES,
  FILE_OBJECT,
  FILE_STATUS_RANGE,
  RANGE_VALIDATION,
  batchAnswerStatus,
  canonicalBatchStatus,
  fileStatusRange,
  pickBatch,
  type BatchEvent,
  type BatchStatus,
} from '../../contract/batch.js';
import { BATCH_DATASET_FILES, CATALOG_BASE, EXPORT_BASE, GET_BATCH, LIST_BATCHES, METRICS_OF_OUTCOME } from '../../contract/catalog.js';
import { GATEWAY_ERRORS, gatewayErrorBody, type GatewayErrorKey } from '../../contract/gateway.js';
import { invalidRecord, streamableDatasets, type DocumentedViolation, type XdmEntity } from '../../generate/index.js';
import { batchLifecycle, INITIAL_BATCH_STATUS, isFinal, type BatchLifecycle } from '../../lifecycle/batch.js';
import { pause, type VerifyContext } from './context.js';
import { checkFailedFiles } from './failed-files.js';
import { fieldsOf, shown, type Answer } from './http.js';
import { CaseLog, type VerifyProperty } from './property.js';

export interface BatchModel {
  batchId: string;
  datasetId: string;
  /** Statuses the batch may be in now, by the documented life cycle and what was observed. */
  possible: Set<BatchStatus>;
  /** COMPLETE was answered success. */
  completed: boolean;
  /** COMPLETE or ABORT was answered success: no file may be accepted any more. */
  closed: boolean;
  /** REVERT was answered success and no status was read since. */
  reverted: boolean;
  aborted: boolean;
  /** Files fully uploaded (accepted). */
  files: number;
  /** Of those, files holding a record with a documented violation, with the violations they hold. */
  invalid: DocumentedViolation[];
  /** The failed files of the batch were read (once is enough: a failed batch stays failed). */
  failedFilesRead: boolean;
  /** Large files initialized whose completion was refused (their ranges did not tile them). */
  unfinished: number;
  /** Names given so far, so every upload is a new file. */
  names: number;
  /** Records of the files accepted so far (what a preview may show). */
  records: number;
  /** The outcome's metrics and listings were checked (once is enough: a final batch stays final). */
  outcomeRead: boolean;
}

export interface BatchReal {
  ctx: VerifyContext;
  log: CaseLog;
  lifecycle: BatchLifecycle;
}

type BatchCommand = fc.AsyncCommand<BatchModel, BatchReal>;

/**
 * The platform's own moves. Abandonment is left out of what the model expects: a batch is abandoned when
 * left loading longer than expected (hours), and a run lasts seconds; reading `abandoned` is still legal.
 */
function platformClosure(lifecycle: BatchLifecycle, from: Iterable<BatchStatus>): Set<BatchStatus> {
  const reached = new Set(from);
  const queue = [...reached];
  while (queue.length > 0) {
    const state = queue.shift()!;
    for (const edge of lifecycle.edges) {
      if (edge.from !== state || BATCH_EVENT_ACTORS[edge.event] !== 'platform' || edge.event === 'abandon' || reached.has(edge.to)) continue;
      reached.add(edge.to);
      queue.push(edge.to);
    }
  }
  return reached;
}

const IMPORT = BATCH_BASE.path;
const fill = (path: string, batchId: string, datasetId = '', name = '') =>
  path.replace('{BATCH_ID}', batchId).replace('{DATASET_ID}', datasetId).replace('{FILE_NAME}', encodeURIComponent(name));

/** Where the Catalog reads a batch's status. */
const statusPath = (batchId: string) => `${CATALOG_BASE.path}${fill(GET_BATCH.paths.plural.path, batchId)}`;

const ok = (answer: Answer) => answer.status >= 200 && answer.status < 300;
const refused = (answer: Answer) => answer.status >= 400 && answer.status < 500;

const ndjson = (records: readonly XdmEntity[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** What the life cycle says of a client action from every status the batch may be in. */
function expectAction(model: BatchModel, lifecycle: BatchLifecycle, event: BatchEvent): { expect: 'accepted' | 'refused' | 'either'; after: (accepted: boolean) => Set<BatchStatus> } {
  const outcomes = [...model.possible].map((state) => ({ state, result: lifecycle.transition(state, event) }));
  const allowed = outcomes.filter((o) => o.result.ok);
  const expect = allowed.length === outcomes.length ? 'accepted' : allowed.length === 0 ? 'refused' : 'either';
  return {
    expect,
    after: (accepted) =>
      platformClosure(
        lifecycle,
        accepted ? allowed.map((o) => (o.result.ok ? o.result.next : o.state)) : outcomes.filter((o) => !o.result.ok).map((o) => o.state),
      ),
  };
}

async function createBatch(real: BatchReal, datasetId: string): Promise<string> {
  const endpoint = BATCH_ENDPOINTS.createBatch;
  const answer = await real.ctx.http.call(endpoint.method, `${IMPORT}${endpoint.path}`, {
    body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }),
    headers: { 'Content-Type': 'application/json' },
  });
  const body = fieldsOf(answer.json);
  const id = body?.['id'];
  // Under a profile whose Batch answers take the batch file's enum, loading is shown as its word there.
  const initial = batchAnswerStatus(real.ctx.profile, INITIAL_BATCH_STATUS);
  real.log.require(
    'batch.create',
    answer.status === endpoint.status && typeof id === 'string' && id !== '' && body?.['status'] === initial,
    `${endpoint.method} ${IMPORT}${endpoint.path} for dataset ${datasetId}`,
    `${endpoint.status} with an id and status "${initial}"`,
    shown(answer, 200),
  );
  return id as string;
}

function freshModel(batchId: string, datasetId: string): BatchModel {
  return { batchId, datasetId, possible: new Set([INITIAL_BATCH_STATUS]), completed: false, closed: false, reverted: false, aborted: false, files: 0, invalid: [], failedFilesRead: false, unfinished: 0, names: 0, records: 0, outcomeRead: false };
}

class CreateBatch implements BatchCommand {
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const batchId = await createBatch(real, model.datasetId);
    Object.assign(model, freshModel(batchId, model.datasetId));
  }
  toString = () => 'createBatch';
}

/** Accepted while the batch is open, refused once COMPLETE or ABORT was accepted. */
function checkUpload(model: BatchModel, real: BatchReal, answer: Answer, behaviour: BehaviourId, subject: string, status: number): boolean {
  if (model.closed) {
    real.log.require('batch.upload.closed-after-complete', refused(answer), `${subject} after ${model.aborted ? 'ABORT' : 'COMPLETE'}`, 'a 4xx refusal', shown(answer, 200));
    return false;
  }
  real.log.require(behaviour, answer.status === status, subject, status, shown(answer, 200));
  return true;
}

/**
 * The gateway's documented answer to each required header left out (contract/gateway.ts: "No
 * Authorization header", "No x-api-key header", "the documented case is x-gw-ims-org-id").
 */
const MISSING_HEADER_ERRORS: Record<string, GatewayErrorKey> = {
  Authorization: 'tokenMissing',
  'x-api-key': 'apiKeyMissing',
  'x-gw-ims-org-id': 'headerMissing',
};

/** A status read without one required header: the gateway refuses it, and the batch is left as it was. */
class WithoutHeader implements BatchCommand {
  constructor(readonly header: string) {}
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const path = statusPath(model.batchId);
    const key = MISSING_HEADER_ERRORS[this.header]!;
    const answer = await real.ctx.http.call(GET_BATCH.method, path, { omit: [this.header] });
    const expected = GATEWAY_ERRORS[key];
    const body = fieldsOf(answer.json);
    real.log.require(
      'batch.gateway.headers',
      answer.status === expected.status && body?.['error_code'] === expected.errorCode && body?.['message'] === expected.message,
      `${GET_BATCH.method} ${path} without ${this.header}`,
      { status: expected.status, ...gatewayErrorBody(key) },
      shown(answer, 200),
    );
  }
  toString = () => `without(${this.header})`;
}

/** A small file of records; with `invalid`, the one at `invalid.at` breaks the schema the documented way. */
class UploadSmall implements BatchCommand {
  constructor(
    readonly records: readonly XdmEntity[],
    readonly invalid?: { violation: DocumentedViolation; at: number },
  ) {}
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const endpoint = BATCH_ENDPOINTS.uploadFile;
    const name = `part-${++model.names}.json`;
    const path = `${IMPORT}${fill(endpoint.path, model.batchId, model.datasetId, name)}`;
    // Records are validated after COMPLETE, not on upload: a file with an invalid record is accepted like any other.
    const answer = await real.ctx.http.call(endpoint.method, path, { body: ndjson(this.records), headers: { 'Content-Type': 'application/octet-stream' } });
    const invalid = this.invalid === undefined ? '' : `, record ${this.invalid.at} with ${this.invalid.violation.pointerToViolation} invalid`;
    if (checkUpload(model, real, answer, 'batch.upload.small', `${endpoint.method} ${path} (${this.records.length} records${invalid})`, endpoint.status)) {
      model.files += 1;
      model.records += this.records.length;
      if (this.invalid !== undefined) model.invalid.push(this.invalid.violation);
    }
  }
  toString = () =>
    this.invalid === undefined ? `uploadSmall(${this.records.length} records)` : `uploadInvalid(${this.records.length} records, invalid at ${this.invalid.at})`;
}

/** Valid records with the invalid one put at `at` (at most after the last). */
function withInvalid(valid: readonly XdmEntity[], invalid: XdmEntity, at: number): { records: XdmEntity[]; at: number } {
  const index = Math.min(at, valid.length);
  return { records: [...valid.slice(0, index), invalid, ...valid.slice(index)], at: index };
}

/** Chunk ranges that do not tile the file: a byte range left out, or sent twice. */
type RangeFlaw = 'gap' | 'overlap';

/** The inclusive byte ranges of the parts of a file, tiling it unless a flaw is asked for (between parts 0 and 1). */
function partRanges(length: number, parts: number, flaw?: RangeFlaw): [number, number][] {
  const size = Math.ceil(length / parts);
  const ranges: [number, number][] = [];
  for (let start = 0; start < length; start += size) ranges.push([start, Math.min(length, start + size) - 1]);
  if (flaw === 'gap' && ranges.length > 1) ranges[1]![0] += 1;
  if (flaw === 'overlap' && ranges.length > 1) ranges[1]![0] -= 1;
  return ranges;
}

/** Under a profile that answers the OpenAPI's File (batch.file.responseBody), its name and size; else an empty body. */
function checkFileBody(real: BatchReal, answer: Answer, name: string, sizeInBytes: number, subject: string): void {
  if (answer.status >= 300) return;
  if (pickBatch(real.ctx.profile, 'batch.file.responseBody').value !== 'file-object') {
    real.log.require('batch.upload.chunked', answer.text === '', `${subject}: body`, 'empty', shown(answer, 200));
    return;
  }
  const body = fieldsOf(answer.json);
  const [nameField, sizeField] = FILE_OBJECT.fields;
  real.log.require('batch.upload.chunked', body?.[nameField] === name && body?.[sizeField] === sizeInBytes, `${subject}: File body`, { [nameField]: name, [sizeField]: sizeInBytes }, shown(answer, 200));
}

class UploadChunked implements BatchCommand {
  constructor(
    readonly records: readonly XdmEntity[],
    readonly parts: number,
    readonly flaw?: RangeFlaw,
    /** One of the records breaks the schema the documented way. */
    readonly violation?: DocumentedViolation,
  ) {}
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const http = real.ctx.http;
    const name = `large-${++model.names}.json`;
    const path = `${IMPORT}${fill(BATCH_ENDPOINTS.initializeLargeFile.path, model.batchId, model.datasetId, name)}`;
    const init = BATCH_ENDPOINTS.initializeLargeFile;
    const profile = real.ctx.profile;
    const initAnswer = await http.call(init.method, path, { query: { action: init.action! } });
    const initStatus = pickBatch(profile, 'batch.fileInitialize.status').value;
    if (!checkUpload(model, real, initAnswer, 'batch.upload.chunked', `${init.method} ${path}?action=${init.action}`, initStatus)) return;
    checkFileBody(real, initAnswer, name, 0, `${init.method} ${path}?action=${init.action}`);
    const bytes = Buffer.from(ndjson(this.records), 'utf8');
    const sent: [number, number][] = [];
    for (const [start, end] of partRanges(bytes.length, this.parts, this.flaw)) {
      // Content-Range as the harness reads it (contract CONTENT_RANGE): inclusive end, total after the slash.
      const range = `bytes ${start}-${end}/${bytes.length}`;
      const part = BATCH_ENDPOINTS.uploadFilePart;
      const answer = await http.call(part.method, path, { body: bytes.subarray(start, end + 1), headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': range } });
      real.log.require('batch.upload.chunked', answer.status === part.status, `${part.method} ${path} Content-Range: ${range}`, part.status, shown(answer, 200));
      sent.push([start, end]);
    }
    // HEAD names what was received: every part sent, runs merged (FILE_STATUS_RANGE).
    const head = BATCH_ENDPOINTS.largeFileStatus;
    const status = await http.call(head.method, path);
    const expectedRange = fileStatusRange(sent);
    real.log.require(
      'batch.upload.file-status',
      status.status === head.status && status.headers?.[FILE_STATUS_RANGE.header.toLowerCase()] === expectedRange,
      `${head.method} ${path} after parts ${sent.map(([a, b]) => `${a}-${b}`).join(', ')}`,
      `${head.status} with ${FILE_STATUS_RANGE.header}: ${expectedRange ?? '(none)'}`,
      `${status.status} ${FILE_STATUS_RANGE.header}: ${status.headers?.[FILE_STATUS_RANGE.header.toLowerCase()] ?? '(none)'}`,
    );
    const complete = BATCH_ENDPOINTS.completeLargeFile;
    const completeStatus = pickBatch(profile, 'batch.fileComplete.status').value;
    const answer = await http.call(complete.method, path, { query: { action: complete.action! } });
    if (this.flaw !== undefined) {
      // Ranges are checked when the file is completed: a gap or an overlap is refused there, and the file is not in the batch.
      const subject = `${complete.method} ${path}?action=${complete.action} after parts with ${this.flaw === 'gap' ? 'a gap' : 'an overlap'}`;
      real.log.require('batch.upload.range-validation', answer.status === RANGE_VALIDATION.status, subject, RANGE_VALIDATION.status, shown(answer, 200));
      model.unfinished += 1;
      return;
    }
    real.log.require('batch.upload.chunked', answer.status === completeStatus, `${complete.method} ${path}?action=${complete.action}`, completeStatus, shown(answer, 200));
    checkFileBody(real, answer, name, bytes.length, `${complete.method} ${path}?action=${complete.action}`);
    model.files += 1;
    model.records += this.records.length;
    if (this.violation !== undefined) model.invalid.push(this.violation);
  }
  toString = () =>
    `uploadChunked(${this.records.length} records${this.violation === undefined ? '' : ', one invalid'}, ${this.parts} parts${this.flaw === undefined ? '' : `, ${this.flaw}`})`;
}

const ACTION_BEHAVIOUR: Record<'COMPLETE' | 'ABORT' | 'REVERT', BehaviourId> = { COMPLETE: 'batch.complete', ABORT: 'batch.abort', REVERT: 'batch.revert' };
const ACTION_EVENT: Record<'COMPLETE' | 'ABORT' | 'REVERT', BatchEvent> = { COMPLETE: 'complete', ABORT: 'abort', REVERT: 'revert' };

class BatchAction implements BatchCommand {
  constructor(readonly action: 'COMPLETE' | 'ABORT' | 'REVERT') {}
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const endpoint = BATCH_ENDPOINTS.batchAction;
    const path = `${IMPORT}${fill(endpoint.path, model.batchId)}`;
    const { expect: byLifecycle, after } = expectAction(model, real.lifecycle, ACTION_EVENT[this.action]);
    // No source says whether a batch completes with a large file left unfinished: either answer is allowed.
    const expect = this.action === 'COMPLETE' && model.unfinished > 0 && byLifecycle === 'accepted' ? 'either' : byLifecycle;
    const answer = await real.ctx.http.call(endpoint.method, path, { query: { action: this.action } });
    const behaviour = this.action === 'COMPLETE' && model.completed ? 'batch.complete.idempotent' : ACTION_BEHAVIOUR[this.action];
    const subject = `${endpoint.method} ${path}?action=${this.action} with the batch ${[...model.possible].join(' or ')}`;
    if (expect === 'accepted') real.log.require(behaviour, answer.status === endpoint.status, subject, endpoint.status, shown(answer, 200));
    else if (expect === 'refused') real.log.require(behaviour, refused(answer), subject, `a 4xx refusal (${real.ctx.profile} reading of the life cycle)`, shown(answer, 200));
    else real.log.require(behaviour, ok(answer) || refused(answer), subject, `${endpoint.status} or a 4xx refusal`, shown(answer, 200));
    const accepted = ok(answer);
    if (accepted && pickBatch(real.ctx.profile, 'batch.action.responseBody').value === 'batch-object') {
      // The Batch answer's status is a word of the profile's vocabulary (batch.response.status).
      const word = fieldsOf(answer.json)?.['status'];
      const vocabulary: readonly string[] = pickBatch(real.ctx.profile, 'batch.response.status').value === 'batch-file-enum' ? BATCH_FILE_STATUS_ENUM : BATCH_STATUSES;
      real.log.require(behaviour, typeof word === 'string' && vocabulary.includes(word), `${subject}: the batch object's status`, `one of ${vocabulary.join(', ')}`, shown(answer, 200));
    }
    // A COMPLETE refused for an unfinished file leaves the batch as it was.
    if (accepted || byLifecycle !== 'accepted') model.possible = after(accepted);
    if (!accepted) return;
    if (this.action === 'COMPLETE') model.completed = model.closed = true;
    if (this.action === 'ABORT') model.aborted = model.closed = true;
    if (this.action === 'REVERT') model.reverted = true;
  }
  toString = () => this.action.toLowerCase();
}

/** Reads are polled while the platform is still processing: at most this many, this far apart. */
const POLLS = 60;
const POLL_INTERVAL_MS = 25;

class ReadStatus implements BatchCommand {
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const path = statusPath(model.batchId);
    for (let poll = 0; poll < POLLS; poll++) {
      const answer = await real.ctx.http.call(GET_BATCH.method, path);
      const object = fieldsOf(fieldsOf(answer.json)?.[model.batchId]);
      const written = object?.['status'];
      const status = typeof written === 'string' ? canonicalBatchStatus(written) : undefined;
      real.log.require('catalog.batch.read', answer.status === GET_BATCH.status && status !== undefined, `${GET_BATCH.method} ${path}`, `${GET_BATCH.status}, keyed by ${model.batchId}, with a documented status`, shown(answer, 200));
      observe(model, real, status!, `${GET_BATCH.method} ${path} (read ${poll + 1})`);
      if ((status === 'failed' || status === 'active') && model.completed && !model.aborted && !model.outcomeRead) {
        model.outcomeRead = true;
        await checkOutcome(real, model, status, object ?? {});
      }
      // The platform lists the records it could not ingest once the batch failed: read them, once.
      if (status === 'failed' && model.invalid.length > 0 && !model.failedFilesRead) {
        model.failedFilesRead = true;
        await checkFailedFiles(real.ctx, real.log, model.batchId, model.invalid);
      }
      if (isFinal(status!) || status === 'loading' || status === 'stalled') return;
      await pause(real.ctx, POLL_INTERVAL_MS);
    }
  }
  toString = () => 'readStatus';
}

/**
 * What a final batch shows beside its status: metrics that agree with the outcome (a failed batch reports no
 * output, every record read as failed) and errors whose rows are strings; the Catalog's list finds it by
 * dataset and id; an active batch has one dataset file under the Data Access API, a failed one none.
 */
async function checkOutcome(real: BatchReal, model: BatchModel, status: 'active' | 'failed', object: Record<string, unknown>): Promise<void> {
  const { http } = real.ctx;
  const metrics = fieldsOf(object['metrics']) ?? {};
  const input = metrics['inputRecordCount'];
  const output = metrics['outputRecordCount'];
  const failedCount = metrics['failedRecordCount'];
  const subject = `${GET_BATCH.method} ${statusPath(model.batchId)} (${status})`;
  if (status === 'failed') {
    real.log.require('batch.metrics.agree', output === METRICS_OF_OUTCOME.failedBatchOutput && failedCount === input, `${subject}: metrics`, `outputRecordCount ${METRICS_OF_OUTCOME.failedBatchOutput}, failedRecordCount = inputRecordCount`, JSON.stringify(metrics));
  } else if (typeof input === 'number') {
    real.log.require('batch.metrics.agree', output === input && failedCount === 0, `${subject}: metrics`, 'every record read is output, none failed', JSON.stringify(metrics));
  }
  const errors = Array.isArray(object['errors']) ? (object['errors'] as unknown[]) : [];
  const rows = errors.flatMap((e) => (Array.isArray(fieldsOf(e)?.['rows']) ? (fieldsOf(e)!['rows'] as unknown[]) : []));
  real.log.require('batch.metrics.agree', rows.every((r) => typeof r === 'string' && /^\d+(-\d+)?$/.test(r)), `${subject}: errors[].rows`, 'strings: a row number or a hyphen-delimited range', JSON.stringify(rows));

  const listPath = `${CATALOG_BASE.path}${LIST_BATCHES.path}`;
  const listed = await http.call(LIST_BATCHES.method, listPath, { query: { dataSet: model.datasetId, batch: model.batchId } });
  const keys = Object.keys(fieldsOf(listed.json) ?? {});
  real.log.require('catalog.batches.list', listed.status === LIST_BATCHES.status && keys.length === 1 && keys[0] === model.batchId, `${LIST_BATCHES.method} ${listPath}?dataSet=${model.datasetId}&batch=${model.batchId}`, `${LIST_BATCHES.status}, keyed by ${model.batchId} alone`, shown(listed, 200));

  const filesPath = `${EXPORT_BASE.path}${BATCH_DATASET_FILES.path.replace('{BATCH_ID}', model.batchId)}`;
  const files = await http.call(BATCH_DATASET_FILES.method, filesPath);
  const data = fieldsOf(files.json)?.['data'];
  const expected = status === 'active' ? 1 : 0;
  real.log.require('export.dataset-files', files.status === BATCH_DATASET_FILES.status && Array.isArray(data) && data.length === expected, `${BATCH_DATASET_FILES.method} ${filesPath} (${status})`, `${BATCH_DATASET_FILES.status} with ${expected} dataset file${expected === 1 ? '' : 's'}`, shown(files, 200));
}

/** The preview of what was uploaded so far: one row per record, at most BATCH_PREVIEW.maxRows. */
class Preview implements BatchCommand {
  check = () => true;
  async run(model: BatchModel, real: BatchReal): Promise<void> {
    const endpoint = BATCH_ENDPOINTS.previewBatch;
    const path = `${IMPORT}${fill(endpoint.path, model.batchId, model.datasetId)}`;
    const answer = await real.ctx.http.call(endpoint.method, path, { query: { format: 'json' } });
    const preview = fieldsOf(fieldsOf(answer.json)?.['preview']);
    const rows = preview?.['rows'];
    const expected = Math.min(model.records, BATCH_PREVIEW.maxRows.value);
    real.log.require(
      'batch.preview',
      answer.status === endpoint.status && Array.isArray(rows) && rows.length === expected && Array.isArray(preview?.['columns']),
      `${endpoint.method} ${path}?format=json after ${model.records} records uploaded`,
      `${endpoint.status} with columns and ${expected} rows`,
      shown(answer, 200),
    );
  }
  toString = () => 'preview';
}

function observe(model: BatchModel, real: BatchReal, status: BatchStatus, subject: string): void {
  const log = real.log;
  // The more specific invariant first: a completed-only status before COMPLETE is also an illegal step.
  if (!model.completed) {
    log.require('batch.status.loading-until-complete', !COMPLETED_STATUSES.includes(status), `${subject}: before COMPLETE`, 'loading (or aborted)', status);
  }
  const legal = model.possible.has(status) || (status === 'abandoned' && model.possible.has('loading'));
  log.require('batch.status.legal-transitions', legal, `${subject}: status "${status}"`, [...model.possible].join(' or '), status);
  if (model.reverted) log.require('batch.revert', status === 'inactive' || status === 'deleted', `${subject}: after REVERT`, 'inactive', status);
  if (model.completed && !model.aborted && !model.reverted && (status === 'active' || status === 'failed')) {
    // "A batch with invalid records ends failed" (batch-overview, Batch ingestion statuses): no partial ingestion is asked for.
    const expected: BatchStatus = model.files > 0 && model.invalid.length === 0 ? 'active' : 'failed';
    const files = `${model.files - model.invalid.length} valid files${model.invalid.length > 0 ? `, ${model.invalid.length} with an invalid record` : ''}`;
    log.require('batch.processing.outcome', status === expected, `${subject}: ${files}`, expected, status);
  }
  model.possible = platformClosure(real.lifecycle, [status]);
  model.reverted = model.reverted && status !== 'inactive' && status !== 'deleted';
}

function batchCommands(ctx: VerifyContext, replayPath?: string): fc.Arbitrary<Iterable<BatchCommand>> {
  const target = streamableDatasets(ctx.world)[0];
  if (target === undefined) throw new Error(`the world (${ctx.world.source}) has no dataset whose schema is an ExperienceEvent or a Profile schema`);
  const records = fc.array(target.entity(), { minLength: 1, maxLength: 3 });
  // A file with one record the schema refuses the documented way, when the dataset's schema admits that violation.
  const invalid = invalidRecord(target);
  const mixed = invalid === undefined ? undefined : fc.tuple(fc.array(target.entity(), { maxLength: 2 }), invalid, fc.nat({ max: 2 }));
  const invalidUploads =
    mixed === undefined
      ? []
      : [
          mixed.map(([valid, { record, violation }, at]) => {
            const file = withInvalid(valid, record, at);
            return new UploadSmall(file.records, { violation, at: file.at });
          }),
          fc.tuple(mixed, fc.integer({ min: 2, max: 3 })).map(([[valid, { record, violation }, at], parts]) => new UploadChunked(withInvalid(valid, record, at).records, parts, undefined, violation)),
        ];
  return fc.commands(
    [
      fc.constant(new CreateBatch()),
      records.map((r) => new UploadSmall(r)),
      fc.tuple(records, fc.integer({ min: 2, max: 3 })).map(([r, parts]) => new UploadChunked(r, parts)),
      fc.tuple(records, fc.integer({ min: 2, max: 3 }), fc.constantFrom<RangeFlaw>('gap', 'overlap')).map(([r, parts, flaw]) => new UploadChunked(r, parts, flaw)),
      fc.constant(new BatchAction('COMPLETE')),
      fc.constant(new BatchAction('ABORT')),
      fc.constant(new BatchAction('REVERT')),
      fc.constant(new ReadStatus()),
      fc.constant(new Preview()),
      fc.constantFrom(...Object.keys(MISSING_HEADER_ERRORS)).map((header) => new WithoutHeader(header)),
      ...invalidUploads,
    ],
    { maxCommands: 12, ...(replayPath !== undefined ? { replayPath } : {}) },
  );
}

/** Each case is one batch's life (a dozen calls): half the runs asked for, at least five. */
export function batchRuns(runs: number): number {
  return Math.max(5, Math.ceil(runs / 2));
}

export function batchLifecycleProperty(ctx: VerifyContext): VerifyProperty<Iterable<BatchCommand>> {
  const lifecycle = batchLifecycle(ctx.profile);
  const datasetId = streamableDatasets(ctx.world)[0]?.dataset.id ?? '';
  return {
    name: 'batch.life-cycle',
    group: 'batch',
    behaviour: 'batch.status.legal-transitions',
    runs: batchRuns(ctx.runs),
    arbitrary: batchCommands(ctx),
    replaying: (replayPath) => batchCommands(ctx, replayPath),
    async examine(commands, log) {
      const real: BatchReal = { ctx, log, lifecycle };
      const batchId = await createBatch(real, datasetId);
      // Commands change the model in place, so it is still this object when the run ends.
      const model = freshModel(batchId, datasetId);
      await fc.asyncModelRun(() => ({ model, real }), commands);
      // Every run ends with a read, so the statuses its last actions led to are checked too.
      await new ReadStatus().run(model, real);
    },
    summarise: (commands) => String(commands),
  };
}
