/**
 * The documented behaviours a server is verified against, as data. A conformance report has one line per
 * behaviour (pass, fail or not exercised) and names its sources; fixtures (`replay`) and generated
 * traffic (`verify`) say which behaviours each of their checks exercises. A behaviour is what a team
 * would ask of a server ("a batch stays loading until COMPLETE"), one level above a single fact.
 *
 * Ids are stable: reports and CI filters use them. Add new ones; never rename one.
 */
import type { SourceRef } from './sources.js';

export type BehaviourApi = 'streaming' | 'batch' | 'catalog' | 'export' | 'campaign';

export interface Behaviour {
  id: string;
  api: BehaviourApi;
  /** The documented behaviour in plain words. */
  title: string;
  sources: SourceRef[];
}

const TUTORIAL = (section: string): SourceRef => ({ source: 'streaming-multiple-messages', section });
const VALIDATION = (section: string): SourceRef => ({ source: 'streaming-validation', section });
const HTTP_SOURCE = (section: string): SourceRef => ({ source: 'http-api-source', section });
const FAQ = (section: string): SourceRef => ({ source: 'streaming-troubleshooting', section });
const OVERVIEW = (section: string): SourceRef => ({ source: 'batch-overview', section });
const API_GUIDE = (section: string): SourceRef => ({ source: 'batch-api-overview', section });
const BATCH_FAQ = (section: string): SourceRef => ({ source: 'batch-troubleshooting', section });
const BATCH_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-batch-ingestion', section });
const CATALOG_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-catalog', section });
const GATEWAY = (section: string): SourceRef => ({ source: 'platform-troubleshooting', section });
const FAILED = (section: string): SourceRef => ({ source: 'retrieve-failed-batches', section });
const CAMPAIGN = (section: string): SourceRef => ({ source: 'campaign-triggering-ingestion', section });
const DATA_ACCESS = (section: string): SourceRef => ({ source: 'openapi-data-access', section });
const DIAGNOSTICS = (section: string): SourceRef => ({ source: 'error-diagnostics', section });
const STREAMING_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-streaming', section });

const define = <const T extends readonly Behaviour[]>(list: T): T => list;

export const BEHAVIOURS = define([
  // ----- Streaming, several messages per request
  {
    id: 'streaming.batch.status-207',
    api: 'streaming',
    title: 'A request of several messages is answered 207 Multi-Status, in success, partial success and failure alike',
    sources: [TUTORIAL('Stream to a dataset: response'), TUTORIAL('Appendix: response codes')],
  },
  {
    id: 'streaming.batch.body-shape',
    api: 'streaming',
    title: 'The 207 body carries inletId (the connection), batchId, receivedTimeMs and responses',
    sources: [TUTORIAL('Stream to a dataset: response')],
  },
  {
    id: 'streaming.batch.one-entry-per-message',
    api: 'streaming',
    title: 'responses has exactly one entry per message of the request, in the order of the messages',
    sources: [TUTORIAL('Stream to a dataset: response')],
  },
  {
    id: 'streaming.batch.xaction-id',
    api: 'streaming',
    title: "An accepted message's entry is { xactionId: <batchId>:<zero-based index> }",
    sources: [TUTORIAL('Stream to a dataset: response')],
  },
  {
    id: 'streaming.batch.valid-accepted',
    api: 'streaming',
    title: 'A message with a valid header and body for a dataset of the inlet is accepted',
    sources: [TUTORIAL('Stream to a dataset')],
  },
  {
    id: 'streaming.message.unknown-xdm-format',
    api: 'streaming',
    title:
      'A message without header or body, or whose schemaRef does not match the dataset, gets { statusCode: 400, message: "inletId: [..] imsOrgId: [..] Message has unknown xdm format" }',
    sources: [TUTORIAL('Identify failed messages: response')],
  },
  {
    id: 'streaming.message.wrong-ims-org',
    api: 'streaming',
    title:
      'A message whose header names another org gets { statusCode: 400, message: "inletId: [..] imsOrgId: [..] Message has an absent or wrong ims org in the header" }',
    sources: [TUTORIAL('Identify failed messages: response'), TUTORIAL('Identify failed messages: validation')],
  },
  {
    id: 'streaming.message.error-batch',
    api: 'streaming',
    title: 'A message that passes the endpoint but fails streaming validation is accepted (it gets an xactionId) and lands in the error batch',
    sources: [VALIDATION('Asynchronous validation'), FAILED('Retrieve failed batch details')],
  },
  {
    id: 'streaming.request.too-large',
    api: 'streaming',
    title: 'A request over 1 MB is answered 413 Payload Too Large',
    sources: [TUTORIAL('Appendix: response codes')],
  },
  {
    id: 'streaming.request.not-json',
    api: 'streaming',
    title: 'A request body that is not JSON is answered 400',
    sources: [TUTORIAL('Appendix: response codes')],
  },
  {
    id: 'streaming.request.envelope-invalid',
    api: 'streaming',
    title: 'A JSON request that is not { "messages": [ … ] } with at least one message is answered 400',
    sources: [TUTORIAL('Appendix: response codes'), TUTORIAL('Identify failed messages: response')],
  },
  {
    id: 'streaming.single.status-200',
    api: 'streaming',
    title: 'A valid single message is answered 200 with an xactionId, and syncValidation skipped unless asked for',
    sources: [FAQ('Streaming ingestion response codes'), VALIDATION('Asynchronous validation')],
  },
  {
    id: 'streaming.single.sync-validation',
    api: 'streaming',
    title: 'With syncValidation=true an invalid message is answered 400 with the _streamingValidation causes',
    sources: [VALIDATION('Synchronous validation')],
  },
  {
    id: 'streaming.platform-path',
    api: 'streaming',
    title: 'The streaming endpoints answer alike under /data/foundation/import/collection/…, where the Postman collection calls them',
    sources: [{ source: 'postman-data-ingestion', section: 'Streaming Ingestion: Send data (single and batch)' }, STREAMING_OPENAPI('paths./collection/batch/{CONNECTION_ID}')],
  },
  {
    id: 'streaming.auth.required',
    api: 'streaming',
    title: 'An authenticated inlet answers 401 without an Authorization header, and 401 or 403 (by profile) to an invalid token',
    sources: [HTTP_SOURCE('Send data to an authenticated connection'), TUTORIAL('Appendix: response codes')],
  },

  // ----- Batch ingestion
  {
    id: 'batch.create',
    api: 'batch',
    title: 'Creating a batch answers 201 with the batch object: id, imsOrg, status "loading", relatedObjects naming the dataset',
    sources: [OVERVIEW('Create a batch'), API_GUIDE('Create a batch')],
  },
  {
    id: 'batch.gateway.headers',
    api: 'batch',
    title: 'A call missing a required header (Authorization, x-api-key, x-gw-ims-org-id) gets the documented gateway error',
    sources: [GATEWAY('Gateway error codes'), OVERVIEW('Using the API')],
  },
  {
    id: 'batch.upload.small',
    api: 'batch',
    title: 'A small file is uploaded with one PUT of application/octet-stream, answered 200',
    sources: [OVERVIEW('Upload files'), API_GUIDE('Upload files')],
  },
  {
    id: 'batch.upload.chunked',
    api: 'batch',
    title: 'A large file is uploaded by INITIALIZE (201), PATCH parts with Content-Range (200) and file COMPLETE',
    sources: [API_GUIDE('Upload large files'), OVERVIEW('Upload large files')],
  },
  {
    id: 'batch.upload.range-validation',
    api: 'batch',
    title: 'Chunks that overlap or leave a gap are refused with 400 when the file is completed',
    sources: [BATCH_FAQ('How are chunks of a large file validated?')],
  },
  {
    id: 'batch.upload.closed-after-complete',
    api: 'batch',
    title: 'No file is accepted into a batch once it is completed or aborted',
    sources: [OVERVIEW('Batch ingestion statuses'), BATCH_FAQ('Batch ingestion statuses')],
  },
  {
    id: 'batch.complete',
    api: 'batch',
    title: 'COMPLETE answers 200 with an empty body; the batch is accepted for processing, not yet active',
    sources: [OVERVIEW('Signal batch completion'), BATCH_FAQ('Is the batch complete after a 200 OK?')],
  },
  {
    id: 'batch.complete.idempotent',
    api: 'batch',
    title: 'COMPLETE is safe to retry: a second COMPLETE of a completed batch answers success again',
    sources: [BATCH_FAQ('Is CompleteBatch safe to retry?')],
  },
  {
    id: 'batch.status.loading-until-complete',
    api: 'batch',
    title: 'A batch stays "loading" until COMPLETE is called: it never becomes success (or loaded) without it',
    sources: [BATCH_FAQ('What does "Loading" mean?'), OVERVIEW('Batch ingestion statuses')],
  },
  {
    id: 'batch.status.legal-transitions',
    api: 'batch',
    title: 'Every status a batch shows follows from the one before it by an edge of the documented life cycle',
    sources: [OVERVIEW('Batch ingestion statuses'), CATALOG_OPENAPI('Batch.status')],
  },
  {
    id: 'batch.abort',
    api: 'batch',
    title: 'ABORT is accepted while a batch is loading, and refused once it is loaded (or final)',
    sources: [OVERVIEW('Batch ingestion statuses'), BATCH_FAQ('Batch ingestion statuses'), API_GUIDE('Cancel a batch')],
  },
  {
    id: 'batch.revert',
    api: 'batch',
    title: 'REVERT of a successful batch marks it inactive',
    sources: [OVERVIEW('Delete a batch'), BATCH_OPENAPI('/batches/{batchId}: action')],
  },
  {
    id: 'batch.processing.outcome',
    api: 'batch',
    title: 'After COMPLETE, a batch of valid records ends success; a batch with invalid records ends failed with errors',
    sources: [OVERVIEW('Batch ingestion statuses'), BATCH_FAQ('Batch ingestion statuses')],
  },

  {
    id: 'batch.upload.file-status',
    api: 'batch',
    title: 'HEAD on an uploaded file answers 200 with a Range header naming the bytes received so far; 404 for a file the batch does not hold',
    sources: [BATCH_OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/files/{filePath}.head')],
  },
  {
    id: 'batch.preview',
    api: 'batch',
    title: 'GET …/datasets/{DATASET_ID}/preview answers the format parameters and the first rows of the files uploaded so far, as columns and rows of strings',
    sources: [BATCH_OPENAPI('paths./batches/{batchId}/datasets/{datasetId}/preview.get'), BATCH_OPENAPI('components.schemas.PreviewResponse')],
  },
  {
    id: 'batch.metrics.agree',
    api: 'batch',
    title: "A processed batch's metrics agree with its outcome: a failed batch reports no output records and every record it read as failed; errors[].rows are strings",
    sources: [OVERVIEW('Batch statuses'), BATCH_OPENAPI('components.schemas.errors.properties.rows'), CATALOG_OPENAPI('components.schemas.errors.properties.rows')],
  },

  // ----- Catalog and export
  {
    id: 'catalog.batch.read',
    api: 'catalog',
    title: 'GET of a batch in the Catalog answers the batch object keyed by its id, with its status',
    sources: [OVERVIEW('Check batch status'), CATALOG_OPENAPI('/batches/{id}')],
  },
  {
    id: 'catalog.batches.list',
    api: 'catalog',
    title: 'GET /catalog/batches lists the caller\'s batches keyed by id, filtered (dataSet, status, createdAfter, …) and paged (limit, start, orderBy)',
    sources: [CATALOG_OPENAPI('paths./batches.get')],
  },
  {
    id: 'catalog.datasets.read',
    api: 'catalog',
    title: 'GET /catalog/dataSets/{ID} (and the list) answers the dataset keyed by its id, with its schemaRef',
    sources: [CATALOG_OPENAPI('paths./dataSets/{DATASET_ID}.get'), CATALOG_OPENAPI('paths./dataSets.get')],
  },
  {
    id: 'export.dataset-files',
    api: 'export',
    title: "An active batch's dataset files are listed under /export/batches/{ID}/files and read under /export/files/{ID} (GET, HEAD, a Range answered 206)",
    sources: [DATA_ACCESS('paths./batches/{batchId}/files.get'), DATA_ACCESS('paths./files/{dataSetFileId}.get'), DATA_ACCESS('paths./files/{dataSetFileId}.head')],
  },
  {
    id: 'export.row-errors',
    api: 'export',
    title: "With error diagnostics, a batch's row-level errors are listed under /export/batches/{ID}/meta?path=row_errors, each entry {_corrupt_record, _errors, _filename}",
    sources: [DIAGNOSTICS('Download row-level error diagnostics'), DATA_ACCESS('paths./batches/{batchId}/meta')],
  },
  {
    id: 'export.failed',
    api: 'export',
    title: "A failed batch's records are listed under /export/batches/{ID}/failed, each file in the _validationErrors shape",
    sources: [FAILED('Retrieve failed batch details')],
  },

  // ----- Campaign Standard
  {
    id: 'campaign.trigger.submitted',
    api: 'campaign',
    title: 'Triggering a published and stopped mapping answers a requestId and "Ingestion request submitted successfully for the Mapping ID: <value>"',
    sources: [CAMPAIGN('Starting immediate ingestion of a data mapping')],
  },
  {
    id: 'campaign.trigger.in-progress',
    api: 'campaign',
    title: 'Triggering again while a request runs answers "Ingestion request already in progress…" with the same requestId',
    sources: [CAMPAIGN('Starting immediate ingestion of a data mapping')],
  },
  {
    id: 'campaign.trigger.preconditions',
    api: 'campaign',
    title: 'A mapping that is not published, or not stopped, is refused with the documented "Unable to submit…" text and status Failed',
    sources: [CAMPAIGN('Starting immediate ingestion of a data mapping')],
  },
  {
    id: 'campaign.status.read',
    api: 'campaign',
    title: 'GET of a request answers its status: In Progress, Success (with numRecords), Failed (ACP codes, batchId after upload) or Aborted',
    sources: [CAMPAIGN('Retrieving the status of an ingestion request')],
  },
  {
    id: 'campaign.status.num-records-on-success-only',
    api: 'campaign',
    title: 'numRecords is reported for the success status only',
    sources: [CAMPAIGN('Retrieving the status of an ingestion request')],
  },
] as const satisfies readonly Behaviour[]);

export type BehaviourId = (typeof BEHAVIOURS)[number]['id'];

export const BEHAVIOUR_IDS: readonly BehaviourId[] = BEHAVIOURS.map((b) => b.id);

const BY_ID = new Map<string, Behaviour>(BEHAVIOURS.map((b) => [b.id, b]));

export function isBehaviourId(value: string): value is BehaviourId {
  return BY_ID.has(value);
}

export function behaviourNamed(id: BehaviourId): Behaviour {
  return BY_ID.get(id)!;
}
