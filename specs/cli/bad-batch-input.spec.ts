/** Batch pre-flight (--dataset) of broken files: a clear message and an exit code, never a crash. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, unwrapped } from './run-cli.js';

const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const work = mkdtempSync(join(tmpdir(), 'aep-bad-batch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cases: { name: string; file: string; content?: string | Buffer; args?: string[]; exit: number; says: string }[] = [
  { name: 'an empty file: the documented 106 error', file: 'empty.json', content: '', exit: 1, says: 'error 106: Dataset file is empty. Please upload file with data.' },
  { name: 'a file holding only a byte order mark: empty too', file: 'bom.json', content: Buffer.from([0xef, 0xbb, 0xbf]), exit: 1, says: 'error 106' },
  { name: 'a truncated record: kept as _corrupt_record', file: 'trunc.json', content: '{"_id":"a",', exit: 1, says: '_corrupt_record' },
  { name: 'a truncated multi-line array: the file cannot be read (exit 3)', file: 'trunc-multi.json', content: '[{"_id":"a"},', args: ['--multiline'], exit: 3, says: "ends before the array's closing ]" },
  { name: 'a file that only claims to be Parquet (exit 3)', file: 'fake.parquet', content: 'PAR1garbagePAR1', exit: 3, says: 'not a readable Parquet file' },
  { name: 'CSV for a nested schema', file: 'events.csv', content: 'a,b\n1,2\n', exit: 1, says: 'CSV ingestion is only supported for flat schemas' },
  { name: 'nesting 100 000 deep', file: 'deep.json', content: '['.repeat(100_000) + ']'.repeat(100_000), args: ['--multiline'], exit: 1, says: 'must be object' },
  { name: 'a file that is not UTF-8 fails as a whole, as the server fails it (exit 3)', file: 'latin1.json', content: Buffer.from([0xe9, 0xe9, 0x0a]), exit: 3, says: 'harness.unreadable-file' },
  { name: 'a missing file (exit 3)', file: 'missing.json', exit: 3, says: 'no such file' },
];

describe('broken batch files', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const path = join(work, c.file);
      if (c.content !== undefined) writeFileSync(path, c.content);
      const result = await runCli(['preflight', '--dataset', DATASET, ...(c.args ?? []), path]);
      expect(result.stderr).not.toContain('internal error');
      expect(result.code, result.stdout + result.stderr).toBe(c.exit);
      expect(unwrapped(result.stdout)).toContain(c.says);
    });
  }

  it('a directory with no batch file below it (exit 3)', async () => {
    const dir = join(work, 'a-dir.json');
    mkdirSync(dir);
    const result = await runCli(['preflight', '--dataset', DATASET, dir]);
    expect(result.code).toBe(3);
    expect(unwrapped(result.stdout)).toContain('a-dir.json: error: a directory with no file to check (looked for *.json, *.ndjson, *.jsonl, *.parquet, *.csv below it)');
  });

  it('an unknown dataset is a usage error naming the known ones (exit 2)', async () => {
    const result = await runCli(['preflight', '--dataset', 'nope', join(work, 'x.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--dataset nope is not a dataset of the world');
  });
});
