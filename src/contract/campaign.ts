/**
 * The documented contract of Adobe Campaign Standard's XDM ingestion trigger, as data: the endpoint,
 * the mapping preconditions, every documented response body with its text exactly as written, and the
 * ingestion request's statuses. `<value>` in a template is the documented placeholder; `fillCampaignText`
 * puts the mapping id (or another value) in its place.
 */
import { picker, reading as r, type Disagreement, type Picks } from './profiles.js';
import type { SourceRef } from './sources.js';

const TRIGGER = (section: string): SourceRef => ({ source: 'campaign-triggering-ingestion', section });
const MUST_READ = (section: string): SourceRef => ({ source: 'campaign-api-must-read', section });

export const CAMPAIGN_ENDPOINT = {
  host: 'https://mc.adobe.io',
  /** The documented placeholders are `<ORGANIZATION>` and `<XDM Mapping ID>`. */
  path: '/{ORGANIZATION}/campaign/dataIngestion/xdmIngestion/{MAPPING_ID}/ingest',
  trigger: { method: 'POST', source: TRIGGER('Starting immediate ingestion of a data mapping') },
  status: { method: 'GET', source: TRIGGER('Retrieving the status of an ingestion request') },
} as const;

/** The headers every Campaign Standard API call carries; the APIs are for server-to-server use only. */
export const CAMPAIGN_HEADERS = [
  { name: 'Authorization', template: 'Bearer {ACCESS_TOKEN}', source: MUST_READ('Headers') },
  { name: 'Cache-Control', template: 'no-cache', source: MUST_READ('Headers') },
  { name: 'X-Api-Key', template: '{API_KEY}', source: MUST_READ('Headers') },
  { name: 'Content-Type', template: 'application/json', source: MUST_READ('Headers') },
] as const;

/** Triggering needs a mapping that is published and then stopped, and a caller with the SQL role. */
export const CAMPAIGN_PRECONDITIONS = {
  mapping: { published: true, stopped: true, source: TRIGGER('Prerequisites') },
  role: { name: 'SQL function execution', source: TRIGGER('Starting immediate ingestion of a data mapping') },
} as const;

/** The placeholder the documented texts use. */
export const CAMPAIGN_PLACEHOLDER = '<value>';

export function fillCampaignText(template: string, value: string): string {
  return template.split(CAMPAIGN_PLACEHOLDER).join(value);
}

/** Statuses of an ingestion request, as its `status` field writes them. */
export const CAMPAIGN_REQUEST_STATUSES = ['In Progress', 'Success', 'Failed', 'Aborted'] as const;

export type CampaignRequestStatus = (typeof CAMPAIGN_REQUEST_STATUSES)[number];

/** The request statuses the field list names ("success/failed/in progress"): Aborted is missing from it. */
export const CAMPAIGN_STATUS_FIELD_LIST = {
  values: ['Success', 'Failed', 'In Progress'] as readonly CampaignRequestStatus[],
  source: TRIGGER('Retrieving the status of an ingestion request'),
};

export interface CampaignBody {
  status: CampaignRequestStatus;
  /** The `info` text exactly as documented, with `<value>` where the mapping id goes. */
  info: string;
  /** Which fields the documented body carries besides `status` and `info`. */
  fields: readonly ('requestId' | 'batchId' | 'numRecords')[];
  /** The documented values of the example, where it gives literal values. */
  example?: { numRecords?: number; requestId?: number; batchId?: string };
  source: SourceRef;
}

export type TriggerOutcome = 'submitted' | 'already-in-progress' | 'not-stopped' | 'not-published';

/** The answers to POST …/ingest. */
export const TRIGGER_RESPONSES: Record<TriggerOutcome, CampaignBody> = {
  submitted: {
    status: 'Success',
    info: 'Ingestion request submitted successfully for the Mapping ID: <value>',
    fields: ['requestId'],
    source: TRIGGER('Starting immediate ingestion of a data mapping'),
  },
  'already-in-progress': {
    status: 'In Progress',
    info: 'Ingestion request already in progress for the Mapping ID: <value>',
    fields: ['requestId'],
    source: TRIGGER('Starting immediate ingestion of a data mapping'),
  },
  'not-stopped': {
    status: 'Failed',
    info: 'Unable to submit data ingestion request, XDM Mapping ID: <value> is not stopped',
    fields: [],
    source: TRIGGER('Starting immediate ingestion of a data mapping'),
  },
  'not-published': {
    status: 'Failed',
    info: 'Unable to submit data ingestion request, XDM Mapping ID: <value> is not published',
    fields: [],
    source: TRIGGER('Starting immediate ingestion of a data mapping'),
  },
};

export type StatusExample = 'success' | 'failed-no-records' | 'failed-after-upload' | 'aborted' | 'in-progress';

/** The answers to GET …/ingest, one per documented example. `info` starts with "Mapping Id: <value>.". */
export const STATUS_RESPONSES: Record<StatusExample, CampaignBody> = {
  success: {
    status: 'Success',
    info: 'Mapping Id: <value>. ',
    fields: ['batchId', 'numRecords', 'requestId'],
    example: { batchId: '', numRecords: 15, requestId: 3520 },
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
  'failed-no-records': {
    status: 'Failed',
    info: 'Mapping Id: <value>. ACP-880056 Failed to fetch the record from the database.',
    fields: ['batchId', 'numRecords', 'requestId'],
    example: { batchId: '', numRecords: 0, requestId: 3520 },
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
  'failed-after-upload': {
    status: 'Failed',
    info: 'Mapping Id: <value>. ACP-880096 Sync Job failed to upload. Please check the error in the Platform UI.',
    fields: ['batchId', 'numRecords', 'requestId'],
    example: { numRecords: 0 },
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
  aborted: {
    status: 'Aborted',
    info: 'Mapping Id: <value>. Ingestion request aborted due to some issue with data ingestion service. Please submit a new request',
    fields: ['batchId', 'numRecords', 'requestId'],
    example: { batchId: '', numRecords: 0 },
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
  'in-progress': {
    status: 'In Progress',
    info: 'Mapping Id: <value>.',
    fields: ['batchId', 'numRecords', 'requestId'],
    example: { batchId: '', numRecords: 0 },
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
};

/** The documented error codes inside `info`. */
export const CAMPAIGN_ERROR_CODES = {
  'ACP-880056': { example: 'failed-no-records' as StatusExample },
  'ACP-880096': { example: 'failed-after-upload' as StatusExample, batchIdSet: true },
} as const;

/**
 * The fields of the status answer. batchId is filled only when the failure came after the batch was
 * prepared and uploaded; numRecords is the number of records ingested.
 */
export const STATUS_FIELDS = {
  batchId: { setOnlyWhen: 'failure after batch prepare and upload', source: TRIGGER('Retrieving the status of an ingestion request') },
  info: { describedAs: 'the XDM mapping id', source: TRIGGER('Retrieving the status of an ingestion request') },
  numRecords: { describedAs: 'records ingested (success status only)', source: TRIGGER('Retrieving the status of an ingestion request') },
  status: { describedAs: 'the ingestion request status', source: TRIGGER('Retrieving the status of an ingestion request') },
} as const;

/**
 * How the status request names its request id. The page shows `{"requestId"="<value>"}` after the GET
 * line (not JSON) and says the id is passed in the parameters; the harness reads a `requestId` query
 * parameter and also a JSON body `{"requestId": …}`.
 */
export const STATUS_REQUEST = {
  requestIdName: 'requestId',
  documentedForm: '{"requestId"="<value>"}',
  harnessReads: ['query', 'json-body'] as const,
  source: TRIGGER('Retrieving the status of an ingestion request'),
} as const;

/** No HTTP status is documented for any of these answers; the harness answers 200 and the body carries the outcome. */
export const CAMPAIGN_HTTP_STATUS = {
  value: 200,
  note: 'Undocumented: every documented answer is a JSON body whose status field says the outcome.',
  source: TRIGGER('Starting immediate ingestion of a data mapping'),
} as const;

/** The request life cycle: a request starts In Progress and ends in one of three statuses. */
export const CAMPAIGN_REQUEST_TRANSITIONS = [
  { event: 'succeed', from: 'In Progress', to: 'Success', source: TRIGGER('Retrieving the status of an ingestion request') },
  { event: 'fail', from: 'In Progress', to: 'Failed', source: TRIGGER('Retrieving the status of an ingestion request') },
  { event: 'abort', from: 'In Progress', to: 'Aborted', source: TRIGGER('Retrieving the status of an ingestion request') },
] as const satisfies readonly { event: string; from: CampaignRequestStatus; to: CampaignRequestStatus; source: SourceRef }[];

export type CampaignRequestEvent = (typeof CAMPAIGN_REQUEST_TRANSITIONS)[number]['event'];

export const CAMPAIGN_INITIAL_STATUS: CampaignRequestStatus = 'In Progress';

/**
 * When a mapping fails both preconditions, which text answers? Undocumented: the harness checks
 * "published" first, because a mapping is published before it can be stopped (Prerequisites).
 */
export const TRIGGER_CHECK_ORDER: readonly TriggerOutcome[] = ['not-published', 'not-stopped', 'already-in-progress', 'submitted'];

// ---------------------------------------------------------------------------------------------------------
// Disagreements and what each profile picks. (Campaign has no OpenAPI file: `openapi` follows the page.)


export const CAMPAIGN_DISAGREEMENTS = {
  'campaign.numRecords.presence': {
    id: 'campaign.numRecords.presence',
    question: 'Does the status answer carry numRecords outside Success?',
    readings: {
      always: r('always' as const, 'Every status example carries numRecords, 0 when the request did not succeed.', TRIGGER('Retrieving the status of an ingestion request: examples')),
      'success-only': r('success-only' as const, 'The field list says numRecords is for the success status only.', TRIGGER('Retrieving the status of an ingestion request')),
    },
  },
  'campaign.requestId.type': {
    id: 'campaign.requestId.type',
    question: 'Is requestId a number or a string?',
    readings: {
      number: r('number' as const, 'The examples write requestId 3520, a number; <value> is unquoted elsewhere.', TRIGGER('Retrieving the status of an ingestion request: examples')),
      string: r('string' as const, 'The status request quotes it: {"requestId"="<value>"}.', TRIGGER('Retrieving the status of an ingestion request')),
    },
  },
} satisfies Record<string, Disagreement<unknown>>;

export type CampaignDisagreementId = keyof typeof CAMPAIGN_DISAGREEMENTS;

export const CAMPAIGN_PICKS: Picks<typeof CAMPAIGN_DISAGREEMENTS> = {
  docs: { 'campaign.numRecords.presence': 'always', 'campaign.requestId.type': 'number' },
  openapi: { 'campaign.numRecords.presence': 'always', 'campaign.requestId.type': 'number' },
  strict: { 'campaign.numRecords.presence': 'success-only', 'campaign.requestId.type': 'number' },
};

export const pickCampaign = picker(CAMPAIGN_DISAGREEMENTS, CAMPAIGN_PICKS);

export const CAMPAIGN_ERRATA = {
  'heading-says-is-stopped': {
    summary: 'The heading over the failure bodies says the mapping "is not published or is stopped", but the body says "is not stopped" and the prerequisites ask for a stopped mapping.',
    harnessAnswer: 'A mapping must be published and stopped; a running mapping gets the "is not stopped" body.',
    source: TRIGGER('Starting immediate ingestion of a data mapping'),
  },
  'status-list-omits-aborted': {
    summary: 'The status field is described as success/failed/in progress, but an example answers Aborted.',
    harnessAnswer: 'Aborted is a status (CAMPAIGN_REQUEST_STATUSES).',
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
  'info-is-not-the-mapping-id': {
    summary: 'info is described as the XDM mapping id, but it holds a sentence: "Mapping Id: <value>." and a message.',
    harnessAnswer: 'info is the documented text with the mapping id in it.',
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
  'records-uploaded-but-zero': {
    summary: 'The examples for a request aborted after ingesting some records and one failed after some records were uploaded both show numRecords 0.',
    harnessAnswer: 'numRecords counts ingested records on Success; elsewhere it is 0 (or absent, by campaign.numRecords.presence).',
    source: TRIGGER('Retrieving the status of an ingestion request: examples'),
  },
  'status-request-not-json': {
    summary: 'The status request is shown as {"requestId"="<value>"}, which is not JSON.',
    harnessAnswer: 'See STATUS_REQUEST: a requestId query parameter or a JSON body.',
    source: TRIGGER('Retrieving the status of an ingestion request'),
  },
} as const;
