/**
 * Reading batches back: the Catalog's `GET /batch/{ID}` and `GET /batches/{ID}` (keyed by batch id) and the
 * Data Access API's failed-batch listing and download, for batches created through the batch API and for the
 * success and error batches streaming ingestion writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_OBJECT_FIELDS, FAILED_BATCH_FILES, GET_BATCH } from '../../src/contract/catalog.js';
import { GATEWAY_ERRORS } from '../../src/contract/gateway.js';
import { CATALOG, EVENTS_DATASET, EXPORT, ORG, event, ndjson, startPlatform, type TestPlatform } from './batch-client.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
const ref = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
const message = (entity: Record<string, unknown>) => ({
  header: { schemaRef: ref, imsOrgId: ORG, datasetId: EVENTS_DATASET },
  body: { xdmMeta: { schemaRef: ref }, xdmEntity: entity },
});

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

describe('GET /catalog/batch/{BATCH_ID} and /catalog/batches/{BATCH_ID}', () => {
  it('both documented paths answer 200 with the batch object keyed by its id', async () => {
    const id = await platform.createBatch();
    for (const { path } of Object.values(GET_BATCH.paths)) {
      const answer = await platform.request('GET', `${CATALOG}${path.replace('{BATCH_ID}', id)}`);
      expect(answer.status, path).toBe(GET_BATCH.status);
      const body = answer.json as Record<string, Record<string, unknown>>;
      expect(Object.keys(body)).toEqual([id]);
      expect(body[id]).toMatchObject({ id, imsOrg: ORG, status: 'loading', relatedObjects: [{ type: 'dataSet', id: EVENTS_DATASET }], inputFormat: { format: 'json' }, errors: [], metrics: {} });
      for (const field of Object.keys(body[id] ?? {})) expect(Object.keys(BATCH_OBJECT_FIELDS), field).toContain(field);
    }
  });

  it('shows started and completed times, and the final status, once processed', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'a.json', ndjson(event('1')));
    await platform.complete(id);
    await platform.settle();
    expect(await platform.catalog(id)).toMatchObject({ status: 'active', started: platform.clock.now(), completed: platform.clock.now() });
  });

  it('answers 404 with a service error for an unknown batch, and for a batch of another sandbox', async () => {
    const unknown = await platform.request('GET', `${CATALOG}/batches/ffffffffffffffffffffffffffffffff`);
    expect(unknown.status).toBe(GET_BATCH.notFoundStatus);
    expect(unknown.json).toMatchObject({ status: 404, title: 'NotFoundError' });
    const id = await platform.createBatch();
    expect((await platform.request('GET', `${CATALOG}/batch/${id}`, { headers: { 'x-sandbox-name': 'dev' } })).status).toBe(404);
  });

  it('needs the same headers as batch ingestion', async () => {
    const id = await platform.createBatch();
    const answer = await platform.request('GET', `${CATALOG}/batches/${id}`, { omit: ['Authorization'] });
    expect(answer.status).toBe(GATEWAY_ERRORS.tokenMissing.status);
    expect(answer.json).toEqual({ error_code: GATEWAY_ERRORS.tokenMissing.errorCode, message: GATEWAY_ERRORS.tokenMissing.message });
    const exported = await platform.request('GET', `${EXPORT}/batches/${id}/failed`, { omit: ['x-api-key'] });
    expect(exported.json).toEqual({ error_code: GATEWAY_ERRORS.apiKeyMissing.errorCode, message: GATEWAY_ERRORS.apiKeyMissing.message });
  });
});

describe('GET /export/batches/{BATCH_ID}/failed', () => {
  it('lists failed files as {data: [{name, length, _links.self.href}], _page: {limit: 100, count}} and downloads each', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'a.json', ndjson(event('1', { timestamp: 'x' }), event('2'), event('3', { timestamp: 'y' })));
    await platform.complete(id);
    await platform.settle();
    const listing = await platform.request('GET', `${EXPORT}/batches/${id}/failed`);
    expect(listing.status).toBe(FAILED_BATCH_FILES.status);
    const body = listing.json as { data: { name: string; length: string; _links: { self: { href: string } } }[]; _page: unknown };
    expect(body._page).toEqual({ limit: FAILED_BATCH_FILES.listing.page.limit, count: 2 });
    for (const item of body.data) {
      expect(Object.keys(item).sort()).toEqual(['_links', 'length', 'name']);
      expect(item.length).toMatch(/^\d+$/);
      const href = new URL(item._links.self.href);
      expect(href.pathname).toBe(`${EXPORT}/batches/${id}/failed`);
      const file = await platform.request('GET', `${href.pathname}${href.search}`);
      expect(file.status).toBe(200);
      expect(String(Buffer.byteLength(file.text))).toBe(item.length);
      expect(file.json).toMatchObject({ _validationErrors: [expect.objectContaining({ keyword: 'format', pointerToViolation: '#/timestamp' })] });
    }
  });

  it('pages with start and limit; an unknown path is 404; a batch without failures lists nothing', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'a.json', ndjson(event('1', { timestamp: 'x' }), event('2', { timestamp: 'y' }), event('3', { timestamp: 'z' })));
    await platform.complete(id);
    await platform.settle();
    const page = await platform.request('GET', `${EXPORT}/batches/${id}/failed?start=1&limit=1`);
    expect((page.json as { _page: unknown })._page).toEqual({ limit: 1, count: 1 });
    expect((await platform.request('GET', `${EXPORT}/batches/${id}/failed?path=nope.json`)).status).toBe(404);
    const clean = await platform.createBatch();
    const empty = await platform.request('GET', `${EXPORT}/batches/${clean}/failed`);
    expect(empty.json).toEqual({ data: [], _page: { limit: 100, count: 0 } });
  });
});

describe('streaming batches through the Catalog and the export API', () => {
  it('the error batch of a streamed message that fails validation is failed in the Catalog, its failed file downloadable', async () => {
    const streamed = await fetch(`${platform.server.url}/collection/batch/${INLET}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [message(event('ok')), message(event('bad', { coupon: 'WINTER10' }))] }),
    });
    expect(streamed.status).toBe(207);
    const store = platform.server.context.store;
    const [errorBatch] = store.listBatches({ kind: 'streaming-error' });
    const [successBatch] = store.listBatches({ kind: 'streaming-success' });
    expect(errorBatch).toBeDefined();
    expect(successBatch).toBeDefined();

    expect(await platform.catalog(successBatch!.id)).toMatchObject({ status: 'success', metrics: { inputRecordCount: 1, outputRecordCount: 1 } });
    expect(await platform.catalog(errorBatch!.id)).toMatchObject({
      imsOrg: ORG,
      status: 'failed',
      relatedObjects: [{ type: 'dataSet', id: EVENTS_DATASET }],
      metrics: { inputRecordCount: 1, failedRecordCount: 1 },
    });
    const listing = await platform.request('GET', `${EXPORT}/batches/${errorBatch!.id}/failed`);
    const [item] = (listing.json as { data: { name: string }[] }).data;
    const file = await platform.request('GET', `${EXPORT}/batches/${errorBatch!.id}/failed?path=${encodeURIComponent(item!.name)}`);
    expect(file.json).toMatchObject({ _validationErrors: [expect.objectContaining({ keyword: 'additionalProperties', message: 'extraneous key [coupon] is not permitted' })] });
  });
});
