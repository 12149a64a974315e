/**
 * `--seed` replays: the same seed generates the same cases, and a verify run with the same seed sends the
 * same requests, byte for byte, to a fresh target. A small recording proxy on loopback stands between the
 * run and a reference server and keeps what it was sent.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTarget } from '../../src/conformance/target.js';
import { verifyTarget } from '../../src/conformance/verify/index.js';
import { mutatedRequest, sizedRequest, validRequest } from '../../src/generate/index.js';
import { defaultWorld } from '../../src/world/index.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;

describe('the same seed generates the same cases', () => {
  const arbitraries = {
    'valid requests of up to 500 messages': validRequest(world, inlet, { maxMessages: 500, messageCap: 500 }),
    'mutated requests': mutatedRequest(world, inlet),
    'sized requests': sizedRequest(world, inlet),
  };
  for (const [name, arbitrary] of Object.entries(arbitraries)) {
    it(name, () => {
      const runs = name === 'sized requests' ? 2 : 10;
      const first = fc.sample(arbitrary as fc.Arbitrary<unknown>, { seed: 314, numRuns: runs });
      expect(fc.sample(arbitrary as fc.Arbitrary<unknown>, { seed: 314, numRuns: runs })).toEqual(first);
      expect(fc.sample(arbitrary as fc.Arbitrary<unknown>, { seed: 315, numRuns: runs })).not.toEqual(first);
    });
  }
});

interface Recorded {
  method: string;
  path: string;
  body: string;
}

/** Forwards to `upstream` and records every request. */
async function recordingProxy(upstream: string): Promise<{ url: string; recorded: Recorded[]; close(): Promise<void> }> {
  const recorded: Recorded[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      recorded.push({ method: req.method ?? '', path: req.url ?? '', body: body.toString('utf8') });
      const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, recorded, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The requests of a run, with the ids the target made up (batch ids) written alike, and a status polled
 * several times while the platform processes counted once: how often a read is repeated is the target's timing.
 */
function normalised(recorded: readonly Recorded[]): string[] {
  const lines = recorded.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}/g, '<batchId>')} ${r.body}`);
  return lines.filter((line, i) => !(line.startsWith('GET ') && line === lines[i - 1]));
}

async function recordRun(seed: number): Promise<string[]> {
  const target = await openTarget({ world, profile: 'docs', env: {} });
  const proxy = await recordingProxy(target.url);
  try {
    const result = await verifyTarget({ url: proxy.url, headers: target.headers, world, profile: 'docs', runs: 4, seed });
    expect(result.failures).toEqual([]);
    return normalised(proxy.recorded);
  } finally {
    await proxy.close();
    await target.close();
  }
}

describe('verify --seed N sends the same requests again', () => {
  it('to a fresh reference server, for every property', async () => {
    const first = await recordRun(2718);
    const again = await recordRun(2718);
    expect(first.length).toBeGreaterThan(20);
    expect(again).toEqual(first);
    const other = await recordRun(2719);
    expect(other).not.toEqual(first);
  });
});

describe('a failure found with a seed', () => {
  it('is found again with that seed: the same path and the same shrunk case', async () => {
    // A server following the OpenAPI file answers a new batch with a status of the batch file's enum
    // (`processing`), where the tutorials (docs) say `loading`.
    const { startServer } = await import('../../src/server/index.js');
    const { createMemoryStore } = await import('../../src/server/store/index.js');
    const run = async (replay: { property?: string; path?: string; replayPath?: string } = {}) => {
      const server = await startServer({ world, profile: 'openapi', store: createMemoryStore(), faults: false });
      const headers = { Authorization: 'Bearer local-test', 'x-api-key': 'local', 'x-gw-ims-org-id': world.orgs[0]!.id, 'x-sandbox-name': 'prod' };
      try {
        return await verifyTarget({ url: server.url, headers, world, profile: 'docs', runs: 30, seed: 11, only: ['batch'], ...replay });
      } finally {
        await server.close();
      }
    };
    const first = await run();
    const again = await run();
    expect(first.failures).toHaveLength(1);
    const [failure] = first.failures;
    expect(failure).toMatchObject({ property: 'batch.life-cycle', seed: 11 });
    expect(failure!.broken.map((c) => c.behaviour)).toContain('batch.create');
    expect(failure!.broken.find((c) => c.behaviour === 'batch.create')?.actual).toContain('"status":"processing"');
    expect(again.failures.map(({ path, counterexample, run }) => ({ path, counterexample, run }))).toEqual([
      { path: failure!.path, counterexample: failure!.counterexample, run: failure!.run },
    ]);

    // The shrunk case alone: its property, path and the commands that ran, with nothing left to shrink.
    const alone = await run({ property: failure!.property, path: failure!.path, replayPath: failure!.replayPath! });
    expect(failure!.replayPath).toBeDefined();
    expect(alone.failures.map(({ counterexample, shrinks }) => ({ counterexample, shrinks }))).toEqual([{ counterexample: failure!.counterexample, shrinks: 0 }]);
    expect(alone.properties.map((p) => p.runs)).toEqual([1]);
  });
});
