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
import { behaviourNamed, type BehaviourApi, type BehaviourId } from '../../src/contract/behaviours.js';
import { targetHttp, type Answer } from '../../src/conformance/verify/http.js';
import type { ProfileName } from '../../src/contract/profiles.js';
import { DOCUMENTED_MESSAGES, pick } from '../../src/contract/streaming.js';
import { buildConformanceReport, type ConformanceReport } from '../../src/report/conformance/model.js';
import { verifyTarget } from '../../src/conformance/verify/index.js';
import { loadFixtures, type LoadedFixture } from '../../src/replay/load.js';
import { replayFixtures } from '../../src/replay/run.js';
import { settleBatches } from '../../src/server/batch-processing.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/default.js';
import type { World } from '../../src/world/types.js';
import { DEFECTS, defectNamed, type Defect } from './defects.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

/** The default world: one inlet and org, two datasets, and a Campaign mapping per documented status example. */
const WORLD: World = defaultWorld();
const INLET = WORLD.inlets[0]!;
const ORG = WORLD.orgs[0]!.id;
const EVENTS_DATASET = WORLD.datasets[0]!.id;
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
  const server = await startServer({ world: WORLD, profile, store: createMemoryStore(), faults: false });
  const proxy = await startFaultProxy(server.url, defect?.hooks({ world: WORLD, profile }) ?? {});
  const s = { server, proxy };
  open.push(s);
  return s;
}

/** A plain call through the proxy, as a client makes it: no target headers. */
function call(base: string, method: string, path: string, init: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  return targetHttp(base, {}).call(method, path, init);
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

/** Triggers the mapping whose requests fail to fetch their records, then reads the request's status. */
async function failedCampaignStatus(base: string): Promise<Record<string, unknown>> {
  const path = `/${ORG}/campaign/dataIngestion/xdmIngestion/FetchFailsMapping/ingest`;
  const trigger = await call(base, 'POST', path, { headers: CAMPAIGN_HEADERS });
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

// ----- The conformance runs.

const FIXTURES = 'fixtures/exchanges';
/**
 * Fixed, so a run is the same every time; small, so the spec takes seconds. Streaming properties send up
 * to 500 messages (and 1 MB) a case, so a few cases each; the batch and Campaign models run a fifth and a
 * half of their runs (batchRuns, campaignRuns), so they get more.
 */
const VERIFY_SEED = 20241123;
const STREAMING_RUNS = 4;
const MODEL_RUNS = 50;

type Command = 'replay' | 'verify';

interface Verdict {
  reports: Record<Command, ConformanceReport>;
  /** Answers the defect changed during both runs. */
  altered: number;
}

let fixtures: LoadedFixture[] | undefined;

const failing = (report: ConformanceReport): string[] => report.behaviours.filter((b) => b.status === 'fail').map((b) => b.id);

/** What failed, with what was expected and answered, so a failing spec reads as the report would. */
const failures = (report: ConformanceReport): string[] =>
  report.behaviours.flatMap((b) => b.failures.map((c) => `${b.id}: ${c.subject}: expected ${c.expected ?? '?'}, got ${c.actual ?? '?'}`));

async function conformance(defect: Defect | undefined, profile: ProfileName = defect?.profile ?? 'docs'): Promise<Verdict> {
  fixtures ??= await loadFixtures([FIXTURES]);
  const { server, proxy } = await stack(defect, profile);
  const target = { url: proxy.url, headers: PLATFORM_HEADERS, world: WORLD, profile };
  const startedAt = new Date().toISOString();
  // A fixture polling a batch's status waits for the server's processing to be over, not for a time.
  const replayed = await replayFixtures(fixtures, { ...target, sleep: () => settleBatches(server.context) });
  const streaming = await verifyTarget({ ...target, seed: VERIFY_SEED, runs: STREAMING_RUNS, only: ['streaming'] });
  const models = await verifyTarget({ ...target, seed: VERIFY_SEED, runs: MODEL_RUNS, only: ['batch', 'campaign'] });
  const run = (command: Command) => ({ command, target: proxy.url, profile, startedAt, durationMs: 0 });
  return {
    reports: {
      replay: buildConformanceReport({ ...run('replay'), fixtures: fixtures.length }, replayed.checks, { version: 'spec' }),
      verify: buildConformanceReport({ ...run('verify'), seed: VERIFY_SEED }, [...streaming.checks, ...models.checks], { version: 'spec' }),
    },
    altered: proxy.altered,
  };
}

/**
 * Which run names each defect's behaviour, as found with the seed and runs above. Both runs are made for
 * every defect; the spec requires these to name it (and at least one of them in any case).
 */
const CAUGHT_BY: Record<string, readonly Command[]> = {
  'a missing entry in responses': ['replay', 'verify'],
  'an extra entry in responses': ['replay', 'verify'],
  // verify counts entries but does not compare their order: it names streaming.batch.xaction-id instead.
  'entries out of order': ['replay'],
  '200 instead of 207': ['replay', 'verify'],
  'a wrong xactionId': ['replay', 'verify'],
  'a wrong org accepted': ['replay', 'verify'],
  'a rejected valid message': ['replay', 'verify'],
  'the wrong documented text': ['replay', 'verify'],
  '413 not given over 1 MB': ['replay', 'verify'],
  // verify's batch model checks the legal transition first and stops there: it names batch.status.legal-transitions.
  'a batch that skips from loading to success without COMPLETE': ['replay'],
  'a file accepted after COMPLETE': ['replay', 'verify'],
  'ABORT accepted after loaded': ['replay', 'verify'],
  'a Campaign request that reports numRecords on failure': ['replay', 'verify'],
};

/** Behaviours a streaming defect really breaks besides its own, so replay rightly fails them too. */
const ALSO_BROKEN: Record<string, readonly BehaviourId[]> = {
  // It refuses the first accepted entry of every answer: in the error-batch fixture, a message the
  // endpoint must accept and send to the error batch.
  'a rejected valid message': ['streaming.message.error-batch'],
};

/** The APIs whose behaviours one defect may also fail: batches are read back through the Catalog and export. */
const API_FAMILY: Record<BehaviourApi, readonly BehaviourApi[]> = {
  streaming: ['streaming'],
  batch: ['batch', 'catalog', 'export'],
  catalog: ['batch', 'catalog', 'export'],
  export: ['batch', 'catalog', 'export'],
  campaign: ['campaign'],
};

describe('replay and verify through the proxy', () => {
  describe.each(['docs', 'strict'] as const)('with no defect (%s)', (profile) => {
    it('replay and verify pass with no failed behaviour, and the proxy changed nothing', async () => {
      const { reports, altered } = await conformance(undefined, profile);
      for (const command of ['replay', 'verify'] as const) {
        expect(failures(reports[command]), command).toEqual([]);
        expect(reports[command].totals.checks, command).toBeGreaterThan(0);
      }
      expect(altered).toBe(0);
    });
  });

  it('every defect says which run names it', () => {
    expect(Object.keys(CAUGHT_BY).sort()).toEqual(DEFECTS.map((d) => d.name).sort());
  });

  describe.each(DEFECTS.map((d) => [d.name, d] as const))('%s', (name, defect) => {
    it(`fails, naming ${defect.breaks}`, async () => {
      const { reports, altered } = await conformance(defect);
      expect(altered, 'the defect changed at least one answer').toBeGreaterThan(0);
      const named = (['replay', 'verify'] as const).filter((command) => failing(reports[command]).includes(defect.breaks));
      expect(named.length, `replay failed ${failing(reports.replay).join(', ')}; verify failed ${failing(reports.verify).join(', ')}`).toBeGreaterThan(0);
      for (const command of CAUGHT_BY[name] ?? []) {
        expect(failing(reports[command]), `${command} names ${defect.breaks}`).toContain(defect.breaks);
      }
      // Replay ties each mismatch to the behaviour it concerns: a streaming defect fails that behaviour alone.
      if (behaviourNamed(defect.breaks).api === 'streaming') {
        const also = ALSO_BROKEN[name] ?? [];
        const others = reports.replay.behaviours
          .filter((b) => b.status === 'fail' && b.id !== defect.breaks && !also.includes(b.id))
          .map((b) => `${b.id}: ${b.failures.map((c) => `${c.origin.kind === 'fixture' ? c.origin.fixture : ''} ${c.expected} / ${c.actual}`).join(' | ')}`);
        expect(others, 'replay fails only the broken behaviour').toEqual([]);
      }
      // The defect stays in its API: nothing of another API fails (Catalog and export read batches).
      const apis = API_FAMILY[behaviourNamed(defect.breaks).api];
      const elsewhere = (['replay', 'verify'] as const).flatMap((command) =>
        reports[command].behaviours.filter((b) => b.status === 'fail' && !apis.includes(b.api)).map((b) => `${command}: ${b.id}`),
      );
      expect(elsewhere).toEqual([]);
      // The report carries the failing check itself: what was sent, what was expected and what came back.
      const result = reports[named[0]!].behaviours.find((b) => b.id === defect.breaks)!;
      expect(result.failed).toBeGreaterThan(0);
      expect(result.failures[0]?.subject).toBeTruthy();
    });
  });

  it('a Failed Campaign status with a count of records is caught under docs too, where the examples give numRecords 0', async () => {
    const defect = defectNamed('a Campaign request that reports numRecords on failure');
    const { reports } = await conformance(defect, 'docs');
    expect(failing(reports.replay)).toContain(defect.breaks);
    expect(failing(reports.verify)).toContain(defect.breaks);
  });
});
