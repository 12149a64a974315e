import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_ERROR_CODES, parseContentRange } from '../../../../src/contract/batch.js';
import { planBatchUpload, PlanInputError, PlanOptionError, type PlanReport } from '../../../../src/rules/batch/plan.js';
import { BATCH_PLAN_RULE_IDS } from '../../../../src/rules/ids.js';
import { batchDir, GiB, MiB } from './plan-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function dirOf(files: Record<string, number>): string {
  const { dir, cleanup } = batchDir(files);
  cleanups.push(cleanup);
  return dir;
}

const ruleIds = (plan: PlanReport) => plan.findings.map((f) => f.ruleId);
const fileNamed = (plan: PlanReport, name: string) => plan.files.find((f) => f.name === name)!;
const ranges = (plan: PlanReport, name: string) => fileNamed(plan, name).requests.flatMap((r) => (r.headers['Content-Range'] ? [r.headers['Content-Range']] : []));

describe('the chunking threshold is the profile\'s reading (256 MB in the OpenAPI file, 512 MB in the tutorials)', () => {
  it('a 300 MiB file goes as one PUT under docs (512 MB) and in chunks under openapi and strict (256 MB)', async () => {
    const dir = dirOf({ 'events.json': 300 * MiB });
    const docs = await planBatchUpload(dir, { profile: 'docs' });
    expect(fileNamed(docs, 'events.json').method).toBe('PUT');
    expect(docs.threshold).toMatchObject({ bytes: 512 * MiB, reading: '512MB' });
    for (const profile of ['openapi', 'strict'] as const) {
      const plan = await planBatchUpload(dir, { profile });
      expect(plan.threshold).toMatchObject({ bytes: 256 * MiB, reading: '256MB' });
      expect(fileNamed(plan, 'events.json').method).toBe('chunked');
      // Default part: the largest a request may carry (512 000 000) that is not over the threshold.
      expect(plan.chunkBytes).toMatchObject({ bytes: 256 * MiB, chosenBy: 'default' });
      expect(ranges(plan, 'events.json')).toEqual(['bytes 0-268435455/314572800', 'bytes 268435456-314572799/314572800']);
      expect(ruleIds(plan)).toContain('batch.plan.file-chunked');
    }
  });

  it('a file of exactly the threshold goes as one PUT; one byte more goes in chunks', async () => {
    const dir = dirOf({ 'at.json': 256 * MiB, 'over.json': 256 * MiB + 1 });
    const plan = await planBatchUpload(dir, { profile: 'openapi' });
    expect(fileNamed(plan, 'at.json').method).toBe('PUT');
    expect(ranges(plan, 'over.json')).toEqual(['bytes 0-268435455/268435457', 'bytes 268435456-268435456/268435457']);
  });

  it('a 600 MiB file under docs is cut in parts of 512 000 000 bytes, the accepted range of one request', async () => {
    const dir = dirOf({ 'big.parquet': 600 * MiB });
    const plan = await planBatchUpload(dir, { profile: 'docs' });
    expect(plan.chunkBytes.bytes).toBe(512_000_000);
    expect(ranges(plan, 'big.parquet')).toEqual(['bytes 0-511999999/629145600', 'bytes 512000000-629145599/629145600']);
  });

  it('the part size can be chosen, within 1 to 512 000 000 bytes', async () => {
    const dir = dirOf({ 'big.json': 600 * MiB });
    const plan = await planBatchUpload(dir, { profile: 'docs', chunkBytes: 200 * MiB });
    expect(plan.chunkBytes).toMatchObject({ bytes: 200 * MiB, chosenBy: 'option' });
    expect(ranges(plan, 'big.json')).toHaveLength(3);
    await expect(planBatchUpload(dir, { profile: 'docs', chunkBytes: 512_000_001 })).rejects.toThrow(PlanOptionError);
    await expect(planBatchUpload(dir, { profile: 'docs', chunkBytes: 0 })).rejects.toThrow(/from 1 to 512000000/);
  });
});

describe('the requests of the plan', () => {
  it('a small file is one PUT of octet-stream; a large one is INITIALIZE, PATCH per part, COMPLETE; the batch is completed once at the end', async () => {
    const dir = dirOf({ 'small.json': 10, 'large.json': 300 * MiB });
    const plan = await planBatchUpload(dir, { profile: 'openapi' });
    const files = '/data/foundation/import/batches/{BATCH_ID}/datasets/{DATASET_ID}/files';
    expect(fileNamed(plan, 'small.json').requests).toEqual([
      { method: 'PUT', path: `${files}/small.json`, headers: { 'Content-Type': 'application/octet-stream' }, body: { start: 0, end: 9 } },
    ]);
    const large = fileNamed(plan, 'large.json').requests;
    expect(large.map((r) => `${r.method} ${r.query?.action ?? ''}`)).toEqual(['POST INITIALIZE', 'PATCH ', 'PATCH ', 'POST COMPLETE']);
    expect(large[0]).toEqual({ method: 'POST', path: `${files}/large.json`, query: { action: 'INITIALIZE' }, headers: {} });
    expect(large[1]).toEqual({
      method: 'PATCH',
      path: `${files}/large.json`,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': 'bytes 0-268435455/314572800' },
      body: { start: 0, end: 268435455 },
    });
    expect(plan.completeBatch).toEqual({ method: 'POST', path: '/data/foundation/import/batches/{BATCH_ID}', query: { action: 'COMPLETE' }, headers: {} });
    expect(plan.summary).toMatchObject({ files: 2, bytes: 300 * MiB + 10, put: 1, chunked: 1, parts: 2, requests: 6 });
  });

  it('every Content-Range reads back (the harness\'s reading) and the parts tile the file', async () => {
    const dir = dirOf({ 'x.json': 1234 * MiB + 17 });
    const plan = await planBatchUpload(dir, { profile: 'strict' });
    let next = 0;
    for (const value of ranges(plan, 'x.json')) {
      const range = parseContentRange(value)!;
      expect(range.start).toBe(next);
      expect(range.total).toBe(1234 * MiB + 17);
      next = range.end + 1;
    }
    expect(next).toBe(1234 * MiB + 17);
  });

  it('names are relative to DIR, folders kept as partitions, each part percent-encoded, in a stable order', async () => {
    const dir = dirOf({ 'b.json': 1, 'a/2024-01/events 1.json': 1, 'a/données.json': 1 });
    const plan = await planBatchUpload(dir, { profile: 'docs', datasetId: '5f0c0c7f6c5f1b194c1e0b4a' });
    expect(plan.files.map((f) => f.name)).toEqual(['a/2024-01/events 1.json', 'a/données.json', 'b.json']);
    expect(plan.files[0]!.requests[0]!.path).toBe('/data/foundation/import/batches/{BATCH_ID}/datasets/5f0c0c7f6c5f1b194c1e0b4a/files/a/2024-01/events%201.json');
    expect(plan.files[1]!.requests[0]!.path.endsWith('/files/a/donn%C3%A9es.json')).toBe(true);
  });
});

describe('batch limits', () => {
  it('more than 1500 files is an error', async () => {
    const files: Record<string, number> = {};
    for (let i = 0; i < 1501; i++) files[`part-${String(i).padStart(4, '0')}.json`] = 1;
    const plan = await planBatchUpload(dirOf(files), { profile: 'docs' });
    const finding = plan.findings.find((f) => f.ruleId === 'batch.plan.too-many-files')!;
    expect(finding).toMatchObject({ severity: 'error', line: 1, column: 1, pointer: '' });
    expect(finding.message).toContain('1501 files; a batch holds at most 1500');
    expect(finding.docs).toMatch(/^https:\/\//);
  });

  it('exactly 1500 files is allowed', async () => {
    const files: Record<string, number> = {};
    for (let i = 0; i < 1500; i++) files[`part-${i}.json`] = 1;
    const plan = await planBatchUpload(dirOf(files), { profile: 'docs' });
    expect(ruleIds(plan)).not.toContain('batch.plan.too-many-files');
  });

  it('a batch over 100 GB is an error', async () => {
    const plan = await planBatchUpload(dirOf({ 'a.json': 60 * GiB, 'b.json': 40 * GiB + 1 }), { profile: 'docs' });
    expect(plan.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(['batch.plan.batch-too-large']);
  });

  it('a batch of exactly 100 GB is neither too large nor below the recommended size', async () => {
    const plan = await planBatchUpload(dirOf({ 'a.json': 100 * GiB }), { profile: 'docs' });
    expect(ruleIds(plan).filter((id) => id.startsWith('batch.plan.batch'))).toEqual([]);
  });

  it('under 256 MB is below the recommended size: advice (info), a warning under strict', async () => {
    const dir = dirOf({ 'a.json': 256 * MiB - 1 });
    expect((await planBatchUpload(dir, { profile: 'docs' })).findings).toEqual([expect.objectContaining({ ruleId: 'batch.plan.batch-below-recommended', severity: 'info' })]);
    expect((await planBatchUpload(dir, { profile: 'strict' })).findings).toEqual([expect.objectContaining({ ruleId: 'batch.plan.batch-below-recommended', severity: 'warn' })]);
    expect((await planBatchUpload(dirOf({ 'a.json': 256 * MiB }), { profile: 'docs' })).findings).toEqual([]);
  });
});

describe('files and names the plan cannot take', () => {
  it('an empty file gets the documented error 106 text', async () => {
    const plan = await planBatchUpload(dirOf({ 'empty.json': 0, 'full.json': 300 * MiB }), { profile: 'docs' });
    const finding = plan.findings.find((f) => f.ruleId === 'batch.plan.file-empty')!;
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain(BATCH_ERROR_CODES['106'].description);
    expect(finding.file.endsWith('empty.json')).toBe(true);
  });

  it('a broken link and a link to a folder are unreadable entries; a link to a file is planned', async () => {
    const dir = dirOf({ 'real.json': 5 });
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'missing.json'), join(dir, 'broken.json'));
    symlinkSync(join(dir, 'sub'), join(dir, 'loop'));
    symlinkSync(join(dir, 'real.json'), join(dir, 'alias.json'));
    const plan = await planBatchUpload(dir, { profile: 'docs' });
    expect(plan.unreadable.map((u) => u.name)).toEqual(['broken.json', 'loop']);
    expect(plan.unreadable[0]!.reason).toMatch(/ENOENT/);
    expect(plan.files.map((f) => f.name)).toEqual(['alias.json', 'real.json']);
    expect(ruleIds(plan).filter((id) => id === 'batch.plan.entry-unreadable')).toHaveLength(2);
  });

  it('a name that is not UTF-8 is refused, with the reason', async () => {
    const dir = dirOf({});
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.json')]), 'x');
    const plan = await planBatchUpload(dir, { profile: 'docs' });
    expect(plan.files).toEqual([]);
    expect(plan.refused).toEqual([expect.objectContaining({ bytes: 1, reason: expect.stringMatching(/not valid UTF-8/) })]);
    expect(ruleIds(plan)).toContain('batch.plan.name-refused');
    expect(plan.summary.files).toBe(1);
  });

  it('a name whose upload URL would pass 2000 characters is refused with the documented 414', async () => {
    const deep = Array.from({ length: 8 }, (_, i) => `${String(i)}${'é'.repeat(60)}`).join('/');
    const plan = await planBatchUpload(dirOf({ [`${deep}/x.json`]: 1, 'ok.json': 1 }), { profile: 'docs' });
    expect(plan.files.map((f) => f.name)).toEqual(['ok.json']);
    expect(plan.refused[0]!.reason).toMatch(/over 2000 characters with 414/);
  });

  it('DIR that is missing or not a folder is an input error', async () => {
    const dir = dirOf({ 'a.json': 1 });
    await expect(planBatchUpload(join(dir, 'nope'), { profile: 'docs' })).rejects.toThrow(PlanInputError);
    await expect(planBatchUpload(join(dir, 'a.json'), { profile: 'docs' })).rejects.toThrow(/not a directory/);
  });
});

describe('rule ids', () => {
  it('every finding of a plan has an id from BATCH_PLAN_RULE_IDS', async () => {
    const plan = await planBatchUpload(dirOf({ 'e.json': 0, 'big.json': 600 * MiB }), { profile: 'openapi' });
    for (const id of ruleIds(plan)) expect(BATCH_PLAN_RULE_IDS).toContain(id);
  });
});
