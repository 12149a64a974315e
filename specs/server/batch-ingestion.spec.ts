/**
 * The reference server's batch ingestion API over HTTP (`/data/foundation/import`): the documented
 * exchanges (create, small PUT, chunked upload, file and batch COMPLETE), the batch actions under each
 * profile's reading, the required headers and content types, and the life cycle's time-decided statuses.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_DISAGREEMENTS, BATCH_ERROR_CODES } from '../../src/contract/batch.js';
import { GATEWAY_ERRORS, SERVICE_ERROR, statusOfErrorCode } from '../../src/contract/gateway.js';
import { transition } from '../../src/lifecycle/batch.js';
import type { BatchStatus } from '../../src/contract/batch.js';
import { EVENTS_DATASET, IMPORT, ORG, PROFILES_DATASET, event, ndjson, startPlatform, type TestPlatform } from './batch-client.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform({ faults: true, batches: { abandonAfterMs: 60_000, collectAfterMs: 60_000 } });
});
afterAll(() => platform.close());

const fileUrl = (batchId: string, name: string, datasetId = EVENTS_DATASET) => `${IMPORT}/batches/${batchId}/datasets/${datasetId}/files/${name}`;
const octets = { 'Content-Type': 'application/octet-stream' };
const status = async (batchId: string) => (await platform.catalog(batchId))['status'];

describe('POST /batches: create a batch', () => {
  it('answers 201 with the documented fields, status loading, a dataSet related object and version 1.0.0', async () => {
    const answer = await platform.request('POST', `${IMPORT}/batches`, {
      body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(answer.status).toBe(201);
    const body = answer.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['created', 'createdUser', 'id', 'imsOrg', 'relatedObjects', 'status', 'tags', 'updated', 'updatedUser', 'version']);
    expect(body).toMatchObject({ imsOrg: ORG, status: 'loading', relatedObjects: [{ type: 'dataSet', id: EVENTS_DATASET }], version: '1.0.0', tags: {} });
    expect(body['id']).toMatch(/^[0-9a-f]{32}$/);
    expect(body['created']).toBe(platform.clock.now());
    // The user is derived from the token, never the token or the API key themselves.
    expect(JSON.stringify(body)).not.toContain('test-access-token');
    expect(JSON.stringify(body)).not.toContain('test-api-key');
  });

  it('creates a batch with datasetId alone under the docs profile (the overview does)', async () => {
    const id = await platform.createBatch({ datasetId: EVENTS_DATASET });
    expect(await status(id)).toBe('loading');
  });

  it('refuses an unknown dataset with a 400 service error', async () => {
    const answer = await platform.request('POST', `${IMPORT}/batches`, {
      body: JSON.stringify({ datasetId: 'no-such-dataset' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: SERVICE_ERROR.example.type, status: 400, title: 'BadRequestError' });
    expect((answer.json as { detail: string }).detail).toContain('no-such-dataset');
  });

  it('takes the replay form: predecessors name the batches the new one replaces', async () => {
    const first = await platform.createBatch();
    const replay = await platform.createBatch({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' }, replay: { predecessors: [`$${first}`], reason: 'replace' } });
    expect((await platform.catalog(replay))['replay']).toEqual({ predecessors: [first], reason: 'replace' });
    const unknown = await platform.request('POST', `${IMPORT}/batches`, {
      body: JSON.stringify({ datasetId: EVENTS_DATASET, replay: { predecessors: ['nope'], reason: 'replace' } }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(unknown.status).toBe(400);
  });

  it('refuses a format no source names, and isMultiLineJson on a format other than json', async () => {
    for (const inputFormat of [{ format: 'xml' }, { format: 'JSON' }, { format: 'parquet', isMultiLineJson: true }]) {
      const answer = await platform.request('POST', `${IMPORT}/batches`, {
        body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(answer.status, JSON.stringify(inputFormat)).toBe(400);
    }
  });

  it('refuses a body that is not application/json with the documented detail, and multipart/form-data as curl -F', async () => {
    const none = await platform.request('POST', `${IMPORT}/batches`, { body: new Blob([JSON.stringify({ datasetId: EVENTS_DATASET })]) });
    expect(none.status).toBe(400);
    expect((none.json as { detail: string }).detail).toContain(SERVICE_ERROR.example.detail);
    const form = new FormData();
    form.set('datasetId', EVENTS_DATASET);
    const multipart = await platform.request('POST', `${IMPORT}/batches`, { body: form });
    expect(multipart.status).toBe(400);
    expect((multipart.json as { detail: string }).detail).toMatch(/multipart\/form-data.*curl -F/);
  });
});

describe('PUT …/files/{FILE_NAME}: small file upload', () => {
  it('answers 200 with an empty body', async () => {
    const id = await platform.createBatch();
    const answer = await platform.put(id, 'events.json', ndjson(event('a')));
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(platform.server.context.store.getFile(id, EVENTS_DATASET, 'events.json')?.state).toBe('complete');
  });

  it('refuses file names that would reach outside the batch', async () => {
    const id = await platform.createBatch();
    // Sent raw: fetch would resolve ".." in the URL before sending it.
    for (const name of ['..', '..%2F..%2Fetc%2Fpasswd', 'a%2Fb.json', 'a%5Cb.json', 'a%00b.json']) {
      const answer = await rawRequest('PUT', fileUrl(id, name), { ...platformHeaders(), ...octets, 'Content-Length': '1' }, 'x');
      expect(answer.status, name).toBe(400);
    }
  });

  it('refuses bytes sent as anything but application/octet-stream, and multipart (-F) with the documented reason', async () => {
    const id = await platform.createBatch();
    const json = await platform.request('PUT', fileUrl(id, 'a.json'), { body: 'x', headers: { 'Content-Type': 'application/json' } });
    expect(json.status).toBe(400);
    const form = new FormData();
    form.set('file', new Blob(['x']), 'a.json');
    const multipart = await platform.request('PUT', fileUrl(id, 'a.json'), { body: form });
    expect(multipart.status).toBe(400);
    expect((multipart.json as { detail: string }).detail).toContain('curl -F');
  });

  it('refuses a file for another dataset than the batch was created for', async () => {
    const id = await platform.createBatch();
    expect((await platform.put(id, 'a.json', 'x', PROFILES_DATASET)).status).toBe(400);
  });

  it('refuses a single PUT over the profile chunk threshold: the large-file upload must be used', async () => {
    const id = await platform.createBatch();
    const threshold = BATCH_DISAGREEMENTS['batch.chunkThreshold.bytes'].readings['512MB'].value;
    // The declared length is refused before any byte is sent.
    const answer = await rawRequest('PUT', fileUrl(id, 'huge.parquet'), { ...platformHeaders(), ...octets, 'Content-Length': String(threshold + 1) });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('large-file upload');
  });
});

/** A request sent as written (no URL normalisation); without `body` only the headers are sent. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(platform.server.url);
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (body === undefined) req.flushHeaders();
    else req.end(body);
  });
}

function platformHeaders(): Record<string, string> {
  return { Authorization: 'Bearer test-access-token', 'x-api-key': 'test-api-key', 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod' };
}

describe('large files: INITIALIZE (201), PATCH parts with Content-Range (200), file COMPLETE (201 under docs)', () => {
  const content = Buffer.from(ndjson(event('l1'), event('l2'), event('l3')));
  const part = (batchId: string, start: number, end: number, total?: number) =>
    platform.request('PATCH', fileUrl(batchId, 'large.json'), {
      body: content.subarray(start, end + 1),
      headers: { ...octets, 'Content-Range': `bytes ${start}-${end}${total === undefined ? '' : `/${total}`}` },
    });
  const initialize = (batchId: string, action = 'INITIALIZE') => platform.request('POST', `${fileUrl(batchId, 'large.json')}?action=${action}`);
  const completeFile = (batchId: string) => platform.request('POST', `${fileUrl(batchId, 'large.json')}?action=COMPLETE`);

  it('assembles the parts in order and ingests the file', async () => {
    const id = await platform.createBatch();
    expect((await initialize(id, 'initialize')).status).toBe(201); // the overview's lower-case spelling
    const split = 40;
    expect((await part(id, split, content.length - 1, content.length)).status).toBe(200);
    expect((await part(id, 0, split - 1, content.length)).status).toBe(200);
    expect(platform.server.context.store.getFile(id, EVENTS_DATASET, 'large.json')?.ranges).toEqual([
      [0, split - 1],
      [split, content.length - 1],
    ]);
    const done = await completeFile(id);
    expect(done.status).toBe(BATCH_DISAGREEMENTS['batch.fileComplete.status'].readings['201'].value);
    expect(done.text).toBe('');
    expect((await platform.complete(id)).status).toBe(200);
    await platform.settle();
    expect(await platform.catalog(id)).toMatchObject({ status: 'active', metrics: { inputRecordCount: 3, outputRecordCount: 3, failedRecordCount: 0 } });
  });

  it('refuses completion with a gap between parts with 400', async () => {
    const id = await platform.createBatch();
    await initialize(id);
    await part(id, 0, 9);
    await part(id, 20, content.length - 1);
    const answer = await completeFile(id);
    expect(answer.status).toBe(400);
    expect((answer.json as { detail: string }).detail).toContain('gap: bytes 10-19 are missing');
  });

  it('refuses completion when the declared total was not reached (a gap at the end)', async () => {
    const id = await platform.createBatch();
    await initialize(id);
    await part(id, 0, 9, content.length);
    expect((await completeFile(id)).status).toBe(400);
  });

  it('refuses completion with overlapping parts with 400', async () => {
    const id = await platform.createBatch();
    await initialize(id);
    await part(id, 0, 19);
    await part(id, 10, content.length - 1);
    const answer = await completeFile(id);
    expect(answer.status).toBe(400);
    expect((answer.json as { detail: string }).detail).toContain('overlap: bytes 10-19 were sent twice');
  });

  it('refuses a part without a usable Content-Range, one whose body does not match it, and one never initialized', async () => {
    const id = await platform.createBatch();
    await initialize(id);
    const missing = await platform.request('PATCH', fileUrl(id, 'large.json'), { body: 'abc', headers: octets });
    expect(missing.status).toBe(400);
    expect((missing.json as { detail: string }).detail).toContain('bytes 0-1048575/536870912');
    const short = await platform.request('PATCH', fileUrl(id, 'large.json'), { body: 'abc', headers: { ...octets, 'Content-Range': 'bytes 0-9' } });
    expect(short.status).toBe(400);
    const other = await platform.request('PATCH', fileUrl(id, 'other.json'), { body: 'abc', headers: { ...octets, 'Content-Range': 'bytes 0-2' } });
    expect(other.status).toBe(400);
  });

  it('refuses batch COMPLETE while a large file is initialized but not completed', async () => {
    const id = await platform.createBatch();
    await initialize(id);
    await part(id, 0, content.length - 1);
    const answer = await platform.complete(id);
    expect(answer.status).toBe(400);
    expect((answer.json as { detail: string }).detail).toContain('large.json');
  });

  it('refuses an unknown file action, naming the valid ones', async () => {
    const id = await platform.createBatch();
    const answer = await platform.request('POST', `${fileUrl(id, 'large.json')}?action=START`);
    expect(answer.status).toBe(400);
    expect((answer.json as { detail: string }).detail).toContain('INITIALIZE, COMPLETE');
  });
});

describe('POST /batches/{BATCH_ID}?action=…: batch actions through the life cycle', () => {
  it('COMPLETE answers 200 with an empty body, twice (safe to retry), and the batch is processed to active', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'events.json', ndjson(event('c1')));
    const first = await platform.complete(id);
    const second = await platform.complete(id);
    expect([first.status, first.text, second.status, second.text]).toEqual([200, '', 200, '']);
    await platform.settle();
    expect(await status(id)).toBe('active');
    expect((await platform.complete(id)).status).toBe(200); // still safe once final
    const history = platform.server.context.store.getBatch(id)?.history ?? [];
    expect(history.map((h) => `${h.event}:${h.status}`)).toEqual(['create:loading', 'complete:loaded', 'promote-step:staging', 'promote-step:staged', 'validation-passed:active']);
    // Every recorded change is one the life cycle allows.
    for (let i = 1; i < history.length; i++) {
      const step = history[i]!;
      const from = history[i - 1]!.status as BatchStatus;
      expect(transition(from, step.event as never, 'docs')).toMatchObject({ ok: true, next: step.status });
    }
  });

  it('accepts the lower-case spelling under the docs profile and refuses an unknown action naming the valid ones', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'events.json', ndjson(event('c2')));
    expect((await platform.request('POST', `${IMPORT}/batches/${id}?action=complete`)).status).toBe(200);
    const unknown = await platform.request('POST', `${IMPORT}/batches/${id}?action=PROMOTE`);
    expect(unknown.status).toBe(400);
    expect((unknown.json as { detail: string }).detail).toContain('COMPLETE, ABORT, REVERT');
    const plural = await platform.request('POST', `${IMPORT}/batches/${id}?actions=COMPLETE`);
    expect(plural.status).toBe(400);
    expect((plural.json as { detail: string }).detail).toContain('not actions');
  });

  it('ABORT in loading aborts the batch; uploads and COMPLETE are refused afterwards', async () => {
    const id = await platform.createBatch();
    const abort = await platform.request('POST', `${IMPORT}/batches/${id}?action=ABORT`);
    expect([abort.status, abort.text]).toEqual([200, '']);
    expect(await status(id)).toBe('aborted');
    const upload = await platform.put(id, 'late.json', ndjson(event('x')));
    expect(upload.status).toBe(400);
    expect((upload.json as { detail: string }).detail).toContain('is aborted');
    expect((await platform.complete(id)).status).toBe(400);
  });

  it('ABORT after COMPLETE is refused under the docs profile: once loaded a batch cannot be aborted', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'events.json', ndjson(event('a1')));
    await platform.complete(id);
    const abort = await platform.request('POST', `${IMPORT}/batches/${id}?action=ABORT`);
    expect(abort.status).toBe(400);
    expect((abort.json as { detail: string }).detail).toContain('cannot be aborted');
    await platform.settle();
    expect(await status(id)).toBe('active');
  });

  it('an upload after COMPLETE is refused with a clear detail', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'events.json', ndjson(event('u1')));
    await platform.complete(id);
    const upload = await platform.put(id, 'more.json', ndjson(event('u2')));
    expect(upload.status).toBe(400);
    expect((upload.json as { detail: string }).detail).toMatch(/files can be uploaded only while a batch is loading/);
  });

  it('REVERT makes an active batch inactive, and it is deleted once collected (decided from the clock)', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'events.json', ndjson(event('r1')));
    expect((await platform.request('POST', `${IMPORT}/batches/${id}?action=REVERT`)).status).toBe(400); // still loading
    await platform.complete(id);
    await platform.settle();
    expect((await platform.request('POST', `${IMPORT}/batches/${id}?action=REVERT`)).status).toBe(200);
    expect(await status(id)).toBe('inactive');
    platform.clock.advance(60_001);
    expect(await status(id)).toBe('deleted');
  });

  it('FAIL is not a batch action under the docs profile', async () => {
    const id = await platform.createBatch();
    const answer = await platform.request('POST', `${IMPORT}/batches/${id}?action=FAIL`);
    expect(answer.status).toBe(400);
    expect((answer.json as { detail: string }).detail).toContain('FAIL is not a batch action');
  });

  it('answers 404 for an unknown batch', async () => {
    const answer = await platform.complete('0123456789abcdef0123456789abcdef');
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ status: 404, title: 'NotFoundError' });
  });
});

describe('the openapi profile reads ABORT, FAIL and spellings differently', () => {
  let openapi: TestPlatform;
  beforeAll(async () => {
    openapi = await startPlatform({ profile: 'openapi', faults: true });
  });
  afterAll(() => openapi.close());

  it('requires inputFormat, matches actions in upper case only, answers the file POSTs 200 with a File and a batch action with the batch', async () => {
    const noFormat = await openapi.request('POST', `${IMPORT}/batches`, { body: JSON.stringify({ datasetId: EVENTS_DATASET }), headers: { 'Content-Type': 'application/json' } });
    expect(noFormat.status).toBe(400);
    const id = await openapi.createBatch({ datasetId: EVENTS_DATASET, inputFormat: { format: 'JSON' } });
    expect((await openapi.request('POST', `${fileUrl(id, 'big.json')}?action=initialize`)).status).toBe(400);
    const init = await openapi.request('POST', `${fileUrl(id, 'big.json')}?action=INITIALIZE`);
    expect(init.status).toBe(200);
    expect(init.json).toEqual({ name: 'big.json', sizeInBytes: 0 });
    const bytes = ndjson(event('o1'));
    const size = Buffer.byteLength(bytes);
    const part = await openapi.request('PATCH', fileUrl(id, 'big.json'), { body: bytes, headers: { ...octets, 'Content-Range': `bytes 0-${size - 1}` } });
    expect(part.status).toBe(200);
    expect(part.json).toEqual({ name: 'big.json', sizeInBytes: size });
    expect(part.headers.get('range')).toBe(`bytes=0-${size - 1}`);
    const done = await openapi.request('POST', `${fileUrl(id, 'big.json')}?action=COMPLETE`);
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ name: 'big.json', sizeInBytes: size });
    const complete = await openapi.complete(id);
    expect(complete.status).toBe(200);
    // loaded is not in the Batch schema's enum: the answer shows it as queued; the Catalog keeps loaded.
    expect(complete.json).toMatchObject({ id, status: 'queued' });
  });

  it('ABORT is allowed while processing (here: stalled by a fault), FAIL ends a loading batch', async () => {
    const id = await openapi.createBatch();
    await openapi.put(id, 'events.json', ndjson(event('s1')));
    await openapi.complete(id, { 'x-aep-harness-fault': 'batch=stalled' });
    await openapi.settle();
    expect((await openapi.catalog(id))['status']).toBe('stalled');
    expect((await openapi.request('POST', `${IMPORT}/batches/${id}?action=ABORT`)).status).toBe(200);
    expect((await openapi.catalog(id))['status']).toBe('aborted');
    const other = await openapi.createBatch();
    expect((await openapi.request('POST', `${IMPORT}/batches/${other}?action=FAIL`)).status).toBe(200);
    expect((await openapi.catalog(other))['status']).toBe('failed');
  });
});

describe('faults: x-aep-harness-fault on COMPLETE', () => {
  it('batch=retrying leaves the batch retrying; batch=stalled goes retrying then stalled', async () => {
    const retrying = await platform.createBatch();
    await platform.put(retrying, 'events.json', ndjson(event('f1')));
    await platform.complete(retrying, { 'x-aep-harness-fault': 'batch=retrying' });
    const stalled = await platform.createBatch();
    await platform.put(stalled, 'events.json', ndjson(event('f2')));
    await platform.complete(stalled, { 'x-aep-harness-fault': 'batch=stalled' });
    await platform.settle();
    expect(await status(retrying)).toBe('retrying');
    expect(await status(stalled)).toBe('stalled');
    expect(platform.server.context.store.getBatch(stalled)?.history.map((h) => h.status)).toEqual(['loading', 'loaded', 'staging', 'retrying', 'stalled']);
  });
});

describe('abandoned: a batch left loading past the configured time', () => {
  it('turns abandoned when next read, dated when it became due; COMPLETE is refused then', async () => {
    const id = await platform.createBatch();
    const created = platform.clock.now();
    platform.clock.advance(60_000);
    expect(await status(id)).toBe('loading');
    platform.clock.advance(1);
    expect(await status(id)).toBe('abandoned');
    expect(platform.server.context.store.getBatch(id)?.history.at(-1)).toEqual({ status: 'abandoned', at: created + 60_000, event: 'abandon' });
    expect((await platform.complete(id)).status).toBe(400);
  });
});

describe('required headers: the gateway answers first', () => {
  const cases: { omit: string; key: keyof typeof GATEWAY_ERRORS }[] = [
    { omit: 'Authorization', key: 'tokenMissing' },
    { omit: 'x-api-key', key: 'apiKeyMissing' },
    { omit: 'x-gw-ims-org-id', key: 'headerMissing' },
  ];
  for (const { omit, key } of cases) {
    it(`without ${omit}: ${GATEWAY_ERRORS[key].errorCode} "${GATEWAY_ERRORS[key].message}"`, async () => {
      const answer = await platform.request('POST', `${IMPORT}/batches`, {
        body: JSON.stringify({ datasetId: EVENTS_DATASET }),
        headers: { 'Content-Type': 'application/json' },
        omit: [omit],
      });
      expect(answer.status).toBe(statusOfErrorCode(GATEWAY_ERRORS[key].errorCode));
      expect(answer.json).toEqual({ error_code: GATEWAY_ERRORS[key].errorCode, message: GATEWAY_ERRORS[key].message });
    });
  }

  it('a token that is not a bearer token: 401013', async () => {
    const answer = await platform.request('POST', `${IMPORT}/batches`, { headers: { Authorization: 'Basic abc' } });
    expect(answer.json).toEqual({ error_code: '401013', message: GATEWAY_ERRORS.tokenInvalid.message });
    expect(answer.status).toBe(401);
  });

  it('an org that is not in the world: 403025 "Profile is not valid"', async () => {
    const answer = await platform.request('POST', `${IMPORT}/batches`, { headers: { 'x-gw-ims-org-id': 'Other@AdobeOrg' } });
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({ error_code: '403025', message: GATEWAY_ERRORS.profileInvalid.message });
  });

  it('a missing or unknown sandbox: a 400 service error naming the org sandboxes', async () => {
    const missing = await platform.request('POST', `${IMPORT}/batches`, { omit: ['x-sandbox-name'] });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ status: 400, title: 'BadRequestError' });
    const upper = await platform.request('POST', `${IMPORT}/batches`, { headers: { 'x-sandbox-name': 'Prod' } });
    expect(upper.status).toBe(400);
    expect((upper.json as { detail: string }).detail).toContain('lower case');
  });

  it('a batch of one sandbox is not found from another', async () => {
    const id = await platform.createBatch();
    const answer = await platform.request('POST', `${IMPORT}/batches/${id}?action=COMPLETE`, { headers: { 'x-sandbox-name': 'dev' } });
    expect(answer.status).toBe(404);
  });
});

describe('documented error code texts reach batch errors exactly', () => {
  it('an empty file fails the batch with 106', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'empty.json', '');
    await platform.complete(id);
    await platform.settle();
    expect(await platform.catalog(id)).toMatchObject({ status: 'failed', errors: [{ code: '106', description: BATCH_ERROR_CODES['106'].description }] });
  });
});
