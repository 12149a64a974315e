/**
 * The documented contract of reading a batch back: the Catalog batch object (`/data/foundation/catalog`)
 * and the failed-batch files of the Data Access API (`/data/foundation/export`), as data.
 * Where sources disagree, `CATALOG_DISAGREEMENTS` keeps each reading and `CATALOG_PICKS` says which one
 * each profile takes.
 */
import { picker, reading as r, type Disagreement, type Picks, type ProfileName } from './profiles.js';
import type { SourceRef } from './sources.js';

const OVERVIEW = (section: string): SourceRef => ({ source: 'batch-overview', section });
const TROUBLESHOOTING = (section: string): SourceRef => ({ source: 'batch-troubleshooting', section });
const DIAGNOSTICS = (section: string): SourceRef => ({ source: 'error-diagnostics', section });
const FAILED_BATCHES = (section: string): SourceRef => ({ source: 'retrieve-failed-batches', section });
const CATALOG_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-catalog', section });
const BATCH_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-batch-ingestion', section });
const DATA_ACCESS = (section: string): SourceRef => ({ source: 'openapi-data-access', section });

export const CATALOG_BASE = {
  host: 'https://platform.adobe.io',
  path: '/data/foundation/catalog',
  source: OVERVIEW('Check batch status'),
} as const;

export const EXPORT_BASE = {
  host: 'https://platform.adobe.io',
  path: '/data/foundation/export',
  source: DATA_ACCESS('servers'),
} as const;

/**
 * Looking up one batch. Both paths are served whatever the profile: the disagreement only says which one
 * the documentation of a profile shows, so that a client using the other can be told.
 */
export const GET_BATCH = {
  method: 'GET',
  paths: {
    singular: { path: '/batch/{BATCH_ID}', sources: [OVERVIEW('Check batch status')] },
    plural: {
      path: '/batches/{BATCH_ID}',
      sources: [TROUBLESHOOTING('Batch statuses'), DIAGNOSTICS('Retrieve the status of a batch'), CATALOG_OPENAPI('paths./batches/{BATCH_ID}.get')],
    },
  },
  status: 200,
  /** The answer is an object with one key, the batch id, whose value is the batch object. */
  keyedByBatchId: true,
  notFoundStatus: 404,
  sources: [OVERVIEW('Check batch status: response'), CATALOG_OPENAPI('paths./batches/{BATCH_ID}.get.responses.200')],
} as const;

/** Fields of the Catalog batch object, from batchResponse (and `id`, which the create answer carries). */
export const BATCH_OBJECT_FIELDS = {
  id: { type: 'string', sources: [OVERVIEW('Create a batch: response'), BATCH_OPENAPI('components.schemas.Batch.properties.id')] },
  imsOrg: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.imsOrg')] },
  status: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.status')] },
  created: { type: 'time', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.created')] },
  updated: { type: 'time', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.updated')] },
  createdClient: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.createdClient')] },
  createdUser: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.createdUser')] },
  updatedUser: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.updatedUser')] },
  externalId: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.externalId')] },
  started: { type: 'time', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.started')] },
  completed: { type: 'time', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.completed')] },
  replay: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.replay')] },
  relatedObjects: { type: 'array', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.relatedObjects')] },
  version: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.version')] },
  tags: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.tags')] },
  inputFormat: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.inputFormat')] },
  errors: { type: 'array', sources: [CATALOG_OPENAPI('components.schemas.errors')] },
  metrics: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.metrics'), DIAGNOSTICS('Retrieve the status of a batch')] },
  failedBatchLocation: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.failedBatchLocation')] },
  recordCount: { type: 'integer', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.recordCount')] },
  failedRecordCount: { type: 'integer', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.failedRecordCount')] },
  size: { type: 'integer', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.size')] },
  availableDates: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.batchResponse.properties.availableDates')] },
} as const;

export type BatchObjectField = keyof typeof BATCH_OBJECT_FIELDS;

/** A new batch relates to its dataset; the version of a new batch object. */
export const BATCH_OBJECT_DEFAULTS = {
  relatedObject: { type: 'dataSet' },
  version: '1.0.0',
  source: OVERVIEW('Create a batch: response'),
} as const;

/** `relatedObjects[].type` values of the Catalog OpenAPI (the overview's example shows more). */
export const RELATED_OBJECT_TYPES = {
  values: ['batch', 'dataSet', 'dataSetFile', 'dataSetView', 'transform'] as const,
  source: CATALOG_OPENAPI('components.schemas.relatedObjects.properties.type.enum'),
} as const;

/** Status spellings a reader of the Catalog must accept for the two statuses that have two names. */
export const CATALOG_STATUS_SPELLINGS = {
  active: ['active', 'success'],
  failed: ['failed', 'failure'],
  source: OVERVIEW('Batch statuses'),
} as const;

/**
 * The batch metrics error diagnostics reads. The guide derives failedRecordCount by subtracting
 * inputRecordCount from outputRecordCount; that is backwards (its own example, 519 − 514 = 5, subtracts
 * the output from the input). The harness computes input − output: see CATALOG_ERRATA.
 */
export const BATCH_METRICS = {
  fields: ['inputRecordCount', 'outputRecordCount', 'failedRecordCount'] as const,
  failedRecordCount(metrics: { inputRecordCount: number; outputRecordCount: number }): number {
    return metrics.inputRecordCount - metrics.outputRecordCount;
  },
  source: DIAGNOSTICS('Retrieve the status of a batch'),
} as const;

/**
 * `errors[].rows` are strings: "a single number or a hyphen-delimited range" (both OpenAPI files; examples
 * `13-26`, `3-5`). The harness writes each run of consecutive rows as one range, a lone row as its number.
 */
export const ERROR_ROWS = {
  itemType: 'string',
  examples: ['13-26', '3-5'] as const,
  sources: [CATALOG_OPENAPI('components.schemas.errors.properties.rows'), BATCH_OPENAPI('components.schemas.errors.properties.rows')],
} as const;

/** Row numbers (any order) as the documented strings: [3, 4, 5, 9] → ["3-5", "9"]. */
export function errorRows(rows: readonly (number | string)[]): string[] {
  const numbers = [...new Set(rows.map(Number).filter((n) => Number.isSafeInteger(n)))].sort((a, b) => a - b);
  const out: string[] = [];
  let start: number | undefined;
  let last: number | undefined;
  for (const n of numbers) {
    if (start !== undefined && last !== undefined && n === last + 1) {
      last = n;
      continue;
    }
    if (start !== undefined && last !== undefined) out.push(start === last ? String(start) : `${start}-${last}`);
    start = last = n;
  }
  if (start !== undefined && last !== undefined) out.push(start === last ? String(start) : `${start}-${last}`);
  return out;
}

/**
 * What the metrics of a processed batch say. A batch that ends failed makes none of its data available
 * (the overview's "Failed": bad data stops the batch, no data is ingested), so it reports no output records
 * and every record it read as failed: one empty file and one valid file of 2 records end failed (code 106)
 * with 2 in, 0 out, 2 failed, never 2 out. A batch that ends success counts its valid records as output
 * (with partial ingestion, the failed ones apart).
 */
export const METRICS_OF_OUTCOME = {
  failedBatchOutput: 0,
  sources: [OVERVIEW('Batch statuses'), DIAGNOSTICS('Retrieve the status of a batch')],
} as const;

/**
 * Listing batches: `GET /batches` answers an object keyed by batch id (like one batch's lookup), filtered
 * and paged by query parameters. The ones the reference server reads are listed with what each filters;
 * others of the OpenAPI are refused with 400 rather than silently ignored, except those of FILTERS_IGNORED.
 */
export const LIST_BATCHES = {
  method: 'GET',
  path: '/batches',
  status: 200,
  keyedByBatchId: true,
  filters: {
    dataSet: { means: 'the batch relates to this dataset', type: 'string' },
    status: { means: 'the batch status is this one (either spelling of active/success and failed/failure)', type: 'string' },
    createdAfter: { means: 'created strictly after this Unix millisecond time', type: 'integer' },
    createdBefore: { means: 'created strictly before this Unix millisecond time', type: 'integer' },
    created: { means: 'created at this Unix millisecond time', type: 'integer' },
    updated: { means: 'last updated at this Unix millisecond time', type: 'integer' },
    createdUser: { means: 'created by this user', type: 'string' },
    updatedUser: { means: 'last updated by this user', type: 'string' },
    externalId: { means: 'the client-supplied id is this one', type: 'string' },
    batch: { means: 'the batch id is this one', type: 'string' },
    started: { means: 'processing started at this Unix millisecond time', type: 'integer' },
    completed: { means: 'processing completed at this Unix millisecond time', type: 'integer' },
    startAfter: { means: 'processing started strictly after this Unix millisecond time', type: 'integer' },
    startBefore: { means: 'processing started strictly before this Unix millisecond time', type: 'integer' },
    endAfter: { means: 'processing completed strictly after this Unix millisecond time', type: 'integer' },
    endBefore: { means: 'processing completed strictly before this Unix millisecond time', type: 'integer' },
  },
  /** Filters on the batch's metrics. */
  metricFilters: { recordCount: 'outputRecordCount', failedRecordCount: 'failedRecordCount' } as const,
  /**
   * Parameters the reference server does not filter on (it has no connections or connectors, no byte sizes,
   * no regular-expression filter). The Postman collection sends several of them on every list, empty when
   * its environment leaves them unset: an empty value of any parameter is no filter; a value of one of these
   * is refused with 400 rather than silently ignored.
   */
  notFiltered: ['connection', 'connector', 'size', 'tags', 'createdClient', 'property', 'version', 'transform'] as const,
  paging: {
    limit: { max: 100, source: CATALOG_OPENAPI('components.parameters.limit') },
    /** No source gives the default: the harness answers up to the maximum. */
    defaultLimit: 100,
    start: { default: 0, source: CATALOG_OPENAPI('components.parameters.start') },
    /** `orderBy=asc:created,updated` (or `desc:`); without a direction, ascending. Default: newest first. */
    orderBy: { example: 'asc:created,updated', directions: ['asc', 'desc'] as const, fields: ['created', 'updated', 'started', 'completed', 'status', 'id'] as const, source: CATALOG_OPENAPI('components.parameters.orderBy') },
    /** `properties=status,created` keeps only those top-level fields of each object. */
    properties: { source: CATALOG_OPENAPI('components.parameters.properties') },
  },
  invalidStatus: 400,
  sources: [CATALOG_OPENAPI('paths./batches.get'), TROUBLESHOOTING('Batch statuses')],
} as const;

/** Looking up one dataset of the world, and listing them: objects keyed by dataset id (dataSetResponse). */
export const GET_DATASET = {
  method: 'GET',
  path: '/dataSets/{DATASET_ID}',
  status: 200,
  notFoundStatus: 404,
  keyedByDatasetId: true,
  sources: [CATALOG_OPENAPI('paths./dataSets/{DATASET_ID}.get')],
} as const;

export const LIST_DATASETS = {
  method: 'GET',
  path: '/dataSets',
  status: 200,
  keyedByDatasetId: true,
  filters: { name: { means: 'the dataset name is this one' }, schema: { means: 'the dataset schema id is this one' } },
  sources: [CATALOG_OPENAPI('paths./dataSets.get')],
} as const;

/** The fields of a dataset object the reference server fills from the world (dataSetResponse). */
export const DATASET_OBJECT_FIELDS = {
  version: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.version')] },
  imsOrg: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.imsOrg')] },
  name: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.name')] },
  created: { type: 'integer', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.created')] },
  updated: { type: 'integer', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.updated')] },
  schemaRef: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.schemaRef')] },
  tags: { type: 'object', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.tags')] },
  files: { type: 'string', sources: [CATALOG_OPENAPI('paths./dataSets/{DATASET_ID}.get.responses.200.example')] },
  lastBatchId: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.lastBatchId')] },
  lastBatchStatus: { type: 'string', sources: [CATALOG_OPENAPI('components.schemas.dataSetResponse.properties.lastBatchStatus')] },
} as const;

export const DATASET_OBJECT_DEFAULTS = {
  version: '1.0.0',
  /** The schemaRef content type of a dataset, as the dataset guides write it. */
  schemaContentType: 'application/vnd.adobe.xed-full+json;version=1',
  /** `files` is a link to the dataset's files, written as in the OpenAPI example. */
  filesLink: (datasetId: string) => `@/dataSetFiles?dataSetId=${datasetId}`,
  source: CATALOG_OPENAPI('paths./dataSets/{DATASET_ID}.get.responses.200.example'),
} as const;

// ---------------------------------------------------------------------------------------------------------
// Failed batches (Data Access API).

export const FAILED_BATCH_FILES = {
  method: 'GET',
  path: '/batches/{BATCH_ID}/failed',
  status: 200,
  /** `{ data: [{ name, length, _links: { self: { href } } }], _page: { limit, count } }` */
  listing: {
    itemFields: ['name', 'length', '_links'] as const,
    linkPath: ['_links', 'self', 'href'] as const,
    /** The Data Access OpenAPI types `length` as a string. */
    lengthType: 'string',
    page: { limit: 100, fields: ['limit', 'count'] as const },
  },
  /** At most (and by default) 100 failed files in one answer. */
  maxFilesPerAnswer: 100,
  sources: [FAILED_BATCHES('List failed batch files'), DATA_ACCESS('paths./batches/{batchId}/failed; components.schemas.files')],
} as const;

/** One failed file, downloaded with `?path={FILE}`: its `_validationErrors`. */
export const FAILED_BATCH_FILE = {
  method: 'GET',
  path: '/batches/{BATCH_ID}/failed',
  query: 'path',
  validationErrorsField: '_validationErrors',
  itemFields: ['causingExceptions', 'keyword', 'message', 'pointerToViolation', 'schemaLocation'] as const,
  documentedExample: {
    keyword: 'format',
    /** The text begins so; the pattern after `Expected [` is not carried (the digest elides it). */
    messagePrefix: '[2018-00-23T22:07:01Z] is not a valid date-time. Expected [',
    pointerToViolation: '#/timestamp',
    schemaLocation: '#/properties/timestamp',
  },
  sources: [FAILED_BATCHES('Retrieve failed batch details')],
} as const;

/** Row-level errors under the batch's meta folder. */
export const ROW_ERRORS = {
  method: 'GET',
  path: '/batches/{BATCH_ID}/meta',
  listQuery: { path: 'row_errors' },
  files: ['parsing_errors_0.json', 'conversion_errors_0.json'] as const,
  entryFields: ['_corrupt_record', '_errors', '_filename'] as const,
  errorFields: ['code', 'message'] as const,
  /** Diagnostics are kept for up to 30 days. */
  retentionDays: 30,
  sources: [DIAGNOSTICS('Download row-level error diagnostics'), DATA_ACCESS('paths./batches/{batchId}/meta')],
} as const;

/**
 * Row-level error files under a batch's meta folder. `GET …/meta?path=row_errors` lists them in the failed
 * listing's shape; `…/meta?path=row_errors/{FILE}` gives one, one JSON object a line, each
 * `{_corrupt_record, _errors: [{code, message}], _filename}`. Records that could not be parsed go to
 * `parsing_errors_0.json`, records that did not conform to the schema to `conversion_errors_0.json`; only
 * a batch created with `enableErrorDiagnostics: true` has them, as the guide says diagnostics are asked for.
 */
export const ROW_ERROR_FILES = {
  folder: 'row_errors',
  parsing: 'parsing_errors_0.json',
  conversion: 'conversion_errors_0.json',
  /** The code a row error carries: the row-error example's short form (ERROR_DIAGNOSTICS_CODES). */
  conversionCode: '1401',
  parsingCode: '1401',
  needsTag: 'acp_enableErrorDiagnostics',
  notFoundStatus: 404,
  sources: [DIAGNOSTICS('Download row-level error diagnostics'), DATA_ACCESS('paths./batches/{batchId}/meta')],
} as const;

/**
 * A batch's dataset files (`GET /batches/{BATCH_ID}/files`): `{data: [{dataSetFileId, dataSetViewId,
 * version, created, updated, records, size, isValid, _links: {self: {href}}}], _page: {limit, count}}`.
 * The OpenAPI types created, updated, records and size as strings; the reference server writes them so.
 * A batch has one dataset file once it is active (its promoted records); none before, none when failed.
 */
export const BATCH_DATASET_FILES = {
  method: 'GET',
  path: '/batches/{BATCH_ID}/files',
  status: 200,
  itemFields: ['dataSetFileId', 'dataSetViewId', 'version', 'created', 'updated', 'records', 'size', 'isValid', '_links'] as const,
  stringTyped: ['created', 'updated', 'records', 'size'] as const,
  page: { limit: 100 },
  sources: [DATA_ACCESS('paths./batches/{batchId}/files.get'), DATA_ACCESS('components.schemas.dataSetFiles')],
} as const;

/**
 * One dataset file (`/files/{dataSetFileId}`): GET without `path` lists its files in the failed listing's
 * shape; with `path` it gives that file's bytes, a `Range: bytes=a-b` header giving 206 with Content-Range
 * and Content-Length. HEAD with `path` answers 200 with Accept-Ranges, Content-Length and Content-Type
 * and no body. The file of a promoted batch holds its records as single-line JSON.
 */
export const DATASET_FILE = {
  path: '/files/{DATASET_FILE_ID}',
  status: 200,
  partialStatus: 206,
  unsatisfiableStatus: 416,
  acceptRanges: 'bytes',
  headRequiresPath: true,
  notFoundStatus: 404,
  contentType: 'application/octet-stream',
  sources: [DATA_ACCESS('paths./files/{dataSetFileId}.get'), DATA_ACCESS('paths./files/{dataSetFileId}.head'), { source: 'rfc9110', section: '14.2 Range' } satisfies SourceRef],
} as const;

/**
 * A dataset's preview (`GET /datasets/{DATASET_ID}/preview`): `{data: [row, …]}`, each row the leaf fields of
 * one ingested record (paths joined with "/") with string values, newest batch first. No source says how
 * many rows a preview holds: the harness shows at most `maxRows`.
 */
export const DATASET_PREVIEW = {
  method: 'GET',
  path: '/datasets/{DATASET_ID}/preview',
  status: 200,
  notFoundStatus: 404,
  maxRows: 100,
  sources: [DATA_ACCESS('paths./datasets/{id}/preview.get'), DATA_ACCESS('components.schemas.preview')],
} as const;

// ---------------------------------------------------------------------------------------------------------
// Disagreements and what each profile picks.


export const CATALOG_DISAGREEMENTS = {
  'catalog.getBatch.path': {
    id: 'catalog.getBatch.path',
    question: 'Which path looks up one batch: /batch/{ID} or /batches/{ID}? (The reference server serves both.)',
    readings: {
      singular: r(GET_BATCH.paths.singular.path, 'The overview checks the status with GET /batch/{BATCH_ID}.', OVERVIEW('Check batch status')),
      plural: r(GET_BATCH.paths.plural.path, 'The troubleshooting guide, error diagnostics and the Catalog OpenAPI use /batches/{BATCH_ID}.', ...GET_BATCH.paths.plural.sources),
    },
  },
  'catalog.times.type': {
    id: 'catalog.times.type',
    question: 'Are created/updated (and started/completed) Unix milliseconds or ISO 8601 strings?',
    readings: {
      milliseconds: r('milliseconds' as const, 'The Catalog OpenAPI types them int64 milliseconds and its examples and the overview show numbers.', CATALOG_OPENAPI('components.schemas.batchResponse.properties.created'), OVERVIEW('Check batch status: response')),
      'iso-string': r('iso-string' as const, 'The Batch Ingestion OpenAPI examples give ISO 8601 strings ("2022-11-09T18:45:31.256Z") under an integer type.', BATCH_OPENAPI('components.schemas.Batch.properties.created.example')),
    },
  },
  'catalog.tags.values': {
    id: 'catalog.tags.values',
    question: 'Are the values of a batch object\'s tags scalars (true, 5) or arrays of strings?',
    readings: {
      scalars: r('scalars' as const, 'The partial ingestion guide echoes acp_enableErrorDiagnostics: true and acp_partialIngestionPercent: 5 as scalars.', { source: 'batch-partial-ingestion', section: 'Create a new batch with partial ingestion enabled: response' }),
      'string-arrays': r(
        'string-arrays' as const,
        'The Catalog OpenAPI types each tag as an array of strings (and the Batch Ingestion examples write them so): true becomes ["true"].',
        CATALOG_OPENAPI('components.schemas.batchResponse.properties.tags'),
        BATCH_OPENAPI('components.schemas.Batch.properties.tags.example'),
      ),
    },
  },
} satisfies Record<string, Disagreement<unknown>>;

export type CatalogDisagreementId = keyof typeof CATALOG_DISAGREEMENTS;

export const CATALOG_PICKS: Picks<typeof CATALOG_DISAGREEMENTS> = {
  docs: { 'catalog.getBatch.path': 'singular', 'catalog.times.type': 'milliseconds', 'catalog.tags.values': 'scalars' },
  openapi: { 'catalog.getBatch.path': 'plural', 'catalog.times.type': 'milliseconds', 'catalog.tags.values': 'string-arrays' },
  strict: { 'catalog.getBatch.path': 'plural', 'catalog.times.type': 'milliseconds', 'catalog.tags.values': 'scalars' },
};

export const pickCatalog = picker(CATALOG_DISAGREEMENTS, CATALOG_PICKS);

/** Tags as a profile shows them: as stored, or each value an array of strings (catalog.tags.values). */
export function catalogTags(profile: ProfileName, tags: Record<string, unknown>): Record<string, unknown> {
  if (pickCatalog(profile, 'catalog.tags.values').value !== 'string-arrays') return tags;
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Array.isArray(v) ? v.map(text) : [text(v)]]));
}

export const CATALOG_ERRATA = {
  'failed-record-count-reversed': {
    summary: 'Error diagnostics derives failedRecordCount as outputRecordCount − inputRecordCount; its example (519 in, 514 out, 5 failed) needs input − output.',
    harnessAnswer: 'failedRecordCount = inputRecordCount − outputRecordCount (BATCH_METRICS.failedRecordCount).',
    source: DIAGNOSTICS('Retrieve the status of a batch'),
  },
  'failed-batch-example-timestamps': {
    summary: 'The failed-batch example sends timestamp 2018-00-10T22:07:56Z but its error text names 2018-00-23T22:07:01Z; the pattern in the text mixes {1-9} and {1,9}.',
    harnessAnswer: 'The error message names the value actually sent.',
    source: FAILED_BATCHES('Retrieve failed batch details'),
  },
} as const;
