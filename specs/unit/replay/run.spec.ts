/**
 * The replay runner against the reference server started in-process: a streaming 207 matched whole, a
 * failing expectation that names its JSON pointer, captures carried across steps (and into object keys),
 * a fixture skipped for its profile, and an unreachable target.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, TargetUnreachable, type Target } from '../../../src/conformance/target.js';
import { loadFixtures, type LoadedFixture } from '../../../src/replay/load.js';
import { describeMismatches, replayFixtures, type ReplayResult } from '../../../src/replay/run.js';
import { renderReplayText } from '../../../src/replay/text.js';
import { defaultWorld } from '../../../src/world/default.js';
import { closedPort } from '../../loopback.js';

const DIR = join(import.meta.dirname, 'fixtures');
const world = defaultWorld();
let target: Target;
let fixtures: LoadedFixture[];
let result: ReplayResult;
const logged: string[] = [];

beforeAll(async () => {
  fixtures = await loadFixtures([DIR]);
  target = await openTarget({ world, profile: 'docs', env: {} });
  result = await replayFixtures(fixtures, { url: target.url, headers: target.headers, profile: 'docs', world, log: (l) => logged.push(l) });
});
afterAll(() => target.close());

const fixture = (name: string) => {
  const found = result.fixtures.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no result for ${name}`);
  return found;
};

describe('replayFixtures', () => {
  it('loads the directory in sorted order', () => {
    expect(fixtures.map((f) => f.file.slice(DIR.length + 1))).toEqual([
      'batch-captures.yaml',
      'batch-poll.yaml',
      'failing-expectation.yaml',
      'streaming-two-messages.yaml',
      'strict-only.yaml',
    ]);
  });

  it('passes a streaming 207 with an xactionId per accepted message and the documented text for the rejected one', () => {
    const f = fixture('spec/streaming-two-messages');
    expect(f.outcome).toBe('passed');
    expect(f.steps[0]).toMatchObject({ outcome: 'passed', status: 207, attempts: 1, mismatches: [] });
    const checks = result.checks.filter((c) => c.origin.kind === 'fixture' && c.origin.fixture === f.name);
    // One check per behaviour the step names.
    expect(checks.map((c) => c.behaviour)).toEqual([
      'streaming.batch.status-207',
      'streaming.batch.one-entry-per-message',
      'streaming.batch.xaction-id',
      'streaming.message.unknown-xdm-format',
    ]);
    expect(checks.every((c) => c.ok && c.expected === undefined)).toBe(true);
  });

  it('fails an expectation the server does not meet, naming the JSON pointer, and does not run the steps after it', () => {
    const f = fixture('spec/failing-expectation');
    expect(f.outcome).toBe('failed');
    expect(f.steps.map((s) => s.outcome)).toEqual(['failed', 'not-run']);
    expect(describeMismatches(f.steps[0]!)).toEqual([expect.stringMatching(/^\/responses\/1: expected absent, got \{xactionId: "\d+:\d+:\d+:1"\}$/)]);
    const [check] = result.checks.filter((c) => c.origin.kind === 'fixture' && c.origin.fixture === f.name);
    expect(check).toMatchObject({ behaviour: 'streaming.batch.one-entry-per-message', ok: false, expected: '/responses/1: absent' });
    expect(check?.actual).toMatch(/^\/responses\/1: \{xactionId: ".*:1"\}$/);
    expect(check?.origin).toMatchObject({ kind: 'fixture', step: 0, stepName: 'send two messages, expect no entry for the second' });
    // The second step was never sent.
    expect(logged.filter((l) => l.includes('/catalog/batches/none'))).toEqual([]);
    expect(result.checks.filter((c) => c.origin.kind === 'fixture' && c.origin.fixture === f.name)).toHaveLength(1);
  });

  it('carries captures across steps, into paths and object keys, and resolves a file body beside the fixture with its placeholders', () => {
    const f = fixture('spec/batch-captures');
    expect(f.steps.map((s) => [s.outcome, s.status, describeMismatches(s)])).toEqual([
      ['passed', 201, []],
      ['passed', 200, []],
    ]);
    expect(f.steps[1]?.request).toMatch(/^GET \/data\/foundation\/catalog\/batches\/[0-9a-f]+$/);
  });

  it('skips a fixture whose profiles leave out the run\'s profile, and says why', () => {
    const f = fixture('spec/strict-only');
    expect(f).toMatchObject({ outcome: 'skipped', reason: 'holds under strict; this run follows docs' });
    expect(f.steps.map((s) => s.outcome)).toEqual(['not-run']);
    expect(result.counts).toEqual({ fixtures: 5, passed: 3, failed: 1, skipped: 1 });
  });

  it('prints ✔/✘ per fixture, and the failed step with its mismatch', () => {
    const text = renderReplayText(result);
    expect(text).toContain('✔ spec/streaming-two-messages');
    expect(text).toContain('✘ spec/failing-expectation');
    expect(text).toMatch(/step 1 "send two messages, expect no entry for the second": POST \/collection\/batch\/\S+ → 207\n {6}\/responses\/1: expected absent, got/);
    expect(text).toContain('step 2 not run');
    expect(text).toContain('- spec/strict-only  skipped: holds under strict; this run follows docs');
    expect(text).toContain('5 fixtures: 3 passed, 1 failed, 1 skipped');
  });

  it('polls an until step until the pointer holds one of its values, and matches that answer', () => {
    const f = fixture('spec/batch-poll');
    expect(f.steps.map((s) => [s.outcome, describeMismatches(s)])).toEqual([
      ['passed', []],
      ['passed', []],
      ['passed', []],
      ['passed', []],
    ]);
    expect(f.steps[3]!.attempts).toBeGreaterThanOrEqual(1);
    expect(f.steps[3]!.attempts).toBeLessThanOrEqual(40);
  });

  it('reads again until the pointer holds a wanted value, and says so when it never does', async () => {
    const poll = fixtures.filter((f) => f.fixture.name === 'spec/batch-poll');
    const answers = (statuses: string[]) => {
      let reads = 0;
      const fake: typeof fetch = async (input) => {
        const url = String(input);
        if (url.endsWith('/batches')) return Response.json({ id: 'b1', status: 'loading' }, { status: 201 });
        if (url.includes('/catalog/')) return Response.json({ b1: { status: statuses[Math.min(reads++, statuses.length - 1)] } });
        return new Response(null, { status: 200 });
      };
      return fake;
    };
    const pauses: number[] = [];
    const sleep = async (ms: number) => void pauses.push(ms);
    const ok = await replayFixtures(poll, { url: 'http://127.0.0.1:9', headers: {}, profile: 'docs', world, fetch: answers(['loading', 'loaded', 'success']), sleep });
    expect(ok.fixtures[0]?.steps[3]).toMatchObject({ outcome: 'passed', attempts: 3 });
    expect(pauses).toEqual([50, 50]);
    const never = await replayFixtures(poll, { url: 'http://127.0.0.1:9', headers: {}, profile: 'docs', world, fetch: answers(['loading']), sleep });
    expect(never.fixtures[0]?.steps[3]?.attempts).toBe(40);
    expect(describeMismatches(never.fixtures[0]!.steps[3]!)).toEqual([
      '/b1/status: expected one of "active", "success", "failed" within 40 reads, got "loading"',
      '/b1/status: expected one of "active", "success", got "loading"',
    ]);
  });

  it('never logs the credentials it sends', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(target.headers['Authorization']!.slice('Bearer '.length));
  });

  it('skips, rather than fails, a fixture whose run variable the world cannot give', async () => {
    const bare = { ...defaultWorld(), campaignMappings: [], datasets: [] };
    const only = fixtures.filter((f) => f.fixture.name === 'spec/batch-captures');
    const r = await replayFixtures(only, { url: target.url, headers: target.headers, profile: 'docs', world: bare });
    expect(r.fixtures[0]).toMatchObject({ outcome: 'skipped' });
    expect(r.fixtures[0]?.reason).toContain("needs ${datasetId}, but the world (embedded:default) has none (the world's first ExperienceEvent dataset)");
    expect(r.checks).toEqual([]);
  });

  it('throws TargetUnreachable when nothing listens at the target', async () => {
    const port = await closedPort();
    const only = fixtures.filter((f) => f.fixture.name === 'spec/streaming-two-messages');
    await expect(replayFixtures(only, { url: `http://127.0.0.1:${port}`, headers: {}, profile: 'docs', world })).rejects.toBeInstanceOf(TargetUnreachable);
  });
});

