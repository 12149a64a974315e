/**
 * `aep-harness check-client` as users run it: exit codes 0, 1, 2 and 3, a command stopped at --timeout and
 * said so, the report files, and the credentials handed to the client never printed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../cli/run-cli.js';

const PLANTED = join(import.meta.dirname, 'clients/planted.mjs');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'check-client-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('check-client: exit codes', () => {
  it('0 when the client passes the scenarios run, with every format written', { timeout: 60_000 }, async () => {
    const out = join(dir, 'ok');
    const result = await runCli(
      ['check-client', '--scenario', 'streaming.partial-failure', '--format', 'json', '--format', 'junit', '--format', 'sarif', '--format', 'markdown', '--out-dir', out, '--', process.execPath, PLANTED, 'none'],
      { cwd: dir },
    );
    expect(result.stderr).toMatch(/streaming\.partial-failure: pass/);
    expect(result.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, 'check-client.json'), 'utf8'));
    expect(json.scenarios[0]).toMatchObject({ name: 'streaming.partial-failure', status: 'pass', findings: [] });
    expect(json.scenarios[0].command.exitCode).toBe(0);
    for (const ext of ['xml', 'sarif', 'md']) expect((await readFile(join(out, `check-client.${ext}`), 'utf8')).length).toBeGreaterThan(0);
  });

  it('1 when a scenario fails, naming the rule; the token handed to the client appears nowhere', { timeout: 60_000 }, async () => {
    // A client that prints its own credentials: the report shows the lines, redacted.
    const leaky = join(dir, 'leaky.mjs');
    await writeFile(leaky, 'console.log(`token ${process.env.AEP_ACCESS_TOKEN} key ${process.env.AEP_API_KEY}`);\n');
    const out = join(dir, 'fail');
    const result = await runCli(['check-client', '--scenario', 'streaming.happy', '--format', 'json', '--out-dir', out, '--', process.execPath, leaky], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/client\.scenario\.not-exercised/);
    const text = await readFile(join(out, 'check-client.json'), 'utf8');
    const tail: string[] = JSON.parse(text).scenarios[0].command.outputTail;
    expect(tail.join('\n')).toMatch(/token \[REDACTED\] key \[REDACTED\]/);
    expect(`${result.stdout}${result.stderr}${text}`).not.toMatch(/aep-harness-[A-Za-z0-9_-]{20,}/);
  });

  it('2 for usage mistakes, before any scenario runs', async () => {
    const none = await runCli(['check-client', '--scenario', 'batch.happy'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no client command/);
    const unknown = await runCli(['check-client', '--scenario', 'streaming.sunny', '--', 'true'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown scenario "streaming.sunny"; expected one of: streaming.happy/);
    const timeout = await runCli(['check-client', '--timeout', '0', '--', 'true'], { cwd: dir });
    expect(timeout.code).toBe(2);
  });

  it('3 when the command cannot be started', async () => {
    const result = spawnCli(['check-client', '--scenario', 'streaming.happy', '--', join(dir, 'no-such-client')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot start .*no-such-client: no such command/);
  });
});

describe('check-client: --timeout', () => {
  it('stops a command that runs too long, and says so', { timeout: 60_000 }, async () => {
    const slow = join(dir, 'slow.mjs');
    await writeFile(slow, 'setTimeout(() => {}, 60_000);\n');
    const out = join(dir, 'slow');
    const started = Date.now();
    const result = await runCli(['check-client', '--scenario', 'batch.happy', '--timeout', '1', '--format', 'json', '--out-dir', out, '--', process.execPath, slow], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stopped after 1 s/);
    const json = JSON.parse(await readFile(join(out, 'check-client.json'), 'utf8'));
    expect(json.scenarios[0].command).toMatchObject({ timedOut: true, exitCode: null });
  });
});

describe('check-client --list-scenarios', () => {
  it('lists every scenario with what it expects', async () => {
    const result = await runCli(['check-client', '--list-scenarios']);
    expect(result.code).toBe(0);
    for (const name of ['streaming.happy', 'streaming.unauthorized', 'batch.complete-slow', 'campaign.in-progress']) expect(result.stdout).toContain(name);
  });
});

describe('check-client: the configuration file', () => {
  it('re-grades a client rule, and an ignore with its reason drops a finding and counts it', { timeout: 60_000 }, async () => {
    const project = join(dir, 'configured');
    await rm(project, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'aep-harness.config.yaml'), 'rules:\n  client.retry.too-few: warn\n');
    const args = ['check-client', '--scenario', 'streaming.unavailable', '--format', 'json', '--out-dir', 'out', '--', process.execPath, PLANTED, 'no-retry'];
    const regraded = await runCli(args, { cwd: project });
    // A warning is below the default --fail-on: the scenario passes, the finding is still reported.
    expect(regraded.code).toBe(0);
    expect(regraded.stdout).toMatch(/warn client\.retry\.too-few/);
    await writeFile(join(project, 'aep-harness.config.yaml'), 'ignores:\n  - rule: client.retry.too-few\n    reason: this client retries through its queue, outside the process\n');
    const ignored = await runCli(args, { cwd: project });
    expect(ignored.code).toBe(0);
    const json = JSON.parse(await readFile(join(project, 'out/check-client.json'), 'utf8'));
    expect(json.scenarios[0]).toMatchObject({ status: 'pass', findings: [], ignored: 1 });
    expect((await runCli([...args.slice(0, 1), '--no-config', ...args.slice(1)], { cwd: project })).code).toBe(1);
  });
});
