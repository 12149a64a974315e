/**
 * The recording proxy in front of the reference server: every exchange checked against the contract on
 * the way, written as fixtures that load and replay green against a fresh reference server, exported as
 * HAR and read back; bytes forwarded exactly, hop-by-hop headers dropped; a wrong upstream answer caught.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../src/conformance/target.js';
import { createRedactor } from '../../src/report/redact.js';
import { exchangesFromHar } from '../../src/replay/har-io.js';
import { loadFixtures } from '../../src/replay/load.js';
import { recordExchanges, startProxySession, type RecordingResult } from '../../src/replay/record/session.js';
import { replayFixtures } from '../../src/replay/run.js';
import { settleBatches } from '../../src/server/batch-processing.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/index.js';
import { runCli } from '../cli/run-cli.js';
import { INLET, send, sendTraffic } from './record-traffic.js';

const world = defaultWorld();
const HEADERS = { Authorization: 'Bearer record-spec-token-0123456789', 'x-api-key': 'record-spec-key' };

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('record in front of the reference server', () => {
  let dir: string;
  let upstream: RunningServer;
  let result: RecordingResult;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aep-record-'));
    upstream = await startServer({ world, store: createMemoryStore() });
    const session = await startProxySession({
      world,
      profile: 'docs',
      redact: createRedactor(),
      outDir: join(dir, 'fixtures'),
      harFile: join(dir, 'session.har'),
      upstream: upstream.url,
      onLine: (line) => lines.push(line),
    });
    await sendTraffic(session.url, { headers: HEADERS, settle: () => settleBatches(upstream.context) });
    result = await session.stop();
  });
  afterAll(async () => {
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records every exchange, in order', () => {
    expect(result.exchanges).toBe(9);
  });

  it('finds the faults of the requests and none in the reference server\'s answers', () => {
    const failed = result.checks.filter((c) => !c.ok);
    expect(failed).toEqual([]);
    const behaviours = new Set(result.checks.map((c) => c.behaviour));
    for (const b of ['streaming.batch.status-207', 'streaming.batch.one-entry-per-message', 'streaming.batch.xaction-id', 'streaming.message.wrong-ims-org', 'streaming.single.status-200', 'batch.create', 'batch.complete', 'catalog.batch.read', 'campaign.trigger.submitted', 'campaign.status.read']) {
      expect(behaviours, b).toContain(b);
    }
    // The mixed request carries a message for another org: the analyser says so, at exchange 1.
    expect(result.findings.some((f) => f.ruleId === 'streaming.header.ims-org-mismatch' && f.exchange === 1 && f.side === 'request')).toBe(true);
    expect(lines.some((l) => l.startsWith('#1 error streaming.header.ims-org-mismatch'))).toBe(true);
  });

  it('writes one fixture per streaming request, per batch and per Campaign request, with captures', async () => {
    expect(result.fixtures.map((f) => f.fixture.steps.length)).toEqual([1, 1, 1, 4, 2]);
    const batch = result.fixtures[3]!.fixture;
    expect(batch.steps[0]!.capture).toEqual({ batchId: '/id' });
    expect(batch.steps[0]!.expect.json).toMatchObject({ id: { $match: 'id' }, status: 'loading' });
    expect(batch.steps[1]!.request.path).toBe('/data/foundation/import/batches/${batchId}/datasets/5f0c0c7f6c5f1b194c1e0b4a/files/events.json');
    expect(batch.steps[2]!.request.path).toBe('/data/foundation/import/batches/${batchId}?action=COMPLETE');
    const campaign = result.fixtures[4]!.fixture;
    expect(campaign.steps[0]!.capture).toEqual({ requestId: '/requestId' });
    expect(campaign.steps[1]!.request.path).toContain('requestId=${requestId}');
    const streaming = result.fixtures[1]!.fixture.steps[0]!.expect.json as { responses: unknown[] };
    expect(streaming.responses[0]).toEqual({ xactionId: { $match: 'xactionId', index: 0 } });
    expect(streaming.responses).toContainEqual({ statusCode: 400, message: { $match: 'documented', text: 'streaming.absentOrWrongImsOrg', inlet: INLET, org: world.inlets[0]!.org } });
    const texts = await Promise.all((await readdir(join(dir, 'fixtures'))).map((f) => readFile(join(dir, 'fixtures', f), 'utf8')));
    for (const text of texts) {
      expect(text).toMatch(/^# Recorded by aep-harness record/);
      // The credential headers are named in the head comment only, never sent by a step.
      expect(text).not.toMatch(/^\s+(authorization|x-api-key|x-gw-ims-org-id|x-sandbox-name):/im);
      expect(text).not.toContain('record-spec');
    }
  });

  it('writes fixtures that load and replay green against a fresh reference server', async () => {
    const loaded = await loadFixtures([join(dir, 'fixtures')]);
    expect(loaded).toHaveLength(5);
    const target = await openTarget({ world, profile: 'docs', env: {} });
    try {
      const replay = await replayFixtures(loaded, { url: target.url, headers: target.headers, profile: 'docs', world, sleep: async () => {} });
      const failures = replay.fixtures.filter((f) => f.outcome !== 'passed').map((f) => ({ name: f.name, steps: f.steps.filter((s) => s.outcome === 'failed') }));
      expect(failures).toEqual([]);
      expect(replay.counts).toMatchObject({ fixtures: 5, passed: 5 });
    } finally {
      await target.close();
    }
  });

  it('exports HAR 1.2 that reads back into the same exchanges, checks and fixtures', async () => {
    const text = await readFile(join(dir, 'session.har'), 'utf8');
    const har = JSON.parse(text) as { log: { version: string; entries: unknown[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(9);
    const again = await recordExchanges(exchangesFromHar(text), { world, profile: 'docs', redact: createRedactor(), outDir: join(dir, 'from-har') });
    expect(again.fixtures.map((f) => f.fixture.steps.length)).toEqual([1, 1, 1, 4, 2]);
    expect(again.checks.map((c) => [c.behaviour, c.ok])).toEqual(result.checks.map((c) => [c.behaviour, c.ok]));
    expect(again.findings.map((f) => f.ruleId).sort()).toEqual(result.findings.map((f) => f.ruleId).sort());
  });

  it('record --from-har writes the same fixtures from the command line, exit 0', async () => {
    const out = join(dir, 'cli-from-har');
    const run = await runCli(['record', '--from-har', join(dir, 'session.har'), '--out', out, '--out-dir', join(dir, 'reports'), '--fail-on', 'error', '--format', 'json'], { cwd: dir });
    // The mixed request's rejected messages are errors of the client's request.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/9 exchanges, 5 fixtures/);
    expect((await readdir(out)).filter((f) => f.endsWith('.yaml'))).toHaveLength(5);
    const report = JSON.parse(await readFile(join(dir, 'reports', 'record.json'), 'utf8')) as { totals: { fail: number; pass: number } };
    expect(report.totals.fail).toBe(0);
    expect(report.totals.pass).toBeGreaterThan(5);
  });
});

describe('record forwards exactly', () => {
  it('passes body bytes through unchanged both ways and drops hop-by-hop headers (RFC 9110 §7.6.1)', async () => {
    const seen: { headers: Record<string, string | string[] | undefined>; digest: string }[] = [];
    const echo = await listen((req, res) => {
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        hash.update(c);
        chunks.push(c);
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, digest: hash.digest('hex') });
        // Chunked on purpose: no Content-Length, two writes.
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-end-to-end': 'kept' });
        const body = Buffer.concat(chunks);
        res.write(body.subarray(0, 3));
        res.end(body.subarray(3));
      });
    });
    const recorded: RecordingResult[] = [];
    const session = await startProxySession({ world, profile: 'docs', redact: createRedactor(), outDir: await mkdtemp(join(tmpdir(), 'aep-record-bytes-')), upstream: `${echo.url}/base` });
    try {
      const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0xc3, 0x28, 0x7f, 0x01]);
      const answer = await new Promise<{ body: Buffer; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
        const req = httpRequest(`${session.url}/upload/here?x=1`, { method: 'PUT', headers: { Connection: 'keep-alive, x-hop', 'x-hop': 'drop me', 'Keep-Alive': 'timeout=5', 'content-type': 'application/octet-stream' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ body: Buffer.concat(chunks), headers: res.headers }));
        });
        req.on('error', reject);
        req.end(bytes);
      });
      expect(answer.body.equals(bytes)).toBe(true);
      expect(answer.headers['x-end-to-end']).toBe('kept');
      expect(answer.headers['via']).toBe('1.1 aep-harness');
      expect(seen[0]!.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(seen[0]!.headers['x-hop']).toBeUndefined();
      expect(seen[0]!.headers['keep-alive']).toBeUndefined();
      expect(seen[0]!.headers['via']).toBe('1.1 aep-harness');
      recorded.push(await session.stop());
      const exchange = recorded[0]!.fixtures[0]!;
      // Bytes that are not UTF-8 cannot be redacted: the fixture keeps their size and hash, not them.
      expect(exchange.fixture.steps[0]!.request.withheld).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), reason: expect.stringMatching(/not UTF-8/) });
      expect(exchange.fixture.steps[0]!.request.path).toBe('/upload/here?x=1');
    } finally {
      if (recorded.length === 0) await session.stop();
      await closeServer(echo.server);
    }
  });
});

describe('record catches a wrong upstream answer', () => {
  it('a streaming request answered 200 instead of 207 fails streaming.batch.status-207, told as it happens', async () => {
    // A fake upstream on loopback: the right body, the wrong status.
    const fake = await listen((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ inletId: INLET, batchId: '1:2:3', receivedTimeMs: 1732371600000, responses: [{ xactionId: '1:2:3:0' }, { xactionId: '1:2:3:1' }, { xactionId: '1:2:3:2' }] }));
      });
    });
    const lines: string[] = [];
    const session = await startProxySession({ world, profile: 'docs', redact: createRedactor(), outDir: await mkdtemp(join(tmpdir(), 'aep-record-fake-')), upstream: fake.url, onLine: (l) => lines.push(l) });
    try {
      const body = await readFile(join(import.meta.dirname, '../../fixtures/payloads/web-events.json'), 'utf8');
      await send(session.url, 'POST', `/collection/batch/${INLET}`, { headers: { 'Content-Type': 'application/json' }, body });
      const result = await session.stop();
      const failed = result.checks.filter((c) => !c.ok);
      expect(failed.map((c) => c.behaviour)).toEqual(['streaming.batch.status-207']);
      expect(failed[0]).toMatchObject({ expected: '207 Multi-Status', actual: '200' });
      expect(lines).toContainEqual(expect.stringMatching(/^#0 error streaming\.batch\.status-207 /));
    } finally {
      await closeServer(fake.server);
    }
  });
});

describe('record exit codes', () => {
  it('2 without --upstream or --from-har, and with both', async () => {
    expect((await runCli(['record'])).code).toBe(2);
    expect((await runCli(['record', '--upstream', 'http://127.0.0.1:1', '--from-har', 'x.har'])).code).toBe(2);
    expect((await runCli(['record', '--from-har', 'x.har', '--redact', '(unclosed'])).code).toBe(2);
  });

  it('3 for a HAR that cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aep-record-bad-'));
    const missing = await runCli(['record', '--from-har', join(dir, 'missing.har')], { cwd: dir });
    expect(missing.code).toBe(3);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'bad.har'), '{"log": {"entries": [{"startedDateTime": 5}]}}');
    const bad = await runCli(['record', '--from-har', join(dir, 'bad.har')], { cwd: dir });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/startedDateTime/);
  });

  it('4 when nothing answers at the upstream', async () => {
    const closed = await listen(() => {});
    const url = closed.url;
    await closeServer(closed.server);
    const run = await runCli(['record', '--upstream', url], { cwd: tmpdir() });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/cannot reach/);
  });
});

describe('record as a real process', () => {
  it('records until SIGTERM, then writes its fixtures and exits 0', async () => {
    const { spawn } = await import('node:child_process');
    const dir = await mkdtemp(join(tmpdir(), 'aep-record-process-'));
    const upstream = await startServer({ world, store: createMemoryStore() });
    const root = join(import.meta.dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), 'record', '--upstream', upstream.url, '--out', join(dir, 'fixtures')], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = /proxy on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
          if (found) resolve(found);
        });
        child.once('exit', (code) => reject(new Error(`record exited ${code} before listening: ${stdout}`)));
      });
      const body = await readFile(join(root, 'fixtures/payloads/web-events.json'), 'utf8');
      expect((await send(url, 'POST', `/collection/batch/${INLET}`, { headers: { 'Content-Type': 'application/json' }, body })).status).toBe(207);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/1 exchange, 1 fixture/);
      expect(await readdir(join(dir, 'fixtures'))).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await upstream.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
