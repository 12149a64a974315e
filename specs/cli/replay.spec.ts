/**
 * `aep-harness replay` as users run it: against the in-process reference server (exit 0, and 1 when an
 * expectation is not met), invalid fixtures (3, every problem located), a usage mistake (2), and a
 * --target where nothing listens (4, as a real process).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './run-cli.js';
import { closedPort } from '../loopback.js';

const FIXTURES = 'specs/unit/replay/fixtures';
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'replay-cli-'));
});
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('aep-harness replay', () => {
  it('exits 0 when every behaviour the fixtures exercise passes, printing ✔ per fixture and the summary', async () => {
    const { code, stdout, stderr } = await runCli(
      ['replay', `${FIXTURES}/streaming-two-messages.yaml`, `${FIXTURES}/batch-captures.yaml`, `${FIXTURES}/strict-only.yaml`, '--format', 'json', '--out-dir', outDir],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('aep-harness replay: 3 fixtures against reference server (in-process, http://127.0.0.1:');
    expect(stdout).toContain('✔ spec/streaming-two-messages');
    expect(stdout).toContain('✔ spec/batch-captures');
    expect(stdout).toContain('- spec/strict-only  skipped: holds under strict; this run follows docs');
    expect(stdout).toContain('3 fixtures: 2 passed, 0 failed, 1 skipped');
    const report = JSON.parse(await readFile(join(outDir, 'replay.json'), 'utf8')) as { run: { command: string; fixtures: number }; totals: { fail: number; pass: number } };
    expect(report.run).toMatchObject({ command: 'replay', fixtures: 3 });
    expect(report.totals.fail).toBe(0);
    expect(report.totals.pass).toBeGreaterThanOrEqual(5);
  });

  it('exits 1 when the server does not meet an expectation, naming the step and the JSON pointer', async () => {
    const { code, stdout } = await runCli(['replay', `${FIXTURES}/failing-expectation.yaml`, '--out-dir', outDir]);
    expect(code).toBe(1);
    expect(stdout).toContain('✘ spec/failing-expectation');
    expect(stdout).toMatch(/step 1 "send two messages, expect no entry for the second": POST \/collection\/batch\/\S+ → 207/);
    expect(stdout).toMatch(/\/responses\/1: expected absent, got \{xactionId: "[^"]+:1"\}/);
    expect(stdout).toContain('step 2 not run');
  });

  it('exits 3 on invalid fixtures, printing every problem with file:line:column, and sends nothing', async () => {
    const { code, stdout, stderr } = await runCli(['replay', 'fixtures/replay-bad']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter((l) => l !== '')).toEqual([
      'fixtures/replay-bad/not-a-mapping.yaml:2:1: must be a mapping, got a list',
      'fixtures/replay-bad/several-mistakes.yaml:7:14: behaviours[0]: "batch.upload.smal" is not a behaviour id of src/contract/behaviours.ts (did you mean "batch.upload.small"?)',
      'fixtures/replay-bad/several-mistakes.yaml:11:15: steps[0].request.method: "PUTT" is not one of GET, POST, PUT, PATCH, DELETE, HEAD',
      "fixtures/replay-bad/several-mistakes.yaml:12:13: steps[0].request.path: ${batchId} is used before any step captures it, and neither the fixture's bindings nor the run variables give it; this step captures it, but only from its answer",
      'fixtures/replay-bad/several-mistakes.yaml:14:7: steps[0].request.json: a request has at most one body, and this one also has text',
      'fixtures/replay-bad/several-mistakes.yaml:18:23: steps[0].expect.json.id.$match: "uuid" is not one of the matchers any, absent, id, time, string, number, regex, xactionId, documented, oneOf',
      'aep-harness replay: 6 problems in 2 fixture files; nothing was sent',
    ]);
  });

  it('exits 3 when a fixture file is missing', async () => {
    const { code, stderr } = await runCli(['replay', 'specs/unit/replay/fixtures/nowhere.yaml']);
    expect(code).toBe(3);
    expect(stderr).toContain('specs/unit/replay/fixtures/nowhere.yaml: no such file or directory');
  });

  it('exits 2 on a usage mistake: an unknown profile, a --target that is not a URL', async () => {
    expect((await runCli(['replay', FIXTURES, '--profile', 'lenient'])).code).toBe(2);
    const notUrl = await runCli(['replay', `${FIXTURES}/strict-only.yaml`, '--target', 'localhost-8080']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('--target takes a URL');
  });

  it('exits 4 when nothing listens at --target (a closed loopback port), as a real process', async () => {
    const port = await closedPort();
    const { code, stderr } = spawnCli(['replay', `${FIXTURES}/streaming-two-messages.yaml`, '--target', `http://127.0.0.1:${port}`]);
    expect(code).toBe(4);
    expect(stderr).toContain(`aep-harness replay: cannot reach http://127.0.0.1:${port}`);
  });
});

