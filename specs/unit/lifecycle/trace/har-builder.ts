/** Hand-made HAR traces for the trace specs: realistic calls with placeholder credentials. */
export const PLATFORM = 'https://platform.adobe.io';
export const IMPORT = `${PLATFORM}/data/foundation/import`;
export const CATALOG = `${PLATFORM}/data/foundation/catalog`;
export const CAMPAIGN = 'https://mc.adobe.io/acme/campaign/dataIngestion/xdmIngestion';
export const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
export const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';

export interface Call {
  method: string;
  url: string;
  status: number;
  headers?: Record<string, string>;
  body?: string;
  response?: unknown;
  /** Milliseconds after the trace's start; default: 10 s after the previous call. */
  at?: number;
}

const START = Date.parse('2025-03-04T09:00:00.000Z');

export function platformHeaders(contentType?: string): Record<string, string> {
  return {
    Authorization: 'Bearer <redacted>',
    'x-api-key': '<redacted>',
    'x-gw-ims-org-id': ORG,
    'x-sandbox-name': 'prod',
    ...(contentType ? { 'Content-Type': contentType } : {}),
  };
}

export function toHar(calls: readonly Call[]): string {
  let previous = -10_000;
  const entries = calls.map((c) => {
    const at = c.at ?? previous + 10_000;
    previous = at;
    const response = c.response === undefined ? '' : typeof c.response === 'string' ? c.response : JSON.stringify(c.response);
    return {
      startedDateTime: new Date(START + at).toISOString(),
      time: 120,
      request: {
        method: c.method,
        url: c.url,
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(c.headers ?? {}).map(([name, value]) => ({ name, value })),
        queryString: [...new URL(c.url).searchParams].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: c.body === undefined ? 0 : Buffer.byteLength(c.body),
        ...(c.body !== undefined ? { postData: { mimeType: c.headers?.['Content-Type'] ?? 'application/octet-stream', text: c.body } } : {}),
      },
      response: {
        status: c.status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        headers: response === '' ? [] : [{ name: 'Content-Type', value: 'application/json' }],
        cookies: [],
        content: { size: response.length, mimeType: 'application/json', text: response },
        redirectURL: '',
        headersSize: -1,
        bodySize: response.length,
      },
      cache: {},
      timings: { send: 0, wait: 120, receive: 0 },
    };
  });
  return `${JSON.stringify({ log: { version: '1.2', creator: { name: 'aep-harness specs', version: '1' }, entries } }, null, 2)}\n`;
}

export const calls = {
  create: (batchId: string, body: unknown = { datasetId: DATASET, inputFormat: { format: 'json' } }): Call => ({
    method: 'POST',
    url: `${IMPORT}/batches`,
    status: 201,
    headers: platformHeaders('application/json'),
    body: JSON.stringify(body),
    response: { id: batchId, imsOrg: ORG, updated: 0, status: 'loading', created: 0, relatedObjects: [{ type: 'dataSet', id: DATASET }], version: '1.0.0', tags: {} },
  }),
  put: (batchId: string, file: string, bytes = '{"_id":"1"}\n'): Call => ({
    method: 'PUT',
    url: `${IMPORT}/batches/${batchId}/datasets/${DATASET}/files/${file}`,
    status: 200,
    headers: platformHeaders('application/octet-stream'),
    body: bytes,
  }),
  initialize: (batchId: string, file: string): Call => ({
    method: 'POST',
    url: `${IMPORT}/batches/${batchId}/datasets/${DATASET}/files/${file}?action=INITIALIZE`,
    status: 201,
    headers: platformHeaders(),
  }),
  part: (batchId: string, file: string, start: number, end: number, total: number): Call => ({
    method: 'PATCH',
    url: `${IMPORT}/batches/${batchId}/datasets/${DATASET}/files/${file}`,
    status: 200,
    headers: { ...platformHeaders('application/octet-stream'), 'Content-Range': `bytes ${start}-${end}/${total}` },
    body: 'x'.repeat(end - start + 1),
  }),
  completeFile: (batchId: string, file: string): Call => ({
    method: 'POST',
    url: `${IMPORT}/batches/${batchId}/datasets/${DATASET}/files/${file}?action=COMPLETE`,
    status: 201,
    headers: platformHeaders(),
  }),
  action: (batchId: string, action: string, status = 200): Call => ({
    method: 'POST',
    url: `${IMPORT}/batches/${batchId}?action=${action}`,
    status,
    headers: platformHeaders(),
  }),
  status: (batchId: string, status: string): Call => ({
    method: 'GET',
    url: `${CATALOG}/batch/${batchId}`,
    status: 200,
    headers: platformHeaders(),
    response: { [batchId]: { status, imsOrg: ORG, relatedObjects: [{ type: 'dataSet', id: DATASET }] } },
  }),
  trigger: (mapping: string, requestId: number): Call => ({
    method: 'POST',
    url: `${CAMPAIGN}/${mapping}/ingest`,
    status: 200,
    headers: { Authorization: 'Bearer <redacted>', 'Cache-Control': 'no-cache', 'X-Api-Key': '<redacted>', 'Content-Type': 'application/json' },
    response: { requestId, info: `Ingestion request submitted successfully for the Mapping ID: ${mapping}`, status: 'Success' },
  }),
  campaignStatus: (mapping: string, requestId: number, status: string, answeredId = requestId): Call => ({
    method: 'GET',
    url: `${CAMPAIGN}/${mapping}/ingest?requestId=${requestId}`,
    status: 200,
    headers: { Authorization: 'Bearer <redacted>', 'Cache-Control': 'no-cache', 'X-Api-Key': '<redacted>' },
    response: { batchId: '', info: `Mapping Id: ${mapping}.`, numRecords: status === 'Success' ? 15 : 0, requestId: answeredId, status },
  }),
};
