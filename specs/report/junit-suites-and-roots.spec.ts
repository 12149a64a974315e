/**
 * Every JUnit file the harness writes (preflight, check-trace, replay/verify/record, check-client) has the
 * same root attributes, counts that match its cases, no empty suite, one root name per command, and plain
 * classnames: the suite a case belongs to, never a doubled prefix. Read back with fast-xml-parser.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderClientJunit } from '../../src/report/client/junit.js';
import type { ClientReport } from '../../src/report/client/model.js';
import { renderConformanceJunit } from '../../src/report/conformance/junit.js';
import { buildConformanceReport } from '../../src/report/conformance/model.js';
import { renderJunit } from '../../src/report/junit.js';
import { RULES, sampleReport } from '../unit/report/fixture.js';
import { runCli } from '../cli/run-cli.js';
import { ROOT_ATTRIBUTES, checkCounts, readJunit, type JunitFile } from './junit-reader.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

const conformance = buildConformanceReport(
  { command: 'replay', target: 'reference server', profile: 'docs', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 2500, fixtures: 1 },
  [
    { behaviour: 'streaming.batch.status-207', ok: true, subject: 'POST /collection/batch/x', origin: { kind: 'fixture', fixture: 'f', file: 'fixtures/f.yaml', step: 0 } },
    { behaviour: 'streaming.batch.one-entry-per-message', ok: false, subject: 'POST /collection/batch/x', origin: { kind: 'fixture', fixture: 'f', file: 'fixtures/f.yaml', step: 0 }, expected: '2 entries', actual: '1' },
  ],
  { version: '0.1.0' },
);

const client: ClientReport = {
  tool: { name: 'aep-ingest-harness', version: '0.1.0' },
  run: { command: ['node', 'client.mjs'], world: 'world.yaml', profile: 'docs', failOn: 'error', startedAt: '2026-12-01T10:00:00.000Z', durationMs: 900, timeoutSeconds: 30 },
  scenarios: [
    {
      name: 'streaming.happy',
      title: 'Every message is accepted',
      description: 'The server accepts every message.',
      status: 'pass',
      command: { exitCode: 0, signal: null, timedOut: false, durationMs: 800, outputTail: [] },
      exchanges: [],
      findings: [],
      rules: ['client.scenario.not-exercised', 'client.retry.too-few'],
    },
  ],
  rules: [{ id: 'client.retry.too-few', title: 'Too few retries', description: 'Too few retries.', defaultSeverity: 'error', docs: 'https://example.com' }],
  totals: { scenarios: 1, pass: 1, fail: 0, notExercised: 0, findings: { error: 0, warn: 0, info: 0 }, exchanges: 0 },
};

function expectSound(file: JunitFile, rootName: string): void {
  expect(Object.keys(file.attributes).sort()).toEqual(ROOT_ATTRIBUTES);
  expect(file.attributes['name']).toBe(rootName);
  expect(Number.isFinite(Number(file.attributes['time']))).toBe(true);
  checkCounts(file);
  for (const suite of file.suites) {
    expect(suite.cases.length, `suite ${suite.attributes['name']}`).toBeGreaterThan(0);
    for (const c of suite.cases) expect(c.classname, c.name).toBe(suite.attributes['name']!.replace(/^check-client\./, ''));
  }
}

describe('every JUnit file has the same root, sound counts and plain classnames', () => {
  it('preflight', () => {
    expectSound(readJunit(renderJunit(sampleReport(), { rules: RULES, color: false })), 'aep-harness preflight');
  });

  it('check-trace names its root after itself, not preflight', () => {
    expectSound(readJunit(renderJunit(sampleReport(), { rules: RULES, color: false, command: 'check-trace' })), 'aep-harness check-trace');
  });

  it('replay, verify and record: classname is the API, never the API doubled before the behaviour id', () => {
    const file = readJunit(renderConformanceJunit(conformance));
    expectSound(file, 'aep-harness replay reference server');
    const cases = file.suites.flatMap((s) => s.cases);
    const failing = cases.find((c) => c.name.startsWith('streaming.batch.one-entry-per-message'));
    expect(failing?.classname).toBe('streaming');
    expect(failing?.failure).toBeDefined();
    for (const c of cases) expect(c.classname).not.toMatch(/^(\w+)\.\1\./);
    expect(file.attributes['skipped']).toBe(String(conformance.totals.notExercised));
  });

  it('check-client', () => {
    expectSound(readJunit(renderClientJunit(client)), 'aep-harness check-client');
  });
});

describe('no empty suite', () => {
  it('a clean HAR gives one suite with one passing case, under the check-trace root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'junit-clean-'));
    const result = await runCli(['check-trace', join(FIXTURES, 'traces/batch-and-campaign.har'), '--no-config', '--format', 'junit', '--output', join(dir, 'out.xml')], { cwd: dir });
    expect(result.code).toBe(0);
    const file = readJunit(await readFile(join(dir, 'out.xml'), 'utf8'));
    expectSound(file, 'aep-harness check-trace');
    expect(file.suites).toHaveLength(1);
    expect(file.suites[0]!.cases).toEqual([{ classname: file.suites[0]!.attributes['name'], name: 'no findings' }]);
  });

  it('a file with no findings and no predicted answer still has a passing case', () => {
    const report = sampleReport();
    report.files = [{ file: 'clean.har', kind: null, bytes: 10, findings: [], findingsDropped: 0, predicted: null }];
    report.summary = { files: 1, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0 };
    const file = readJunit(renderJunit(report, { rules: RULES, color: false, command: 'check-trace' }));
    expect(checkCounts(file)).toEqual({ tests: 1, failures: 0, errors: 0, skipped: 0 });
  });
});
