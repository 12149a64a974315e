/**
 * The harness catches broken servers. The reference server runs behind a fault-making proxy that gives it
 * one defect at a time (defects.ts); for each one, `replay` of the documented fixtures or `verify` with
 * generated traffic must fail and name the behaviour the defect breaks. With no defect, both pass, so
 * each failure comes from its defect alone.
 *
 * First, the proxy itself: a direct request through it shows each defective answer, beside the correct
 * answer through the same proxy with no defect, so the conformance assertions stand on a tested proxy.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DOCUMENTED_MESSAGES, pick } from '../../src/contract/streaming.js';
import type { ProfileName } from '../../src/contract/profiles.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/default.js';
import type { World } from '../../src/world/types.js';
import { DEFECTS, defectNamed, type Defect } from './defects.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

const WORLD: World = defaultWorld();
const INLET = WORLD.inlets[0]!;
const ORG = WORLD.orgs[0]!.id;
const EVENTS_DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const PLATFORM_HEADERS: Record<string, string> = {
  Authorization: 'Bearer broken-servers-spec-token',
  'x-api-key': 'broken-servers-spec',
  'x-gw-ims-org-id': ORG,
  'x-sandbox-name': 'prod',
};
const CAMPAIGN_HEADERS: Record<string, string> = { Authorization: 'Bearer broken-servers-spec-token', 'X-Api-Key': 'broken-servers-spec', 'Cache-Control': 'no-cache' };

/** Six messages: accepted, accepted, accepted, another org, unknown xdm format, accepted to the error batch. */
const MIXED_REQUEST = readFileSync(new URL('../../fixtures/payloads/web-events-mixed.json', import.meta.url), 'utf8');

interface Stack {
  server: RunningServer;
  proxy: FaultProxy;
}

const open: Stack[] = [];
afterEach(async () => {
  for (const stack of open.splice(0)) {
    await stack.proxy.close();
    await stack.server.close();
  }
});

/** The reference server on a memory store, behind the proxy with `defect` (or none). */
async function stack(defect: Defect | undefined, profile: ProfileName = defect?.profile ?? 'docs'): Promise<Stack> {
  const server = await startServer({ world: WORLD, profile, store: createMemoryStore(), faults: true });
  const proxy = await startFaultProxy(server.url, defect?.hooks({ world: WORLD, profile }) ?? {});
  const s = { server, proxy };
  open.push(s);
  return s;
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

async function call(base: string, method: string, path: string, init: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

const streamingPath = `/collection/batch/${INLET.id}`;

function postMixed(base: string): Promise<Answer> {
  return call(base, 'POST', streamingPath, { body: MIXED_REQUEST, headers: { 'Content-Type': 'application/json' } });
}

type Entry = { xactionId?: string; statusCode?: number; message?: string };
const entriesOf = (answer: Answer): Entry[] => (answer.json as { responses: Entry[] }).responses;
const batchIdOf = (answer: Answer): string => (answer.json as { batchId: string }).batchId;

/** Over the request limit of the profile, made of valid messages of the mixed request. */
function oversizedRequest(profile: ProfileName): string {
  const message = (JSON.parse(MIXED_REQUEST) as { messages: unknown[] }).messages[0];
  const limit = pick(profile, 'streaming.requestLimit.bytes').value;
  const one = JSON.stringify(message).length + 1;
  return JSON.stringify({ messages: Array.from({ length: Math.ceil(limit / one) + 1 }, () => message) });
}

async function createBatch(base: string): Promise<string> {
  const answer = await call(base, 'POST', '/data/foundation/import/batches', {
    body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } }),
    headers: { ...PLATFORM_HEADERS, 'Content-Type': 'application/json' },
  });
  expect(answer.status).toBe(201);
  return (answer.json as { id: string }).id;
}

function putFile(base: string, batchId: string, name: string): Promise<Answer> {
  return call(base, 'PUT', `/data/foundation/import/batches/${batchId}/datasets/${EVENTS_DATASET}/files/${name}`, {
    body: '{"_id":"e-1","timestamp":"2024-11-23T14:20:00Z"}\n',
    headers: { ...PLATFORM_HEADERS, 'Content-Type': 'application/octet-stream' },
  });
}

const batchAction = (base: string, batchId: string, action: string): Promise<Answer> =>
  call(base, 'POST', `/data/foundation/import/batches/${batchId}?action=${action}`, { headers: PLATFORM_HEADERS });

async function catalogStatus(base: string, batchId: string): Promise<unknown> {
  const answer = await call(base, 'GET', `/data/foundation/catalog/batches/${batchId}`, { headers: PLATFORM_HEADERS });
  return (answer.json as Record<string, { status?: unknown }>)[batchId]?.status;
}

/** Triggers the default world's mapping with the reference server's `campaign=failed-fetch` fault, then reads the status. */
async function failedCampaignStatus(base: string): Promise<Record<string, unknown>> {
  const path = `/${ORG}/campaign/dataIngestion/xdmIngestion/${WORLD.campaignMappings[0]!.id}/ingest`;
  const trigger = await call(base, 'POST', path, { headers: { ...CAMPAIGN_HEADERS, 'x-aep-harness-fault': 'campaign=failed-fetch' } });
  const requestId = (trigger.json as { requestId: number | string }).requestId;
  const status = await call(base, 'GET', `${path}?requestId=${requestId}`, { headers: CAMPAIGN_HEADERS });
  return status.json as Record<string, unknown>;
}

/**
 * For each defect: what a direct request shows through the proxy with no defect, and with the defect.
 * `observe` makes the requests and returns what the defect is about; `clean` and `broken` check it.
 */
interface Demonstration {
  observe(base: string, profile: ProfileName): Promise<unknown>;
  clean(observed: unknown): void;
  broken(observed: unknown): void;
}

const wrongOrg = DOCUMENTED_MESSAGES.absentOrWrongImsOrg.text;
const unknownXdm = DOCUMENTED_MESSAGES.unknownXdmFormat.text;

const DEMONSTRATIONS: Record<string, Demonstration> = {
  'a missing entry in responses': {
    observe: async (base) => entriesOf(await postMixed(base)).length,
    clean: (n) => expect(n).toBe(6),
    broken: (n) => expect(n).toBe(5),
  },
  'an extra entry in responses': {
    observe: async (base) => entriesOf(await postMixed(base)).length,
    clean: (n) => expect(n).toBe(6),
    broken: (n) => expect(n).toBe(7),
  },
  'entries out of order': {
    observe: async (base) => {
      const answer = await postMixed(base);
      return { batchId: batchIdOf(answer), first: entriesOf(answer)[0], second: entriesOf(answer)[1] };
    },
    clean: (o) => {
      const { batchId, first, second } = o as { batchId: string; first: Entry; second: Entry };
      expect([first.xactionId, second.xactionId]).toEqual([`${batchId}:0`, `${batchId}:1`]);
    },
    broken: (o) => {
      const { batchId, first, second } = o as { batchId: string; first: Entry; second: Entry };
      expect([first.xactionId, second.xactionId]).toEqual([`${batchId}:1`, `${batchId}:0`]);
    },
  },
  '200 instead of 207': {
    observe: async (base) => (await postMixed(base)).status,
    clean: (status) => expect(status).toBe(207),
    broken: (status) => expect(status).toBe(200),
  },
  'a wrong xactionId': {
    observe: async (base) => {
      const answer = await postMixed(base);
      return { batchId: batchIdOf(answer), first: entriesOf(answer)[0]?.xactionId };
    },
    clean: (o) => expect((o as { first: string }).first).toBe(`${(o as { batchId: string }).batchId}:0`),
    broken: (o) => expect((o as { first: string }).first).toBe(`${(o as { batchId: string }).batchId}:1`),
  },
  'a wrong org accepted': {
    observe: async (base) => entriesOf(await postMixed(base))[3],
    clean: (entry) => expect((entry as Entry).message?.endsWith(wrongOrg)).toBe(true),
    broken: (entry) => expect(entry).toEqual({ xactionId: expect.stringMatching(/:3$/) }),
  },
  'a rejected valid message': {
    observe: async (base) => entriesOf(await postMixed(base))[0],
    clean: (entry) => expect(entry).toEqual({ xactionId: expect.stringMatching(/:0$/) }),
    broken: (entry) => expect(entry).toEqual({ statusCode: 400, message: `inletId: [${INLET.id}] imsOrgId: [${INLET.org}] ${unknownXdm}` }),
  },
  'the wrong documented text': {
    observe: async (base) => entriesOf(await postMixed(base))[4]?.message,
    clean: (message) => expect(message).toBe(`inletId: [${INLET.id}] imsOrgId: [${INLET.org}] ${unknownXdm}`),
    broken: (message) => expect(message).toBe(`inletId: [${INLET.id}] imsOrgId: [${INLET.org}] Message has invalid xdm format`),
  },
  '413 not given over 1 MB': {
    observe: async (base, profile) => {
      const answer = await call(base, 'POST', streamingPath, { body: oversizedRequest(profile), headers: { 'Content-Type': 'application/json' } });
      return { status: answer.status, accepted: answer.status === 207 ? entriesOf(answer).every((e) => e.xactionId !== undefined) : false };
    },
    clean: (o) => expect(o).toEqual({ status: 413, accepted: false }),
    broken: (o) => expect(o).toEqual({ status: 207, accepted: true }),
  },
  'a batch that skips from loading to success without COMPLETE': {
    observe: async (base) => {
      const id = await createBatch(base);
      expect((await putFile(base, id, 'events.json')).status).toBe(200);
      return catalogStatus(base, id);
    },
    clean: (status) => expect(status).toBe('loading'),
    broken: (status) => expect(status).toBe('success'),
  },
  'a file accepted after COMPLETE': {
    observe: async (base) => {
      const id = await createBatch(base);
      expect((await putFile(base, id, 'first.json')).status).toBe(200);
      expect((await batchAction(base, id, 'COMPLETE')).status).toBe(200);
      return (await putFile(base, id, 'late.json')).status;
    },
    clean: (status) => expect(status).toBeGreaterThanOrEqual(400),
    broken: (status) => expect(status).toBe(200),
  },
  'ABORT accepted after loaded': {
    observe: async (base) => {
      const id = await createBatch(base);
      expect((await putFile(base, id, 'events.json')).status).toBe(200);
      expect((await batchAction(base, id, 'COMPLETE')).status).toBe(200);
      return (await batchAction(base, id, 'ABORT')).status;
    },
    clean: (status) => expect(status).toBe(400),
    broken: (status) => expect(status).toBe(200),
  },
  'a Campaign request that reports numRecords on failure': {
    observe: (base) => failedCampaignStatus(base),
    clean: (body) => {
      expect((body as { status: string }).status).toBe('Failed');
      expect(body).not.toHaveProperty('numRecords');
    },
    broken: (body) => {
      expect((body as { status: string }).status).toBe('Failed');
      expect((body as { numRecords: number }).numRecords).toBeGreaterThan(0);
    },
  },
};

describe('the fault proxy', () => {
  it('is transparent without a defect: the mixed request gets the reference server\'s own 207', async () => {
    const { server, proxy } = await stack(undefined);
    const direct = await postMixed(server.url);
    const proxied = await postMixed(proxy.url);
    expect(proxied.status).toBe(direct.status);
    // Server-made values differ between two requests; everything else is the same.
    const shape = (a: Answer) => entriesOf(a).map((e) => (e.xactionId ? e.xactionId.slice(e.xactionId.lastIndexOf(':')) : e));
    expect(shape(proxied)).toEqual(shape(direct));
    expect(proxy.altered).toBe(0);
  });

  it('has a demonstration for every defect', () => {
    expect(Object.keys(DEMONSTRATIONS).sort()).toEqual(DEFECTS.map((d) => d.name).sort());
    expect(DEFECTS.length).toBeGreaterThanOrEqual(13);
  });

  describe.each(DEFECTS.map((d) => [d.name, d] as const))('%s', (name, defect) => {
    const demonstration = DEMONSTRATIONS[name]!;
    const profile = defect.profile ?? 'docs';

    it('without the defect, a direct request through the proxy gets the documented answer', async () => {
      const { proxy } = await stack(undefined, profile);
      demonstration.clean(await demonstration.observe(proxy.url, profile));
      expect(proxy.altered).toBe(0);
    });

    it('with the defect, the same request gets the defective answer', async () => {
      const { proxy } = await stack(defectNamed(name));
      demonstration.broken(await demonstration.observe(proxy.url, profile));
      expect(proxy.altered).toBeGreaterThan(0);
    });
  });
});
