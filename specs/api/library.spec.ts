/**
 * The library entry (src/index.ts) as programs use it: pre-flight of files and of values in memory gives
 * the report the JSON format writes, replay and verify give the conformance report, the renderers need
 * nothing but the report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as harness from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';
import { closedPort } from '../loopback.js';

const ROOT = join(import.meta.dirname, '../..');
const MIXED = join(ROOT, 'fixtures/payloads/web-events-mixed.json');
const mixed = JSON.parse(readFileSync(MIXED, 'utf8')) as { messages: unknown[] };

/** What does not depend on how the bytes were laid out: the answer, and each finding's rule and pointer. */
const judged = (report: harness.PreflightReport) =>
  report.files.map((f) => ({ predicted: f.predicted, findings: f.findings.map((x) => ({ ruleId: x.ruleId, pointer: x.pointer, messageIndex: x.messageIndex })) }));

describe('pre-flight', () => {
  it('preflight(files) is the report `preflight --format json` writes', async () => {
    const report = await harness.preflight([MIXED, join(ROOT, 'fixtures/payloads/web-events.ndjson')]);
    const cli = await runCli(['preflight', '--format', 'json', MIXED, join(ROOT, 'fixtures/payloads/web-events.ndjson')], { cwd: ROOT });
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(harness.renderReport('json', report)));
    expect(report.summary).toMatchObject({ files: 2, inputErrors: 0 });
  });

  it('preflightValues judges a request, its messages as an array, one message and a body as the file is judged', async () => {
    const fromFile = judged(await harness.preflight(MIXED));
    expect(judged(harness.preflightValues(mixed))).toEqual(fromFile);
    expect(judged(harness.preflightValues(JSON.stringify(mixed)))).toEqual(fromFile);
    expect(judged(harness.preflightValues(mixed.messages))).toEqual(fromFile);
    const one = harness.preflightValues(mixed.messages[3], { name: 'message 3' });
    expect(one.files[0]).toMatchObject({ file: 'message 3', kind: 'message', predicted: { kind: 'single-message', status: 400 } });
  });

  it('follows the world, profile and inlet it is given, and says what is wrong with them', async () => {
    const world = harness.defaultWorld();
    const report = harness.preflightValues(mixed, { world, profile: 'strict', inletId: world.inlets[0]!.id });
    expect(report).toMatchObject({ profile: 'strict', world: 'embedded:default', inlet: world.inlets[0]!.id });
    expect(() => harness.preflightValues(mixed, { inletId: 'nope' })).toThrow(harness.ConfigurationError);
    await expect(harness.preflight(MIXED, { world: join(ROOT, 'fixtures/worlds/default/world.yaml') })).resolves.toMatchObject({ world: expect.stringContaining('world.yaml') });
    await expect(harness.preflight(MIXED, { world: join(ROOT, 'no-such-world.yaml') })).rejects.toThrow(harness.WorldError);
  });

  it('a value that is not JSON is an input error of its report, not an exception', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(harness.preflightValues(cyclic).files[0]!.inputError?.message).toMatch(/cannot be serialised as JSON/);
    expect(harness.preflightValues(undefined).summary.inputErrors).toBe(1);
  });

  it('renders every format from the report alone', async () => {
    const report = await harness.preflight(MIXED);
    for (const format of harness.FORMAT_NAMES) expect(harness.renderReport(format, report).length, format).toBeGreaterThan(0);
    const sarif = JSON.parse(harness.renderReport('sarif', report)) as { runs: { tool: { driver: { rules: unknown[] } } }[] };
    expect(sarif.runs[0]!.tool.driver.rules.length).toBeGreaterThan(0);
  });
});

describe('verifying a server', () => {
  it('replay() of the documented exchanges against the in-process reference server passes every behaviour it exercises', async () => {
    const report = await harness.replay({ fixtures: [join(ROOT, 'fixtures/exchanges/streaming')], env: {} });
    expect(report.run).toMatchObject({ command: 'replay', profile: 'docs', target: expect.stringMatching(/^reference server \(in-process, http:\/\/127\.0\.0\.1:\d+\)$/) });
    expect(report.totals.fail).toBe(0);
    expect(report.totals.pass).toBeGreaterThan(0);
    expect(harness.renderConformance('markdown', report, { color: false })).toContain('replay');
  });

  it('replay() throws FixtureError for fixtures that cannot be replayed, and TargetUnreachable when nothing answers', async () => {
    await expect(harness.replay({ fixtures: [join(ROOT, 'fixtures/replay-bad')] })).rejects.toThrow(harness.FixtureError);
    await expect(harness.replay({ fixtures: [join(ROOT, 'fixtures/exchanges/streaming')], target: `http://127.0.0.1:${await closedPort()}`, env: {} })).rejects.toThrow(harness.TargetUnreachable);
  });

  it('verify() sends generated traffic and keeps the seed in the report', async () => {
    const report = await harness.verify({ runs: 3, seed: 42, only: ['streaming'], env: {} });
    expect(report.run).toMatchObject({ command: 'verify', seed: 42, runs: 3 });
    expect(report.totals.fail).toBe(0);
  });
});

describe('traces', () => {
  it('checkHarText and checkTrace are the checker check-trace runs', () => {
    const text = readFileSync(join(ROOT, 'fixtures/traces/batch-and-campaign.har'), 'utf8');
    expect(harness.checkHarText(text, 'trace.har')).toEqual({ ok: true, findings: [], entries: 13 });
    expect(harness.checkTrace(harness.readHar(text))).toEqual([]);
  });
});
