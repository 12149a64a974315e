import { describe, expect, it } from 'vitest';
import { planConformanceOutputs } from '../../../../src/cli/conformance-output.js';
import { UsageError, type CliIo } from '../../../../src/cli/io.js';
import { BEHAVIOURS } from '../../../../src/contract/behaviours.js';
import { buildConformanceReport, type ConformanceCheck } from '../../../../src/report/conformance/model.js';
import { renderConformance } from '../../../../src/report/conformance/index.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIzNDU2';

const checks: ConformanceCheck[] = [
  {
    behaviour: 'streaming.batch.status-207',
    ok: true,
    subject: 'POST /collection/batch/9b0c… with 2 messages',
    origin: { kind: 'fixture', fixture: 'streaming/stream-to-dataset', file: 'fixtures/exchanges/streaming/a.yaml', step: 0 },
  },
  {
    behaviour: 'streaming.batch.one-entry-per-message',
    ok: false,
    subject: 'POST /collection/batch/9b0c… with 5 messages',
    origin: { kind: 'generated', property: 'streaming.mutated-requests', seed: 42, path: '3:1' },
    expected: '5 entries',
    actual: `4 entries (Authorization: Bearer ${TOKEN})`,
    counterexample: '{"messages":[]}',
  },
];

const report = buildConformanceReport(
  { command: 'verify', target: 'http://127.0.0.1:9', profile: 'docs', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 1234, seed: 42, runs: 10 },
  checks,
  { version: '0.1.0' },
);

const io: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/work/project' };

describe('the conformance model', () => {
  it('has one line per documented behaviour: pass, fail or not exercised', () => {
    expect(report.behaviours).toHaveLength(BEHAVIOURS.length);
    expect(report.behaviours.find((b) => b.id === 'streaming.batch.status-207')?.status).toBe('pass');
    expect(report.behaviours.find((b) => b.id === 'streaming.batch.one-entry-per-message')?.status).toBe('fail');
    expect(report.behaviours.find((b) => b.id === 'campaign.status.read')?.status).toBe('not-exercised');
    expect(report.totals).toMatchObject({ pass: 1, fail: 1, notExercised: BEHAVIOURS.length - 2, checks: 2, failedChecks: 1 });
  });

  it('names the sources of every behaviour with their public page', () => {
    for (const b of report.behaviours) {
      expect(b.sources.length).toBeGreaterThan(0);
      for (const s of b.sources) expect(s.url).toMatch(/^https:\/\//);
    }
  });
});

describe('conformance formats', () => {
  for (const format of ['text', 'json', 'junit', 'markdown', 'sarif'] as const) {
    it(`${format}: never prints a token, and names the failing behaviour`, () => {
      const out = renderConformance(format, report, { color: false });
      expect(out).not.toContain(TOKEN);
      expect(out).toContain('streaming.batch.one-entry-per-message');
    });
  }

  it('json is the model, parseable, with totals', () => {
    const parsed = JSON.parse(renderConformance('json', report, { color: false })) as typeof report;
    expect(parsed.totals.fail).toBe(1);
    expect(parsed.run.seed).toBe(42);
  });

  it('junit: a failure per failing behaviour, a skipped case per behaviour not exercised', () => {
    const xml = renderConformance('junit', report, { color: false });
    expect(xml.match(/<testcase /g)).toHaveLength(BEHAVIOURS.length);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<skipped /g)).toHaveLength(BEHAVIOURS.length - 2);
    expect(xml).toContain('seed 42, path 3:1');
  });

  it('markdown: a table row per behaviour and a section per failure with the counterexample', () => {
    const md = renderConformance('markdown', report, { color: false });
    expect(md.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(BEHAVIOURS.length);
    expect(md).toContain('## Failures');
    expect(md).toContain('{"messages":[]}');
  });
});

describe('where conformance reports go', () => {
  it('under reports/ by default, named after the command, with the summary on standard output', () => {
    const plan = planConformanceOutputs({ format: ['json', 'junit', 'markdown'], outDir: 'reports' }, 'replay', io);
    expect(plan).toEqual([
      { format: 'text', file: null },
      { format: 'json', file: '/work/project/reports/replay.json' },
      { format: 'junit', file: '/work/project/reports/replay.xml' },
      { format: 'markdown', file: '/work/project/reports/replay.md' },
    ]);
  });

  it('FMT=FILE and positional outputs', () => {
    const plan = planConformanceOutputs({ format: ['junit'], output: ['json=out/a.json', 'out/b.xml'] }, 'verify', io);
    expect(plan).toContainEqual({ format: 'json', file: '/work/project/out/a.json' });
    expect(plan).toContainEqual({ format: 'junit', file: '/work/project/out/b.xml' });
  });

  it('an unknown format is a usage error naming the valid ones', () => {
    expect(() => planConformanceOutputs({ format: ['yaml'] }, 'replay', io)).toThrow(UsageError);
    expect(() => planConformanceOutputs({ format: ['yaml'] }, 'replay', io)).toThrow(/text, json, junit, markdown, sarif/);
  });
});
