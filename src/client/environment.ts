/**
 * The environment a client under test is given by `aep-harness check-client` (and by the Vitest helper
 * `useReferenceServer`). The names are an interface: people's clients and scripts read them. Where they
 * overlap with what the conformance commands read for a real target (`AEP_ACCESS_TOKEN`, `AEP_API_KEY`,
 * `AEP_ORG_ID`, `AEP_SANDBOX_NAME`), they mean the same thing.
 *
 * Every URL is a base to which the documented paths are appended, with no trailing slash:
 *   `${AEP_STREAMING_URL}/collection/batch/${AEP_INLET_ID}`
 *   `${AEP_PLATFORM_URL}/data/foundation/import/batches`, `…/data/foundation/catalog/…`, `…/data/foundation/export/…`
 *   `${AEP_CAMPAIGN_URL}/${AEP_ORG_ID}/campaign/dataIngestion/xdmIngestion/${AEP_CAMPAIGN_MAPPING_ID}/ingest`
 */

export const CLIENT_ENVIRONMENT = {
  AEP_STREAMING_URL: 'base URL of the streaming endpoints (`/collection/...`)',
  AEP_PLATFORM_URL: 'base URL of the batch ingestion, Catalog and export APIs (`/data/foundation/...`)',
  AEP_CAMPAIGN_URL: 'base URL of Adobe Campaign Standard (`/{ORGANIZATION}/campaign/...`; the organization is AEP_ORG_ID)',
  AEP_INLET_ID: 'the streaming connection id ({CONNECTION_ID})',
  AEP_ORG_ID: 'the IMS org (header x-gw-ims-org-id, and imsOrgId in message headers)',
  AEP_SANDBOX_NAME: 'the sandbox (header x-sandbox-name)',
  AEP_ACCESS_TOKEN: 'a bearer token (header Authorization: Bearer …)',
  AEP_API_KEY: 'the client id (header x-api-key)',
  AEP_DATASET_ID: 'the dataset messages and batch files go to',
  AEP_SCHEMA_ID: "the dataset's XDM schema id (schemaRef.id)",
  AEP_CAMPAIGN_MAPPING_ID: 'the Campaign XDM mapping to trigger (set by the scenarios that exercise Campaign)',
  AEP_SCENARIO: 'the name of the scenario being run',
  AEP_MESSAGES_FILE: 'NDJSON of streaming messages to send, one message per line (set by the streaming scenarios)',
  AEP_BATCH_FILE: 'a file to upload in one batch to AEP_DATASET_ID, JSON records one per line (set by the batch scenarios)',
} as const;

export type ClientVariable = keyof typeof CLIENT_ENVIRONMENT;

export const CLIENT_VARIABLES = Object.keys(CLIENT_ENVIRONMENT) as ClientVariable[];

/** The variables every scenario sets; the others are set only where the scenario hands that input over. */
export const ALWAYS_SET: readonly ClientVariable[] = [
  'AEP_STREAMING_URL',
  'AEP_PLATFORM_URL',
  'AEP_CAMPAIGN_URL',
  'AEP_INLET_ID',
  'AEP_ORG_ID',
  'AEP_SANDBOX_NAME',
  'AEP_ACCESS_TOKEN',
  'AEP_API_KEY',
  'AEP_DATASET_ID',
  'AEP_SCHEMA_ID',
  'AEP_SCENARIO',
];

export type ClientEnvironment = Partial<Record<ClientVariable, string>>;
