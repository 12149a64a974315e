/** Worker threads: a large single-line JSON, multi-line JSON, Parquet or CSV file shared out over workers gives exactly the single-thread report. */
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { splitCsv } from '../../../../src/parse/records/csv.js';
import { splitJsonArray } from '../../../../src/parse/records/json-array.js';
import { splitOnRowGroups } from '../../../../src/parse/records/parquet.js';
import { preflightBatchFile, type BatchPreflightOptions } from '../../../../src/rules/batch/preflight-file.js';
import { event, FLAT_DATASET_ID, flatWorld, WEB_EVENT_DATASET_ID, writeBatchFile } from './helpers.js';

describe('batch pre-flight on worker threads', () => {
  it('jobs=4 gives the same findings, failed records and counts as jobs=1, in file order', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      if (i % 97 === 5) lines.push('{"_id": "x", "timestamp": ');
      else if (i % 53 === 3) lines.push(JSON.stringify({ _id: `e${i}`, timestamp: 'not a date' }));
      else if (i % 71 === 7) lines.push('');
      else if (i % 89 === 1) lines.push(JSON.stringify({ _id: `e${i}` }));
      else lines.push(event(`e${i}`));
    }
    const file = writeBatchFile('many.json', `${lines.join('\n')}\n`);
    const world = flatWorld();
    const progress: number[] = [];
    const base = { world, datasetId: WEB_EVENT_DATASET_ID, maxFindings: 50, maxFailedRecords: 30 };
    const single = await preflightBatchFile(file, { ...base, jobs: 1 });
    const parallel = await preflightBatchFile(file, { ...base, jobs: 4, minBytesPerJob: 1024, onProgress: (done) => progress.push(done) });
    expect(parallel).toEqual(single);
    expect(single.findingsDropped).toBeGreaterThan(0);
    expect(single.predicted).toMatchObject({ kind: 'batch-file', status: 'failed' });
    expect(progress[progress.length - 1]).toBe(single.bytes);
  }, 20_000);
});

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8' } as const;

/** Report of jobs=1 and of jobs=4 (a small per-job threshold, so the file is shared out), and the progress of the latter. */
async function bothWays(file: string, opts: Partial<BatchPreflightOptions> = {}) {
  const base = { world: flatWorld(), datasetId: WEB_EVENT_DATASET_ID, maxFindings: 60, maxFailedRecords: 25, ...opts };
  const progress: number[] = [];
  const single = await preflightBatchFile(file, { ...base, jobs: 1 });
  const parallel = await preflightBatchFile(file, { ...base, jobs: 4, minBytesPerJob: 256, onProgress: (done) => progress.push(done) });
  return { single, parallel, progress };
}

describe('batch pre-flight of Parquet on worker threads (runs of row groups)', () => {
  it('jobs=4 gives the same report as jobs=1, rows numbered as in the file', async () => {
    const n = 1500;
    const ids = Array.from({ length: n }, (_, i) => `e${i + 1}`);
    const timestamps = ids.map((_, i) => (i % 41 === 6 ? 'not a date' : i % 113 === 9 ? null : '2024-05-01T10:00:00Z'));
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: '_id', data: ids },
        { name: 'timestamp', data: timestamps },
        { name: 'web', data: ids.map((id) => ({ webPageDetails: { name: `page ${id}` } })) },
      ],
      schema: [
        { name: 'root', num_children: 3 },
        { name: '_id', ...STRING, repetition_type: 'REQUIRED' },
        { name: 'timestamp', ...STRING, repetition_type: 'OPTIONAL' },
        { name: 'web', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'webPageDetails', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'name', ...STRING, repetition_type: 'OPTIONAL' },
      ],
      // Uneven row groups: the runs are balanced by rows, not by groups.
      rowGroupSize: [100, 300, 50, 50, 200, 100, 400, 300],
    });
    const file = writeBatchFile('many.parquet', new Uint8Array(buffer));
    const split = await splitOnRowGroups(file, 4);
    expect(split?.ranges.map((r) => [r.firstGroup, r.endGroup, r.rowStart, r.rows])).toEqual([
      [0, 2, 0, 400],
      [2, 6, 400, 400],
      [6, 7, 800, 400],
      [7, 8, 1200, 300],
    ]);
    const { single, parallel, progress } = await bothWays(file, { maxFindings: 30 });
    expect(parallel).toEqual(single);
    expect(single.predicted).toMatchObject({ format: 'parquet', status: 'failed', counts: { records: n } });
    expect(single.findings.length).toBeGreaterThan(10);
    expect(single.findingsDropped).toBeGreaterThan(0);
    // Invalid rows from every part of the file are in the failed records, in file order.
    const rows = (single.predicted?.kind === 'batch-file' ? single.predicted.failedRecords : []).map((r) => r.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(single.predicted?.kind === 'batch-file' && single.predicted.counts.failed).toBeGreaterThan(40);
    expect(progress[progress.length - 1]).toBe(single.bytes);
  }, 20_000);

  it('a file that is not Parquet is refused the same way with jobs=4', async () => {
    const file = writeBatchFile('fake.parquet', 'PAR1'.padEnd(4096, 'x'));
    const { single, parallel } = await bothWays(file);
    expect(parallel).toEqual(single);
    expect(single.inputError).toBeDefined();
  });
});

describe('batch pre-flight of multi-line JSON on worker threads (slices of the array)', () => {
  /** An array whose elements span lines, share lines, carry multi-byte text, and are invalid here and there. */
  function arrayDocument(n: number): string {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      let element: string;
      if (i % 97 === 5) element = `{"_id": "x${i}" "timestamp": "2024-05-01T10:00:00Z"}`; // missing comma
      else if (i % 53 === 3) element = JSON.stringify({ _id: `é${i}`, timestamp: 'not a date', web: { webPageDetails: { name: 'café ✓' } } }, null, 2);
      else if (i % 89 === 1) element = JSON.stringify({ _id: `e${i}` }, null, i % 2 === 0 ? 2 : undefined);
      else if (i % 61 === 8) element = JSON.stringify({ _id: `ü${i}`, timestamp: '2024-05-01T10:00:00Z', web: { webPageDetails: { name: 7 } } }, null, '\t');
      else element = i % 3 === 0 ? JSON.stringify({ _id: `e${i}`, timestamp: '2024-05-01T10:00:00Z', note: 'ok ✓ "quoted, ] }"' }, null, 2) : event(`e${i}`);
      parts.push(element);
    }
    // Several elements per line in places, so slices also start in the middle of a line.
    let text = '\uFEFF[\n  ';
    parts.forEach((element, i) => {
      text += element;
      if (i + 1 < parts.length) text += i % 4 === 0 ? ', ' : ',\n  ';
    });
    return `${text}\n]\n`;
  }

  it('jobs=4 gives the same report as jobs=1, lines and columns as in the file', async () => {
    const file = writeBatchFile('many-multiline.json', arrayDocument(2500));
    const size = statSync(file).size;
    const slices = await splitJsonArray(file, size, 4);
    expect(slices?.length).toBe(4);
    expect(slices?.[0]).toMatchObject({ offset: 7, line: 2, column: 3, row: 0 });
    expect(slices?.[3]?.end).toBe(size);
    const { single, parallel, progress } = await bothWays(file, { multiline: true, maxFindings: 200, maxFailedRecords: 150 });
    expect(parallel).toEqual(single);
    expect(single.predicted).toMatchObject({ format: 'json', multiline: true, status: 'failed', counts: { records: 2500 } });
    expect(single.findingsDropped).toBeGreaterThan(0);
    // Findings from late in the file, past the first worker's share, point at lines and columns beyond line 1.
    expect(Math.max(...single.findings.map((f) => f.line))).toBeGreaterThan(1000);
    expect(single.findings.some((f) => f.column > 1)).toBe(true);
    expect(progress[progress.length - 1]).toBe(single.bytes);
  }, 20_000);

  it('a single object, a broken array and a short array read on the calling thread give the single-thread report', async () => {
    const docs = {
      'object.json': JSON.stringify({ _id: 'o', timestamp: 'no' }, null, 2).padEnd(2048, ' '),
      'broken.json': arrayDocument(300).replace(/\]\n$/, ''),
      'trailing.json': `${arrayDocument(300)}{}`,
      'one.json': `[${JSON.stringify({ _id: 'x'.repeat(3000) })}]`,
    };
    for (const [name, content] of Object.entries(docs)) {
      const file = writeBatchFile(name, content);
      expect(await splitJsonArray(file, statSync(file).size, 4), name).toBeNull();
      const { single, parallel } = await bothWays(file, { multiline: true });
      expect(parallel, name).toEqual(single);
    }
  }, 20_000);
});

describe('batch pre-flight of CSV on worker threads (runs of records after the header)', () => {
  /** Quoted cells with commas, doubled quotes and line breaks, CRLF and blank lines, and invalid rows spread over the file. */
  function csvDocument(n: number): string {
    let text = '\uFEFF_id,firstName,age,vip\n';
    for (let i = 0; i < n; i++) {
      const eol = i % 7 === 0 ? '\r\n' : '\n';
      if (i % 83 === 4) text += `u${i},"Ann\nde ""la"" Croix, Jr.",abc,true${eol}`; // age is not an integer
      else if (i % 59 === 2) text += `u${i},Bob${eol}`; // too few cells
      else if (i % 47 === 1) text += `\n`;
      else if (i % 31 === 3) text += `"u${i}","multi\nline\nname ✓",${i},maybe${eol}`; // vip is not a boolean
      else text += `u${i},Zoë ${i},${i % 90},${i % 2 === 0}${eol}`;
    }
    return text;
  }

  it('jobs=4 gives the same report as jobs=1, lines as in the file', async () => {
    const file = writeBatchFile('many.csv', csvDocument(3000));
    const slices = await splitCsv(file, statSync(file).size, 4);
    expect(slices?.length).toBe(4);
    expect(slices?.[0]).toMatchObject({ linesBefore: 1 });
    const { single, parallel, progress } = await bothWays(file, { datasetId: FLAT_DATASET_ID, maxFindings: 150, maxFailedRecords: 100 });
    expect(parallel).toEqual(single);
    expect(single.predicted).toMatchObject({ format: 'csv', status: 'failed' });
    expect(single.findingsDropped).toBeGreaterThan(0);
    expect(Math.max(...single.findings.map((f) => f.line))).toBeGreaterThan(1500);
    expect(progress[progress.length - 1]).toBe(single.bytes);
  }, 20_000);

  it('a CSV the quote scan cannot cut is read on the calling thread, with the single-thread report', async () => {
    const docs = {
      'stray-quote.csv': csvDocument(300).replace('u150,', 'u1"50,'),
      'open-quote.csv': `${csvDocument(300)}u9,"never closed,1,true\n`,
      'after-quote.csv': csvDocument(300).replace('u200,', '"u200"x,'),
      'cr-in-quote.csv': `${csvDocument(300)}u9,"two\r\nlines",1,true\n`,
      'header-only.csv': `_id,firstName,age,vip\n${'\n'.repeat(2000)}`,
      'blank-header.csv': `,,,\n${csvDocument(300).split('\n').slice(1).join('\n')}`,
    };
    for (const [name, content] of Object.entries(docs)) {
      const file = writeBatchFile(name, content);
      if (name.includes('quote')) expect(await splitCsv(file, statSync(file).size, 4), name).toBeNull();
      const { single, parallel } = await bothWays(file, { datasetId: FLAT_DATASET_ID });
      expect(parallel, name).toEqual(single);
    }
  }, 20_000);
});
