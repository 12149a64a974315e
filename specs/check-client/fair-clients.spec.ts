/**
 * The scenarios are fair: the reference client (`src/client/`) and a client written in Python with only its
 * standard library (`examples/python-client/`) pass every one with no finding. The checks read traffic
 * alone, so a client in any language is judged the same way.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClient, SCENARIO_NAMES } from '../../src/conformance/client/index.js';
import type { ClientReport } from '../../src/report/client/model.js';

const ROOT = join(import.meta.dirname, '../..');

function expectAllPass(report: ClientReport): void {
  expect(report.scenarios.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
  for (const s of report.scenarios) {
    expect({ scenario: s.name, status: s.status, findings: s.findings, notExercised: s.notExercised }).toEqual({ scenario: s.name, status: 'pass', findings: [], notExercised: undefined });
    expect(s.command.timedOut).toBe(false);
  }
}

describe('check-client: the reference client', () => {
  it('passes every scenario with no finding', { timeout: 240_000 }, async () => {
    const report = await checkClient({ command: [process.execPath, '--import', 'tsx', join(ROOT, 'src/client/bin.ts')], cwd: ROOT, timeoutSeconds: 60 });
    expectAllPass(report);
    // It was handed faulty messages in the partial-failure scenario: it says so, with the documented texts.
    const partial = report.scenarios.find((s) => s.name === 'streaming.partial-failure')!;
    expect(partial.exchanges.flatMap((e) => (e.messages ? [e.messages.rejected] : [])).reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('check-client: a client in Python, standard library only', () => {
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  it('python3 is on the machine (the project runs on machines that have it)', () => {
    expect(python.status, 'python3 --version').toBe(0);
  });
  it('passes every scenario with no finding', { timeout: 240_000 }, async () => {
    const report = await checkClient({ command: ['python3', join(ROOT, 'examples/python-client/aep_client.py')], cwd: ROOT, timeoutSeconds: 60 });
    expectAllPass(report);
  });
  it('its unit tests pass', { timeout: 60_000 }, () => {
    const result = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', join(ROOT, 'examples/python-client')], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });
});
