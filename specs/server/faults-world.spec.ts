/**
 * Faults the world file asks for (`faults:`), injected by the reference server on its own: 429 on every Nth
 * request to a path, 503 with the world's Retry-After, latency, dropped connections; a request's own
 * `x-aep-harness-fault` header still wins; nothing is injected by a server that does not obey faults.
 * The world comes from a YAML text through the loader, as `serve --world` reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { globMatcher } from '../../src/server/world-faults.js';
import { parseWorld } from '../../src/world/index.js';
import type { World } from '../../src/world/types.js';

const ORG = 'C0FFEE0000000000000000AA@AdobeOrg';
const HEADERS = { Authorization: 'Bearer token-for-tests', 'X-Api-Key': 'client-id-for-tests' };

const WORLD_FILE = `orgs:
  - id: ${ORG}
    sandboxes: [prod]
inlets: []
schemas: []
datasets: []
campaignMappings:
  - { id: Busy, published: true, stopped: true }
  - { id: Down, published: true, stopped: true }
  - { id: Sluggish, published: true, stopped: true }
  - { id: Gone, published: true, stopped: true }
faults:
  # every 2nd trigger of Busy is rate limited; status reads are not counted
  - { path: /${ORG}/campaign/dataIngestion/xdmIngestion/Busy/, method: POST, status: 429, every: 2 }
  # Down is unavailable under any organization, with the world's Retry-After
  - { path: "/*/campaign/dataIngestion/xdmIngestion/Down/ingest", status: 503, retryAfter: 9 }
  - { path: "/**/Sluggish/ingest", latencyMs: 150 }
  - { path: /${ORG}/campaign/dataIngestion/xdmIngestion/Gone/, drop: true }
`;

const world: World = parseWorld(WORLD_FILE, 'faults-world.yaml', () => {
  throw new Error('no schema files in this world');
});

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ store: createMemoryStore(), clock: { now: () => 1_732_371_600_000 }, faults: true, world });
});
afterAll(() => server.close());

const ingest = (mapping: string, org = ORG): string => `/${org}/campaign/dataIngestion/xdmIngestion/${mapping}/ingest`;

async function send(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, target = server) {
  const response = await fetch(`${target.url}${path}`, { method, headers: { ...HEADERS, ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('429 on every Nth matching request', () => {
  it('rate limits the 2nd and 4th trigger of the mapping, and answers the others as documented', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send('POST', ingest('Busy'))).status);
    expect(statuses).toEqual([200, 429, 200, 429]);
  });

  it('answers the documented rate-limit body', async () => {
    await send('POST', ingest('Busy')); // 5th
    const sixth = await send('POST', ingest('Busy'));
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ status: 429, title: 'TooManyRequests' });
  });

  it('counts only requests with the entry’s method', async () => {
    const reads = await Promise.all([1, 2, 3].map(() => send('GET', `${ingest('Busy')}?requestId=3520`)));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await send('POST', ingest('Busy'))).status).toBe(200); // 7th
    expect((await send('POST', ingest('Busy'))).status).toBe(429); // 8th
  });

  it('counts per server: a new server starts counting again', async () => {
    const fresh = await startServer({ store: createMemoryStore(), faults: true, world });
    try {
      expect((await send('POST', ingest('Busy'), {}, fresh)).status).toBe(200);
      expect((await send('POST', ingest('Busy'), {}, fresh)).status).toBe(429);
    } finally {
      await fresh.close();
    }
  });
});

describe('503 with the Retry-After the world gives', () => {
  it('answers 503 and Retry-After: 9 to every request the glob matches, under any organization', async () => {
    for (const org of [ORG, 'OTHER@AdobeOrg']) {
      const { status, headers, body } = await send('POST', ingest('Down', org));
      expect(status).toBe(503);
      expect(headers.get('retry-after')).toBe('9');
      expect(body).toMatchObject({ status: 503, title: 'ServiceUnavailable' });
    }
    expect((await send('GET', `${ingest('Down')}?requestId=1`)).status).toBe(503);
  });

  it('leaves paths the glob does not match alone', async () => {
    expect((await send('POST', `${ingest('Down')}/more`)).status).toBe(404);
    expect((await send('POST', ingest('Sluggish'))).status).toBe(200);
  });
});

describe('latency and dropped connections', () => {
  it('answers after the latency the world gives', async () => {
    const started = performance.now();
    const { status } = await send('POST', ingest('Sluggish'));
    expect(status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('closes the connection without an answer', async () => {
    await expect(send('POST', ingest('Gone'))).rejects.toThrow();
  });
});

describe('a request header still wins', () => {
  it('answers the header’s fault instead of the world’s', async () => {
    const { status, headers } = await send('POST', ingest('Down'), { 'x-aep-harness-fault': '503;retry-after=2' });
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('2');
    expect((await send('POST', ingest('Down'), { 'x-aep-harness-fault': '429' })).status).toBe(429);
  });

  it('a header with only a campaign= name leaves the world’s faults in force', async () => {
    expect((await send('POST', ingest('Down'), { 'x-aep-harness-fault': 'campaign=aborted' })).status).toBe(503);
  });
});

describe('a server that does not obey faults injects none', () => {
  it('answers every request normally', async () => {
    const obedient = await startServer({ store: createMemoryStore(), faults: false, world });
    try {
      expect((await send('POST', ingest('Down'), {}, obedient)).status).toBe(200);
      expect((await send('POST', ingest('Gone'), {}, obedient)).status).toBe(200);
    } finally {
      await obedient.close();
    }
  });
});

describe('path patterns', () => {
  it('* stays within a segment, ** crosses segments, and the glob covers the whole path', () => {
    const one = globMatcher('/data/foundation/import/batches/*');
    expect(one('/data/foundation/import/batches/abc')).toBe(true);
    expect(one('/data/foundation/import/batches/abc/complete')).toBe(false);
    const any = globMatcher('/data/foundation/import/**');
    expect(any('/data/foundation/import/batches/abc/datasets/d/files/f.json')).toBe(true);
    expect(any('/data/foundation/catalog/batches')).toBe(false);
    expect(globMatcher('/collection/batch.json')('/collection/batchXjson')).toBe(false);
  });
});
