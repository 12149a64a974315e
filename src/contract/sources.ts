/**
 * Every public document the contract rests on. A fact in `contract/` names one of these ids and a section,
 * so anyone can check it. `seed` names the localized copy in `shared/seeds/` the project was created from.
 */
export interface Source {
  id: SourceId;
  title: string;
  /** The public page people read (finding `docs` links point here). */
  url: string;
  /** Where the text lives in version control, with the commit the facts were read at. */
  origin: string;
  seed?: string;
}

export interface SourceRef {
  source: SourceId;
  /** Section heading or schema path inside the source. */
  section: string;
}

export type SourceId =
  | 'streaming-multiple-messages'
  | 'streaming-multiple-messages-older'
  | 'streaming-validation'
  | 'streaming-time-series'
  | 'http-api-source'
  | 'streaming-overview'
  | 'streaming-troubleshooting'
  | 'ingestion-guardrails'
  | 'retrieve-failed-batches'
  | 'xdm-api-getting-started'
  | 'openapi-streaming'
  | 'spring-datasize'
  | 'rfc8259'
  | 'batch-overview'
  | 'batch-overview-older'
  | 'batch-api-overview'
  | 'batch-troubleshooting'
  | 'batch-partial-ingestion'
  | 'error-diagnostics'
  | 'platform-troubleshooting'
  | 'openapi-batch-ingestion'
  | 'openapi-catalog'
  | 'openapi-data-access'
  | 'campaign-triggering-ingestion'
  | 'campaign-api-must-read'
  | 'aepp-client'
  | 'rfc9110'
  | 'postman-data-ingestion'
  | 'postman-catalog'
  | 'postman-data-access';

const EN = 'https://github.com/AdobeDocs/experience-platform.en/blob';
const LEAGUE = 'https://experienceleague.adobe.com/en/docs/experience-platform';

export const SOURCES: Record<SourceId, Source> = {
  'streaming-multiple-messages': {
    id: 'streaming-multiple-messages',
    title: 'Send multiple messages in a single HTTP request (newer version)',
    url: `${LEAGUE}/ingestion/tutorials/streaming-multiple-messages`,
    origin: `${EN}/31c00e69dd92f7c3232e09f02da36c60cd8cf486/help/ingestion/tutorials/streaming-multiple-messages.md`,
    seed: '001_abb45a419245fba0.txt',
  },
  'streaming-multiple-messages-older': {
    id: 'streaming-multiple-messages-older',
    title: 'Send multiple messages in a single HTTP request (older version: {IMS_ORG}, ;{SCHEMA_VERSION})',
    url: `${LEAGUE}/ingestion/tutorials/streaming-multiple-messages`,
    origin: `${EN}/17912e05/help/ingestion/tutorials/streaming-multiple-messages.md`,
    seed: '004_4b0d5330ae14f9d4.txt',
  },
  'streaming-validation': {
    id: 'streaming-validation',
    title: 'Streaming validation',
    url: `${LEAGUE}/ingestion/quality/streaming-validation`,
    origin: `${EN}/d955473f/help/ingestion/quality/streaming-validation.md`,
  },
  'streaming-time-series': {
    id: 'streaming-time-series',
    title: 'Stream time-series data using Streaming Ingestion APIs',
    url: `${LEAGUE}/ingestion/tutorials/streaming-time-series-data`,
    origin: `${EN}/main/help/ingestion/tutorials/streaming-time-series-data.md`,
  },
  'http-api-source': {
    id: 'http-api-source',
    title: 'Create an HTTP API streaming connection',
    url: `${LEAGUE}/sources/tutorials/api/create/streaming/http`,
    origin: `${EN}/main/help/sources/tutorials/api/create/streaming/http.md`,
  },
  'streaming-overview': {
    id: 'streaming-overview',
    title: 'Streaming ingestion overview',
    url: `${LEAGUE}/ingestion/streaming-ingestion/overview`,
    origin: `${EN}/main/help/ingestion/streaming-ingestion/overview.md`,
  },
  'streaming-troubleshooting': {
    id: 'streaming-troubleshooting',
    title: 'Streaming ingestion troubleshooting guide',
    url: `${LEAGUE}/ingestion/streaming-ingestion/troubleshooting`,
    origin: `${EN}/532f8149/help/ingestion/streaming-ingestion/troubleshooting.md`,
  },
  'ingestion-guardrails': {
    id: 'ingestion-guardrails',
    title: 'Guardrails for data ingestion',
    url: `${LEAGUE}/ingestion/guardrails`,
    origin: `${EN}/main/help/ingestion/guardrails.md`,
  },
  'retrieve-failed-batches': {
    id: 'retrieve-failed-batches',
    title: 'Retrieving failed batches using the Data Access API',
    url: `${LEAGUE}/ingestion/quality/retrieve-failed-batches`,
    origin: `${EN}/main/help/ingestion/quality/retrieve-failed-batches.md`,
  },
  'xdm-api-getting-started': {
    id: 'xdm-api-getting-started',
    title: 'Getting started with the Schema Registry API (Accept headers)',
    url: `${LEAGUE}/xdm/api/getting-started`,
    origin: `${EN}/main/help/xdm/api/getting-started.md`,
  },
  'openapi-streaming': {
    id: 'openapi-streaming',
    title: 'Streaming Ingestion API (OpenAPI 3.0.1)',
    url: 'https://developer.adobe.com/experience-platform-apis/references/streaming-ingestion/',
    origin:
      'https://github.com/AdobeDocs/experience-platform-apis/blob/16c60cd7a5617582fc21500f5ab3edf0e2ee308b/static/swagger-specs/streaming-ingestion.yaml',
  },
  'spring-datasize': {
    id: 'spring-datasize',
    title: 'How JVM services commonly read "1MB" (Spring DataSize: 1 MB = 1 048 576 bytes)',
    url: 'https://docs.spring.io/spring-framework/docs/current/javadoc-api/org/springframework/util/unit/DataSize.html',
    origin: 'https://github.com/spring-projects/spring-framework',
  },
  rfc8259: {
    id: 'rfc8259',
    title: 'RFC 8259: The JavaScript Object Notation (JSON) Data Interchange Format',
    url: 'https://www.rfc-editor.org/rfc/rfc8259',
    origin: 'https://www.rfc-editor.org/rfc/rfc8259.txt',
  },
  'batch-overview': {
    id: 'batch-overview',
    title: 'Batch ingestion overview (newer version)',
    url: `${LEAGUE}/ingestion/batch/overview`,
    origin: `${EN}/9e75a53c/help/ingestion/batch-ingestion/overview.md`,
    seed: '003_795d9512726c6504.txt',
  },
  'batch-overview-older': {
    id: 'batch-overview-older',
    title: 'Batch ingestion overview (older version: ?actions=COMPLETE in the API-format line)',
    url: `${LEAGUE}/ingestion/batch/overview`,
    origin: `${EN}/05bf0d53/help/ingestion/batch-ingestion/overview.md`,
  },
  'batch-api-overview': {
    id: 'batch-api-overview',
    title: 'Batch ingestion API guide',
    url: `${LEAGUE}/ingestion/batch/api-overview`,
    origin: `${EN}/23df35d7/help/ingestion/batch-ingestion/api-overview.md`,
  },
  'batch-troubleshooting': {
    id: 'batch-troubleshooting',
    title: 'Batch ingestion troubleshooting guide',
    url: `${LEAGUE}/ingestion/batch/troubleshooting`,
    origin: `${EN}/532f8149/help/ingestion/batch-ingestion/troubleshooting.md`,
  },
  'batch-partial-ingestion': {
    id: 'batch-partial-ingestion',
    title: 'Partial batch ingestion',
    url: `${LEAGUE}/ingestion/batch/partial`,
    origin: `${EN}/main/help/ingestion/batch-ingestion/partial.md`,
  },
  'error-diagnostics': {
    id: 'error-diagnostics',
    title: 'Retrieving data ingestion error diagnostics',
    url: `${LEAGUE}/ingestion/quality/error-diagnostics`,
    origin: `${EN}/main/help/ingestion/quality/error-diagnostics.md`,
  },
  'platform-troubleshooting': {
    id: 'platform-troubleshooting',
    title: 'Experience Platform FAQ and troubleshooting guide (request header errors)',
    url: `${LEAGUE}/landing/troubleshooting`,
    origin: `${EN}/main/help/landing/troubleshooting.md`,
  },
  'openapi-batch-ingestion': {
    id: 'openapi-batch-ingestion',
    title: 'Batch Ingestion API (OpenAPI 3.0.1)',
    url: 'https://developer.adobe.com/experience-platform-apis/references/batch-ingestion/',
    origin:
      'https://github.com/AdobeDocs/experience-platform-apis/blob/16c60cd7a5617582fc21500f5ab3edf0e2ee308b/static/swagger-specs/batch-ingestion.yaml',
  },
  'openapi-catalog': {
    id: 'openapi-catalog',
    title: 'Catalog Service API (OpenAPI 3.0.1)',
    url: 'https://developer.adobe.com/experience-platform-apis/references/catalog/',
    origin:
      'https://github.com/AdobeDocs/experience-platform-apis/blob/16c60cd7a5617582fc21500f5ab3edf0e2ee308b/static/swagger-specs/catalog.yaml',
  },
  'openapi-data-access': {
    id: 'openapi-data-access',
    title: 'Data Access API (OpenAPI 3.0.1)',
    url: 'https://developer.adobe.com/experience-platform-apis/references/data-access/',
    origin:
      'https://github.com/AdobeDocs/experience-platform-apis/blob/16c60cd7a5617582fc21500f5ab3edf0e2ee308b/static/swagger-specs/data-access.yaml',
  },
  'campaign-triggering-ingestion': {
    id: 'campaign-triggering-ingestion',
    title: 'Adobe Campaign Standard: triggering data ingestion through APIs',
    url: 'https://experienceleague.adobe.com/en/docs/campaign-standard/using/integrating-with-adobe-cloud/adobe-experience-platform/aep-triggering-data-ingestion',
    origin:
      'https://github.com/AdobeDocs/campaign-standard.en/blob/110f3ccb5865e70c78e18485b4ff4ba7a648af3f/help/integrating/using/aep-triggering-data-ingestion.md',
    seed: '002_9884c66b04170e5b.txt',
  },
  'campaign-api-must-read': {
    id: 'campaign-api-must-read',
    title: 'Adobe Campaign Standard APIs: must read (headers)',
    url: 'https://experienceleague.adobe.com/en/docs/campaign-standard/using/api/must-read',
    origin: 'https://github.com/AdobeDocs/campaign-standard.en/blob/main/help/api/using/must-read.md',
  },
  'aepp-client': {
    id: 'aepp-client',
    title: 'aepp, a Python client of the Experience Platform APIs (pitchmuc/aepp)',
    url: 'https://github.com/pitchmuc/aepp',
    origin: 'https://github.com/pitchmuc/aepp/blob/main/aepp/ingestion.py',
  },
  'postman-data-ingestion': {
    id: 'postman-data-ingestion',
    title: "Adobe's Postman collection for the Data Ingestion API",
    url: 'https://github.com/adobe/experience-platform-postman-samples/blob/master/apis/experience-platform/Data%20Ingestion%20API.postman_collection.json',
    origin:
      'https://github.com/adobe/experience-platform-postman-samples/blob/5fb3e0a0efdce1bed887d8569b7f3b39f9753280/apis/experience-platform/Data%20Ingestion%20API.postman_collection.json',
  },
  'postman-catalog': {
    id: 'postman-catalog',
    title: "Adobe's Postman collection for the Catalog Service API",
    url: 'https://github.com/adobe/experience-platform-postman-samples/blob/master/apis/experience-platform/Catalog%20Service%20API.postman_collection.json',
    origin:
      'https://github.com/adobe/experience-platform-postman-samples/blob/5fb3e0a0efdce1bed887d8569b7f3b39f9753280/apis/experience-platform/Catalog%20Service%20API.postman_collection.json',
  },
  'postman-data-access': {
    id: 'postman-data-access',
    title: "Adobe's Postman collection for the Data Access API",
    url: 'https://github.com/adobe/experience-platform-postman-samples/blob/master/apis/experience-platform/Data%20Access%20API.postman_collection.json',
    origin:
      'https://github.com/adobe/experience-platform-postman-samples/blob/5fb3e0a0efdce1bed887d8569b7f3b39f9753280/apis/experience-platform/Data%20Access%20API.postman_collection.json',
  },
  rfc9110: {
    id: 'rfc9110',
    title: 'RFC 9110: HTTP Semantics (Content-Range)',
    url: 'https://www.rfc-editor.org/rfc/rfc9110#name-content-range',
    origin: 'https://www.rfc-editor.org/rfc/rfc9110.txt',
  },
};

export function docsUrl(ref: SourceRef): string {
  return SOURCES[ref.source].url;
}

export function cite(ref: SourceRef): string {
  const s = SOURCES[ref.source];
  return `${s.title}, ${ref.section} (${s.origin})`;
}
