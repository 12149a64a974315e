/**
 * The Data Access API (`/data/foundation/export`):
 * - `GET /batches/{BATCH_ID}/failed` lists the failed files (`{data: [{name, length, _links: {self: {href}}}],
 *   _page: {limit, count}}`, at most 100 an answer, paged with `start` and `limit`), `…?path={FILE}` gives one;
 * - `GET /batches/{BATCH_ID}/meta?path=row_errors` lists the row-level error files of a batch created with
 *   error diagnostics, `…?path=row_errors/{FILE}` gives one (ROW_ERROR_FILES);
 * - `GET /batches/{BATCH_ID}/files` lists the batch's dataset files (BATCH_DATASET_FILES);
 * - `GET /files/{DATASET_FILE_ID}` lists a dataset file's files, `…?path={FILE}` gives its bytes (206 for a
 *   `Range`), `HEAD …?path={FILE}` its headers (DATASET_FILE).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalBatchStatus, INPUT_FORMATS, type InputFormat } from '../../contract/batch.js';
import { BATCH_DATASET_FILES, DATASET_FILE, DATASET_PREVIEW, EXPORT_BASE, FAILED_BATCH_FILE, FAILED_BATCH_FILES, ROW_ERROR_FILES, ROW_ERRORS } from '../../contract/catalog.js';
import type { Route } from '../app.js';
import type { ApiBatchRecord } from '../batch-state.js';
import { asText, leaves } from '../batch-preview.js';
import { formatOfFile, readFileRecords } from '../batch-records.js';
import type { ServerContext } from '../context.js';
import type { PlatformCaller } from '../gateway-auth.js';
import { header, sendJson } from '../http.js';
import { platformRoute, Refusal, type PlatformHandler } from '../platform-route.js';
import { visibleBatch } from './catalog.js';

const route = (template: string): string => `${EXPORT_BASE.path}${template.replace('{BATCH_ID}', ':batchId').replace('{DATASET_FILE_ID}', ':fileId')}`;

function count(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Refusal(400, `${name} must be an integer from 0 to ${max}`);
  return value;
}

/** A link on the host the client called (the docs show the platform's own host). */
function href(req: IncomingMessage, path: string, query: Record<string, string>): string {
  const host = header(req, 'host') ?? 'localhost';
  return `http://${host}${EXPORT_BASE.path}${path}?${new URLSearchParams(query).toString()}`;
}

interface NamedFile {
  name: string;
  length: number;
}

/** The listing shape the failed, meta and file listings share, one page of it. */
function listing(files: readonly NamedFile[], query: URLSearchParams, link: (name: string) => string): Record<string, unknown> {
  const { limit: maxLimit } = FAILED_BATCH_FILES.listing.page;
  const limit = count(query, 'limit', maxLimit, FAILED_BATCH_FILES.maxFilesPerAnswer);
  const start = count(query, 'start', 0, Number.MAX_SAFE_INTEGER);
  const page = files.slice(start, start + limit);
  return {
    data: page.map((file) => ({
      name: file.name,
      // The Data Access OpenAPI types length as a string, as its examples write it.
      length: FAILED_BATCH_FILES.listing.lengthType === 'string' ? String(file.length) : file.length,
      _links: { self: { href: link(file.name) } },
    })),
    _page: { limit, count: page.length },
  };
}

function sendBytes(res: ServerResponse, status: number, bytes: Uint8Array, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

// ---------------------------------------------------------------------------------------------------------
// Failed files

const failedFiles: PlatformHandler = async (req, res, params, query, ctx, caller) => {
  const batch = await visibleBatch(ctx, params['batchId'] ?? '', caller);
  const path = query.get(FAILED_BATCH_FILE.query);
  if (path !== null && path !== '') {
    const bytes = await ctx.store.readFailedOutput(batch.id, path);
    if (bytes === undefined) throw new Refusal(404, `batch ${batch.id} has no failed file ${JSON.stringify(path)}`);
    sendBytes(res, FAILED_BATCH_FILES.status, bytes, 'application/json');
    return;
  }
  const link = (name: string) => href(req, FAILED_BATCH_FILES.path.replace('{BATCH_ID}', encodeURIComponent(batch.id)), { [FAILED_BATCH_FILE.query]: name });
  sendJson(res, FAILED_BATCH_FILES.status, listing(ctx.store.listFailedOutputs(batch.id), query, link));
};

// ---------------------------------------------------------------------------------------------------------
// Row-level errors (meta)

interface FailedOutputBody {
  _filename?: string;
  _row?: number;
  _corrupt_record?: string;
  _validationErrors?: { message?: string }[];
}

function declaredFormat(batch: ApiBatchRecord): InputFormat | undefined {
  const format = batch.inputFormat.format.toLowerCase();
  return batch.inputFormatDeclared !== false && Object.hasOwn(INPUT_FORMATS, format) ? (format as InputFormat) : undefined;
}

/** The row-error files of a batch, built from its failed records; none unless it asked for error diagnostics. */
async function rowErrorFiles(ctx: ServerContext, batch: ApiBatchRecord): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  if (batch.tags[ROW_ERROR_FILES.needsTag] !== true) return files;
  const parsing: string[] = [];
  const conversion: string[] = [];
  const sources = new Map<string, Map<number, string>>();
  for (const { name } of ctx.store.listFailedOutputs(batch.id)) {
    const bytes = await ctx.store.readFailedOutput(batch.id, name);
    if (bytes === undefined) continue;
    const body = JSON.parse(Buffer.from(bytes).toString('utf8')) as FailedOutputBody;
    const filename = body._filename ?? '';
    const errors = (body._validationErrors ?? []).map((e) => ({ code: body._corrupt_record !== undefined ? ROW_ERROR_FILES.parsingCode : ROW_ERROR_FILES.conversionCode, message: e.message ?? '' }));
    if (body._corrupt_record !== undefined) {
      parsing.push(JSON.stringify({ _corrupt_record: body._corrupt_record, _errors: errors, _filename: filename }));
      continue;
    }
    // A record that parsed but did not conform: its text, read back from the uploaded file.
    let rows = sources.get(filename);
    if (rows === undefined) {
      rows = new Map();
      sources.set(filename, rows);
      try {
        const content = await ctx.store.readFile(batch.id, batch.datasetId, filename);
        const reading = await readFileRecords(filename, content, formatOfFile(content, declaredFormat(batch)), {
          isMultiLineJson: batch.inputFormat.isMultiLineJson === true,
          schema: undefined,
        });
        if (reading.ok) for (const record of reading.records) rows.set(record.row, 'corrupt' in record ? record.corrupt : JSON.stringify(record.value));
      } catch {
        // The upload is gone (a streaming batch has none): the row is named without its text.
      }
    }
    conversion.push(JSON.stringify({ _corrupt_record: rows.get(body._row ?? -1) ?? '', _errors: errors, _filename: filename }));
  }
  const asFile = (lines: string[]) => new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
  if (parsing.length > 0) files.set(ROW_ERROR_FILES.parsing, asFile(parsing));
  if (conversion.length > 0) files.set(ROW_ERROR_FILES.conversion, asFile(conversion));
  return files;
}

const meta: PlatformHandler = async (req, res, params, query, ctx, caller) => {
  const batch = await visibleBatch(ctx, params['batchId'] ?? '', caller);
  const path = query.get(Object.keys(ROW_ERRORS.listQuery)[0] ?? 'path') ?? '';
  const files = await rowErrorFiles(ctx, batch);
  const folder = ROW_ERROR_FILES.folder;
  const link = (name: string) => href(req, ROW_ERRORS.path.replace('{BATCH_ID}', encodeURIComponent(batch.id)), { path: name });
  if (path === '') {
    // The meta folder itself: its row_errors folder, when there is one.
    const size = [...files.values()].reduce((n, b) => n + b.length, 0);
    sendJson(res, 200, listing(files.size === 0 ? [] : [{ name: folder, length: size }], query, link));
    return;
  }
  if (path === folder || path === `${folder}/`) {
    sendJson(res, 200, listing([...files].map(([name, bytes]) => ({ name: `${folder}/${name}`, length: bytes.length })), query, link));
    return;
  }
  const name = path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : path;
  const bytes = files.get(name);
  if (bytes === undefined) throw new Refusal(ROW_ERROR_FILES.notFoundStatus, `batch ${batch.id} has no meta file ${JSON.stringify(path)}${files.size === 0 ? ' (row errors are kept for batches created with enableErrorDiagnostics: true)' : ''}`);
  sendBytes(res, 200, bytes, 'application/json');
};

// ---------------------------------------------------------------------------------------------------------
// Dataset files

/** A promoted batch has one dataset file, `{BATCH_ID}-1`, holding its records as single-line JSON. */
const DATASET_FILE_SUFFIX = '-1';
const DATA_FILE_NAME = 'part-00000.json';

/**
 * The records a batch ingested, as the dataset holds them: an API batch's records as uploaded; a streaming
 * batch keeps each accepted message, whose xdmEntity is the record.
 */
async function ingestedRecords(ctx: ServerContext, batch: { id: string; kind: ApiBatchRecord['kind'] }): Promise<unknown[]> {
  const records = await ctx.store.readRecords(batch.id);
  if (batch.kind === 'api') return records;
  const entity = (value: unknown): unknown => {
    const object = value as { message?: { body?: { xdmEntity?: unknown } }; body?: { xdmEntity?: unknown } } | null;
    return object?.message?.body?.xdmEntity ?? object?.body?.xdmEntity ?? value;
  };
  return records.map(entity);
}

async function promotedRecords(ctx: ServerContext, batch: ApiBatchRecord): Promise<Uint8Array | undefined> {
  if (canonicalBatchStatus(batch.status) !== 'active') return undefined;
  const records = await ingestedRecords(ctx, batch);
  return new TextEncoder().encode(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

const batchFiles: PlatformHandler = async (req, res, params, query, ctx, caller) => {
  const batch = await visibleBatch(ctx, params['batchId'] ?? '', caller);
  const bytes = await promotedRecords(ctx, batch);
  const limit = count(query, 'limit', BATCH_DATASET_FILES.page.limit, BATCH_DATASET_FILES.page.limit);
  const start = count(query, 'start', 0, Number.MAX_SAFE_INTEGER);
  const records = bytes === undefined ? 0 : (await ingestedRecords(ctx, batch)).length;
  const id = `${batch.id}${DATASET_FILE_SUFFIX}`;
  const host = header(req, 'host') ?? 'localhost';
  const all =
    bytes === undefined
      ? []
      : [
          {
            dataSetFileId: id,
            dataSetViewId: batch.datasetId,
            version: '1.0.0',
            // The OpenAPI types these four as strings.
            created: String(batch.completed ?? batch.updated),
            updated: String(batch.updated),
            records: String(records),
            size: String(bytes.length),
            isValid: true,
            _links: { self: { href: `http://${host}${EXPORT_BASE.path}/files/${encodeURIComponent(id)}` } },
          },
        ];
  const page = all.slice(start, start + limit);
  sendJson(res, BATCH_DATASET_FILES.status, { data: page, _page: { limit, count: page.length } });
};

/** The dataset file's batch and bytes; 404 for an id that names no promoted batch of the caller. */
async function datasetFile(ctx: ServerContext, fileId: string, caller: PlatformCaller): Promise<{ batch: ApiBatchRecord; bytes: Uint8Array }> {
  const missing = new Refusal(DATASET_FILE.notFoundStatus, `dataset file ${fileId} was not found`);
  if (!fileId.endsWith(DATASET_FILE_SUFFIX)) throw missing;
  let batch: ApiBatchRecord;
  try {
    batch = await visibleBatch(ctx, fileId.slice(0, -DATASET_FILE_SUFFIX.length), caller);
  } catch {
    throw missing;
  }
  const bytes = await promotedRecords(ctx, batch);
  if (bytes === undefined) throw missing;
  return { batch, bytes };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` (RFC 9110 14.1.2), one range; undefined when unsatisfiable. */
function byteRange(value: string, length: number): [number, number] | undefined | 'unsupported' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (m === null || (m[1] === '' && m[2] === '')) return 'unsupported';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || length === 0) return undefined;
    return [Math.max(0, length - suffix), length - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? length - 1 : Math.min(Number(m[2]), length - 1);
  if (start >= length || end < start) return undefined;
  return [start, end];
}

const getFile: PlatformHandler = async (req, res, params, query, ctx, caller) => {
  const fileId = params['fileId'] ?? '';
  const { bytes } = await datasetFile(ctx, fileId, caller);
  const path = query.get('path') ?? '';
  const link = (name: string) => href(req, `/files/${encodeURIComponent(fileId)}`, { path: name });
  if (path === '') {
    sendJson(res, DATASET_FILE.status, listing([{ name: DATA_FILE_NAME, length: bytes.length }], query, link));
    return;
  }
  if (path !== DATA_FILE_NAME) throw new Refusal(DATASET_FILE.notFoundStatus, `dataset file ${fileId} has no file ${JSON.stringify(path)}`);
  const range = header(req, 'range');
  if (range === undefined) return sendBytes(res, DATASET_FILE.status, bytes, DATASET_FILE.contentType, { 'Accept-Ranges': DATASET_FILE.acceptRanges });
  const span = byteRange(range, bytes.length);
  if (span === 'unsupported') return sendBytes(res, DATASET_FILE.status, bytes, DATASET_FILE.contentType, { 'Accept-Ranges': DATASET_FILE.acceptRanges });
  if (span === undefined) throw new Refusal(DATASET_FILE.unsatisfiableStatus, `Range ${JSON.stringify(range)} is outside the file's ${bytes.length} bytes`, { 'Content-Range': `bytes */${bytes.length}` });
  const [start, end] = span;
  sendBytes(res, DATASET_FILE.partialStatus, bytes.subarray(start, end + 1), DATASET_FILE.contentType, {
    'Accept-Ranges': DATASET_FILE.acceptRanges,
    'Content-Range': `bytes ${start}-${end}/${bytes.length}`,
  });
};

const headFile: PlatformHandler = async (_req, res, params, query, ctx, caller) => {
  const fileId = params['fileId'] ?? '';
  const { bytes } = await datasetFile(ctx, fileId, caller);
  const path = query.get('path') ?? '';
  if (path === '') throw new Refusal(400, 'HEAD of a dataset file needs ?path={FILE}, the file inside it (the OpenAPI marks path required)');
  if (path !== DATA_FILE_NAME) throw new Refusal(DATASET_FILE.notFoundStatus, `dataset file ${fileId} has no file ${JSON.stringify(path)}`);
  res.writeHead(DATASET_FILE.status, { 'Accept-Ranges': DATASET_FILE.acceptRanges, 'Content-Length': bytes.length, 'Content-Type': DATASET_FILE.contentType });
  res.end();
};

// ---------------------------------------------------------------------------------------------------------
// A dataset's preview

const datasetPreview: PlatformHandler = async (_req, res, params, _query, ctx, caller) => {
  const datasetId = params['datasetId'] ?? '';
  if (!ctx.world.datasets.some((d) => d.id === datasetId)) throw new Refusal(DATASET_PREVIEW.notFoundStatus, `dataset ${datasetId} was not found`);
  const batches = ctx.store
    .listBatches({ datasetId })
    .filter((b) => b.imsOrg === caller.org && b.sandbox === caller.sandbox && canonicalBatchStatus(b.status) === 'active')
    .sort((a, b) => b.created - a.created);
  const data: Record<string, string>[] = [];
  for (const batch of batches) {
    if (data.length >= DATASET_PREVIEW.maxRows) break;
    for (const record of await ingestedRecords(ctx, batch)) {
      if (data.length >= DATASET_PREVIEW.maxRows) break;
      const flat = new Map<string, unknown>();
      leaves(record, '', flat);
      data.push(Object.fromEntries([...flat].map(([k, v]) => [k, asText(v)])));
    }
  }
  sendJson(res, DATASET_PREVIEW.status, { data });
};

export const exportRoutes: Route[] = [
  { method: 'GET', path: `${EXPORT_BASE.path}${DATASET_PREVIEW.path.replace('{DATASET_ID}', ':datasetId')}`, handler: platformRoute(datasetPreview) },
  { method: 'GET', path: route(FAILED_BATCH_FILES.path), handler: platformRoute(failedFiles) },
  { method: 'GET', path: route(ROW_ERRORS.path), handler: platformRoute(meta) },
  { method: 'GET', path: route(BATCH_DATASET_FILES.path), handler: platformRoute(batchFiles) },
  { method: 'HEAD', path: route(DATASET_FILE.path), handler: platformRoute(headFile) },
  { method: 'GET', path: route(DATASET_FILE.path), handler: platformRoute(getFile) },
];
