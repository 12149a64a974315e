/**
 * Batch ingestion (`/data/foundation/import`): create a batch (and its replay form), upload files (one
 * PUT, or INITIALIZE + PATCH parts + COMPLETE), and the batch actions COMPLETE, ABORT, REVERT and FAIL.
 * Statuses change only through the life cycle (`batch-state.ts`); what a profile decides (action
 * spelling, ABORT and FAIL, the chunk threshold, answers) is read from the contract with `pickBatch`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ACTION_PARAMETER,
  BATCH_ACTIONS,
  BATCH_BASE,
  BATCH_ENDPOINTS,
  BATCH_LIMITS,
  CONTENT_RANGE,
  CREATE_BATCH_RESPONSE,
  FILE_ACTIONS,
  FILE_OBJECT,
  FILE_STATUS_RANGE,
  fileStatusRange,
  INPUT_FORMATS,
  MULTI_LINE_JSON,
  PARTIAL_INGESTION,
  RANGE_VALIDATION,
  REFUSED_ACTION,
  REPLAY_BATCH,
  parseContentRange,
  pickBatch,
  readAction,
  type BatchAction,
  type InputFormat,
} from '../../contract/batch.js';
import { SERVICE_ERROR } from '../../contract/gateway.js';
import { batchLifecycle, INITIAL_BATCH_STATUS } from '../../lifecycle/batch.js';
import type { Route } from '../app.js';
import { enqueueProcessing } from '../batch-processing.js';
import { applyEvent, currentBatch, withBatchLock, type ApiBatchRecord } from '../batch-state.js';
import { batchIngestionObject, createBatchAnswer } from '../batch-view.js';
import { previewBatch } from '../batch-preview.js';
import type { ServerContext } from '../context.js';
import { faultOf } from '../faults.js';
import type { PlatformCaller } from '../gateway-auth.js';
import { platformRoute, Refusal, type Params } from '../platform-route.js';
import { header, readBody, sendEmpty, sendJson } from '../http.js';
import { checkName } from '../store/index.js';

/** No source limits the create-batch body; a JSON body of a few fields, so 1 MB is the harness's ceiling. */
const JSON_BODY_LIMIT = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Content types and names.

/** The documented content type of a body; multipart (curl -F) is refused with the documented reason. */
function requireContentType(req: IncomingMessage, expected: 'application/json' | 'application/octet-stream'): void {
  const media = header(req, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (media === 'multipart/form-data') {
    throw new Refusal(
      400,
      `multipart/form-data is not accepted: the documentation says not to use curl -F, which sends a multi-part request incompatible with the API; send the ${expected === 'application/json' ? 'JSON body' : 'file bytes (curl --data-binary @FILE)'} with Content-Type: ${expected}`,
    );
  }
  // The documented service error for a missing or wrong content type, word for word.
  if (media !== expected) throw new Refusal(400, `${SERVICE_ERROR.example.detail} (${expected}${media === undefined ? '; none was sent' : `, not ${media}`})`);
}

function fileNameOf(params: Params): string {
  const name = params['*'] ?? '';
  if (name === '') throw new Refusal(400, 'the file name is missing: …/files/{FILE_NAME}');
  if (name.includes('/')) {
    throw new Refusal(400, `the file name "${name}" holds a "/": the reference server stores files without partition folders, and a name must not reach outside its batch`);
  }
  checkName('file name', name); // "..", "\\", NUL, drive paths: StoreError invalid-name, answered 400
  return name;
}

// ---------------------------------------------------------------------------------------------------------
// Batches as a caller sees them.

function notFound(batchId: string, caller: PlatformCaller): Refusal {
  return new Refusal(404, `batch ${batchId} was not found in org ${caller.org}, sandbox ${caller.sandbox}`);
}

/** The caller's API batch as it is now, under its lock; 404 for one of another org or sandbox. */
async function callerBatch(ctx: ServerContext, batchId: string, caller: PlatformCaller): Promise<ApiBatchRecord> {
  const batch = await currentBatch(ctx, batchId);
  if (batch === undefined || batch.imsOrg !== caller.org || batch.sandbox !== caller.sandbox) throw notFound(batchId, caller);
  if (batch.kind !== 'api') {
    throw new Refusal(400, `batch ${batchId} was written by streaming ingestion; the batch ingestion API acts only on batches created with POST ${BATCH_BASE.path}/batches`);
  }
  return batch;
}

/** Files may be added only while the batch is loading, and only to its dataset. */
function requireUploadable(batch: ApiBatchRecord, datasetId: string): void {
  if (batch.status !== INITIAL_BATCH_STATUS) {
    throw new Refusal(400, `batch ${batch.id} is ${batch.status}: files can be uploaded only while a batch is ${INITIAL_BATCH_STATUS} (before its COMPLETE or ABORT)`);
  }
  if (datasetId !== batch.datasetId) throw new Refusal(400, `batch ${batch.id} was created for dataset ${batch.datasetId}, not ${datasetId}`);
}

function requireRoomForFile(ctx: ServerContext, batch: ApiBatchRecord, name: string): void {
  const files = ctx.store.listFiles(batch.id);
  const known = files.some((f) => f.name === name) || (batch.largeFiles ?? []).some((f) => f.name === name);
  const count = new Set([...files.map((f) => f.name), ...(batch.largeFiles ?? []).map((f) => f.name)]).size;
  if (!known && count >= BATCH_LIMITS.filesPerBatch.value) throw new Refusal(400, `a batch holds at most ${BATCH_LIMITS.filesPerBatch.value} files; batch ${batch.id} is full`);
}

// ---------------------------------------------------------------------------------------------------------
// POST /batches

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJsonBody(req: IncomingMessage): Promise<Json> {
  requireContentType(req, 'application/json');
  const body = await readBody(req, JSON_BODY_LIMIT);
  if (!body.ok) throw new Refusal(413, `the request body is larger than ${JSON_BODY_LIMIT} bytes`, { Connection: 'close' });
  let root: unknown;
  try {
    root = JSON.parse(body.bytes.toString('utf8'));
  } catch {
    throw new Refusal(400, 'the request body is not JSON');
  }
  if (!isObject(root)) throw new Refusal(400, 'the request body must be a JSON object');
  return root;
}

function readInputFormat(body: Json, ctx: ServerContext): { inputFormat: ApiBatchRecord['inputFormat']; declared: boolean } {
  const raw = body['inputFormat'];
  if (raw === undefined) {
    const reading = pickBatch(ctx.profile, 'batch.create.inputFormat');
    if (reading.value === 'required') throw new Refusal(400, `inputFormat is required under the ${ctx.profile} profile: ${reading.note}`);
    // The overview creates a batch with datasetId alone; each file's format is then read from its content.
    return { inputFormat: { format: 'json' }, declared: false };
  }
  if (!isObject(raw)) throw new Refusal(400, 'inputFormat must be an object such as {"format": "json"}');
  const anyCase = pickBatch(ctx.profile, 'batch.inputFormat.case').value === 'any-case';
  const format = typeof raw['format'] === 'string' ? (anyCase ? raw['format'].toLowerCase() : raw['format']) : undefined;
  if (format === undefined || !Object.hasOwn(INPUT_FORMATS, format)) {
    const valid = Object.keys(INPUT_FORMATS).join(', ');
    throw new Refusal(400, `inputFormat.format must be one of ${valid}${anyCase ? ' (any case)' : ' (in lower case)'}; got ${JSON.stringify(raw['format'] ?? null)}`);
  }
  const multi = raw[MULTI_LINE_JSON.flag];
  if (multi !== undefined && typeof multi !== 'boolean') throw new Refusal(400, `inputFormat.${MULTI_LINE_JSON.flag} must be true or false`);
  if (multi === true && format !== MULTI_LINE_JSON.onlyWithFormat) {
    throw new Refusal(400, `inputFormat.${MULTI_LINE_JSON.flag} applies only to format ${MULTI_LINE_JSON.onlyWithFormat}, not ${format}`);
  }
  const inputFormat: ApiBatchRecord['inputFormat'] = { format: format as InputFormat };
  if (multi !== undefined) inputFormat.isMultiLineJson = multi;
  return { inputFormat, declared: true };
}

function readPartialIngestion(body: Json, ctx: ServerContext): Record<string, unknown> {
  const tags: Record<string, unknown> = {};
  const { fields } = PARTIAL_INGESTION;
  const diagnostics = body['enableErrorDiagnostics'];
  if (diagnostics !== undefined) {
    if (typeof diagnostics !== 'boolean') throw new Refusal(400, 'enableErrorDiagnostics must be true or false');
    tags[PARTIAL_INGESTION.tags.enableErrorDiagnostics] = diagnostics;
  }
  const percent = body['partialIngestionPercent'];
  if (percent !== undefined) {
    const { min, max } = fields.partialIngestionPercent;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < min || percent > max) {
      throw new Refusal(400, `partialIngestionPercent must be a number from ${min} to ${max}`);
    }
    tags[PARTIAL_INGESTION.tags.partialIngestionPercent] = percent;
  }
  for (const [misspelt, { means }] of Object.entries(PARTIAL_INGESTION.clientMisspellings)) {
    if (body[misspelt] === undefined) continue;
    // The platform ignores a name it does not know; the strict profile says so instead of ignoring it.
    if (ctx.profile === 'strict') throw new Refusal(400, `${misspelt} is not a documented field; did you mean ${means}?`);
    ctx.log(`create batch: ${misspelt} ignored (the documented field is ${means})`);
  }
  return tags;
}

function readReplay(body: Json, ctx: ServerContext, caller: PlatformCaller): ApiBatchRecord['replay'] {
  const raw = body[REPLAY_BATCH.field];
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw new Refusal(400, `${REPLAY_BATCH.field} must be an object such as ${JSON.stringify(REPLAY_BATCH.example.replay)}`);
  const [byId, byExternalId, reasonKey] = REPLAY_BATCH.properties;
  const reason = raw[reasonKey];
  if (typeof reason !== 'string' || reason === '') throw new Refusal(400, `${REPLAY_BATCH.field}.${reasonKey} must be a non-empty string`);
  const strings = (key: string): string[] | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
      throw new Refusal(400, `${REPLAY_BATCH.field}.${key} must be a non-empty array of strings`);
    }
    return value as string[];
  };
  const ids = strings(byId);
  const externalIds = strings(byExternalId);
  if (ids === undefined && externalIds === undefined) throw new Refusal(400, `${REPLAY_BATCH.field} must name the batches it replaces in ${byId} or ${byExternalId}`);
  const mine = ctx.store.listBatches().filter((b) => b.imsOrg === caller.org && b.sandbox === caller.sandbox) as ApiBatchRecord[];
  const predecessors: string[] = [];
  for (const given of ids ?? []) {
    // The OpenAPI asks client-supplied ids to be prefixed with "$"; the id is the rest.
    const id = given.startsWith(REPLAY_BATCH.clientIdPrefix) ? given.slice(REPLAY_BATCH.clientIdPrefix.length) : given;
    if (!mine.some((b) => b.id === id)) throw new Refusal(400, `${REPLAY_BATCH.field}.${byId}: batch ${given} does not exist`);
    predecessors.push(id);
  }
  for (const externalId of externalIds ?? []) {
    const found = mine.find((b) => b.externalId === externalId);
    if (found === undefined) throw new Refusal(400, `${REPLAY_BATCH.field}.${byExternalId}: no batch has the externalId ${externalId}`);
    predecessors.push(found.id);
  }
  return { predecessors, reason };
}

async function createBatch(req: IncomingMessage, res: ServerResponse, _params: Params, _query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const body = await readJsonBody(req);
  const datasetId = body['datasetId'];
  if (typeof datasetId !== 'string' || datasetId === '') throw new Refusal(400, 'datasetId is required: the id of the dataset the files are uploaded to');
  if (!ctx.world.datasets.some((d) => d.id === datasetId)) throw new Refusal(400, `dataset ${datasetId} does not exist`);
  const { inputFormat, declared } = readInputFormat(body, ctx);
  const tags = body['tags'];
  if (tags !== undefined && !isObject(tags)) throw new Refusal(400, 'tags must be an object');
  const externalId = body['externalId'];
  if (externalId !== undefined && typeof externalId !== 'string') throw new Refusal(400, 'externalId must be a string');
  const replay = readReplay(body, ctx, caller);

  const now = ctx.clock.now();
  const batch: ApiBatchRecord = {
    id: ctx.ids.catalogBatchId(),
    datasetId,
    imsOrg: caller.org,
    sandbox: caller.sandbox,
    status: INITIAL_BATCH_STATUS,
    inputFormat,
    inputFormatDeclared: declared,
    created: now,
    updated: now,
    createdUser: caller.user,
    updatedUser: caller.user,
    tags: { ...CREATE_BATCH_RESPONSE.initial.tags, ...(tags ?? {}), ...readPartialIngestion(body, ctx) },
    errors: [],
    metrics: {},
    kind: 'api',
    history: [{ status: INITIAL_BATCH_STATUS, at: now, event: 'create' }],
  };
  if (externalId !== undefined) batch.externalId = externalId;
  if (replay !== undefined) batch.replay = replay;
  await ctx.store.putBatch(batch);
  sendJson(res, BATCH_ENDPOINTS.createBatch.status, createBatchAnswer(batch, ctx.profile));
}

// ---------------------------------------------------------------------------------------------------------
// POST /batches/{BATCH_ID}?action=…

/** The batch actions this profile's life cycle has any edge for (FAIL only where the profile takes it). */
function validBatchActions(ctx: ServerContext): BatchAction[] {
  const { edges } = batchLifecycle(ctx.profile);
  return (Object.keys(BATCH_ACTIONS) as BatchAction[]).filter((a) => edges.some((e) => e.event === BATCH_ACTIONS[a].event));
}

function spellingNote(ctx: ServerContext): string {
  return pickBatch(ctx.profile, 'batch.action.case').value === 'uppercase' ? ' (in upper case)' : '';
}

function readBatchAction(query: URLSearchParams, ctx: ServerContext): BatchAction {
  const value = query.get(ACTION_PARAMETER);
  const valid = `${validBatchActions(ctx).join(', ')}${spellingNote(ctx)}`;
  if (value === null) {
    const plural = query.get(`${ACTION_PARAMETER}s`);
    if (plural !== null) throw new Refusal(400, `the query parameter is ${ACTION_PARAMETER}, not ${ACTION_PARAMETER}s (a slip of the older overview): ?${ACTION_PARAMETER}=${plural}`);
    throw new Refusal(400, `the ${ACTION_PARAMETER} query parameter is missing; valid batch actions: ${valid}`);
  }
  const action = readAction('batch', value, ctx.profile);
  if (action === undefined) throw new Refusal(400, `unknown batch action "${value}"; valid batch actions: ${valid}`);
  return action;
}

async function batchAction(req: IncomingMessage, res: ServerResponse, params: Params, query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const batchId = params['batchId'] ?? '';
  const action = readBatchAction(query, ctx);
  const event = BATCH_ACTIONS[action].event;
  const batch = await withBatchLock(ctx, batchId, async () => {
    const batch = await callerBatch(ctx, batchId, caller);
    if (action === 'COMPLETE' && batch.status === INITIAL_BATCH_STATUS && (batch.largeFiles ?? []).length > 0) {
      const names = (batch.largeFiles ?? []).map((f) => f.name).join(', ');
      throw new Refusal(400, `batch ${batchId} has large files initialized but not completed (${names}): complete each with POST …/files/{FILE_NAME}?action=COMPLETE first`);
    }
    const now = ctx.clock.now();
    const result = applyEvent(ctx, batch, event, now);
    if (!result.ok) throw new Refusal(REFUSED_ACTION.status, `${action} refused: ${result.reason}`);
    if (result.idempotent === true) return batch;
    batch.updatedUser = caller.user;
    if (event === 'complete') batch.started = now;
    await ctx.store.putBatch(batch);
    if (event === 'complete') enqueueProcessing(ctx, batchId, ctx.faults ? faultOf(req)?.batch : undefined);
    return batch;
  });
  if (pickBatch(ctx.profile, 'batch.action.responseBody').value === 'batch-object') {
    sendJson(res, BATCH_ENDPOINTS.batchAction.status, batchIngestionObject(batch, ctx.profile));
  } else sendEmpty(res, BATCH_ENDPOINTS.batchAction.status);
}

// ---------------------------------------------------------------------------------------------------------
// Files: PUT (small), POST ?action=INITIALIZE|COMPLETE, PATCH (parts).

async function uploadFile(req: IncomingMessage, res: ServerResponse, params: Params, _query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const batchId = params['batchId'] ?? '';
  const datasetId = params['datasetId'] ?? '';
  const name = fileNameOf(params);
  requireContentType(req, 'application/octet-stream');
  // Checked before the bytes are read, so a refused upload costs nothing; checked again before storing.
  await withBatchLock(ctx, batchId, async () => requireUploadable(await callerBatch(ctx, batchId, caller), datasetId));
  const threshold = pickBatch(ctx.profile, 'batch.chunkThreshold.bytes');
  const body = await readBody(req, threshold.value);
  if (!body.ok) {
    throw new Refusal(
      400,
      `the file is larger than ${threshold.value} bytes: a file over the threshold must be sent with the large-file upload (POST …/files/{FILE_NAME}?action=INITIALIZE, PATCH parts with Content-Range, POST …?action=COMPLETE). ${threshold.note}`,
      { Connection: 'close' },
    );
  }
  await withBatchLock(ctx, batchId, async () => {
    const batch = await callerBatch(ctx, batchId, caller);
    requireUploadable(batch, datasetId);
    requireRoomForFile(ctx, batch, name);
    await ctx.store.putFile(batchId, datasetId, name, body.bytes);
    // A whole file replaces a large upload of the same name.
    const before = batch.largeFiles?.length ?? 0;
    batch.largeFiles = (batch.largeFiles ?? []).filter((f) => !(f.datasetId === datasetId && f.name === name));
    if (batch.largeFiles.length !== before) await ctx.store.putBatch(batch);
  });
  sendEmpty(res, BATCH_ENDPOINTS.uploadFile.status);
}

async function fileAction(req: IncomingMessage, res: ServerResponse, params: Params, query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const batchId = params['batchId'] ?? '';
  const datasetId = params['datasetId'] ?? '';
  const name = fileNameOf(params);
  const value = query.get(ACTION_PARAMETER);
  const action = value === null ? undefined : readAction('file', value, ctx.profile);
  if (action === undefined) {
    const valid = `${Object.keys(FILE_ACTIONS).join(', ')}${spellingNote(ctx)}`;
    throw new Refusal(400, value === null ? `the ${ACTION_PARAMETER} query parameter is missing; valid file actions: ${valid}` : `unknown file action "${value}"; valid file actions: ${valid}`);
  }
  const status = await withBatchLock(ctx, batchId, async () => {
    const batch = await callerBatch(ctx, batchId, caller);
    requireUploadable(batch, datasetId);
    const large = batch.largeFiles ?? [];
    const entry = large.find((f) => f.datasetId === datasetId && f.name === name);
    if (action === 'INITIALIZE') {
      if (ctx.store.getFile(batchId, datasetId, name)?.state === 'complete') {
        throw new Refusal(400, `file ${name} is already complete in batch ${batchId}; a PUT replaces it`);
      }
      requireRoomForFile(ctx, batch, name);
      if (entry === undefined) {
        batch.largeFiles = [...large, { datasetId, name }];
        await ctx.store.putBatch(batch);
      }
      return { status: pickBatch(ctx.profile, 'batch.fileInitialize.status').value, size: ctx.store.getFile(batchId, datasetId, name)?.size ?? 0 };
    }
    const completeStatus = pickBatch(ctx.profile, 'batch.fileComplete.status').value;
    const file = ctx.store.getFile(batchId, datasetId, name);
    if (entry === undefined) {
      // Completing a file twice answers as the first time: the client may be retrying.
      if (file?.state === 'complete') return { status: completeStatus, size: file.size };
      throw new Refusal(400, `file ${name} was not initialized in batch ${batchId}: POST …/files/${name}?action=INITIALIZE first`);
    }
    const problem = rangeProblem(file?.ranges ?? [], entry.total);
    if (problem !== undefined) throw new Refusal(RANGE_VALIDATION.status, `file ${name} cannot be completed: ${problem}`);
    const completed = await ctx.store.completeFile(batchId, datasetId, name);
    batch.largeFiles = large.filter((f) => f !== entry);
    await ctx.store.putBatch(batch);
    return { status: completeStatus, size: completed.size };
  });
  sendFileAnswer(res, ctx, status.status, name, status.size);
}

/** The answer of a file INITIALIZE, PATCH or COMPLETE: empty, or the OpenAPI's File (batch.file.responseBody). */
function sendFileAnswer(res: ServerResponse, ctx: ServerContext, status: number, name: string, sizeInBytes: number, headers: Record<string, string> = {}): void {
  if (pickBatch(ctx.profile, 'batch.file.responseBody').value === 'file-object') {
    const [nameField, sizeField] = FILE_OBJECT.fields;
    sendJson(res, status, { [nameField]: name, [sizeField]: sizeInBytes }, headers);
  } else sendEmpty(res, status, headers);
}

// ---------------------------------------------------------------------------------------------------------
// HEAD …/files/{FILE_NAME}: the bytes received so far.

async function fileStatus(_req: IncomingMessage, res: ServerResponse, params: Params, _query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const batchId = params['batchId'] ?? '';
  const datasetId = params['datasetId'] ?? '';
  const name = fileNameOf(params);
  const range = await withBatchLock(ctx, batchId, async () => {
    const batch = await callerBatch(ctx, batchId, caller);
    if (datasetId !== batch.datasetId) throw new Refusal(FILE_STATUS_RANGE.notFoundStatus, `batch ${batch.id} was created for dataset ${batch.datasetId}, not ${datasetId}`);
    const file = ctx.store.getFile(batchId, datasetId, name);
    const initialized = (batch.largeFiles ?? []).some((f) => f.datasetId === datasetId && f.name === name);
    if (file === undefined && !initialized) throw new Refusal(FILE_STATUS_RANGE.notFoundStatus, `batch ${batchId} holds no file ${name}`);
    if (file === undefined) return undefined;
    return fileStatusRange(file.state === 'complete' && file.ranges.length === 0 ? (file.size > 0 ? [[0, file.size - 1]] : []) : file.ranges);
  });
  // HEAD answers headers only; Node leaves the body out of a HEAD answer by itself.
  sendEmpty(res, BATCH_ENDPOINTS.largeFileStatus.status, range === undefined ? {} : { [FILE_STATUS_RANGE.header]: range });
}

/** Gaps or overlaps between the parts received, found at completion as documented; undefined when they tile the file. */
function rangeProblem(ranges: readonly [number, number][], total: number | undefined): string | undefined {
  if (ranges.length === 0) return 'no part was received';
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const problems: string[] = [];
  let next = 0;
  for (const [start, end] of sorted) {
    if (start > next) problems.push(`gap: bytes ${next}-${start - 1} are missing`);
    else if (start < next) problems.push(`overlap: bytes ${start}-${Math.min(end, next - 1)} were sent twice`);
    next = Math.max(next, end + 1);
  }
  if (total !== undefined && next < total) problems.push(`gap: bytes ${next}-${total - 1} are missing (Content-Range declared ${total} bytes)`);
  return problems.length === 0 ? undefined : problems.join('; ');
}

async function uploadPart(req: IncomingMessage, res: ServerResponse, params: Params, _query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const batchId = params['batchId'] ?? '';
  const datasetId = params['datasetId'] ?? '';
  const name = fileNameOf(params);
  requireContentType(req, 'application/octet-stream');
  const rangeHeader = header(req, 'content-range');
  const range = rangeHeader === undefined ? undefined : parseContentRange(rangeHeader);
  if (range === undefined) {
    throw new Refusal(
      400,
      `${rangeHeader === undefined ? 'the Content-Range header is missing' : `Content-Range "${rangeHeader}" is not a byte range`}: send ${CONTENT_RANGE.documented.template} as ${CONTENT_RANGE.documented.placeholder}, e.g. "${CONTENT_RANGE.harnessReads.example}" (the last byte included)`,
    );
  }
  const span = range.end - range.start + 1;
  const { max } = BATCH_LIMITS.partRangeBytes;
  if (span > max) throw new Refusal(400, `a part may carry at most ${max} bytes; Content-Range "${rangeHeader}" names ${span}`);
  await withBatchLock(ctx, batchId, async () => requireUploadable(await callerBatch(ctx, batchId, caller), datasetId));
  const body = await readBody(req, span);
  if (!body.ok || body.bytes.length !== span) {
    throw new Refusal(400, `Content-Range "${rangeHeader}" names ${span} bytes but the body ${body.ok ? `has ${body.bytes.length}` : 'is longer'}`, body.ok ? {} : { Connection: 'close' });
  }
  const file = await withBatchLock(ctx, batchId, async () => {
    const batch = await callerBatch(ctx, batchId, caller);
    requireUploadable(batch, datasetId);
    const entry = (batch.largeFiles ?? []).find((f) => f.datasetId === datasetId && f.name === name);
    if (entry === undefined) throw new Refusal(400, `file ${name} was not initialized in batch ${batchId}: POST …/files/${name}?action=INITIALIZE before sending parts`);
    if (range.total !== undefined && entry.total !== undefined && range.total !== entry.total) {
      throw new Refusal(400, `Content-Range "${rangeHeader}" declares ${range.total} bytes, an earlier part declared ${entry.total}`);
    }
    const written = await ctx.store.writeChunk(batchId, datasetId, name, range.start, body.bytes);
    if (range.total !== undefined && entry.total === undefined) {
      entry.total = range.total;
      await ctx.store.putBatch(batch);
    }
    return written;
  });
  // The OpenAPI's PATCH 200 carries a Range header beside its File body.
  const received = fileStatusRange(file.ranges);
  sendFileAnswer(res, ctx, BATCH_ENDPOINTS.uploadFilePart.status, name, file.size, pickBatch(ctx.profile, 'batch.file.responseBody').value === 'file-object' && received !== undefined ? { [FILE_STATUS_RANGE.header]: received } : {});
}

const FILES = `${BATCH_BASE.path}/batches/:batchId/datasets/:datasetId/files/*`;

/**
 * PATCH /batches, as aepp's replayBatch sends it: the create-batch body with a replay object. Served as the
 * create it stands for where the profile takes batch.replay.method `post-or-patch`; 405 otherwise.
 */
async function replayWithPatch(req: IncomingMessage, res: ServerResponse, params: Params, query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const reading = pickBatch(ctx.profile, 'batch.replay.method');
  if (reading.value === 'post-only') throw new Refusal(405, `PATCH ${BATCH_BASE.path}/batches is not a documented call under the ${ctx.profile} profile: ${reading.note}`, { Allow: 'POST' });
  await createBatch(req, res, params, query, ctx, caller);
}

export const batchRoutes: Route[] = [
  { method: 'POST', path: `${BATCH_BASE.path}/batches`, handler: platformRoute(createBatch) },
  { method: 'PATCH', path: `${BATCH_BASE.path}/batches`, handler: platformRoute(replayWithPatch) },
  { method: 'HEAD', path: FILES, handler: platformRoute(fileStatus) },
  { method: 'GET', path: `${BATCH_BASE.path}/batches/:batchId/datasets/:datasetId/preview`, handler: platformRoute(previewBatch) },
  { method: 'POST', path: `${BATCH_BASE.path}/batches/:batchId`, handler: platformRoute(batchAction) },
  { method: 'PUT', path: FILES, handler: platformRoute(uploadFile) },
  { method: 'POST', path: FILES, handler: platformRoute(fileAction) },
  { method: 'PATCH', path: FILES, handler: platformRoute(uploadPart) },
];
