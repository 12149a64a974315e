/** Parquet batch files written by a maintained Parquet writer (hyparquet-writer), read row group by row group. */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { FLAT_DATASET_ID, preflight, WEB_EVENT_DATASET_ID, writeBatchFile } from './helpers.js';

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8' } as const;

function webEvents(names: unknown[], timestamps: unknown[], rowGroupSize?: number): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: '_id', data: names.map((_, i) => `e${i + 1}`) },
      { name: 'timestamp', data: timestamps },
      { name: 'web', data: names.map((name) => ({ webPageDetails: { name } })) },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: '_id', ...STRING, repetition_type: 'REQUIRED' },
      { name: 'timestamp', ...(typeof timestamps[0] === 'number' ? { type: 'INT64' } : STRING), repetition_type: 'OPTIONAL' },
      { name: 'web', repetition_type: 'OPTIONAL', num_children: 1 },
      { name: 'webPageDetails', repetition_type: 'OPTIONAL', num_children: 1 },
      { name: 'name', ...(typeof names[0] === 'number' ? { type: 'INT32' } : STRING), repetition_type: 'OPTIONAL' },
    ],
    ...(rowGroupSize !== undefined ? { rowGroupSize } : {}),
  });
  return new Uint8Array(buffer);
}

describe('Parquet batch files', () => {
  it('a nested schema: valid rows over several row groups', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `page ${i}`);
    const file = writeBatchFile('nested.parquet', webEvents(names, names.map(() => '2024-05-01T10:00:00Z'), 10));
    const report = await preflight(file, { datasetId: WEB_EVENT_DATASET_ID });
    expect(report.findings).toEqual([]);
    expect(report.predicted).toMatchObject({ format: 'parquet', status: 'success', counts: { records: 25, valid: 25, failed: 0 } });
  });

  it('a nested field of the wrong type: the row and the pointer', async () => {
    const file = writeBatchFile('nested-bad.parquet', webEvents([1, 2], ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z']));
    const report = await preflight(file, { datasetId: WEB_EVENT_DATASET_ID });
    expect(report.findings.map((f) => [f.ruleId, f.line, f.pointer])).toEqual([
      ['batch.record.xdm-invalid', 1, '/web/webPageDetails/name'],
      ['batch.record.xdm-invalid', 2, '/web/webPageDetails/name'],
    ]);
    expect(report.predicted.failedRecords[1]).toMatchObject({ row: 2, _validationErrors: [{ keyword: 'type', pointerToViolation: '#/web/webPageDetails/name' }] });
    expect(report.predicted.status).toBe('failed');
  });

  it('a flat schema: a number where a string is expected', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: '_id', data: ['u1', 'u2', 'u3'], type: 'STRING' },
        { name: 'firstName', data: ['Ann', 'Bob', 'Cy'], type: 'STRING' },
        { name: 'age', data: [30, 40, 50], type: 'INT32' },
      ],
    });
    expect((await preflight(writeBatchFile('flat.parquet', new Uint8Array(buffer)), { datasetId: FLAT_DATASET_ID })).findings).toEqual([]);
    const wrong = parquetWriteBuffer({
      columnData: [
        { name: '_id', data: ['u1', 'u2'], type: 'STRING' },
        { name: 'firstName', data: [1, 2], type: 'INT32' },
      ],
    });
    const report = await preflight(writeBatchFile('flat-bad.parquet', new Uint8Array(wrong)), { datasetId: FLAT_DATASET_ID });
    expect(report.findings.map((f) => [f.line, f.pointer])).toEqual([
      [1, '/firstName'],
      [2, '/firstName'],
    ]);
  });

  it('a file that is not Parquet fails its batch and is an input error', async () => {
    const report = await preflight(writeBatchFile('not.parquet', 'hello, world'), { datasetId: FLAT_DATASET_ID });
    expect(report.inputError?.message).toContain('not a readable Parquet file');
    expect(report.predicted.status).toBe('failed');
  });
});
