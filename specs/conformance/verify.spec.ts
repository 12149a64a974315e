/**
 * `verify` against the reference server started in-process: every property passes with a modest number of
 * runs, the documented behaviours it is built for are exercised, and the command's exit codes hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type Target } from '../../src/conformance/target.js';
import { verifyTarget, VERIFY_PROPERTY_NAMES, type VerifyResult } from '../../src/conformance/verify/index.js';
import { defaultWorld } from '../../src/world/index.js';
import { runCli } from '../cli/run-cli.js';

const world = defaultWorld();

describe('verify against the in-process reference server', () => {
  let target: Target;
  let result: VerifyResult;

  beforeAll(async () => {
    target = await openTarget({ world, profile: 'docs', env: {} });
    result = await verifyTarget({ url: target.url, headers: target.headers, world, profile: 'docs', runs: 8, seed: 20241123 });
  });
  afterAll(() => target.close());

  it('finds no failure and runs every property', () => {
    expect(result.failures).toEqual([]);
    expect(result.properties.map((p) => p.property)).toEqual([...VERIFY_PROPERTY_NAMES]);
    for (const p of result.properties) expect(p.runs, p.property).toBeGreaterThan(0);
    expect(result.checks.every((c) => c.ok)).toBe(true);
  });

  it('exercises the streaming, batch and Campaign behaviours it is built for', () => {
    const exercised = new Set(result.checks.map((c) => c.behaviour));
    for (const id of [
      'streaming.batch.status-207',
      'streaming.batch.one-entry-per-message',
      'streaming.batch.xaction-id',
      'streaming.batch.valid-accepted',
      'streaming.message.unknown-xdm-format',
      'streaming.request.too-large',
      'streaming.request.not-json',
      'streaming.request.envelope-invalid',
      'streaming.single.status-200',
      'batch.create',
      'batch.status.legal-transitions',
      'batch.status.loading-until-complete',
      'catalog.batch.read',
      'campaign.trigger.submitted',
      'campaign.trigger.preconditions',
      'campaign.status.read',
    ] as const) {
      expect(exercised, id).toContain(id);
    }
  });

  it('records where each check came from: the property, the seed and the run', () => {
    for (const check of result.checks) {
      expect(check.origin).toMatchObject({ kind: 'generated', seed: 20241123 });
    }
  });
});

describe('the Campaign model with requests that take time', () => {
  it('sees "already in progress" with the same requestId while a request runs', async () => {
    const slow = defaultWorld();
    // Long enough that every trigger of a case finds the first request still running.
    for (const mapping of slow.campaignMappings) mapping.processingMs = 600_000;
    const target = await openTarget({ world: slow, profile: 'docs', env: {} });
    try {
      const result = await verifyTarget({ url: target.url, headers: target.headers, world: slow, profile: 'docs', runs: 20, seed: 7, only: ['campaign'] });
      expect(result.failures).toEqual([]);
      expect(result.checks.some((c) => c.behaviour === 'campaign.trigger.in-progress')).toBe(true);
    } finally {
      await target.close();
    }
  });
});

describe('aep-harness verify', () => {
  it('exits 0 against the in-process reference server and writes the reports asked for', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'verify-'));
    const { code, stdout } = await runCli(['verify', '--runs', '4', '--seed', '99', '--only', 'streaming', '--format', 'json', '--out-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toContain('seed 99');
    expect(stdout).toContain('✔ streaming.valid-requests');
    const report = JSON.parse(await readFile(join(dir, 'verify.json'), 'utf8')) as { run: { seed: number; runs: number; command: string } };
    expect(report.run).toMatchObject({ command: 'verify', seed: 99, runs: 4 });
  });

  it('exits 2 on a group it does not know, naming the valid ones', async () => {
    const { code, stderr } = await runCli(['verify', '--only', 'catalog']);
    expect(code).toBe(2);
    expect(stderr).toContain('streaming, batch, campaign');
  });

  it('exits 2 on a seed that is not a 32-bit whole number', async () => {
    expect((await runCli(['verify', '--seed', '1.5'])).code).toBe(2);
  });

  it('exits 2 on --path without the property and seed it belongs to, and on an unknown property', async () => {
    expect((await runCli(['verify', '--path', '0:1'])).code).toBe(2);
    const { code, stderr } = await runCli(['verify', '--property', 'streaming.everything']);
    expect(code).toBe(2);
    expect(stderr).toContain('batch.life-cycle');
  });

  it('exits 4 when the target stops answering during the run', async () => {
    const { createServer } = await import('node:http');
    // Answers the probe, then drops every connection without an answer.
    const server = createServer((req, res) => (req.method === 'GET' && req.url === '/' ? res.writeHead(404).end() : req.socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    try {
      const { code, stderr } = await runCli(['verify', '--target', `http://127.0.0.1:${port}`, '--runs', '3', '--only', 'streaming']);
      expect(code).toBe(4);
      expect(stderr).toContain(`cannot reach http://127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exits 4 when nothing answers at the target', async () => {
    const { code, stderr } = await runCli(['verify', '--target', 'http://127.0.0.1:9', '--runs', '1']);
    expect(code).toBe(4);
    expect(stderr).toContain('cannot reach http://127.0.0.1:9');
  });
});
