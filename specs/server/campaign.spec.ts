/**
 * Campaign Standard XDM ingestion on the reference server, over HTTP: every documented trigger answer and
 * status answer, with the documented texts (from the contract, with the mapping id in place of `<value>`),
 * the request life cycle driven by an injected clock, outcomes from the world and from fault injection,
 * and the inferred answers (unknown org or mapping, missing headers, how the status request names its id).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_RESPONSES, TRIGGER_RESPONSES, fillCampaignText, type StatusExample, type TriggerOutcome } from '../../src/contract/campaign.js';
import { gatewayErrorBody } from '../../src/contract/gateway.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import type { Store } from '../../src/server/store/types.js';
import type { World } from '../../src/world/types.js';

const ORG = 'C0FFEE0000000000000000AA@AdobeOrg';
const OTHER_ORG = 'BEEF00000000000000000000@AdobeOrg';
const HEADERS = { Authorization: 'Bearer campaign-token-for-tests', 'X-Api-Key': 'campaign-client-id', 'Cache-Control': 'no-cache' };

/** A world of Campaign mappings, one per way a request can end, and the two that cannot be triggered. */
function campaignWorld(): World {
  return {
    source: 'spec:campaign',
    orgs: [
      { id: ORG, sandboxes: ['prod'] },
      { id: OTHER_ORG, sandboxes: ['dev'] },
    ],
    inlets: [],
    schemas: [],
    datasets: [],
    campaignMappings: [
      { id: 'Slow', published: true, stopped: true, outcome: { status: 'success', numRecords: 42 }, processingMs: 5_000 },
      { id: 'Quick', published: true, stopped: true },
      { id: 'FetchFails', published: true, stopped: true, outcome: { status: 'failed', reason: 'fetch' }, processingMs: 1_000 },
      { id: 'UploadFails', published: true, stopped: true, outcome: { status: 'failed', reason: 'upload' }, processingMs: 1_000 },
      { id: 'Aborts', published: true, stopped: true, outcome: { status: 'aborted' }, processingMs: 1_000 },
      { id: 'Faulty', published: true, stopped: true, outcome: { status: 'success', numRecords: 7 }, processingMs: 1_000 },
      { id: 'Running', published: true, stopped: false },
      { id: 'Draft', published: false, stopped: true },
      { id: 'DraftAndRunning', published: false, stopped: false },
    ],
  };
}

let now = 1_732_371_600_000;
const clock = { now: () => now };
let server: RunningServer;
let store: Store;

beforeAll(async () => {
  store = createMemoryStore();
  server = await startServer({ store, clock, faults: true, world: campaignWorld() });
});
afterAll(() => server.close());

const ingestPath = (mapping: string, org = ORG): string => `/${org}/campaign/dataIngestion/xdmIngestion/${mapping}/ingest`;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Through node:http rather than fetch, which refuses a GET with a body (the documented status request has one). */
function call(method: 'GET' | 'POST', path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...(init.headers ?? HEADERS), ...(init.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(init.body)) } : {}) };
    const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const trigger = (mapping: string, headers: Record<string, string> = HEADERS, org = ORG): Promise<Answer> =>
  call('POST', ingestPath(mapping, org), { headers });

/** A status read with the id in a JSON body, the way most clients will send it. */
const readStatus = (mapping: string, requestId: unknown, org = ORG): Promise<Answer> =>
  call('GET', ingestPath(mapping, org), { headers: { ...HEADERS, 'Content-Type': 'application/json' }, body: JSON.stringify({ requestId }) });

/** The documented trigger body, texts from the contract. */
function documentedTrigger(outcome: TriggerOutcome, mapping: string, requestId?: number): Record<string, unknown> {
  const documented = TRIGGER_RESPONSES[outcome];
  return { ...(requestId !== undefined ? { requestId } : {}), info: fillCampaignText(documented.info, mapping), status: documented.status };
}

/** The documented status body, texts from the contract. */
function documentedStatus(example: StatusExample, mapping: string, values: { requestId: number; numRecords?: number; batchId?: string }): Record<string, unknown> {
  const documented = STATUS_RESPONSES[example];
  return {
    batchId: values.batchId ?? '',
    info: fillCampaignText(documented.info, mapping),
    numRecords: values.numRecords ?? 0,
    requestId: values.requestId,
    status: documented.status,
  };
}

async function submitted(mapping: string, headers: Record<string, string> = HEADERS): Promise<number> {
  const { status, body } = await trigger(mapping, headers);
  expect(status).toBe(200);
  expect(body).toEqual(documentedTrigger('submitted', mapping, body['requestId'] as number));
  expect(typeof body['requestId']).toBe('number');
  return body['requestId'] as number;
}

describe('POST …/ingest: the documented trigger answers', () => {
  it('submits a request of a published, stopped mapping: a new numeric requestId, "submitted successfully", status Success', async () => {
    const { status, body } = await trigger('Slow');
    expect(status).toBe(200);
    expect(body).toStrictEqual({
      requestId: body['requestId'],
      info: 'Ingestion request submitted successfully for the Mapping ID: Slow',
      status: 'Success',
    });
    expect(body).toEqual(documentedTrigger('submitted', 'Slow', body['requestId'] as number));
    // Key order as documented: requestId, info, status.
    expect(Object.keys(body)).toEqual(['requestId', 'info', 'status']);
  });

  it('answers "already in progress" with the same request id while that request runs', async () => {
    now += 10_000; // lets any earlier Slow request end
    const first = await submitted('Slow');
    now += 1_000;
    const again = await trigger('Slow');
    expect(again.body).toEqual(documentedTrigger('already-in-progress', 'Slow', first));
    const andAgain = await trigger('Slow');
    expect(andAgain.body['requestId']).toBe(first);
    expect(store.listCampaignRequests({ mappingId: 'Slow' }).filter((r) => r.status === 'In Progress')).toHaveLength(1);
  });

  it('submits a new request, with a new id, once the earlier one has ended', async () => {
    now += 10_000;
    const first = await submitted('Slow');
    now += 5_000; // exactly processingMs later: the request has ended
    const second = await submitted('Slow');
    expect(second).toBeGreaterThan(first);
  });

  it('answers "is not stopped" for a running mapping and "is not published" for a draft, with no requestId', async () => {
    const running = await trigger('Running');
    expect(running.status).toBe(200);
    expect(running.body).toStrictEqual(documentedTrigger('not-stopped', 'Running'));
    expect(running.body['info']).toBe('Unable to submit data ingestion request, XDM Mapping ID: Running is not stopped');
    const draft = await trigger('Draft');
    expect(draft.body).toStrictEqual(documentedTrigger('not-published', 'Draft'));
    expect(store.listCampaignRequests({ mappingId: 'Running' })).toEqual([]);
  });

  it('checks "published" first when a mapping is neither published nor stopped (undocumented order)', async () => {
    expect((await trigger('DraftAndRunning')).body).toStrictEqual(documentedTrigger('not-published', 'DraftAndRunning'));
  });

  it('gives every request an id of its own, and keeps each request per organization', async () => {
    now += 10_000;
    const [a, b] = await Promise.all([trigger('Slow'), trigger('Slow', HEADERS, OTHER_ORG)]);
    expect(a.body['status']).toBe('Success');
    expect(b.body['status']).toBe('Success');
    expect(a.body['requestId']).not.toBe(b.body['requestId']);
  });

  it('submits only one of two concurrent triggers of one mapping', async () => {
    now += 10_000;
    const answers = await Promise.all([trigger('Slow'), trigger('Slow'), trigger('Slow')]);
    const outcomes = answers.map((a) => a.body['status']).sort();
    expect(outcomes).toEqual(['In Progress', 'In Progress', 'Success']);
    expect(new Set(answers.map((a) => a.body['requestId'])).size).toBe(1);
  });
});

describe('GET …/ingest: a request is In Progress, then ends as its mapping says', () => {
  it('is In Progress until processingMs have passed on the clock, then Success with the numRecords of the world', async () => {
    now += 10_000;
    const requestId = await submitted('Slow');
    const inProgress = await readStatus('Slow', requestId);
    expect(inProgress.status).toBe(200);
    expect(inProgress.body).toStrictEqual(documentedStatus('in-progress', 'Slow', { requestId }));
    expect(inProgress.body['info']).toBe('Mapping Id: Slow.');
    now += 4_999;
    expect((await readStatus('Slow', requestId)).body['status']).toBe('In Progress');
    now += 1;
    const done = await readStatus('Slow', requestId);
    expect(done.body).toStrictEqual(documentedStatus('success', 'Slow', { requestId, numRecords: 42 }));
    expect(done.body['info']).toBe('Mapping Id: Slow. ');
    expect(Object.keys(done.body)).toEqual(['batchId', 'info', 'numRecords', 'requestId', 'status']);
    // Stored once ended, and the answer stays the same.
    expect(store.getCampaignRequest(String(requestId))).toMatchObject({ status: 'Success', numRecords: 42, org: ORG, mappingId: 'Slow' });
    now += 60_000;
    expect((await readStatus('Slow', requestId)).body).toStrictEqual(done.body);
  });

  it('ends at once, as the documented success example (15 records), for a mapping without outcome or processingMs', async () => {
    const requestId = await submitted('Quick');
    expect((await readStatus('Quick', requestId)).body).toStrictEqual(
      documentedStatus('success', 'Quick', { requestId, numRecords: STATUS_RESPONSES.success.example?.numRecords ?? -1 }),
    );
  });

  it('fails with ACP-880056 and no batchId when nothing could be fetched', async () => {
    const requestId = await submitted('FetchFails');
    now += 1_000;
    const { body } = await readStatus('FetchFails', requestId);
    expect(body).toStrictEqual(documentedStatus('failed-no-records', 'FetchFails', { requestId }));
    expect(body['info']).toBe('Mapping Id: FetchFails. ACP-880056 Failed to fetch the record from the database.');
  });

  it('fails with ACP-880096 and the batchId of a failed batch the Catalog can show, when the upload failed', async () => {
    const requestId = await submitted('UploadFails');
    now += 1_000;
    const { body } = await readStatus('UploadFails', requestId);
    const batchId = body['batchId'] as string;
    expect(batchId).toMatch(/^[0-9a-f]{32}$/);
    expect(body).toStrictEqual(documentedStatus('failed-after-upload', 'UploadFails', { requestId, batchId }));
    expect(body['info']).toBe('Mapping Id: UploadFails. ACP-880096 Sync Job failed to upload. Please check the error in the Platform UI.');
    const batch = store.getBatch(batchId);
    expect(batch).toMatchObject({ id: batchId, status: 'failed', imsOrg: ORG, sandbox: 'prod' });
    expect(batch?.errors[0]?.code).toBe('ACP-880096');
    expect(batch?.history.map((h) => h.status)).toEqual(['loading', 'loaded', 'staging', 'failed']);
    // Read again: the same batch, not a second one.
    expect((await readStatus('UploadFails', requestId)).body['batchId']).toBe(batchId);
    expect(store.listBatches().filter((b) => b.tags['campaignRequestId']?.toString() === String(requestId))).toHaveLength(1);
  });

  it('is Aborted with the documented text', async () => {
    const requestId = await submitted('Aborts');
    now += 1_000;
    const { body } = await readStatus('Aborts', requestId);
    expect(body).toStrictEqual(documentedStatus('aborted', 'Aborts', { requestId }));
    expect(body['info']).toBe(
      'Mapping Id: Aborts. Ingestion request aborted due to some issue with data ingestion service. Please submit a new request',
    );
  });

  it('stores one failed batch even when two reads end the request at the same moment', async () => {
    const requestId = await submitted('UploadFails');
    now += 1_000;
    const [a, b] = await Promise.all([readStatus('UploadFails', requestId), readStatus('UploadFails', requestId)]);
    expect(a.body['batchId']).toBe(b.body['batchId']);
    expect(store.listBatches().filter((x) => x.tags['campaignRequestId']?.toString() === String(requestId))).toHaveLength(1);
  });
});

describe('x-aep-harness-fault: campaign=… on the trigger overrides how that request ends', () => {
  it.each([
    ['failed-fetch', 'failed-no-records'],
    ['failed-upload', 'failed-after-upload'],
    ['aborted', 'aborted'],
  ] as const)('campaign=%s ends the request as %s', async (fault, example) => {
    now += 10_000;
    const requestId = await submitted('Faulty', { ...HEADERS, 'x-aep-harness-fault': `campaign=${fault}` });
    expect((await readStatus('Faulty', requestId)).body['status']).toBe('In Progress');
    now += 1_000;
    const { body } = await readStatus('Faulty', requestId);
    expect(body['info']).toBe(fillCampaignText(STATUS_RESPONSES[example].info, 'Faulty'));
    expect(body['status']).toBe(STATUS_RESPONSES[example].status);
    expect(body['numRecords']).toBe(0);
    expect(body['batchId'] !== '').toBe(example === 'failed-after-upload');
  });

  it('without the header, the same mapping ends as the world says', async () => {
    now += 10_000;
    const requestId = await submitted('Faulty');
    now += 1_000;
    expect((await readStatus('Faulty', requestId)).body).toStrictEqual(documentedStatus('success', 'Faulty', { requestId, numRecords: 7 }));
  });

  it('names the valid campaign faults when one is misspelt', async () => {
    const { status, body } = await trigger('Faulty', { ...HEADERS, 'x-aep-harness-fault': 'campaign=exploded' });
    expect(status).toBe(400);
    expect(body['detail']).toContain('campaign=failed-fetch or campaign=failed-upload or campaign=aborted');
  });

  it('is ignored by a server that does not obey faults', async () => {
    const plain = await startServer({ store: createMemoryStore(), clock, world: campaignWorld() });
    try {
      const response = await fetch(`${plain.url}${ingestPath('Quick')}`, { method: 'POST', headers: { ...HEADERS, 'x-aep-harness-fault': 'campaign=aborted' } });
      const requestId = ((await response.json()) as Record<string, unknown>)['requestId'];
      const status = await fetch(`${plain.url}${ingestPath('Quick')}?requestId=${String(requestId)}`, { headers: HEADERS });
      expect(((await status.json()) as Record<string, unknown>)['status']).toBe('Success');
    } finally {
      await plain.close();
    }
  });
});

describe('the status request names its request id three ways (the documented form is not JSON)', () => {
  let requestId: number;
  beforeAll(async () => {
    requestId = await submitted('Quick');
  });

  it('reads a requestId query parameter', async () => {
    const { body } = await call('GET', `${ingestPath('Quick')}?requestId=${requestId}`);
    expect(body['requestId']).toBe(requestId);
    expect(body['status']).toBe('Success');
  });

  it('reads a JSON body, with the id as a number or a string', async () => {
    expect((await readStatus('Quick', requestId)).body['requestId']).toBe(requestId);
    expect((await readStatus('Quick', String(requestId))).body['requestId']).toBe(requestId);
  });

  it('reads the documented form {"requestId"="<value>"}', async () => {
    const { status, body } = await call('GET', ingestPath('Quick'), { body: `{"requestId"="${requestId}"}` });
    expect(status).toBe(200);
    expect(body['requestId']).toBe(requestId);
  });

  it('answers 400 without a request id, or with a body it cannot read, naming the forms it accepts', async () => {
    const none = await call('GET', ingestPath('Quick'));
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ status: 400, title: 'BadRequestError' });
    expect(none.body['detail']).toContain('{"requestId"="<value>"}');
    expect((await call('GET', ingestPath('Quick'), { body: 'requestId: 3520' })).status).toBe(400);
    expect((await call('GET', ingestPath('Quick'), { body: '{"id": 3520}' })).status).toBe(400);
  });

  it('answers 400 when the query and the body name different requests', async () => {
    const { status, body } = await call('GET', `${ingestPath('Quick')}?requestId=1`, { body: JSON.stringify({ requestId }) });
    expect(status).toBe(400);
    expect(body['detail']).toContain('give one');
  });

  it('answers 404 for a request id it never gave, or one of another mapping', async () => {
    const unknown = await readStatus('Quick', 99_999_999);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: 'NotFoundError' });
    expect((await readStatus('Slow', requestId)).status).toBe(404);
  });
});

describe('unknown organizations and mappings answer 404 (inferred: undocumented)', () => {
  it('refuses an organization that is not in the world', async () => {
    const { status, body } = await trigger('Quick', HEADERS, 'NOPE@AdobeOrg');
    expect(status).toBe(404);
    expect(body).toEqual({
      type: '/placeholder/type/uri',
      status: 404,
      title: 'NotFoundError',
      detail: 'organization "NOPE@AdobeOrg" is not an organization of this server',
    });
    expect((await readStatus('Quick', 1, 'NOPE@AdobeOrg')).status).toBe(404);
  });

  it('refuses a mapping that is not in the world, naming it', async () => {
    const { status, body } = await trigger('NoSuchMapping');
    expect(status).toBe(404);
    expect(body['detail']).toBe(`XDM Mapping ID "NoSuchMapping" is not a data mapping of organization ${ORG}`);
  });
});

describe("the Campaign API's required headers (inferred answers: the API gateway's documented header errors)", () => {
  it('answers 403 "Oauth token is missing." without Authorization', async () => {
    const { status, body } = await trigger('Quick', { 'X-Api-Key': 'campaign-client-id' });
    expect(status).toBe(403);
    expect(body).toEqual(gatewayErrorBody('tokenMissing'));
  });

  it('answers 401 "Oauth token is not valid" for an Authorization that is not a bearer token', async () => {
    const { status, body } = await trigger('Quick', { Authorization: 'Basic dXNlcjpwYXNz', 'X-Api-Key': 'campaign-client-id' });
    expect(status).toBe(401);
    expect(body).toEqual(gatewayErrorBody('tokenInvalid'));
  });

  it('answers 403 "Api Key is required" without X-Api-Key, on the status read too', async () => {
    const { status, body } = await call('GET', `${ingestPath('Quick')}?requestId=1`, { headers: { Authorization: HEADERS.Authorization } });
    expect(status).toBe(403);
    expect(body).toEqual(gatewayErrorBody('apiKeyMissing'));
  });

  it('checks headers before anything else: no request is created', async () => {
    const before = store.listCampaignRequests({ mappingId: 'Quick' }).length;
    await trigger('Quick', {});
    expect(store.listCampaignRequests({ mappingId: 'Quick' })).toHaveLength(before);
  });
});

describe('request ids', () => {
  it('count up from the documented example id and never change', async () => {
    const ids = store.listCampaignRequests().map((r) => Number(r.requestId));
    expect(Math.min(...ids)).toBe(STATUS_RESPONSES.success.example?.requestId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('continue after the highest id already in the store, so a restarted server never reuses one', async () => {
    const restarted = await startServer({ store, clock, faults: true, world: campaignWorld() });
    try {
      const highest = Math.max(...store.listCampaignRequests().map((r) => Number(r.requestId)));
      const response = await fetch(`${restarted.url}${ingestPath('Quick')}`, { method: 'POST', headers: HEADERS });
      expect(((await response.json()) as Record<string, unknown>)['requestId']).toBe(highest + 1);
    } finally {
      await restarted.close();
    }
  });
});

describe('the strict profile: numRecords only on Success (campaign.numRecords.presence)', () => {
  it('leaves numRecords out of a failed request', async () => {
    const strict = await startServer({ store: createMemoryStore(), clock, faults: true, profile: 'strict', world: campaignWorld() });
    try {
      const posted = await fetch(`${strict.url}${ingestPath('FetchFails')}`, { method: 'POST', headers: HEADERS });
      const requestId = ((await posted.json()) as Record<string, unknown>)['requestId'];
      now += 1_000;
      const read = await fetch(`${strict.url}${ingestPath('FetchFails')}?requestId=${String(requestId)}`, { headers: HEADERS });
      const body = (await read.json()) as Record<string, unknown>;
      expect(body['status']).toBe('Failed');
      expect('numRecords' in body).toBe(false);
    } finally {
      await strict.close();
    }
  });
});
