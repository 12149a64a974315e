/**
 * What the batch, Catalog and export specs share: a reference server on a memory store with a clock the
 * spec moves, the documented headers, and small HTTP helpers over fetch.
 */
import { settleBatches } from '../../src/server/batch-processing.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';

export const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
export const EVENTS_DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
export const PROFILES_DATASET = '5f0c0c7f6c5f1b194c1e0b4b';
export const IMPORT = '/data/foundation/import';
export const CATALOG = '/data/foundation/catalog';
export const EXPORT = '/data/foundation/export';

/** The four documented headers (values made up for tests). */
export const PLATFORM_HEADERS: Record<string, string> = {
  Authorization: 'Bearer test-access-token',
  'x-api-key': 'test-api-key',
  'x-gw-ims-org-id': ORG,
  'x-sandbox-name': 'prod',
};

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface TestPlatform {
  server: RunningServer;
  clock: { now: () => number; advance: (ms: number) => void };
  request(method: string, path: string, opts?: { body?: RequestInit['body']; headers?: Record<string, string>; omit?: string[] }): Promise<Answer>;
  createBatch(body?: Record<string, unknown>): Promise<string>;
  put(batchId: string, name: string, bytes: Uint8Array | string, datasetId?: string): Promise<Answer>;
  complete(batchId: string, headers?: Record<string, string>): Promise<Answer>;
  catalog(batchId: string): Promise<Record<string, unknown>>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startPlatform(options: StartServerOptions = {}): Promise<TestPlatform> {
  let now = 1_732_371_600_000;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const server = await startServer({ store: createMemoryStore(), clock, ...options });

  async function request(method: string, path: string, opts: { body?: RequestInit['body']; headers?: Record<string, string>; omit?: string[] } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...PLATFORM_HEADERS, ...opts.headers };
    for (const name of opts.omit ?? []) delete headers[name];
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  const platform: TestPlatform = {
    server,
    clock,
    request,
    async createBatch(body = { datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } }) {
      const answer = await request('POST', `${IMPORT}/batches`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
      if (answer.status !== 201) throw new Error(`create batch answered ${answer.status}: ${answer.text}`);
      return (answer.json as { id: string }).id;
    },
    put(batchId, name, bytes, datasetId = EVENTS_DATASET) {
      return request('PUT', `${IMPORT}/batches/${batchId}/datasets/${datasetId}/files/${encodeURIComponent(name)}`, {
        body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
        headers: { 'Content-Type': 'application/octet-stream' },
      });
    },
    complete(batchId, headers = {}) {
      return request('POST', `${IMPORT}/batches/${batchId}?action=COMPLETE`, { headers });
    },
    async catalog(batchId) {
      const answer = await request('GET', `${CATALOG}/batches/${batchId}`);
      if (answer.status !== 200) throw new Error(`catalog answered ${answer.status}: ${answer.text}`);
      return (answer.json as Record<string, Record<string, unknown>>)[batchId] ?? {};
    },
    settle: () => settleBatches(server.context),
    close: () => server.close(),
  };
  return platform;
}

export const ndjson = (...records: unknown[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

export const event = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, timestamp: '2024-11-23T14:20:00Z', ...extra });
