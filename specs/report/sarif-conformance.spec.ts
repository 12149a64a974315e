/**
 * SARIF for replay, verify and record: every documented behaviour a rule (id, a `name` distinct from it,
 * short and full descriptions, `helpUri` its first source), every failing check a result (the message says
 * what was expected and what came back; the logical location names the fixture step or the generated
 * case), `automationDetails.id` `<command>/<startedAt>`, the run's invocation with its times.
 *
 * Validated against the SARIF 2.1.0 schema as transcribed in specs/sarif-schema.ts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../src/contract/behaviours.js';
import { renderConformance } from '../../src/report/conformance/index.js';
import { buildConformanceReport } from '../../src/report/conformance/model.js';
import { behaviourRuleName, renderConformanceSarif } from '../../src/report/conformance/sarif.js';
import { runCli } from '../cli/run-cli.js';
import { sarifSchemaErrors } from '../sarif-schema.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIzNDU2';
const ROOT = join(import.meta.dirname, '../..');


function expectValid(text: string): Sarif.Log {
  const log = JSON.parse(text) as Sarif.Log;
  expect(sarifSchemaErrors(log)).toBeUndefined();
  return log;
}

const report = buildConformanceReport(
  { command: 'verify', target: 'http://127.0.0.1:9', profile: 'docs', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 1500, seed: 42, runs: 10 },
  [
    { behaviour: 'streaming.batch.status-207', ok: true, subject: 'POST /collection/batch/x', origin: { kind: 'generated', property: 'streaming.valid-requests', seed: 42 } },
    {
      behaviour: 'streaming.batch.one-entry-per-message',
      ok: false,
      subject: 'POST /collection/batch/x with 5 messages',
      origin: { kind: 'generated', property: 'streaming.mutated-requests', seed: 42, path: '3:1' },
      expected: '5 entries',
      actual: `4 entries (Authorization: Bearer ${TOKEN})`,
      counterexample: '{"messages":[]}',
    },
    {
      behaviour: 'streaming.batch.status-207',
      ok: false,
      subject: 'POST /collection/batch/y',
      origin: { kind: 'fixture', fixture: 'streaming/two', file: '/work/project/fixtures/two.yaml', step: 1, stepName: 'send two' },
      expected: '207',
      actual: '500',
    },
  ],
  { version: '0.1.0' },
);

describe('conformance SARIF', () => {
  const log = expectValid(renderConformanceSarif(report, { cwd: '/work/project' }));
  const run = log.runs[0]!;

  it('declares every documented behaviour as a rule with a name, descriptions and its first source', () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(BEHAVIOURS.map((b) => b.id));
    for (const [index, rule] of rules.entries()) {
      const behaviour = BEHAVIOURS[index]!;
      expect(rule.name).toBe(behaviourRuleName(rule.id));
      expect(rule.name).not.toBe(rule.id);
      expect(rule.shortDescription?.text).toBe(behaviour.title);
      expect(rule.fullDescription?.text.startsWith(behaviour.title)).toBe(true);
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    expect(behaviourRuleName('streaming.batch.status-207')).toBe('StreamingBatchStatus207');
  });

  it('makes every failing check a result whose ruleIndex points at its rule', () => {
    const results = run.results ?? [];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(run.tool.driver.rules?.[result.ruleIndex!]?.id).toBe(result.ruleId);
      expect(result.kind).toBe('fail');
      expect(result.level).toBe('error');
    }
  });

  it('says what was expected and what came back, redacted', () => {
    const generated = run.results!.find((r) => r.ruleId === 'streaming.batch.one-entry-per-message')!;
    expect(generated.message.text).toBe('POST /collection/batch/x with 5 messages: expected 5 entries; actual 4 entries (Authorization: Bearer [REDACTED])');
    expect(JSON.stringify(log)).not.toContain(TOKEN);
  });

  it('names the generated case and the fixture step as logical locations, the fixture file relative to the working directory', () => {
    const generated = run.results!.find((r) => r.ruleId === 'streaming.batch.one-entry-per-message')!;
    expect(generated.locations?.[0]?.logicalLocations?.[0]).toMatchObject({
      name: 'streaming.mutated-requests (seed 42, path 3:1)',
      fullyQualifiedName: 'streaming.mutated-requests/seed-42/path-3:1',
    });
    const fixture = run.results!.find((r) => r.ruleId === 'streaming.batch.status-207')!;
    expect(fixture.locations?.[0]?.logicalLocations?.[0]).toMatchObject({ name: 'step 2 send two', fullyQualifiedName: 'streaming/two/step-2' });
    expect(fixture.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: 'fixtures/two.yaml', uriBaseId: 'SRCROOT' });
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///work/project/' } });
  });

  it('tells runs apart by <command>/<startedAt> and carries the invocation with its times', () => {
    expect(run.automationDetails?.id).toBe('verify/2026-12-01T00:00:00.000Z');
    expect(run.invocations).toEqual([
      expect.objectContaining({ executionSuccessful: true, startTimeUtc: '2026-12-01T00:00:00.000Z', endTimeUtc: '2026-12-01T00:00:01.500Z' }),
    ]);
  });

  it('is one of the conformance formats', () => {
    expect(renderConformance('sarif', report, { color: false })).toContain('"version": "2.1.0"');
  });
});

describe('the commands write it', () => {
  it('replay --format sarif: a failing expectation is a result at its fixture step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sarif-replay-'));
    const run = await runCli(['replay', 'specs/unit/replay/fixtures/failing-expectation.yaml', '--no-config', '--format', 'sarif', '--out-dir', dir], { cwd: ROOT });
    expect(run.code).toBe(1);
    const log = expectValid(await readFile(join(dir, 'replay.sarif'), 'utf8'));
    const sarifRun = log.runs[0]!;
    expect(sarifRun.automationDetails?.id).toMatch(/^replay\/\d{4}-\d\d-\d\dT/);
    expect(sarifRun.results!.length).toBeGreaterThan(0);
    const location = sarifRun.results![0]!.locations![0]!;
    expect(location.logicalLocations?.[0]?.fullyQualifiedName).toMatch(/\/step-\d+$/);
    expect(location.physicalLocation?.artifactLocation?.uri).toBe('specs/unit/replay/fixtures/failing-expectation.yaml');
  });

  it('record --from-har --format sarif writes record.sarif beside the other reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sarif-record-'));
    const run = await runCli(
      ['record', '--from-har', join(ROOT, 'fixtures/traces/batch-and-campaign.har'), '--no-config', '--out', join(dir, 'fixtures'), '--out-dir', join(dir, 'reports'), '--format', 'sarif'],
      { cwd: dir },
    );
    expect(run.stdout).toContain('reports/record.sarif');
    const log = expectValid(await readFile(join(dir, 'reports/record.sarif'), 'utf8'));
    expect(log.runs[0]!.automationDetails?.id).toMatch(/^record\//);
    expect(log.runs[0]!.tool.driver.rules).toHaveLength(BEHAVIOURS.length);
  });
});
