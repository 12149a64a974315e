/** `preflight --plan DIR`, run through `runPlan` (the lead wires the option in cli/preflight.ts). */
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlan, type PlanCliOptions } from '../../src/cli/plan.js';
import type { PlanReport } from '../../src/rules/batch/plan.js';
import { batchDir, MiB } from '../unit/rules/batch/plan-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function dirOf(files: Record<string, number>): string {
  const { dir, cleanup } = batchDir(files);
  cleanups.push(cleanup);
  return dir;
}

async function plan(dir: string, opts: PlanCliOptions = {}, cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await runPlan(dir, opts, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd });
  return { code, stdout, stderr };
}

describe('preflight --plan DIR', () => {
  it('prints the plan as a table: one row per request, every part with its Content-Range; exit 0', async () => {
    const dir = dirOf({ 'small.json': 300 * MiB, 'big.json': 600 * MiB });
    const { code, stdout, stderr } = await plan(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('chunking threshold: 536870912 bytes (512MB)');
    expect(stdout).toMatch(/big\.json\s+629145600\s+chunked\s+INITIALIZE\s+POST \/data\/foundation\/import\/batches\/\{BATCH_ID\}\/datasets\/\{DATASET_ID\}\/files\/big\.json\?action=INITIALIZE/);
    expect(stdout).toMatch(/PATCH\s+bytes 0-511999999\/629145600\s+PATCH /);
    expect(stdout).toMatch(/PATCH\s+bytes 512000000-629145599\/629145600\s+PATCH /);
    expect(stdout).toMatch(/small\.json\s+314572800\s+PUT\s+PUT\s+PUT /);
    expect(stdout).toMatch(/\(batch\)\s+COMPLETE\s+POST \/data\/foundation\/import\/batches\/\{BATCH_ID\}\?action=COMPLETE/);
    expect(stdout).toContain('2 files, 943718400 bytes: 1 by PUT, 1 chunked in 2 parts, 6 requests in all');
  });

  it('the profile decides the threshold; --chunk-bytes the part size; --dataset fills the path', async () => {
    const dir = dirOf({ 'f.json': 300 * MiB });
    const { code, stdout } = await plan(dir, { profile: 'openapi', chunkBytes: '104857600', dataset: '5f0c0c7f6c5f1b194c1e0b4a', format: ['json'] });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as PlanReport;
    expect(report.profile).toBe('openapi');
    expect(report.files[0]!.requests.map((r) => r.headers['Content-Range']).filter(Boolean)).toEqual([
      'bytes 0-104857599/314572800',
      'bytes 104857600-209715199/314572800',
      'bytes 209715200-314572799/314572800',
    ]);
    expect(report.files[0]!.requests[0]!.path).toContain('/datasets/5f0c0c7f6c5f1b194c1e0b4a/files/f.json');
  });

  it('writes text and JSON to files with --output, findings naming files as the user did', async () => {
    const dir = dirOf({ 'e.json': 0 });
    const out = dirOf({});
    const { code, stdout } = await plan('.', { format: ['text', 'json'], output: [join(out, 'plan.txt'), join(out, 'plan.json')] }, dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const report = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as PlanReport;
    expect(report.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ['batch.plan.file-empty', 'e.json'],
      ['batch.plan.batch-below-recommended', '.'],
    ]);
    expect(readFileSync(join(out, 'plan.txt'), 'utf8')).toContain('Dataset file is empty. Please upload file with data.');
  });

  it('exit 1 when a finding is at or above --fail-on', async () => {
    const dir = dirOf({ 'a.json': 10 });
    expect((await plan(dir)).code).toBe(0);
    expect((await plan(dir, { failOn: 'info' })).code).toBe(1);
    expect((await plan(dir, { profile: 'strict', failOn: 'warn' })).code).toBe(1);
  });

  it('exit 2 on usage errors, named with the valid choices', async () => {
    const dir = dirOf({ 'a.json': 10 });
    expect(await plan(dir, { profile: 'nope' })).toMatchObject({ code: 2, stderr: expect.stringContaining('expected one of: docs, openapi, strict') });
    expect(await plan(dir, { chunkBytes: '600000000' })).toMatchObject({ code: 2, stderr: expect.stringContaining('from 1 to 512000000') });
    expect(await plan(dir, { chunkBytes: '1.5' })).toMatchObject({ code: 2, stderr: expect.stringContaining('--chunk-bytes') });
    expect(await plan(dir, { format: ['sarif'] })).toMatchObject({ code: 2, stderr: expect.stringContaining('text or json') });
  });

  it('exit 3 when DIR or an entry in it cannot be read', async () => {
    const dir = dirOf({ 'a.json': 10 });
    expect(await plan(join(dir, 'missing'))).toMatchObject({ code: 3, stderr: expect.stringContaining('ENOENT') });
    symlinkSync(join(dir, 'gone'), join(dir, 'broken.json'));
    const { code, stdout } = await plan(dir);
    expect(code).toBe(3);
    expect(stdout).toContain('broken.json: its size cannot be read');
  });
});
