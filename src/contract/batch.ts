/**
 * The documented contract of batch ingestion (`/data/foundation/import`), as data: endpoints, headers,
 * input formats, action spellings, limits, the batch statuses of every source and the status life cycle.
 * Every entry names its source; where sources disagree, `BATCH_DISAGREEMENTS` keeps each reading and
 * `BATCH_PICKS` says which one each profile takes. `lifecycle/batch.ts` builds its state machine from
 * `BATCH_TRANSITIONS` and the ABORT/FAIL readings; it restates none of them.
 */
import { picker, reading as r, type Disagreement, type ProfileName, type Picks } from './profiles.js';
import type { SourceRef } from './sources.js';

const OVERVIEW = (section: string): SourceRef => ({ source: 'batch-overview', section });
const OVERVIEW_OLDER = (section: string): SourceRef => ({ source: 'batch-overview-older', section });
const API_GUIDE = (section: string): SourceRef => ({ source: 'batch-api-overview', section });
const TROUBLESHOOTING = (section: string): SourceRef => ({ source: 'batch-troubleshooting', section });
const OPENAPI = (section: string): SourceRef => ({ source: 'openapi-batch-ingestion', section });
const CATALOG_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-catalog', section });
const PARTIAL = (section: string): SourceRef => ({ source: 'batch-partial-ingestion', section });
const DIAGNOSTICS = (section: string): SourceRef => ({ source: 'error-diagnostics', section });
const AEPP = (section: string): SourceRef => ({ source: 'aepp-client', section });

// ---------------------------------------------------------------------------------------------------------
// Endpoints.

export const BATCH_BASE = {
  host: 'https://platform.adobe.io',
  path: '/data/foundation/import',
  source: OPENAPI('servers; info.description: API path'),
} as const;

export type BatchEndpointName =
  | 'createBatch'
  | 'uploadFile'
  | 'initializeLargeFile'
  | 'uploadFilePart'
  | 'completeLargeFile'
  | 'largeFileStatus'
  | 'previewBatch'
  | 'replayBatchPatch'
  | 'batchAction';

export interface BatchEndpoint {
  method: 'POST' | 'PUT' | 'PATCH' | 'HEAD' | 'GET';
  /** Relative to `BATCH_BASE.path`. `{FILE_NAME}` may hold slashes: its folders are kept as partitions. */
  path: string;
  /** The `action` query parameter this endpoint is selected by, in its canonical spelling. */
  action?: string;
  /** The documented success status; `statusDisagreement` names the disagreement where sources differ. */
  status: number;
  statusDisagreement?: BatchDisagreementId;
  /** The media type of the request body, when there is one. */
  requestContentType?: 'application/json' | 'application/octet-stream';
  /** What the documented success answer carries. */
  responseBody: 'batch-object' | 'empty' | 'range-header' | 'preview';
  /** The disagreement that decides the body of the success answer, where sources differ. */
  bodyDisagreement?: BatchDisagreementId;
  sources: SourceRef[];
  note?: string;
}

const FILE_PATH = '/batches/{BATCH_ID}/datasets/{DATASET_ID}/files/{FILE_NAME}';

export const BATCH_ENDPOINTS: Record<BatchEndpointName, BatchEndpoint> = {
  createBatch: {
    method: 'POST',
    path: '/batches',
    status: 201,
    requestContentType: 'application/json',
    responseBody: 'batch-object',
    bodyDisagreement: 'batch.response.status',
    sources: [OVERVIEW('Create a batch'), OPENAPI('paths./batches.post.responses.201')],
    note: 'Also the replay form: the same call with a `replay` object names the batches the new one replaces.',
  },
  uploadFile: {
    method: 'PUT',
    path: FILE_PATH,
    status: 200,
    requestContentType: 'application/octet-stream',
    responseBody: 'empty',
    sources: [OVERVIEW('Upload a small file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.put')],
    note: 'The whole file in one body; a second PUT to the same path replaces it (the OpenAPI calls PUT idempotent). Multipart bodies (curl -F) are not accepted.',
  },
  initializeLargeFile: {
    method: 'POST',
    path: FILE_PATH,
    action: 'INITIALIZE',
    status: 201,
    statusDisagreement: 'batch.fileInitialize.status',
    responseBody: 'empty',
    bodyDisagreement: 'batch.file.responseBody',
    sources: [OVERVIEW('Large file upload: create file'), API_GUIDE('Large file upload: create file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.responses.200')],
  },
  uploadFilePart: {
    method: 'PATCH',
    path: FILE_PATH,
    status: 200,
    requestContentType: 'application/octet-stream',
    responseBody: 'empty',
    bodyDisagreement: 'batch.file.responseBody',
    sources: [OVERVIEW('Large file upload: upload subsequent parts'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch')],
    note: 'Each part names its byte range in Content-Range (see CONTENT_RANGE); ranges are checked only when the file is completed.',
  },
  completeLargeFile: {
    method: 'POST',
    path: FILE_PATH,
    action: 'COMPLETE',
    status: 201,
    statusDisagreement: 'batch.fileComplete.status',
    responseBody: 'empty',
    bodyDisagreement: 'batch.file.responseBody',
    sources: [API_GUIDE('Large file upload: complete file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.responses')],
  },
  largeFileStatus: {
    method: 'HEAD',
    path: FILE_PATH,
    status: 200,
    responseBody: 'range-header',
    sources: [OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.head')],
    note: 'Only in the OpenAPI file: answers the byte range received so far in a Range header (see FILE_STATUS_RANGE). aepp calls it headFileStatus.',
  },
  previewBatch: {
    method: 'GET',
    path: '/batches/{BATCH_ID}/datasets/{DATASET_ID}/preview',
    status: 200,
    responseBody: 'preview',
    sources: [OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get'), OPENAPI('components.schemas.PreviewResponse')],
    note: 'A preview of the files uploaded so far: the format parameters used and the first rows as columns and rows (BATCH_PREVIEW).',
  },
  replayBatchPatch: {
    method: 'PATCH',
    path: '/batches',
    status: 201,
    requestContentType: 'application/json',
    responseBody: 'batch-object',
    sources: [AEPP('Ingestion.replayBatch')],
    note: 'Not in any Adobe source: aepp sends its replay with PATCH /batches. Served (per batch.replay.method) as the create-batch call it stands for.',
  },
  batchAction: {
    method: 'POST',
    path: '/batches/{BATCH_ID}',
    action: 'COMPLETE',
    status: 200,
    responseBody: 'empty',
    sources: [OVERVIEW('Signal batch complete'), OPENAPI('paths./batches/{batchId}.post')],
    note: 'One endpoint for every batch action (BATCH_ACTIONS); `action` is COMPLETE, ABORT, REVERT or (OpenAPI) FAIL. The body is a disagreement: batch.action.responseBody.',
  },
};

export function batchEndpointLabel(name: BatchEndpointName): string {
  const e = BATCH_ENDPOINTS[name];
  return `${e.method} ${e.path}${e.action !== undefined ? `?action=${e.action}` : ''}`;
}

/** The create-batch body. Only datasetId is required by every source; inputFormat is a disagreement. */
export const CREATE_BATCH_REQUEST = {
  required: ['datasetId'] as const,
  optional: ['inputFormat', 'externalId', 'replay', 'tags', 'enableErrorDiagnostics', 'partialIngestionPercent'] as const,
  sources: [OVERVIEW('Create a batch: request'), OPENAPI('components.schemas.IngestBatch')],
};

/**
 * The create-batch answer (201): the fields the overview shows and the values a new batch starts with.
 * `created`/`updated` are 0 in that example; the catalog later shows millisecond times (see catalog.ts).
 */
export const CREATE_BATCH_RESPONSE = {
  fields: ['id', 'imsOrg', 'updated', 'status', 'created', 'relatedObjects', 'version', 'tags', 'createdUser', 'updatedUser'] as const,
  initial: { status: 'loading', version: '1.0.0', tags: {}, created: 0, updated: 0 },
  relatedObjectType: 'dataSet',
  source: OVERVIEW('Create a batch: response'),
} as const;

/**
 * Replaying batches is not an action: it is `POST /batches` with `replay.predecessors` (batch ids) or
 * `replay.predecessorsByExternalId`, and a `reason`. aepp sends it with PATCH, which no Adobe source shows.
 */
export const REPLAY_BATCH = {
  method: 'POST',
  path: '/batches',
  field: 'replay',
  properties: ['predecessors', 'predecessorsByExternalId', 'reason'] as const,
  example: { replay: { predecessors: ['${batchIdA}'], reason: 'replace' } },
  /** The OpenAPI asks that client-supplied ids in the body be prefixed with `$`. */
  clientIdPrefix: '$',
  sources: [API_GUIDE('Replay a batch'), OPENAPI('components.schemas.IngestBatch.properties.replay')],
  clientVariants: [{ method: 'PATCH', path: '/batches', seenIn: AEPP('Ingestion.replayBatch') }],
} as const;

/**
 * The OpenAPI's `File` answer of a file INITIALIZE, a PATCH part and a file COMPLETE (where the profile
 * takes batch.file.responseBody `file-object`): the file's name as sent in the path and the bytes received.
 */
export const FILE_OBJECT = {
  fields: ['name', 'sizeInBytes'] as const,
  sources: [OPENAPI('components.schemas.File'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch.responses.200')],
} as const;

/**
 * `HEAD` on a file: 200 with a `Range` header naming the bytes received so far; 404 for a file the batch
 * does not hold. No source shows the header's value. The harness writes it in the RFC 9110 ranges form,
 * `bytes=0-1048575` (last byte included), one range per run of received bytes, comma-separated; a file
 * initialized with no part received yet carries no Range header.
 */
export const FILE_STATUS_RANGE = {
  header: 'Range',
  unit: 'bytes',
  notFoundStatus: 404,
  example: 'bytes=0-1048575',
  sources: [OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.head.responses.200.headers.Range'), { source: 'rfc9110', section: '14.1.2 Byte Ranges' } satisfies SourceRef],
} as const;

/** The Range value of HEAD for the byte ranges received (inclusive, in any order); undefined when none. */
export function fileStatusRange(ranges: readonly (readonly [number, number])[]): string | undefined {
  if (ranges.length === 0) return undefined;
  const merged: [number, number][] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return `${FILE_STATUS_RANGE.unit}=${merged.map(([a, b]) => `${a}-${b}`).join(',')}`;
}

/**
 * The batch preview (`GET /batches/{BATCH_ID}/datasets/{DATASET_ID}/preview`): query parameters with the
 * OpenAPI's defaults, and the answer `{formatParams, preview: {columns: [{cid, name}], rows: [{<cid>: value}]}}`.
 * The OpenAPI requires `format`; aepp's getPreviewBatchDataset never sends it, so the batch's own input
 * format stands in when it is left out. `nrow` 0 (the default) is read as "the harness's default";
 * aepp says fewer than 10 rows are allowed, so that is the default and the cap.
 */
export const BATCH_PREVIEW = {
  query: {
    format: { required: true, source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.format') },
    isMultiLineJson: { default: false, source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.isMultiLineJson') },
    delimiter: { default: ',', source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.delimiter') },
    quote: { default: '"', source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.quote') },
    escape: { default: '\\', source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.escape') },
    charset: { default: 'UTF-8', source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.charset') },
    header: { default: true, source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.header') },
    nrow: { default: 0, source: OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get.parameters.nrow') },
  },
  /** Rows shown when nrow is 0 or more than this (aepp: "cannot be 10 or greater"). */
  maxRows: { value: 9, source: AEPP('Ingestion.getPreviewBatchDataset') },
  /** Column names are the record's leaf paths joined with "/", as the OpenAPI's Column example writes them. */
  columnPathSeparator: '/',
  /** Row values are strings (Row.additionalProperties.type). */
  rowValueType: 'string',
  formatLeftOut: { fallsBackTo: 'the batch inputFormat', seenIn: AEPP('Ingestion.getPreviewBatchDataset') },
  notFoundStatus: 404,
  sources: [OPENAPI('components.schemas.PreviewResponse'), OPENAPI('components.schemas.Column'), OPENAPI('components.schemas.Row'), OPENAPI('components.schemas.FormatParams')],
} as const;

/**
 * The eight statuses the Batch Ingestion OpenAPI's `Batch` schema allows (create answer 201, batch action
 * 200), and the one each life-cycle status is shown as where a profile takes batch.response.status
 * `batch-file-enum`. No source maps them: the nearest of the eight by the overview's meanings. `loading`
 * receives files (processing), `loaded` waits for promotion (queued), staging and staged are processed;
 * aborted, abandoned, inactive and deleted have none of their data available, as `failed` says.
 * The Catalog's own enum has all twelve life-cycle statuses, so Catalog reads always show the status itself.
 */
export const BATCH_FILE_STATUS_ENUM = ['processing', 'active', 'success', 'failed', 'failure', 'queued', 'retrying', 'stalled'] as const;
export type BatchFileStatus = (typeof BATCH_FILE_STATUS_ENUM)[number];

export const BATCH_FILE_STATUS_OF: Record<BatchStatus, BatchFileStatus> = {
  loading: 'processing',
  loaded: 'queued',
  staging: 'processing',
  staged: 'processing',
  retrying: 'retrying',
  stalled: 'stalled',
  active: 'active',
  failed: 'failed',
  aborted: 'failed',
  abandoned: 'failed',
  inactive: 'failed',
  deleted: 'failed',
};

/** The status a Batch Ingestion answer (create, batch action) shows for a life-cycle status under a profile. */
export function batchAnswerStatus(profile: ProfileName, status: string): string {
  if (pickBatch(profile, 'batch.response.status').value !== 'batch-file-enum') return status;
  const canonical = canonicalBatchStatus(status);
  return canonical === undefined ? status : BATCH_FILE_STATUS_OF[canonical];
}

// ---------------------------------------------------------------------------------------------------------
// Headers.

export interface BatchHeader {
  name: string;
  template: string;
  /** Which requests carry it. */
  on: 'all' | 'json-body' | 'file-bytes' | 'file-part';
  sources: SourceRef[];
  note?: string;
}

export const BATCH_HEADERS: readonly BatchHeader[] = [
  { name: 'Authorization', template: 'Bearer {ACCESS_TOKEN}', on: 'all', sources: [OVERVIEW('Gather values for required headers'), OPENAPI('components.parameters.authorization')] },
  { name: 'x-api-key', template: '{API_KEY}', on: 'all', sources: [OVERVIEW('Gather values for required headers'), OPENAPI('components.parameters.x-api-key')] },
  { name: 'x-gw-ims-org-id', template: '{ORG_ID}', on: 'all', sources: [OVERVIEW('Gather values for required headers'), OPENAPI('components.parameters.x-gw-ims-org-id')] },
  {
    name: 'x-sandbox-name',
    template: '{SANDBOX_NAME}',
    on: 'all',
    sources: [OVERVIEW('Gather values for required headers'), OPENAPI('info.description: Required headers')],
    note: 'The OpenAPI says the value is the sandbox name in lower case only (for example "prod").',
  },
  {
    name: 'Content-Type',
    template: 'application/json',
    on: 'json-body',
    sources: [OVERVIEW('Gather values for required headers'), OPENAPI('paths./batches.post.parameters')],
    note: 'Every request with a JSON payload (POST, PUT, PATCH) names it.',
  },
  {
    name: 'Content-Type',
    template: 'application/octet-stream',
    on: 'file-bytes',
    sources: [OVERVIEW('Upload a small file: request'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.put.parameters')],
    note: 'File bytes (PUT of a small file, PATCH of a part) are sent raw.',
  },
  {
    name: 'Content-Range',
    template: 'bytes {CONTENT_RANGE}',
    on: 'file-part',
    sources: [OVERVIEW('Large file upload: upload subsequent parts'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch.parameters')],
  },
];

/** The sandbox name the OpenAPI asks for: all lower case. */
export const SANDBOX_NAME_RULE = {
  pattern: /^[^A-Z]+$/,
  source: OPENAPI('info.description: Required headers'),
};

/**
 * Content-Range of a part. Documented: the header is `bytes {CONTENT_RANGE}` and the placeholder is "the
 * beginning and the end of the range, in integers"; the OpenAPI adds that they are the lowest and highest
 * byte of the part. No source shows an example. What the harness reads is the RFC 9110 form
 * `bytes {start}-{end}` with an optional `/{total}` or `/*`, `end` inclusive: the only standard
 * spelling of two integers after `bytes `. This reading is the harness's, not Adobe's.
 */
export const CONTENT_RANGE = {
  documented: {
    template: 'bytes {CONTENT_RANGE}',
    placeholder: 'two integers: the first and the last byte of the part',
    sources: [OVERVIEW('Large file upload: upload subsequent parts'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch.parameters.Content-Range')],
  },
  harnessReads: {
    pattern: /^bytes (\d+)-(\d+)(?:\/(\d+|\*))?$/,
    example: 'bytes 0-1048575/536870912',
    endInclusive: true,
    source: { source: 'rfc9110', section: '14.4 Content-Range' } satisfies SourceRef,
  },
} as const;

export interface ContentRange {
  start: number;
  /** Inclusive. */
  end: number;
  total?: number;
}

/** Reads a Content-Range value the way the harness does (see CONTENT_RANGE); undefined when it is not one. */
export function parseContentRange(value: string): ContentRange | undefined {
  const m = CONTENT_RANGE.harnessReads.pattern.exec(value.trim());
  if (m === null) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return undefined;
  const total = m[3] !== undefined && m[3] !== '*' ? Number(m[3]) : undefined;
  if (total !== undefined && (!Number.isSafeInteger(total) || end >= total)) return undefined;
  return total === undefined ? { start, end } : { start, end, total };
}

/** Gaps or overlaps between parts are only found when the file is completed, and refused there with 400. */
export const RANGE_VALIDATION = {
  when: 'completeLargeFile' as BatchEndpointName,
  status: 400,
  refuses: ['gap', 'overlap'] as const,
  source: TROUBLESHOOTING('Batch API calls: why is the large file complete call failing?'),
};

// ---------------------------------------------------------------------------------------------------------
// Input formats.

export const INPUT_FORMATS = {
  json: { legacy: false, sources: [OVERVIEW('Data ingestion prerequisites'), TROUBLESHOOTING('Ingestion support: supported formats')] },
  parquet: { legacy: false, sources: [OVERVIEW('Data ingestion prerequisites'), TROUBLESHOOTING('Ingestion support: supported formats')] },
  csv: {
    legacy: true,
    note: 'Supported on a legacy basis only, and only for flat schemas; the API guide still shows a CSV ingestion.',
    sources: [TROUBLESHOOTING('Ingestion support: supported formats'), API_GUIDE('Ingest CSV files')],
  },
} as const;

export type InputFormat = keyof typeof INPUT_FORMATS;

/** How each source spells the `inputFormat.format` values. */
export const INPUT_FORMAT_SPELLINGS = [
  { values: ['json', 'parquet', 'csv'], where: 'tutorials and examples', sources: [TROUBLESHOOTING('Ingestion support'), API_GUIDE('Create batch')] },
  { values: ['JSON', 'Parquet', 'CSV'], where: 'OpenAPI IngestBatch (request) enum', sources: [OPENAPI('components.schemas.IngestBatch.properties.inputFormat.properties.format')] },
  { values: ['parquet', 'json'], where: 'OpenAPI Batch (response) enum', sources: [OPENAPI('components.schemas.Batch.properties.inputFormat.properties.format')] },
  { values: ['csv', 'parquet', 'json', 'avro'], where: 'Catalog OpenAPI inputFormat enum', sources: [CATALOG_OPENAPI('components.schemas.inputFormat.properties.format')] },
] as const;

/** Multi-line JSON: only with format json and `isMultiLineJson: true`; single-line JSON is the default. */
export const MULTI_LINE_JSON = {
  flag: 'isMultiLineJson',
  onlyWithFormat: 'json' as InputFormat,
  default: false,
  sources: [TROUBLESHOOTING('Ingestion support: multi-line JSON'), OPENAPI('components.schemas.IngestBatch.properties.inputFormat')],
};

// ---------------------------------------------------------------------------------------------------------
// Actions and their spellings.

/** Batch-level actions (`POST /batches/{BATCH_ID}?action=…`) and the life-cycle event each one sends. */
export const BATCH_ACTIONS = {
  COMPLETE: { event: 'complete', sources: [OVERVIEW('Signal batch complete'), OPENAPI('paths./batches/{batchId}.post.parameters.action')] },
  ABORT: { event: 'abort', sources: [API_GUIDE('Cancel a batch'), OPENAPI('paths./batches/{batchId}.post.parameters.action')] },
  REVERT: { event: 'revert', sources: [API_GUIDE('Delete a batch'), OPENAPI('paths./batches/{batchId}.post.parameters.action')] },
  FAIL: { event: 'fail', sources: [OPENAPI('paths./batches/{batchId}.post.parameters.action')] },
} as const satisfies Record<string, { event: BatchEvent; sources: SourceRef[] }>;

export type BatchAction = keyof typeof BATCH_ACTIONS;

/** File-level actions (`POST …/files/{FILE_NAME}?action=…`). */
export const FILE_ACTIONS = {
  INITIALIZE: { endpoint: 'initializeLargeFile', sources: [API_GUIDE('Large file upload: create file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.parameters.action')] },
  COMPLETE: { endpoint: 'completeLargeFile', sources: [API_GUIDE('Large file upload: complete file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.parameters.action')] },
} as const satisfies Record<string, { endpoint: BatchEndpointName; sources: SourceRef[] }>;

export type FileAction = keyof typeof FILE_ACTIONS;

export interface ActionSpelling {
  level: 'batch' | 'file';
  /** The query parameter as written, e.g. `action=COMPLETE`. */
  query: string;
  /** Where it is written that way. */
  seenIn: SourceRef[];
  /** Whether a documented request (an example meant to be run) uses it, or only a description line or a client. */
  kind: 'documented-request' | 'format-line' | 'client';
  note?: string;
}

export const ACTION_SPELLINGS: readonly ActionSpelling[] = [
  { level: 'batch', query: 'action=COMPLETE', seenIn: [OVERVIEW('Signal batch complete'), API_GUIDE('Signal batch complete'), OPENAPI('paths./batches/{batchId}.post.parameters.action')], kind: 'documented-request' },
  {
    level: 'batch',
    query: 'actions=COMPLETE',
    seenIn: [OVERVIEW_OLDER('Signal batch complete: API format')],
    kind: 'format-line',
    note: 'A slip in the older overview: its curl example on the same page uses action=COMPLETE.',
  },
  { level: 'batch', query: 'action=complete', seenIn: [API_GUIDE('Signal batch complete')], kind: 'documented-request', note: 'Lower case in one place of the API guide.' },
  { level: 'batch', query: 'action=ABORT', seenIn: [API_GUIDE('Cancel a batch')], kind: 'documented-request' },
  { level: 'batch', query: 'action=REVERT', seenIn: [API_GUIDE('Delete a batch')], kind: 'documented-request' },
  { level: 'batch', query: 'action=FAIL', seenIn: [OPENAPI('paths./batches/{batchId}.post.parameters.action'), AEPP('Ingestion.uploadSmallFileFinish')], kind: 'client' },
  { level: 'file', query: 'action=initialize', seenIn: [OVERVIEW('Large file upload: create file')], kind: 'documented-request' },
  { level: 'file', query: 'action=INITIALIZE', seenIn: [API_GUIDE('Large file upload: create file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.parameters.action')], kind: 'documented-request' },
  { level: 'file', query: 'action=COMPLETE', seenIn: [API_GUIDE('Large file upload: complete file'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.parameters.action')], kind: 'documented-request' },
];

/** The query parameter every documented request uses; `actions` is recorded in ACTION_SPELLINGS as a slip. */
export const ACTION_PARAMETER = 'action';

// ---------------------------------------------------------------------------------------------------------
// Limits.

/** One megabyte as the harness counts it in this module (as streaming's binary reading). */
const MB = 1024 * 1024;
const GB = 1024 * MB;

export const BATCH_LIMITS = {
  filesPerBatch: { value: 1500, sources: [OVERVIEW('Batch ingestion best practices'), OVERVIEW('Batch ingestion constraints')] },
  batchBytes: { value: 100 * GB, sources: [OVERVIEW('Batch ingestion constraints')] },
  recommendedBatchBytes: { min: 256 * MB, max: 100 * GB, sources: [OVERVIEW('Batch ingestion best practices')] },
  fieldsPerRow: { value: 10_000, sources: [OVERVIEW('Batch ingestion constraints')] },
  batchesPerMinutePerUser: { value: 138, sources: [OVERVIEW('Batch ingestion constraints')] },
  /** Written in bytes by the OpenAPI, so kept as written: the accepted byte range of a part. */
  partRangeBytes: { min: 0, max: 512_000_000, sources: [OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch.description; .responses.200.headers.Range')] },
  urlLength: { value: 2000, status: 414, sources: [OPENAPI('paths./batches.post.responses.414')] },
} as const;

// ---------------------------------------------------------------------------------------------------------
// Completion, partial ingestion, errors.

/**
 * COMPLETE accepts a batch for processing; the batch is not active until it reaches a final status. The
 * call may be retried safely: if an earlier attempt succeeded, the retry answers success too.
 */
export const BATCH_COMPLETION = {
  acceptedNotActive: { source: TROUBLESHOOTING('Batch API calls: are batches active after 200 OK?') },
  safeToRetry: { source: TROUBLESHOOTING('Batch API calls: is it safe to retry CompleteBatch?') },
  /** While COMPLETE has not been called the batch stays in loading. */
  loadingUntilComplete: { source: OVERVIEW('Batch statuses') },
} as const;

/** Partial ingestion: fields of the create-batch body, echoed as catalog tags. */
export const PARTIAL_INGESTION = {
  fields: {
    enableErrorDiagnostics: { type: 'boolean', source: PARTIAL('Create a new batch with partial ingestion enabled') },
    partialIngestionPercent: { type: 'number', min: 0, max: 100, source: PARTIAL('Create a new batch with partial ingestion enabled') },
  },
  tags: {
    enableErrorDiagnostics: 'acp_enableErrorDiagnostics',
    partialIngestionPercent: 'acp_partialIngestionPercent',
  },
  tagsSource: PARTIAL('Create a new batch with partial ingestion enabled: response'),
  /** Names a client sends that no Adobe source documents; the platform ignores or refuses them. */
  clientMisspellings: {
    partialIngestionPercentage: { means: 'partialIngestionPercent', seenIn: AEPP('Ingestion.createBatch') },
  },
  /** A batch whose rows partly failed can still end in success. */
  successWithErrors: { source: DIAGNOSTICS('Retrieve the status of a batch') },
} as const;

/** Items of a batch's `errors` array. */
export const BATCH_ERROR_ITEM = {
  fields: ['code', 'description', 'rows'] as const,
  sources: [OPENAPI('components.schemas.errors'), CATALOG_OPENAPI('components.schemas.errors')],
} as const;

/** Batch error codes with their documented description text, exactly. */
export const BATCH_ERROR_CODES = {
  '106': { description: 'Dataset file is empty. Please upload file with data.', source: TROUBLESHOOTING('Batch ingestion error codes') },
  '118': { description: 'CSV file contains empty header row.', source: TROUBLESHOOTING('Batch ingestion error codes') },
} as const;

/** Error-diagnostics codes named by the diagnostics guide (their meanings are not carried here). */
export const ERROR_DIAGNOSTICS_CODES = {
  codes: ['INGEST-1212-400', 'INGEST-1401-400', 'INGEST-1555-400', 'INGEST-1211-400'] as const,
  /** The row-error files give the short numeric form, e.g. "1401". */
  rowErrorCodeExample: '1401',
  source: DIAGNOSTICS('Retrieve error diagnostics'),
} as const;

// ---------------------------------------------------------------------------------------------------------
// Batch statuses.

/** The statuses of the overview's table: the life cycle's states. */
export const BATCH_STATUSES = [
  'abandoned',
  'aborted',
  'active',
  'deleted',
  'failed',
  'inactive',
  'loaded',
  'loading',
  'retrying',
  'staged',
  'staging',
  'stalled',
] as const;

export type BatchStatus = (typeof BATCH_STATUSES)[number];

export function isBatchStatus(value: string): value is BatchStatus {
  return (BATCH_STATUSES as readonly string[]).includes(value);
}

export interface StatusMeaning {
  meaning: string;
  /** Another name the sources use for the same status. */
  alias?: string;
  source: SourceRef;
}

/** What each status of the overview's table means, in the project's words. */
export const BATCH_STATUS_MEANINGS: Record<BatchStatus, StatusMeaning> = {
  abandoned: { meaning: 'The batch was not completed within the time it was expected to be.', source: OVERVIEW('Batch statuses') },
  aborted: { meaning: 'Someone called ABORT on the batch through the Batch Ingestion API.', source: OVERVIEW('Batch statuses') },
  active: { meaning: 'The batch was promoted and its data is available downstream.', alias: 'success', source: OVERVIEW('Batch statuses') },
  deleted: { meaning: "The batch's data has been removed entirely.", source: OVERVIEW('Batch statuses') },
  failed: {
    meaning: 'Terminal: bad configuration or bad data stopped the batch; none of its data is available.',
    alias: 'failure',
    source: OVERVIEW('Batch statuses'),
  },
  inactive: { meaning: 'The batch was promoted, then reverted or expired; its data is no longer available downstream.', source: OVERVIEW('Batch statuses') },
  loaded: { meaning: "The batch's data is complete and the batch is ready to be promoted.", source: OVERVIEW('Batch statuses') },
  loading: { meaning: 'Data is being uploaded to the batch; it is not ready to be promoted (COMPLETE not called yet).', source: OVERVIEW('Batch statuses') },
  retrying: { meaning: 'The batch was being processed, failed on a system or transient error, and is being processed again.', source: OVERVIEW('Batch statuses') },
  staged: { meaning: 'The staging phase of promotion is over and the ingestion job has run.', source: OVERVIEW('Batch statuses') },
  staging: { meaning: "The batch's data is being processed.", source: OVERVIEW('Batch statuses') },
  stalled: { meaning: 'The batch was being processed, but its promotion is stuck after several retries.', source: OVERVIEW('Batch statuses') },
};

/** Names the sources use interchangeably with a status of the table. */
export const BATCH_STATUS_ALIASES: Record<string, BatchStatus> = {
  success: 'active',
  failure: 'failed',
};

/** The overview's name for a status string from any source, or undefined when the table has no such status. */
export function canonicalBatchStatus(value: string): BatchStatus | undefined {
  if (isBatchStatus(value)) return value;
  return BATCH_STATUS_ALIASES[value];
}

/** Every list of batch statuses the sources give, as written. */
export const BATCH_STATUS_TABLES = {
  overview: { values: BATCH_STATUSES, source: OVERVIEW('Batch statuses') },
  troubleshooting: {
    values: ['abandoned', 'aborted', 'active', 'success', 'failed', 'failure', 'inactive', 'loaded', 'loading', 'retrying', 'staging', 'stalled', 'archived', 'retained'] as const,
    note: 'Names Active/Success and Failed/Failure together; adds archived and retained (no meaning carried here); has no deleted or staged.',
    source: TROUBLESHOOTING('Batch statuses'),
  },
  catalogOpenapi: {
    values: ['processing', 'success', 'failure', 'queued', 'retrying', 'stalled', 'aborted', 'abandoned', 'inactive', 'failed', 'loading', 'loaded', 'staged', 'active', 'staging', 'deleted'] as const,
    source: CATALOG_OPENAPI('components.schemas.batchResponse.properties.status.enum'),
  },
  batchIngestionOpenapi: {
    values: ['processing', 'active', 'success', 'failed', 'failure', 'queued', 'retrying', 'stalled'] as const,
    source: OPENAPI('components.schemas.Batch.properties.status.enum'),
  },
} as const;

// ---------------------------------------------------------------------------------------------------------
// The life cycle: documented transitions as data.

export type BatchEvent =
  | 'complete'
  | 'abort'
  | 'revert'
  | 'fail'
  | 'promote-step'
  | 'validation-failed'
  | 'validation-passed'
  | 'abandon'
  | 'retry'
  | 'stall'
  | 'expire'
  | 'collect';

export const BATCH_EVENTS: readonly BatchEvent[] = [
  'complete',
  'abort',
  'revert',
  'fail',
  'promote-step',
  'validation-failed',
  'validation-passed',
  'abandon',
  'retry',
  'stall',
  'expire',
  'collect',
];

export interface BatchTransition {
  event: BatchEvent;
  from: BatchStatus;
  to: BatchStatus;
  sources: SourceRef[];
  /** Why this edge exists, in the project's words. */
  note: string;
}

/** Who causes an event: the client (a batch action) or the platform as it processes the batch. */
export const BATCH_EVENT_ACTORS: Record<BatchEvent, 'client' | 'platform'> = {
  complete: 'client',
  abort: 'client',
  revert: 'client',
  fail: 'client',
  'promote-step': 'platform',
  'validation-failed': 'platform',
  'validation-passed': 'platform',
  abandon: 'platform',
  retry: 'platform',
  stall: 'platform',
  expire: 'platform',
  collect: 'platform',
};

const TABLE = OVERVIEW('Batch statuses');

/**
 * The edges every profile shares. Reading of the overview's table: a new batch is `loading` until COMPLETE;
 * COMPLETE makes its data complete (`loaded`, ready to promote); promotion processes it (`staging`), ends
 * the staging phase (`staged`) and makes it available (`active`). Processing faults retry (`retrying`) and
 * may stick (`stalled`); bad data ends in `failed`. REVERT makes an active batch `inactive` and it is
 * collected later (`deleted`). ABORT and FAIL edges depend on the profile: see BATCH_DISAGREEMENTS.
 */
export const BATCH_TRANSITIONS: readonly BatchTransition[] = [
  { event: 'complete', from: 'loading', to: 'loaded', sources: [TABLE, OVERVIEW('Signal batch complete')], note: 'COMPLETE ends the upload: the data is complete and ready to promote.' },
  { event: 'abandon', from: 'loading', to: 'abandoned', sources: [TABLE], note: 'A batch never completed within the expected time is abandoned.' },
  { event: 'promote-step', from: 'loaded', to: 'staging', sources: [TABLE], note: 'Promotion starts processing the loaded data.' },
  { event: 'promote-step', from: 'staging', to: 'staged', sources: [TABLE], note: 'The staging phase ends once the ingestion job has run.' },
  { event: 'promote-step', from: 'retrying', to: 'staging', sources: [TABLE], note: 'A retry resumes processing.' },
  { event: 'validation-passed', from: 'staged', to: 'active', sources: [TABLE, TROUBLESHOOTING('Batch API calls: are batches active after 200 OK?')], note: 'A staged batch whose data is valid is promoted and becomes active (success).' },
  { event: 'validation-failed', from: 'staging', to: 'failed', sources: [TABLE], note: 'Bad data or configuration found while processing ends the batch in failed.' },
  { event: 'retry', from: 'staging', to: 'retrying', sources: [TABLE], note: 'A system or transient error while processing sends the batch to be retried.' },
  { event: 'retry', from: 'staged', to: 'retrying', sources: [TABLE], note: 'A transient error during promotion after staging is retried too.' },
  { event: 'stall', from: 'retrying', to: 'stalled', sources: [TABLE], note: 'Promotion sticks after several retries.' },
  { event: 'revert', from: 'active', to: 'inactive', sources: [API_GUIDE('Delete a batch'), TABLE], note: 'REVERT marks a promoted batch inactive.' },
  { event: 'expire', from: 'active', to: 'inactive', sources: [TABLE], note: 'A promoted batch that expires becomes inactive.' },
  { event: 'collect', from: 'inactive', to: 'deleted', sources: [API_GUIDE('Delete a batch'), TABLE], note: 'An inactive batch is collected asynchronously and then marked deleted.' },
];

/**
 * Statuses whose batch has been completed: COMPLETE on them changes nothing and answers success, because
 * the call is documented as safe to retry. (`failed` is reached through processing after COMPLETE.)
 */
export const COMPLETED_STATUSES: readonly BatchStatus[] = ['loaded', 'staging', 'staged', 'retrying', 'stalled', 'active', 'failed', 'inactive', 'deleted'];

/**
 * Final statuses: processing is over (the API guide calls success and failed "finalized"). Only REVERT,
 * expiry and collection move a batch between them, and never out of this set.
 */
export const FINAL_STATUSES: readonly BatchStatus[] = ['active', 'failed', 'aborted', 'abandoned', 'inactive', 'deleted'];

/** Terminal statuses: nothing moves a batch out of them. */
export const TERMINAL_STATUSES: readonly BatchStatus[] = ['failed', 'aborted', 'abandoned', 'deleted'];

/** No source documents the answer to an action the batch's status does not allow; the harness answers 400. */
export const REFUSED_ACTION = {
  status: 400,
  note: 'Undocumented: 400 is the client error the OpenAPI lists for a malformed batch action.',
  source: OPENAPI('paths./batches/{batchId}.post.responses.400'),
} as const;

// ---------------------------------------------------------------------------------------------------------
// Disagreements and what each profile picks.


export const BATCH_DISAGREEMENTS = {
  'batch.abort.allowedFrom': {
    id: 'batch.abort.allowedFrom',
    question: 'From which statuses may a batch be aborted?',
    readings: {
      'before-loaded': r(
        ['loading'] as readonly BatchStatus[],
        'The overview and the troubleshooting guide: once a batch is loaded it can no longer be aborted, so only a loading batch can be.',
        TABLE,
        TROUBLESHOOTING('Batch statuses'),
      ),
      'while-processing': r(
        ['loading', 'loaded', 'staging', 'staged', 'retrying', 'stalled'] as readonly BatchStatus[],
        'The API guide: a batch can be cancelled while it is processing, but not once it is final (success or failed).',
        API_GUIDE('Cancel a batch'),
      ),
    },
  },
  'batch.action.fail': {
    id: 'batch.action.fail',
    question: 'Is FAIL a batch action?',
    readings: {
      refused: r(
        [] as readonly BatchStatus[],
        'The tutorials name COMPLETE, ABORT and REVERT only.',
        OVERVIEW('Signal batch complete'),
        API_GUIDE('Cancel a batch'),
      ),
      accepted: r(
        ['loading', 'loaded', 'staging', 'staged', 'retrying', 'stalled'] as readonly BatchStatus[],
        'The OpenAPI action enum lists FAIL (aepp offers it beside COMPLETE); the harness lets it end any batch that is not final.',
        OPENAPI('paths./batches/{batchId}.post.parameters.action'),
        AEPP('Ingestion.uploadSmallFileFinish'),
      ),
    },
  },
  'batch.chunkThreshold.bytes': {
    id: 'batch.chunkThreshold.bytes',
    question: 'Above what size must a file be sent by the large-file upload (initialize, parts, complete)?',
    readings: {
      '512MB': r(512 * MB, 'The overview: a file over 512 MB must be split into chunks; the OpenAPI HEAD note says the same.', OVERVIEW('Batch ingestion best practices'), OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.head.description')),
      '256MB': r(256 * MB, 'The OpenAPI PUT note: over 256 MB the large-file upload must be used; the troubleshooting guide recommends it from 256 MB.', OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.put.description'), TROUBLESHOOTING('Batch API calls: when should the large file upload API be used?')),
    },
  },
  'batch.fileComplete.status': {
    id: 'batch.fileComplete.status',
    question: 'What status does completing a large file answer?',
    readings: {
      '201': r(201, 'The API guide answers 201 Created.', API_GUIDE('Large file upload: complete file')),
      '200': r(200, 'The OpenAPI file lists only 200.', OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.responses.200')),
    },
  },
  'batch.fileInitialize.status': {
    id: 'batch.fileInitialize.status',
    question: 'What status does initializing a large file (POST …/files/{FILE}?action=INITIALIZE) answer?',
    readings: {
      '201': r(201, 'The overview and the API guide answer 201 Created.', OVERVIEW('Large file upload: create file'), API_GUIDE('Large file upload: create file')),
      '200': r(200, 'The OpenAPI file gives the file POST (INITIALIZE and COMPLETE alike) only a 200.', OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.responses.200')),
    },
  },
  'batch.file.responseBody': {
    id: 'batch.file.responseBody',
    question: 'What body do a file INITIALIZE, a PATCH part and a file COMPLETE answer?',
    readings: {
      empty: r('empty' as const, 'The tutorials show these answers without a body.', OVERVIEW('Large file upload: upload subsequent parts'), API_GUIDE('Large file upload: complete file')),
      'file-object': r(
        'file-object' as const,
        'The OpenAPI file declares a JSON File {name, sizeInBytes} for the 200 of the file POST and of the PATCH (which also carries a Range header).',
        OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.responses.200'),
        OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch.responses.200'),
      ),
    },
  },
  'batch.response.status': {
    id: 'batch.response.status',
    question: 'Which status words may the Batch Ingestion answers (create 201, batch action 200) carry?',
    readings: {
      lifecycle: r('lifecycle' as const, "The overview's statuses (loading, loaded, aborted, inactive, …), as the create example shows \"loading\".", OVERVIEW('Create a batch: response'), OVERVIEW('Batch statuses')),
      'batch-file-enum': r(
        'batch-file-enum' as const,
        "The Batch schema's enum has eight values only (processing, active, success, failed, failure, queued, retrying, stalled): each status is shown as its nearest (BATCH_FILE_STATUS_OF).",
        OPENAPI('components.schemas.Batch.properties.status.enum'),
      ),
    },
  },
  'batch.upload.requestBody': {
    id: 'batch.upload.requestBody',
    question: 'Does the small-file PUT carry the file in its body?',
    readings: {
      'file-bytes': r('file-bytes' as const, 'The tutorials send the file with curl --data-binary and Content-Type application/octet-stream.', OVERVIEW('Upload a small file: request')),
      undeclared: r(
        'undeclared' as const,
        'The OpenAPI PUT declares a Content-Type header of application/octet-stream but no requestBody: read literally, the PUT sends no file.',
        OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.put'),
      ),
    },
  },
  'batch.fileAction.contentType': {
    id: 'batch.fileAction.contentType',
    question: 'Must a file INITIALIZE or COMPLETE (a POST without a body) send a Content-Type?',
    readings: {
      'not-sent': r('not-sent' as const, "The tutorials' curl for both sends no Content-Type (there is no body); the server does not ask for one.", OVERVIEW('Large file upload: create file'), API_GUIDE('Large file upload: complete file')),
      required: r(
        'required' as const,
        'The OpenAPI file marks a Content-Type header required on the file POST ("should be application/json"). The server still does not refuse its absence: a request without it is a violation of the file, not of the platform.',
        OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.post.parameters.Content-Type'),
      ),
    },
  },
  'batch.replay.method': {
    id: 'batch.replay.method',
    question: 'With which method is a replay batch created: POST /batches only, or also PATCH /batches as aepp sends it?',
    readings: {
      'post-or-patch': r('post-or-patch' as const, "Serve what a real client calls: aepp's replayBatch sends PATCH /batches with the body of the documented POST.", AEPP('Ingestion.replayBatch')),
      'post-only': r('post-only' as const, 'The API guide and the OpenAPI file create every batch, replays included, with POST /batches; PATCH /batches is in no Adobe source (answered 405).', API_GUIDE('Replay a batch'), OPENAPI('paths./batches.post')),
    },
  },
  'batch.action.responseBody': {
    id: 'batch.action.responseBody',
    question: 'What body does a batch action (COMPLETE, ABORT, …) answer with its 200?',
    readings: {
      empty: r('empty' as const, 'The overview and the API guide: 200 with an empty body.', OVERVIEW('Signal batch complete: response')),
      'batch-object': r('batch-object' as const, 'The OpenAPI file gives the 200 a Batch schema.', OPENAPI('paths./batches/{batchId}.post.responses.200')),
    },
  },
  'batch.create.inputFormat': {
    id: 'batch.create.inputFormat',
    question: 'Must the create-batch body carry inputFormat?',
    readings: {
      optional: r('optional' as const, 'The overview creates a batch with datasetId alone.', OVERVIEW('Create a batch: request')),
      required: r('required' as const, 'The OpenAPI IngestBatch requires datasetId and inputFormat; the troubleshooting guide says to give the format at creation.', OPENAPI('components.schemas.IngestBatch.required'), TROUBLESHOOTING('Ingestion support: where should the input format be specified?')),
    },
  },
  'batch.inputFormat.case': {
    id: 'batch.inputFormat.case',
    question: 'Which spellings of inputFormat.format are accepted?',
    readings: {
      lowercase: r('lowercase' as const, 'The tutorials write json, parquet and csv.', TROUBLESHOOTING('Ingestion support'), API_GUIDE('Create batch')),
      'any-case': r('any-case' as const, 'The OpenAPI enum says JSON, Parquet, CSV while its example and the response enum say json and parquet.', OPENAPI('components.schemas.IngestBatch.properties.inputFormat')),
    },
  },
  'batch.action.case': {
    id: 'batch.action.case',
    question: 'Is the action value matched in upper case only, or in any case?',
    readings: {
      'any-case': r('any-case' as const, 'Documented requests use both initialize and INITIALIZE, COMPLETE and complete; all of them are meant to work.', OVERVIEW('Large file upload: create file'), API_GUIDE('Signal batch complete')),
      uppercase: r('uppercase' as const, 'The OpenAPI enums are upper case: INITIALIZE, COMPLETE, ABORT, FAIL, REVERT.', OPENAPI('paths./batches/{batchId}.post.parameters.action')),
    },
  },
} satisfies Record<string, Disagreement<unknown>>;

export type BatchDisagreementId = keyof typeof BATCH_DISAGREEMENTS;

export const BATCH_PICKS: Picks<typeof BATCH_DISAGREEMENTS> = {
  docs: {
    'batch.abort.allowedFrom': 'before-loaded',
    'batch.action.fail': 'refused',
    'batch.chunkThreshold.bytes': '512MB',
    'batch.fileComplete.status': '201',
    'batch.fileInitialize.status': '201',
    'batch.file.responseBody': 'empty',
    'batch.response.status': 'lifecycle',
    'batch.upload.requestBody': 'file-bytes',
    'batch.fileAction.contentType': 'not-sent',
    'batch.replay.method': 'post-or-patch',
    'batch.action.responseBody': 'empty',
    'batch.create.inputFormat': 'optional',
    'batch.inputFormat.case': 'lowercase',
    'batch.action.case': 'any-case',
  },
  openapi: {
    'batch.abort.allowedFrom': 'while-processing',
    'batch.action.fail': 'accepted',
    'batch.chunkThreshold.bytes': '256MB',
    'batch.fileComplete.status': '200',
    'batch.fileInitialize.status': '200',
    'batch.file.responseBody': 'file-object',
    'batch.response.status': 'batch-file-enum',
    'batch.upload.requestBody': 'file-bytes',
    'batch.fileAction.contentType': 'required',
    'batch.replay.method': 'post-or-patch',
    'batch.action.responseBody': 'batch-object',
    'batch.create.inputFormat': 'required',
    'batch.inputFormat.case': 'any-case',
    'batch.action.case': 'uppercase',
  },
  strict: {
    'batch.abort.allowedFrom': 'before-loaded',
    'batch.action.fail': 'refused',
    'batch.chunkThreshold.bytes': '256MB',
    'batch.fileComplete.status': '201',
    'batch.fileInitialize.status': '201',
    'batch.file.responseBody': 'empty',
    'batch.response.status': 'lifecycle',
    'batch.upload.requestBody': 'file-bytes',
    'batch.fileAction.contentType': 'not-sent',
    'batch.replay.method': 'post-only',
    'batch.action.responseBody': 'empty',
    'batch.create.inputFormat': 'required',
    'batch.inputFormat.case': 'lowercase',
    'batch.action.case': 'uppercase',
  },
};

/** The reading a profile takes for a batch disagreement, with its value typed. */
export const pickBatch = picker(BATCH_DISAGREEMENTS, BATCH_PICKS);

/**
 * The action a query value names under a profile, or undefined when the profile does not accept that
 * spelling. `level` chooses between batch actions and file actions.
 */
export function readAction(level: 'batch', value: string, profile: ProfileName): BatchAction | undefined;
export function readAction(level: 'file', value: string, profile: ProfileName): FileAction | undefined;
export function readAction(level: 'batch' | 'file', value: string, profile: ProfileName): BatchAction | FileAction | undefined {
  const anyCase = pickBatch(profile, 'batch.action.case').value === 'any-case';
  const key = anyCase ? value.toUpperCase() : value;
  const table: Record<string, unknown> = level === 'batch' ? BATCH_ACTIONS : FILE_ACTIONS;
  return Object.hasOwn(table, key) ? (key as BatchAction | FileAction) : undefined;
}

/**
 * Errata: places where a source contradicts itself. The harness follows the rule stated in words.
 */
export const BATCH_ERRATA = {
  'openapi-patch-multipart': {
    summary: 'The OpenAPI PATCH names Content-Type application/octet-stream but describes its body as multipart/form-data.',
    harnessAnswer: 'Parts are raw bytes (application/octet-stream), as the tutorials send them; multipart bodies are not accepted.',
    sources: [OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.patch.requestBody'), API_GUIDE('Upload a file')],
  },
  'openapi-batch-times-as-strings': {
    summary: 'The OpenAPI Batch schema types created, updated, started and completed as integers (milliseconds) but gives ISO 8601 strings as examples.',
    harnessAnswer: 'See catalog.times.type: the reference server writes milliseconds.',
    sources: [OPENAPI('components.schemas.Batch.properties.created')],
  },
  'older-overview-actions-plural': {
    summary: 'The older overview writes ?actions=COMPLETE in the API-format line and ?action=COMPLETE in the curl example.',
    harnessAnswer: 'The parameter is action; actions is not read.',
    sources: [OVERVIEW_OLDER('Signal batch complete')],
  },
  'available-dates-reversed': {
    summary: 'The OpenAPI Batch schema calls startDate the most recent and endDate the oldest date; the Catalog OpenAPI says the opposite.',
    harnessAnswer: 'startDate is the oldest date, as the Catalog OpenAPI says.',
    sources: [OPENAPI('components.schemas.Batch.properties.availableDates'), CATALOG_OPENAPI('components.schemas.batchResponse.properties.availableDates')],
  },
} as const;
