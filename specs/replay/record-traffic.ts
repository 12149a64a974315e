/**
 * What the record specs share: a small client that sends streaming, batch and Campaign calls to a base
 * URL (the recording proxy), as a team's client would, with the documented headers.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { targetHttp, type Answer } from '../../src/conformance/verify/http.js';

export const ROOT = join(import.meta.dirname, '../..');
export const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
export const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
export const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';

/** Every file below a directory (what a run wrote), at any depth. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

export type Sent = Answer;

/** A call as a team's client makes it: only the headers given, nothing of a target's. */
export function send(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Sent> {
  return targetHttp(base, {}).call(method, path, opts);
}

export const payload = (name: string) => readFile(join(ROOT, 'fixtures/payloads', name), 'utf8');

export interface TrafficOptions {
  /** Added to every platform and Campaign call (credentials). */
  headers: Record<string, string>;
  /** Called between COMPLETE and the Catalog read, so the upstream has processed the batch. */
  settle?: () => Promise<void>;
}

/** Nine calls: two streaming batch requests, one single message, a batch life cycle, a Campaign request. */
export async function sendTraffic(base: string, opts: TrafficOptions): Promise<void> {
  const json = { 'Content-Type': 'application/json' };
  await send(base, 'POST', `/collection/batch/${INLET}`, { headers: json, body: await payload('web-events.json') });
  await send(base, 'POST', `/collection/batch/${INLET}`, { headers: json, body: await payload('web-events-mixed.json') });
  const first = (JSON.parse(await payload('web-events.json')) as { messages: unknown[] }).messages[0];
  await send(base, 'POST', `/collection/${INLET}`, { headers: json, body: JSON.stringify(first) });

  const platform = { ...opts.headers, 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod' };
  const created = await send(base, 'POST', '/data/foundation/import/batches', {
    headers: { ...platform, ...json },
    body: JSON.stringify({ datasetId: DATASET, inputFormat: { format: 'json' } }),
  });
  const batchId = (created.json as { id: string }).id;
  const record = JSON.stringify({ _id: 'e-1', timestamp: '2024-11-23T14:20:00Z' });
  await send(base, 'PUT', `/data/foundation/import/batches/${batchId}/datasets/${DATASET}/files/events.json`, {
    headers: { ...platform, 'Content-Type': 'application/octet-stream' },
    body: `${record}\n`,
  });
  await send(base, 'POST', `/data/foundation/import/batches/${batchId}?action=COMPLETE`, { headers: platform });
  await opts.settle?.();
  await send(base, 'GET', `/data/foundation/catalog/batches/${batchId}`, { headers: platform });

  const campaign = { ...opts.headers, 'Cache-Control': 'no-cache', ...json };
  const ingest = `/${ORG}/campaign/dataIngestion/xdmIngestion/ProfileToAEP/ingest`;
  const trigger = await send(base, 'POST', ingest, { headers: campaign });
  const requestId = (trigger.json as { requestId: number | string }).requestId;
  await send(base, 'GET', `${ingest}?requestId=${encodeURIComponent(String(requestId))}`, { headers: campaign });
}
