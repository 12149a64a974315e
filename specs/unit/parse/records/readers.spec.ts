/** The streaming readers of batch files: records across chunk boundaries, bounded memory, CSV quoting. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonArrayScanner, readJsonArrayRecords } from '../../../../src/parse/records/json-array.js';
import { readJsonLineRange, readJsonLineRecords, splitOnLines } from '../../../../src/parse/records/json-lines.js';
import { csvRecord, readCsvRows } from '../../../../src/parse/records/csv.js';
import { FileFault, isCorrupt, type BatchRecord } from '../../../../src/parse/records/types.js';

const dir = mkdtempSync(join(tmpdir(), 'aep-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
async function all(gen: AsyncGenerator<BatchRecord[]>): Promise<BatchRecord[]> {
  const out: BatchRecord[] = [];
  for await (const batch of gen) out.push(...batch);
  return out;
}
const summary = (records: BatchRecord[]) => records.map((r) => (isCorrupt(r) ? { row: r.row, line: r.line, corrupt: r.at } : { row: r.row, line: r.line, value: r.value }));

describe('multi-line JSON: a top-level array split into records as it streams', () => {
  const text = '\uFEFF\n [ {"a": "x,]}\\"{"},\n  {"b": [1, {"c": "é"}]} , 3,\n{"bad": }\n]\n';
  const expected = [
    { row: 1, line: 2, value: { a: 'x,]}"{' } },
    { row: 2, line: 3, value: { b: [1, { c: 'é' }] } },
    { row: 3, line: 3, value: 3 },
    { row: 4, line: 4, corrupt: { line: 4, column: 9 } },
  ];
  it.each([1, 2, 3, 7, 1024])('gives the same records whatever the chunk size (%i bytes)', (size) => {
    const scanner = new JsonArrayScanner(1 << 20);
    const bytes = Buffer.from(text);
    const records: BatchRecord[] = [];
    for (let i = 0; i < bytes.length; i += size) records.push(...scanner.push(bytes.subarray(i, i + size)));
    records.push(...scanner.end());
    expect(summary(records)).toEqual(expected);
  });
  it('one object is one record; an empty array none', async () => {
    expect(summary(await all(readJsonArrayRecords(write('one.json', '{\n "a": 1\n}\n'))))).toEqual([{ row: 1, line: 1, value: { a: 1 } }]);
    expect(await all(readJsonArrayRecords(write('none.json', ' [ ] ')))).toEqual([]);
  });
  it('a broken document is a fault of the file, with its place', async () => {
    await expect(all(readJsonArrayRecords(write('open.json', '[{"a":1},\n')))).rejects.toThrow(FileFault);
    await expect(all(readJsonArrayRecords(write('after.json', '[1]\nx')))).rejects.toThrow(/goes on after/);
    await expect(all(readJsonArrayRecords(write('num.json', '42')))).rejects.toThrow(/not one JSON array/);
  });
  it('holds one record at a time: an array far bigger than the chunk streams out chunk by chunk', async () => {
    const record = JSON.stringify({ _id: 'x'.repeat(200), timestamp: '2024-05-01T10:00:00Z' });
    const count = 5000; // ~1.2 MB against 4 KiB chunks
    const path = write('big.json', `[${Array.from({ length: count }, () => record).join(',\n')}]`);
    let records = 0;
    let batches = 0;
    let largest = 0;
    for await (const batch of readJsonArrayRecords(path, { highWaterMark: 4096 })) {
      batches++;
      records += batch.length;
      largest = Math.max(largest, batch.length);
    }
    expect(records).toBe(count);
    // Records are handed out as each chunk completes them, never gathered for the whole file.
    expect(batches).toBeGreaterThan(200);
    expect(largest).toBeLessThanOrEqual(Math.ceil(4096 / record.length) + 1);
  });
  it('a record over the limit is reported, not held', () => {
    const scanner = new JsonArrayScanner(10);
    const records = [...scanner.push(Buffer.from('[{"a": "0123456789"}, 1]')), ...scanner.end()];
    expect(records.map((r) => isCorrupt(r))).toEqual([true, false]);
  });
});

describe('single-line JSON: one record per line, in ranges for worker threads', () => {
  const lines = ['{"a":1}', '', '{"a":2}\r', '{"a":', '{"a":4}'];
  const text = `${lines.join('\n')}\n`;
  it('numbers records by line, blank lines counted, and keeps corrupt lines', async () => {
    const records = await all(readJsonLineRecords(write('l.json', text), { highWaterMark: 3 }));
    expect(summary(records)).toEqual([
      { row: 1, line: 1, value: { a: 1 } },
      { row: 3, line: 3, value: { a: 2 } },
      { row: 4, line: 4, corrupt: { line: 4, column: 6 } },
      { row: 5, line: 5, value: { a: 4 } },
    ]);
  });
  it('ranges split on line breaks read the same records once shifted', async () => {
    const path = write('r.json', text);
    const ranges = await splitOnLines(path, Buffer.byteLength(text), 3);
    expect(ranges[0]!.start).toBe(0);
    expect(ranges[ranges.length - 1]!.end).toBe(Buffer.byteLength(text));
    const merged: BatchRecord[] = [];
    let shift = 0;
    for (const range of ranges) {
      const stats = { lines: 0 };
      for (const record of await all(readJsonLineRange(path, range, { stats }))) {
        merged.push(isCorrupt(record) ? { ...record, row: record.row + shift, line: record.line + shift, at: { ...record.at, line: record.at.line + shift } } : { ...record, row: record.row + shift, line: record.line + shift });
      }
      shift += stats.lines;
    }
    expect(summary(merged)).toEqual(summary(await all(readJsonLineRecords(path))));
  });
});

describe('CSV: RFC 4180 quoting, streamed', () => {
  it('quoted fields hold commas, doubled quotes and line breaks; rows keep their first line', async () => {
    const path = write('q.csv', '\uFEFF_id,note,age\r\nu1,"a, ""b""\nc",3\r\n\r\nu2,plain,x\nu3,short\n');
    const rows = (await all(readCsvRows(path, { highWaterMark: 5 }) as unknown as AsyncGenerator<BatchRecord[]>)) as unknown as { line: number; cells: string[] }[];
    expect(rows.map((r) => [r.line, r.cells])).toEqual([
      [1, ['_id', 'note', 'age']],
      [2, ['u1', 'a, "b"\nc', '3']],
      [5, ['u2', 'plain', 'x']],
      [6, ['u3', 'short']],
    ]);
    const types = new Map([['age', 'integer']]);
    const header = rows[0]!.cells;
    expect(csvRecord({ ...rows[1]!, raw: '', endOffset: 0 }, header, types)).toMatchObject({ row: 2, value: { _id: 'u1', note: 'a, "b"\nc', age: 3 } });
    expect(csvRecord({ ...rows[2]!, raw: '', endOffset: 0 }, header, types)).toMatchObject({ value: { age: 'x' } });
    expect(isCorrupt(csvRecord({ ...rows[3]!, raw: 'u3,short', endOffset: 0 }, header, types))).toBe(true);
  });
  it('an unclosed quote is a fault of the file', async () => {
    await expect(all(readCsvRows(write('u.csv', 'a,b\n1,"x\n')) as unknown as AsyncGenerator<BatchRecord[]>)).rejects.toThrow(FileFault);
  });
});
