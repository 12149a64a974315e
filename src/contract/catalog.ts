/**
 * The documented contract of reading a batch back: the Catalog batch object (`/data/foundation/catalog`)
 * and the failed-batch files of the Data Access API (`/data/foundation/export`), as data.
 * Where sources disagree, `CATALOG_DISAGREEMENTS` keeps each reading and `CATALOG_PICKS` says which one
 * each profile takes.
 */
import { picker, reading as r, type Disagreement, type Picks } from './profiles.js';
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
} satisfies Record<string, Disagreement<unknown>>;

export type CatalogDisagreementId = keyof typeof CATALOG_DISAGREEMENTS;

export const CATALOG_PICKS: Picks<typeof CATALOG_DISAGREEMENTS> = {
  docs: { 'catalog.getBatch.path': 'singular', 'catalog.times.type': 'milliseconds' },
  openapi: { 'catalog.getBatch.path': 'plural', 'catalog.times.type': 'milliseconds' },
  strict: { 'catalog.getBatch.path': 'plural', 'catalog.times.type': 'milliseconds' },
};

export const pickCatalog = picker(CATALOG_DISAGREEMENTS, CATALOG_PICKS);

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
