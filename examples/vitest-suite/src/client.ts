/**
 * A toy ingestion client, the kind a team writes: it turns page views into XDM ExperienceEvents and
 * streams them, and uploads records as one batch. It reads its configuration from the environment
 * variables `aep-harness check-client` and `useReferenceServer` give (AEP_STREAMING_URL, AEP_INLET_ID, …).
 */

export interface ClientConfig {
  streamingUrl: string;
  platformUrl: string;
  inletId: string;
  orgId: string;
  sandbox: string;
  token: string;
  apiKey: string;
  datasetId: string;
  schemaId: string;
}

export function configFromEnv(env: Record<string, string | undefined>): ClientConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`${name} is not set`);
    return value;
  };
  return {
    streamingUrl: need('AEP_STREAMING_URL'),
    platformUrl: need('AEP_PLATFORM_URL'),
    inletId: need('AEP_INLET_ID'),
    orgId: need('AEP_ORG_ID'),
    sandbox: need('AEP_SANDBOX_NAME'),
    token: need('AEP_ACCESS_TOKEN'),
    apiKey: need('AEP_API_KEY'),
    datasetId: need('AEP_DATASET_ID'),
    schemaId: need('AEP_SCHEMA_ID'),
  };
}

export interface PageView {
  id: string;
  url: string;
  name: string;
  at: Date;
}

export interface StreamingMessage {
  header: Record<string, unknown>;
  body: { xdmMeta: Record<string, unknown>; xdmEntity: Record<string, unknown> };
}

export function toMessage(view: PageView, config: ClientConfig): StreamingMessage {
  const schemaRef = { id: config.schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
  return {
    header: { schemaRef, imsOrgId: config.orgId, datasetId: config.datasetId, createdAt: Date.now() },
    body: {
      xdmMeta: { schemaRef },
      xdmEntity: {
        _id: view.id,
        timestamp: view.at.toISOString(),
        eventType: 'web.webpagedetails.pageViews',
        web: { webPageDetails: { name: view.name, URL: view.url } },
      },
    },
  };
}

export function toRequest(views: readonly PageView[], config: ClientConfig): { messages: StreamingMessage[] } {
  return { messages: views.map((view) => toMessage(view, config)) };
}

/** Streams page views in one request to the batch streaming endpoint; the body sent is returned with the answer. */
export async function sendPageViews(views: readonly PageView[], config: ClientConfig, fetchImpl: typeof fetch = fetch): Promise<{ body: string; response: Response }> {
  const body = JSON.stringify(toRequest(views, config));
  const response = await fetchImpl(`${config.streamingUrl}/collection/batch/${config.inletId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { body, response };
}

function platformHeaders(config: ClientConfig, contentType?: string): Record<string, string> {
  return {
    authorization: `Bearer ${config.token}`,
    'x-api-key': config.apiKey,
    'x-gw-ims-org-id': config.orgId,
    'x-sandbox-name': config.sandbox,
    ...(contentType ? { 'content-type': contentType } : {}),
  };
}

const FINAL = new Set(['success', 'active', 'failed', 'failure', 'aborted', 'abandoned']);

/**
 * Uploads records (one JSON object per line) as one batch: create, PUT the file, COMPLETE, then read the
 * batch's status until it is final. Returns the batch id and its last status.
 */
export async function uploadRecords(
  records: readonly Record<string, unknown>[],
  config: ClientConfig,
  opts: { fetch?: typeof fetch; pollIntervalMs?: number; maxPolls?: number } = {},
): Promise<{ batchId: string; status: string }> {
  const fetchImpl = opts.fetch ?? fetch;
  const base = `${config.platformUrl}/data/foundation/import/batches`;
  const created = await fetchImpl(base, {
    method: 'POST',
    headers: platformHeaders(config, 'application/json'),
    body: JSON.stringify({ datasetId: config.datasetId, inputFormat: { format: 'json' } }),
  });
  if (created.status !== 201) throw new Error(`creating the batch answered ${created.status}`);
  const { id: batchId } = (await created.json()) as { id: string };

  const file = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const put = await fetchImpl(`${base}/${batchId}/datasets/${config.datasetId}/files/records.json`, {
    method: 'PUT',
    headers: platformHeaders(config, 'application/octet-stream'),
    body: file,
  });
  if (!put.ok) throw new Error(`uploading the file answered ${put.status}`);

  const complete = await fetchImpl(`${base}/${batchId}?action=COMPLETE`, { method: 'POST', headers: platformHeaders(config) });
  if (!complete.ok) throw new Error(`completing the batch answered ${complete.status}`);

  let status = 'loading';
  for (let poll = 0; poll < (opts.maxPolls ?? 60); poll++) {
    if (poll > 0) await new Promise((resolve) => setTimeout(resolve, opts.pollIntervalMs ?? 5_000));
    const read = await fetchImpl(`${config.platformUrl}/data/foundation/catalog/batch/${batchId}`, { headers: platformHeaders(config) });
    const body = (await read.json()) as Record<string, { status?: string }>;
    status = body[batchId]?.status ?? status;
    if (FINAL.has(status)) break;
  }
  return { batchId, status };
}
