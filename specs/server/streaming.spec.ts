/**
 * The reference server's streaming endpoints over HTTP: every documented answer, the documented
 * exchanges of the tutorials, limits decided while reading, authentication, sync validation and faults.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/default.js';
import type { World } from '../../src/world/types.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const SECURE_INLET = '4f7a1d2c9b8e3f6a5d0c1b2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a';
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const ref = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
const COLLECTION_BATCH_ID = /^\d{13}:\d{4}:\d+$/;

function message(id: string, extra: Record<string, unknown> = {}) {
  return {
    header: { schemaRef: ref, imsOrgId: ORG, datasetId: DATASET, createdAt: 1732371600000 },
    body: { xdmMeta: { schemaRef: ref }, xdmEntity: { _id: id, timestamp: '2024-11-23T14:20:00Z', ...extra } },
  };
}

/** The default world plus an authenticated inlet that accepts one token. */
function worldWithSecureInlet(): World {
  const world = defaultWorld();
  world.inlets.push({ id: SECURE_INLET, org: ORG, authenticationRequired: true, tokens: ['token-for-tests-1'] });
  return world;
}

let now = 1_732_371_600_000;
const clock = { now: () => now };
let server: RunningServer;
const store = createMemoryStore();

beforeAll(async () => {
  server = await startServer({ world: worldWithSecureInlet(), store, clock, faults: true });
});
afterAll(() => server.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('POST /collection/batch/{CONNECTION_ID}: one 207 entry per message, in order', () => {
  it('answers 207 with inletId, a batchId, receivedTimeMs, and xactionId = batchId:index for each accepted message', async () => {
    const { status, body } = await post(`/collection/batch/${INLET}`, { messages: [message('a'), message('b')] });
    expect(status).toBe(207);
    expect(body?.['inletId']).toBe(INLET);
    expect(body?.['batchId']).toMatch(COLLECTION_BATCH_ID);
    expect(body?.['receivedTimeMs']).toBe(now);
    expect(body?.['responses']).toEqual([{ xactionId: `${body?.['batchId']}:0` }, { xactionId: `${body?.['batchId']}:1` }]);
  });

  it('rejected messages get {statusCode: 400, message} with the documented text; the others are unaffected', async () => {
    const wrongOrg = message('c');
    wrongOrg.header.imsOrgId = 'invalidIMSOrg@AdobeOrg';
    const { status, body } = await post(`/collection/batch/${INLET}`, { messages: [message('a'), { header: message('x').header }, wrongOrg] });
    expect(status).toBe(207);
    expect(body?.['responses']).toEqual([
      { xactionId: `${body?.['batchId']}:0` },
      { statusCode: 400, message: `inletId: [${INLET}] imsOrgId: [${ORG}] Message has unknown xdm format` },
      { statusCode: 400, message: `inletId: [${INLET}] imsOrgId: [${ORG}] Message has an absent or wrong ims org in the header` },
    ]);
  });

  it("accepted messages land in their dataset's success batch or, failing streaming validation, its error batch", async () => {
    const bad = message('bad', { coupon: 'WINTER10' });
    const { body } = await post(`/collection/batch/${INLET}`, { messages: [message('good'), bad] });
    const batchId = body?.['batchId'] as string;
    const batches = store.listBatches({ datasetId: DATASET });
    const holding = async (xactionId: string) => {
      const found = [];
      for (const batch of batches) {
        const records = (await store.readRecords(batch.id)) as { xactionId: string }[];
        if (records.some((r) => r.xactionId === xactionId)) found.push(batch);
      }
      return found;
    };
    const [success] = await holding(`${batchId}:0`);
    const [failure] = await holding(`${batchId}:1`);
    expect(success).toMatchObject({ kind: 'streaming-success', status: 'success', metrics: { inputRecordCount: 1, failedRecordCount: 0 } });
    expect(failure).toMatchObject({ kind: 'streaming-error', status: 'failed', metrics: { inputRecordCount: 1, failedRecordCount: 1 } });
    const outputs = store.listFailedOutputs(failure!.id);
    expect(outputs).toHaveLength(1);
    const output = JSON.parse(new TextDecoder().decode(await store.readFailedOutput(failure!.id, outputs[0]!.name))) as Record<string, unknown>;
    expect(output['_validationErrors']).toEqual([
      expect.objectContaining({ keyword: 'additionalProperties', message: 'extraneous key [coupon] is not permitted', pointerToViolation: '#' }),
    ]);
  });

  it('ignores syncValidation, which the batch endpoint does not take', async () => {
    const { status } = await post(`/collection/batch/${INLET}?syncValidation=true`, { messages: [message('a')] });
    expect(status).toBe(207);
  });

  it('answers 400 with a problem body for a body that is not JSON, naming where it breaks', async () => {
    const { status, body } = await post(`/collection/batch/${INLET}`, '{"messages": [');
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet', status: 400 });
    expect((body?.['report'] as { message: string }).message).toContain('not JSON');
  });

  it('reads non-ASCII UTF-8 as such, and refuses a body that is not UTF-8', async () => {
    const accented = message('é-1', { web: { webPageDetails: { name: 'Café Montréal — 日本' } } });
    const { status, body } = await post(`/collection/batch/${INLET}`, { messages: [accented] });
    expect(status).toBe(207);
    const xactionId = (body?.['responses'] as { xactionId: string }[])[0]!.xactionId;
    let stored: unknown;
    for (const batch of store.listBatches({ kind: 'streaming-success' })) {
      for (const record of (await store.readRecords(batch.id)) as { xactionId: string; message: unknown }[]) if (record.xactionId === xactionId) stored = record.message;
    }
    expect(stored).toEqual(accented);
    const latin1 = Buffer.concat([Buffer.from('{"messages": [{"header": {"imsOrgId": "'), Buffer.from([0xe9]), Buffer.from('"}}]}')]);
    const response = await fetch(`${server.url}/collection/batch/${INLET}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: latin1 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { report: { message: string } }).report.message).toContain('not valid UTF-8');
  });

  it('answers 400 for a request without messages', async () => {
    expect((await post(`/collection/batch/${INLET}`, { message: [] })).status).toBe(400);
    expect((await post(`/collection/batch/${INLET}`, { messages: [] })).status).toBe(400);
  });

  it('answers an unknown inlet with a problem body', async () => {
    const { status, body } = await post('/collection/batch/no-such-inlet', { messages: [message('a')] });
    expect(status).toBe(404);
    expect(body?.['type']).toBe('http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet');
  });
});

describe('the 1 MB request limit is decided while reading', () => {
  const big = (bytes: number) => JSON.stringify({ messages: [message('big', { eventType: 'x'.repeat(bytes) })] });

  it('answers 413 to a declared Content-Length over the limit', async () => {
    const { status, body } = await post(`/collection/batch/${INLET}`, big(1_100_000));
    expect(status).toBe(413);
    expect((body?.['report'] as { message: string }).message).toContain('larger than 1048576 bytes');
  });

  it('answers 413 to a chunked body as soon as it passes the limit, without waiting for the rest', async () => {
    const answer = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/collection/batch/${INLET}`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      let sent = 0;
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // Write up to 8 MB; the server answers after about 1 MB and stops reading.
      const pump = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.write('{"messages": [');
      pump();
    });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(8 * 1024 * 1024);
  });

  it('accepts a request just under the limit', async () => {
    const body = big(1_000_000);
    expect(Buffer.byteLength(body)).toBeLessThan(1_048_576);
    expect((await post(`/collection/batch/${INLET}`, body)).status).toBe(207);
  });
});

describe('authenticated inlets', () => {
  it('401 with the documented body when Authorization is missing', async () => {
    const { status, body } = await post(`/collection/batch/${SECURE_INLET}`, { messages: [message('a')] });
    expect(status).toBe(401);
    expect(body).toEqual({
      type: 'https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization',
      status: '401',
      title: 'Authorization',
      report: { message: `[${SECURE_INLET}] Ims service token is empty` },
    });
  });

  it('403 for a token the world does not list (docs profile, as the tutorial table says)', async () => {
    const { status } = await post(`/collection/batch/${SECURE_INLET}`, { messages: [message('a')] }, { Authorization: 'Bearer nope' });
    expect(status).toBe(403);
  });

  it('207 with a listed token', async () => {
    const { status } = await post(`/collection/batch/${SECURE_INLET}`, { messages: [message('a')] }, { Authorization: 'Bearer token-for-tests-1' });
    expect(status).toBe(207);
  });

  it('401 for an unlisted token under the strict profile, as the HTTP API source guide says', async () => {
    const strict = await startServer({ world: worldWithSecureInlet(), profile: 'strict', store: createMemoryStore() });
    try {
      const response = await fetch(`${strict.url}/collection/batch/${SECURE_INLET}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' },
        body: JSON.stringify({ messages: [message('a')] }),
      });
      expect(response.status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});

describe('POST /collection/{CONNECTION_ID}: one message', () => {
  it('answers 200 with syncValidation skipped when not asked', async () => {
    const { status, body } = await post(`/collection/${INLET}`, message('one'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ inletId: INLET, receivedTimeMs: now, syncValidation: { skipped: true } });
    expect(body?.['xactionId']).toMatch(COLLECTION_BATCH_ID);
  });

  it('answers 200 with syncValidation pass for a valid message', async () => {
    const { status, body } = await post(`/collection/${INLET}?syncValidation=true`, message('one'));
    expect(status).toBe(200);
    expect(body?.['syncValidation']).toEqual({ status: 'pass' });
  });

  it('answers 400 with the documented problem body and _streamingValidation causes for an invalid message', async () => {
    const { status, body } = await post(`/collection/${INLET}?syncValidation=true`, message('bad', { workEmail: 'x', coupon: 'y' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      type: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet',
      status: 400,
      title: 'Invalid XDM Message Format',
      report: {
        message: `inletId: [${INLET}] imsOrgId: [${ORG}] Message is invalid`,
        cause: {
          _streamingValidation: [
            {
              message: '2 schema violations found',
              causingExceptions: [
                expect.objectContaining({ keyword: 'additionalProperties', message: 'extraneous key [workEmail] is not permitted' }),
                expect.objectContaining({ keyword: 'additionalProperties', message: 'extraneous key [coupon] is not permitted' }),
              ],
            },
          ],
        },
      },
    });
  });

  it('answers 400 with the documented text for a message the endpoint rejects', async () => {
    const wrongOrg = message('c');
    wrongOrg.header.imsOrgId = 'invalidIMSOrg@AdobeOrg';
    const { status, body } = await post(`/collection/${INLET}`, wrongOrg);
    expect(status).toBe(400);
    expect((body?.['report'] as { message: string }).message).toBe(
      `inletId: [${INLET}] imsOrgId: [${ORG}] Message has an absent or wrong ims org in the header`,
    );
  });

  it('limits sync validation to 60 requests a minute per connection, by the injected clock', async () => {
    now += 120_000;
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await post(`/collection/${INLET}?syncValidation=true`, message(`r${i}`))).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    now += 60_000;
    expect((await post(`/collection/${INLET}?syncValidation=true`, message('later'))).status).toBe(200);
  });
});

describe('the documented exchanges of the tutorials, sent to the server', () => {
  const FIXTURES = join(import.meta.dirname, '../../fixtures/docs/streaming');
  const manifest = parseYaml(readFileSync(join(FIXTURES, 'exchanges.yaml'), 'utf8')) as {
    bindings: Record<string, string>;
    exchanges: { name: string; request: string; response: string; expected: 'documented' | ({ xactionId: string } | { documented: number })[] }[];
  };
  const bind = (text: string) => Object.entries(manifest.bindings).reduce((t, [k, v]) => t.split(k).join(v), text);

  for (const exchange of manifest.exchanges) {
    it(`${exchange.name}: the documented answer (errata as recorded)`, async () => {
      const documented = JSON.parse(bind(readFileSync(join(FIXTURES, exchange.response), 'utf8'))) as { batchId: string; responses: unknown[] };
      const { status, body } = await post(`/collection/batch/${INLET}`, bind(readFileSync(join(FIXTURES, exchange.request), 'utf8')));
      expect(status).toBe(207);
      const batchId = body?.['batchId'] as string;
      const withBatch = (entry: unknown) =>
        entry !== null && typeof entry === 'object' && 'xactionId' in entry
          ? { xactionId: String((entry as { xactionId: string }).xactionId).replace(documented.batchId, batchId).replace('<batchId>', batchId) }
          : entry;
      const expected =
        exchange.expected === 'documented'
          ? documented.responses.map(withBatch)
          : exchange.expected.map((e) => ('documented' in e ? documented.responses[e.documented] : withBatch(e)));
      expect(body?.['responses']).toEqual(expected);
    });
  }
});

describe('faults on demand (x-aep-harness-fault)', () => {
  it('429 with the documented meaning', async () => {
    const { status } = await post(`/collection/batch/${INLET}`, { messages: [message('a')] }, { 'x-aep-harness-fault': '429' });
    expect(status).toBe(429);
  });

  it('500, the documented error in processing the payload', async () => {
    const { status } = await post(`/collection/batch/${INLET}`, { messages: [message('a')] }, { 'x-aep-harness-fault': '500' });
    expect(status).toBe(500);
  });

  it('503 with Retry-After', async () => {
    const { status, headers } = await post(`/collection/batch/${INLET}`, { messages: [message('a')] }, { 'x-aep-harness-fault': '503;retry-after=7' });
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('7');
  });

  it('latency: the answer comes no sooner than asked', async () => {
    const started = performance.now();
    const { status } = await post(`/collection/batch/${INLET}`, { messages: [message('a')] }, { 'x-aep-harness-fault': 'latency=150' });
    expect(status).toBe(207);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('drop: the connection closes without an answer', async () => {
    await expect(post(`/collection/batch/${INLET}`, { messages: [message('a')] }, { 'x-aep-harness-fault': 'drop' })).rejects.toThrow();
  });

  it('an unknown fault is a 400 that names the valid ones', async () => {
    const { status, body } = await post(`/collection/batch/${INLET}`, { messages: [] }, { 'x-aep-harness-fault': 'explode' });
    expect(status).toBe(400);
    expect(String(body?.['detail'])).toContain('expected 429, 500, 503, retry-after=N, latency=MS or drop');
  });

  it('is ignored by a server started without faults', async () => {
    const calm = await startServer({ store: createMemoryStore() });
    try {
      const response = await fetch(`${calm.url}/collection/batch/${INLET}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-aep-harness-fault': '503' },
        body: JSON.stringify({ messages: [message('a')] }),
      });
      expect(response.status).toBe(207);
    } finally {
      await calm.close();
    }
  });
});
