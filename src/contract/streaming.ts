/**
 * The documented contract of streaming ingestion (Data Collection Core Service, DCCS), as data.
 * Every entry names its source; where sources disagree, `STREAMING_DISAGREEMENTS` keeps each reading
 * and `STREAMING_PICKS` says which one each profile takes.
 */
import { picker, reading as r, type Disagreement, type Picks } from './profiles.js';
import type { SourceRef } from './sources.js';

const TUTORIAL = (section: string): SourceRef => ({ source: 'streaming-multiple-messages', section });
const OPENAPI = (section: string): SourceRef => ({ source: 'openapi-streaming', section });


export const STREAMING_ENDPOINTS = {
  batch: {
    method: 'POST',
    path: '/collection/batch/{CONNECTION_ID}',
    host: 'https://dcs.adobedc.net',
    source: TUTORIAL('Stream to a dataset: API format'),
  },
  single: {
    method: 'POST',
    path: '/collection/{CONNECTION_ID}',
    host: 'https://dcs.adobedc.net',
    source: OPENAPI('paths./collection/{CONNECTION_ID}'),
  },
} as const;

export type StreamingEndpoint = keyof typeof STREAMING_ENDPOINTS;

export function endpointLabel(endpoint: StreamingEndpoint): string {
  const e = STREAMING_ENDPOINTS[endpoint];
  return `${e.method} ${e.path}`;
}

/**
 * Request headers of both streaming endpoints. `required` is what the tutorial asks of every request;
 * `requiredBy` names a source that requires a header the tutorial does not.
 */
export const STREAMING_HEADERS = {
  'Content-Type': {
    values: ['application/json', 'application/x-jackson-smile'],
    required: true,
    note: 'The tutorial sends application/json; the OpenAPI file also allows Smile-encoded payloads.',
    sources: [TUTORIAL('Getting started'), OPENAPI('paths./collection/batch/{CONNECTION_ID}.post.parameters')],
  },
  Authorization: {
    values: ['Bearer {ACCESS_TOKEN}'],
    required: false,
    note: 'Only for inlets created with authenticationRequired: true; 401 without it.',
    sources: [TUTORIAL('Appendix: response codes'), { source: 'http-api-source', section: 'Send data to an authenticated connection' } satisfies SourceRef],
  },
  'x-sandbox-name': {
    values: ['{SANDBOX_NAME}'],
    required: false,
    requiredBy: 'openapi-streaming',
    note: 'Required by the OpenAPI file; the tutorial sends none.',
    sources: [OPENAPI('paths./collection/batch/{CONNECTION_ID}.post.parameters')],
  },
  'x-adobe-flow-id': {
    values: ['{FLOW_ID}'],
    required: false,
    note: 'Names the dataflow when the connection serves several.',
    sources: [{ source: 'http-api-source', section: 'Send data' } satisfies SourceRef],
  },
} as const;

/** HTTP status codes of the multi-message endpoint, from the tutorial's response-code appendix. */
export const STREAMING_STATUS = {
  207: { meaning: 'Multi-Status: success, partial success and failure alike; read every entry', source: TUTORIAL('Appendix: response codes') },
  400: { meaning: 'Message payload was missing required fields, or was of an unknown XDM format', source: TUTORIAL('Appendix: response codes') },
  401: { meaning: 'No valid Authorization header; only for inlets with authentication enabled', source: TUTORIAL('Appendix: response codes') },
  403: { meaning: 'Authorization token invalid or expired; only for inlets with authentication enabled', source: TUTORIAL('Appendix: response codes') },
  413: { meaning: 'The whole request payload is larger than 1 MB', source: TUTORIAL('Appendix: response codes') },
  429: { meaning: 'Too many requests within the time window', source: TUTORIAL('Appendix: response codes') },
  500: { meaning: 'Error processing the payload: schema not given or not matching the XDM definition', source: TUTORIAL('Appendix: response codes') },
  503: { meaning: 'Service unavailable: retry at least three times with exponential back-off', source: TUTORIAL('Appendix: response codes') },
} as const;

export const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  207: 'Multi-Status',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The per-message texts of a 207 body, exactly as documented. Both carry the prefix
 * `inletId: [<inlet>] imsOrgId: [<org>] `, where the org is the inlet's org: the tutorial shows the
 * inlet's org even for the message whose header named another org.
 */
export const DOCUMENTED_MESSAGES = {
  unknownXdmFormat: {
    text: 'Message has unknown xdm format',
    source: TUTORIAL('Identify failed messages: response'),
  },
  absentOrWrongImsOrg: {
    text: 'Message has an absent or wrong ims org in the header',
    source: TUTORIAL('Identify failed messages: response'),
  },
} as const;

export type DocumentedMessageKey = keyof typeof DOCUMENTED_MESSAGES;

export function documentedMessage(key: DocumentedMessageKey, inletId: string, orgId: string): string {
  return `inletId: [${inletId}] imsOrgId: [${orgId}] ${DOCUMENTED_MESSAGES[key].text}`;
}

/** Errors that streaming validation (after the endpoint accepted the message) writes to the error batch. */
export const DOWNSTREAM_MESSAGES = {
  entityMissing: {
    text: 'Payload body is missing xdmEntity',
    source: { source: 'retrieve-failed-batches', section: 'Retrieve failed batch details' } satisfies SourceRef,
  },
  sourceNameMissing: {
    text: 'Payload header is missing Source Name',
    source: { source: 'retrieve-failed-batches', section: 'Retrieve failed batch details' } satisfies SourceRef,
  },
} as const;

/** The 207 success entry: `xactionId` is the request's `batchId`, a colon, and the message's zero-based index. */
export const XACTION_ID = {
  separator: ':',
  source: TUTORIAL('Stream to a dataset: response'),
  format(batchId: string, index: number): string {
    return `${batchId}:${index}`;
  },
  /** What pre-flight writes where the server will make up the batch id. */
  batchIdPlaceholder: '<batchId>',
  receivedTimeMsPlaceholder: '<receivedTimeMs>',
};

/** Streaming validation stops a message after five errors. */
export const MAX_VALIDATION_ERRORS = {
  value: 5,
  source: { source: 'streaming-validation', section: 'Validation coverage' } satisfies SourceRef,
};

/** Fields that time-series data (ExperienceEvent and other time-series classes) must carry. */
export const TIME_SERIES_REQUIRED = {
  fields: ['_id', 'timestamp'] as const,
  source: { source: 'streaming-time-series', section: 'Stream time-series data: request' } satisfies SourceRef,
};

export const TIME_SERIES_CLASS = 'https://ns.adobe.com/xdm/data/time-series';

/** Record size guardrails (per record, not per request). */
export const RECORD_SIZE_GUARDRAILS = {
  experienceEvent: { bytes: 10 * 1024, source: { source: 'ingestion-guardrails', section: 'Streaming ingestion' } satisfies SourceRef },
  profile: { bytes: 100 * 1024, source: { source: 'ingestion-guardrails', section: 'Streaming ingestion' } satisfies SourceRef },
};

/** The media type of XDM payloads. Its version parameter is where the sources disagree (see below). */
export const XED_FULL_MEDIA_TYPE = 'application/vnd.adobe.xed-full+json';

export type ContentTypeForm = 'version-parameter' | 'version-parameter-spaced' | 'bare-version';

export const CONTENT_TYPE_FORMS: Record<ContentTypeForm, { pattern: RegExp; example: string; source: SourceRef }> = {
  'version-parameter': {
    pattern: /^application\/vnd\.adobe\.xed-full\+json;version=(\d+(?:\.\d+)?)$/,
    example: 'application/vnd.adobe.xed-full+json;version=1',
    source: TUTORIAL('Stream to a dataset: request'),
  },
  'version-parameter-spaced': {
    pattern: /^application\/vnd\.adobe\.xed-full\+json; version=(\d+(?:\.\d+)?)$/,
    example: 'application/vnd.adobe.xed-full+json; version=1',
    source: { source: 'http-api-source', section: 'Create a target dataset' },
  },
  'bare-version': {
    pattern: /^application\/vnd\.adobe\.xed-full\+json;(\d+(?:\.\d+)?)$/,
    example: 'application/vnd.adobe.xed-full+json;1',
    source: { source: 'streaming-multiple-messages-older', section: 'Stream to a dataset: request' },
  },
};

/** The shorthands the world file accepts for the two classes the tutorials stream. */
export const XDM_CLASSES = {
  experienceevent: 'https://ns.adobe.com/xdm/context/experienceevent',
  profile: 'https://ns.adobe.com/xdm/context/profile',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Disagreements and what each profile picks.


export const STREAMING_DISAGREEMENTS = {
  'streaming.imsOrgId.absent': {
    id: 'streaming.imsOrgId.absent',
    question: 'A message header without imsOrgId: filled in by the platform, or rejected?',
    readings: {
      'filled-in': r('filled-in' as const, 'The tutorial: DCCS adds the field when the payload lacks it.', TUTORIAL('Identify failed messages')),
      required: r('required' as const, 'The OpenAPI file lists imsOrgId in messageHeader.required.', OPENAPI('components.schemas.messageHeader.required')),
    },
  },
  'streaming.flowId.absent': {
    id: 'streaming.flowId.absent',
    question: 'A message header without flowId: allowed, or rejected?',
    readings: {
      optional: r('optional' as const, 'The tutorial examples carry no flowId and are accepted.', TUTORIAL('Stream to a dataset: request')),
      required: r('required' as const, 'The OpenAPI file lists flowId in messageHeader.required.', OPENAPI('components.schemas.messageHeader.required')),
    },
  },
  'streaming.datasetId.absent': {
    id: 'streaming.datasetId.absent',
    question: 'A message header without datasetId: routed by the dataflow, or rejected?',
    readings: {
      'routed-by-dataflow': r(
        'routed-by-dataflow' as const,
        'The tutorial adds datasetId to ingest a message "directly" into a dataset, which implies it is optional.',
        TUTORIAL('Stream to a dataset'),
      ),
      required: r('required' as const, 'The OpenAPI file lists datasetId in messageHeader.required.', OPENAPI('components.schemas.messageHeader.required')),
    },
  },
  'streaming.createdAt.type': {
    id: 'streaming.createdAt.type',
    question: 'Is header.createdAt a number of milliseconds or a string?',
    readings: {
      number: r('number' as const, 'The tutorial examples send 1526283801869 as a number.', TUTORIAL('Stream to a dataset: request')),
      string: r('string' as const, 'The OpenAPI file types createdAt as a string ("1526283801869").', OPENAPI('components.schemas.messageHeader.properties.createdAt')),
      either: r('either' as const, 'Both forms appear in Adobe material; accept a millisecond time in either.', TUTORIAL('Stream to a dataset: request'), OPENAPI('components.schemas.messageHeader.properties.createdAt')),
    },
  },
  'streaming.contentType.forms': {
    id: 'streaming.contentType.forms',
    question: 'Which schemaRef.contentType forms are accepted?',
    readings: {
      'all-documented': r(
        ['version-parameter', 'version-parameter-spaced', 'bare-version'] as ContentTypeForm[],
        'The newer tutorial writes ;version={SCHEMA_VERSION}, the older one ;{SCHEMA_VERSION}; dataset creation writes "; version=1".',
        TUTORIAL('Stream to a dataset: request'),
        { source: 'streaming-multiple-messages-older', section: 'Stream to a dataset: request' },
      ),
      'version-parameter': r(
        ['version-parameter'] as ContentTypeForm[],
        'The OpenAPI file and the newest tutorial write only ;version={SCHEMA_VERSION}.',
        OPENAPI('components.schemas.streamingMessage.example'),
      ),
    },
  },
  'streaming.requestLimit.bytes': {
    id: 'streaming.requestLimit.bytes',
    question: 'The 413 limit is "1 MB": 1 048 576 or 1 000 000 bytes?',
    readings: {
      binary: r(1_048_576, 'No source gives the byte count; JVM services commonly read 1MB as 1 048 576 bytes.', TUTORIAL('Appendix: response codes'), { source: 'spring-datasize', section: 'ofMegabytes' }),
      decimal: r(1_000_000, 'The smaller reading: a request under it is under the limit whichever reading the platform uses.', TUTORIAL('Appendix: response codes')),
    },
  },
  'streaming.sourceName.absent': {
    id: 'streaming.sourceName.absent',
    question: 'A header without source.name: filled in from the connection, or an error-batch error?',
    readings: {
      'filled-in': r('filled-in' as const, 'The time-series tutorial and the OpenAPI file: the source id of the connection is added.', OPENAPI('components.schemas.messageHeader.properties.source.name'), { source: 'streaming-time-series', section: 'Stream time-series data' }),
      'error-batch': r('error-batch' as const, 'The failed-batches guide shows "Payload header is missing Source Name" as a streaming validation error.', { source: 'retrieve-failed-batches', section: 'Retrieve failed batch details' }),
    },
  },
  'streaming.invalidToken.status': {
    id: 'streaming.invalidToken.status',
    question: 'An invalid or expired token on an authenticated inlet: 401 or 403?',
    readings: {
      '403': r(403, 'The multi-message tutorial table: 403 for an invalid or expired token.', TUTORIAL('Appendix: response codes')),
      '401': r(401, 'The HTTP API source guide: 401 when the header is absent or the token invalid/expired.', { source: 'http-api-source', section: 'Send data to an authenticated connection' }),
    },
  },
  'streaming.path.base': {
    id: 'streaming.path.base',
    question: 'Where are the streaming endpoints: /collection/… on the streaming host, or /data/foundation/import/collection/… on the platform gateway? (The reference server serves both.)',
    readings: {
      'collection-host': r('/collection' as const, 'The tutorials and the Streaming Ingestion OpenAPI post to https://dcs.adobedc.net/collection/{CONNECTION_ID} and /collection/batch/{CONNECTION_ID}.', TUTORIAL('Stream to a dataset'), OPENAPI('paths./collection/batch/{CONNECTION_ID}')),
      'platform-import': r(
        '/data/foundation/import/collection' as const,
        "Adobe's Data Ingestion Postman collection posts to https://platform.adobe.io/data/foundation/import/collection/{CONNECTION_ID} and …/collection/batch/{CONNECTION_ID}.",
        { source: 'postman-data-ingestion', section: 'Streaming Ingestion: Send data (single and batch)' },
      ),
    },
  },
  'streaming.productListItems.type': {
    id: 'streaming.productListItems.type',
    question: 'Is productListItems an object or an array of items?',
    readings: {
      array: r('array' as const, 'The XDM field is an array of product items, and the OpenAPI file\'s own message example writes it as an array.', OPENAPI('components.schemas.BatchMessageBody.example.xdmEntity.productListItems')),
      object: r('object' as const, 'The OpenAPI file types productListItems as an object (type: object).', OPENAPI('components.schemas.BatchMessageBody.properties.xdmEntity.properties.productListItems')),
    },
  },
  'streaming.receivedTimeMs.format': {
    id: 'streaming.receivedTimeMs.format',
    question: 'What is receivedTimeMs: a millisecond time (an int64 number) or an int32?',
    readings: {
      int64: r('int64' as const, 'The tutorials answer a millisecond Unix time such as 1565628583854, which needs 41 bits.', TUTORIAL('Stream to a dataset: response')),
      int32: r('int32' as const, 'The OpenAPI file declares format int32 (and its example is a string): no millisecond time since 1970-01-25 fits an int32.', OPENAPI('components.schemas.StreamingIngestionResponse.properties.receivedTimeMs')),
    },
  },
} satisfies Record<string, Disagreement<unknown>>;

export type StreamingDisagreementId = keyof typeof STREAMING_DISAGREEMENTS;

export const STREAMING_PICKS: Picks<typeof STREAMING_DISAGREEMENTS> = {
  docs: {
    'streaming.imsOrgId.absent': 'filled-in',
    'streaming.flowId.absent': 'optional',
    'streaming.datasetId.absent': 'routed-by-dataflow',
    'streaming.createdAt.type': 'either',
    'streaming.contentType.forms': 'all-documented',
    'streaming.requestLimit.bytes': 'binary',
    'streaming.sourceName.absent': 'filled-in',
    'streaming.invalidToken.status': '403',
    'streaming.path.base': 'collection-host',
    'streaming.productListItems.type': 'array',
    'streaming.receivedTimeMs.format': 'int64',
  },
  openapi: {
    'streaming.imsOrgId.absent': 'required',
    'streaming.flowId.absent': 'required',
    'streaming.datasetId.absent': 'required',
    'streaming.createdAt.type': 'string',
    'streaming.contentType.forms': 'version-parameter',
    'streaming.requestLimit.bytes': 'binary',
    'streaming.sourceName.absent': 'filled-in',
    'streaming.invalidToken.status': '403',
    'streaming.path.base': 'collection-host',
    // The server cannot follow the file here: an int32 holds no millisecond time, and a list is a list.
    'streaming.productListItems.type': 'array',
    'streaming.receivedTimeMs.format': 'int64',
  },
  strict: {
    'streaming.imsOrgId.absent': 'required',
    'streaming.flowId.absent': 'required',
    'streaming.datasetId.absent': 'required',
    'streaming.createdAt.type': 'either',
    'streaming.contentType.forms': 'version-parameter',
    'streaming.requestLimit.bytes': 'decimal',
    'streaming.sourceName.absent': 'error-batch',
    'streaming.invalidToken.status': '401',
    'streaming.path.base': 'collection-host',
    'streaming.productListItems.type': 'array',
    'streaming.receivedTimeMs.format': 'int64',
  },
};

/** The reading a profile takes for a disagreement, with its value typed. */
export const pick = picker(STREAMING_DISAGREEMENTS, STREAMING_PICKS);

/** Both readings of the request limit, for the warning band between them. */
export const REQUEST_LIMIT_READINGS = {
  smallest: STREAMING_DISAGREEMENTS['streaming.requestLimit.bytes'].readings.decimal.value,
  largest: STREAMING_DISAGREEMENTS['streaming.requestLimit.bytes'].readings.binary.value,
};

/**
 * Errata: places where the documentation contradicts itself. Fixtures record which documented answer
 * they concern; the harness gives the answer of the rule stated in words, and says why.
 */
export const STREAMING_ERRATA = {
  'five-sent-four-answered': {
    summary:
      'The partial-failure example sends five messages but shows four responses; the text explaining the "fourth" describes the fifth (legacy xdmSchema header).',
    harnessAnswer:
      'One entry per message, as the same page states: the fourth message (schemaRef correct, only _experience left out) is accepted; the fifth (legacy xdmSchema) gets "Message has unknown xdm format".',
    source: TUTORIAL('Identify failed messages: response'),
  },
  'xaction-prefix-not-batch-id': {
    summary:
      'The partial-failure example answers message 0 with xactionId "1565650704337:2124:92:3", whose prefix is not the batchId "1565638336649:1750:244" and whose index is 3.',
    harnessAnswer: 'xactionId is batchId + ":" + the zero-based index, as the success example shows: "<batchId>:0".',
    source: TUTORIAL('Identify failed messages: response'),
  },
  'fix-snippet-trailing-comma': {
    summary: 'The snippet that fixes the second message has a trailing comma after "timestamp", so it is not JSON.',
    harnessAnswer: 'Reported as streaming.request.not-json if pasted as is.',
    source: TUTORIAL('Identify failed messages'),
  },
} as const;

// ---------------------------------------------------------------------------------------------------------
// Problem bodies of the collection service (DCCS): {type, status, title, report: {message[, cause]}}.

export const DCCS_PROBLEM_TYPES = {
  inlet: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet',
  authorization: 'https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization',
} as const;

export const DCCS_PROBLEMS = {
  /** Sync validation failed: the documented body, with the violations under `cause._streamingValidation`. */
  invalidXdm: {
    type: DCCS_PROBLEM_TYPES.inlet,
    status: 400,
    title: 'Invalid XDM Message Format',
    messageText: 'Message is invalid',
    source: { source: 'streaming-validation', section: 'Synchronous validation: failed response' } satisfies SourceRef,
  },
  /** No Authorization header on an authenticated inlet. The documented example writes the status as the string "401". */
  tokenMissing: {
    type: DCCS_PROBLEM_TYPES.authorization,
    status: '401',
    title: 'Authorization',
    messageText: 'Ims service token is empty',
    source: { source: 'http-api-source', section: 'Send data to an authenticated connection' } satisfies SourceRef,
  },
  /** A token the inlet does not accept. Only the 401 example is documented; its shape is reused, status per profile. */
  tokenInvalid: {
    type: DCCS_PROBLEM_TYPES.authorization,
    title: 'Authorization',
    messageText: 'Ims service token is invalid',
    source: { source: 'http-api-source', section: 'Send data to an authenticated connection' } satisfies SourceRef,
  },
} as const;

/** `report.message` of a problem body: the same `inletId: [..] imsOrgId: [..]` prefix as the 207 entries. */
export function problemMessage(inletId: string, orgId: string, text: string): string {
  return `inletId: [${inletId}] imsOrgId: [${orgId}] ${text}`;
}

/** The summary line of a sync-validation cause, in the platform's words ("3 schema violations found"). */
export function violationsFound(count: number): string {
  return `${count} schema violation${count === 1 ? '' : 's'} found`;
}

/** Sync validation is only for the single-message endpoint, limited to 60 requests a minute per connection. */
export const SYNC_VALIDATION = {
  parameter: 'syncValidation',
  requestsPerMinute: 60,
  source: { source: 'streaming-validation', section: 'Synchronous validation' } satisfies SourceRef,
};
