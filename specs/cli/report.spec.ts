/**
 * `aep-harness report`: the JSON of a real run of each model (preflight, check-trace, replay against the
 * in-process server, check-client with the planted client) rendered again in every format of its model
 * is what rendering the same model directly gives; inputs that are not a report exit 3 with a clear message.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EXTENSIONS, CLIENT_FORMAT_NAMES, renderClient } from '../../src/report/client/index.js';
import type { ClientReport } from '../../src/report/client/model.js';
import { CONFORMANCE_EXTENSIONS, CONFORMANCE_FORMAT_NAMES, renderConformance } from '../../src/report/conformance/index.js';
import type { ConformanceReport } from '../../src/report/conformance/model.js';
import { FORMAT_EXTENSIONS, FORMAT_NAMES, renderReport } from '../../src/report/index.js';
import type { PreflightReport } from '../../src/report/model.js';
import { runCli } from './run-cli.js';

const ROOT = join(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function rerender(json: string, command: string, formats: readonly string[], extensions: Record<string, string>): Promise<Map<string, string>> {
  const out = join(dir, `${command}-again`);
  const args = ['report', json, ...formats.flatMap((f) => ['--format', f]), '--out-dir', out, '--no-config'];
  const result = await runCli(args, { cwd: ROOT });
  expect(result.stderr).toBe('');
  const files = new Map<string, string>();
  for (const f of formats) files.set(f, await readFile(join(out, `${command}.${extensions[f]}`), 'utf8'));
  (files as Map<string, string> & { code?: number }).code = result.code;
  return files;
}

describe('aep-harness report renders an earlier run again', () => {
  it('preflight: every format as the model renders directly; exit 1 for errors as the run had', async () => {
    const json = join(dir, 'preflight.json');
    const run = await runCli(['preflight', 'fixtures/payloads/web-events-mixed.json', '--format', 'json', '--output', json, '--no-config'], { cwd: ROOT });
    const report = JSON.parse(await readFile(json, 'utf8')) as PreflightReport;
    const files = await rerender(json, 'preflight', FORMAT_NAMES, FORMAT_EXTENSIONS);
    for (const f of FORMAT_NAMES) expect(files.get(f), f).toBe(renderReport(f, report, { cwd: ROOT, command: 'preflight', failOn: 'error' }));
    expect((files as Map<string, string> & { code?: number }).code).toBe(run.code);
    expect(files.get('github')).toMatch(/^::(error|warning|notice) file=fixtures\/payloads\/web-events-mixed.json,line=\d+,col=\d+,title=/m);
  });

  it('check-trace: told from preflight by its world, every format likewise', async () => {
    const json = join(dir, 'trace.json');
    await runCli(['check-trace', 'fixtures/traces/batch-and-campaign.har', '--format', 'json', '--output', json, '--no-config'], { cwd: ROOT });
    const report = JSON.parse(await readFile(json, 'utf8')) as PreflightReport;
    const files = await rerender(json, 'check-trace', FORMAT_NAMES, FORMAT_EXTENSIONS);
    for (const f of FORMAT_NAMES) expect(files.get(f), f).toBe(renderReport(f, report, { cwd: ROOT, command: 'check-trace', failOn: 'error' }));
  });

  it('replay: every conformance format; exit 0 when no behaviour fails', async () => {
    const out = join(dir, 'replay-run');
    const run = await runCli(['replay', 'fixtures/exchanges/streaming/newer-partial-failure.yaml', 'fixtures/exchanges/streaming/single-message.yaml', '--format', 'json', '--out-dir', out, '--no-config'], { cwd: ROOT });
    expect(run.code).toBe(0);
    const json = join(out, 'replay.json');
    const report = JSON.parse(await readFile(json, 'utf8')) as ConformanceReport;
    const files = await rerender(json, 'replay', CONFORMANCE_FORMAT_NAMES, CONFORMANCE_EXTENSIONS);
    for (const f of CONFORMANCE_FORMAT_NAMES) expect(files.get(f), f).toBe(renderConformance(f, report, { color: false, cwd: ROOT }));
    expect((files as Map<string, string> & { code?: number }).code).toBe(0);
    const events = files.get('ndjson')!.trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(events[0]!.event).toBe('run-started');
    expect(events.at(-1)).toMatchObject({ event: 'run-finished', totals: report.totals });
    expect(events.filter((e) => e.event === 'behaviour')).toHaveLength(report.behaviours.length);
  });

  it('check-client: every client format, from a run of the planted client with no fault', async () => {
    const out = join(dir, 'client-run');
    const run = await runCli(
      ['check-client', '--scenario', 'streaming.partial-failure', '--format', 'json', '--out-dir', out, '--no-config', '--', process.execPath, 'specs/check-client/clients/planted.mjs', 'none'],
      { cwd: ROOT },
    );
    expect(run.code).toBe(0);
    const json = join(out, 'check-client.json');
    const report = JSON.parse(await readFile(json, 'utf8')) as ClientReport;
    const files = await rerender(json, 'check-client', CLIENT_FORMAT_NAMES, CLIENT_EXTENSIONS);
    for (const f of CLIENT_FORMAT_NAMES) expect(files.get(f), f).toBe(renderClient(f, report, { color: false }));
    expect((files as Map<string, string> & { code?: number }).code).toBe(0);
  }, 60_000);
});

describe('aep-harness report refuses what is not a report', () => {
  it('exits 3 for a missing file, text that is not JSON, and JSON of another shape', async () => {
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, 'hello');
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ tool: { name: 'aep-ingest-harness', version: '0' }, hello: [] }));
    const array = join(dir, 'array.json');
    await writeFile(array, '[1, 2]');
    const missing = await runCli(['report', join(dir, 'nope.json'), '--no-config']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.json: cannot be read: no such file');
    const bad = await runCli(['report', notJson, '--no-config']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('not a report of aep-harness: not JSON');
    const shape = await runCli(['report', other, '--no-config']);
    expect(shape.code).toBe(3);
    expect(shape.stderr).toContain('not a report of aep-harness: its shape is none of');
    const arr = await runCli(['report', array, '--no-config']);
    expect(arr.code).toBe(3);
    expect(arr.stderr).toContain('not a report of aep-harness: the file holds an array');
  });

  it('warns about another version, and a format of another model is a usage error', async () => {
    const json = join(dir, 'old.json');
    const report = {
      tool: { name: 'aep-ingest-harness', version: '0.0.1' },
      profile: 'docs',
      world: 'default',
      inlet: null,
      files: [],
      summary: { files: 0, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0 },
    };
    await writeFile(json, JSON.stringify(report));
    const ok = await runCli(['report', json, '--format', 'github', '--no-config']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('warning:');
    expect(ok.stderr).toContain('0.0.1');
    expect(ok.stdout).toBe('');
    const usage = await runCli(['report', json, '--format', 'nope', '--no-config']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown format "nope"');
  });

  it('takes its formats from a configuration file, as the other commands do', async () => {
    const cwd = await mkdtemp(join(dir, 'configured-'));
    await writeFile(join(cwd, 'aep-harness.config.yaml'), 'formats: [ndjson]\n');
    const json = join(cwd, 'empty.json');
    await writeFile(json, JSON.stringify({ tool: { name: 'aep-ingest-harness', version: '0.0.1' }, profile: 'docs', world: 'default', inlet: null, files: [], summary: { files: 0, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0 } }));
    const configured = await runCli(['report', 'empty.json'], { cwd });
    expect(configured.code).toBe(0);
    expect(configured.stdout.split('\n')[0]).toContain('"event":"run-started"');
    const without = await runCli(['report', 'empty.json', '--no-config'], { cwd });
    expect(without.stdout).not.toContain('"event"');
  });
});
