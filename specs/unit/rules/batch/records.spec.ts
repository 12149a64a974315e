/**
 * Batch record rules (`preflight --dataset`): one describe per rule id, each with a passing and a failing
 * file the spec writes, checking the location (line or row, and pointer) and the predicted answer.
 */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { BATCH_ERROR_CODES, BATCH_LIMITS } from '../../../../src/contract/batch.js';
import { event, FLAT_DATASET_ID, preflight, PROFILE_DATASET_ID, WEB_EVENT_DATASET_ID, writeBatchFile } from './helpers.js';

const ids = (report: { findings: { ruleId: string }[] }) => report.findings.map((f) => f.ruleId);

describe('batch.file.empty: an empty file fails its batch with code 106', () => {
  it('an empty file', async () => {
    const report = await preflight(writeBatchFile('empty.json', ''), { datasetId: WEB_EVENT_DATASET_ID });
    expect(ids(report)).toEqual(['batch.file.empty']);
    expect(report.predicted.status).toBe('failed');
    expect(report.predicted.errors).toEqual([{ code: '106', description: BATCH_ERROR_CODES['106'].description }]);
    expect(report.predicted.errors[0]!.description).toBe('Dataset file is empty. Please upload file with data.');
  });
  it('a file of blank lines is empty too; a file with one record is not', async () => {
    expect(ids(await preflight(writeBatchFile('blank.json', '\n  \n'), { datasetId: WEB_EVENT_DATASET_ID }))).toEqual(['batch.file.empty']);
    const ok = await preflight(writeBatchFile('one.json', `${event('e1')}\n`), { datasetId: WEB_EVENT_DATASET_ID });
    expect(ok.findings).toEqual([]);
    expect(ok.predicted).toMatchObject({ status: 'success', counts: { records: 1, valid: 1, failed: 0 } });
  });
});

describe('batch.file.csv-empty-header: a CSV file whose header row is empty fails with code 118', () => {
  it('an empty header row', async () => {
    const report = await preflight(writeBatchFile('h.csv', ',,\nu1,Ann,3\n'), { datasetId: FLAT_DATASET_ID });
    expect(ids(report)).toEqual(['batch.file.csv-empty-header']);
    expect(report.findings[0]).toMatchObject({ line: 1, column: 1 });
    expect(report.predicted.errors).toEqual([{ code: '118', description: 'CSV file contains empty header row.' }]);
    expect(report.predicted.status).toBe('failed');
  });
  it('a named header row', async () => {
    const report = await preflight(writeBatchFile('h.csv', '_id,firstName,age\nu1,Ann,3\n'), { datasetId: FLAT_DATASET_ID });
    expect(report.findings).toEqual([]);
    expect(report.predicted.counts).toEqual({ records: 1, valid: 1, failed: 0 });
  });
});

describe('batch.file.csv-nested-schema: CSV is only supported for flat schemas', () => {
  it('CSV for a nested schema fails the file', async () => {
    const report = await preflight(writeBatchFile('p.csv', '_id\np1\n'), { datasetId: PROFILE_DATASET_ID });
    expect(ids(report)).toEqual(['batch.file.csv-nested-schema']);
    expect(report.findings[0]!.message).toContain('"identityMap"');
    expect(report.predicted).toMatchObject({ status: 'failed', counts: { records: 0 } });
  });
  it('CSV for a flat schema is read', async () => {
    const report = await preflight(writeBatchFile('f.csv', '_id,age\np1,4\n'), { datasetId: FLAT_DATASET_ID });
    expect(report.findings).toEqual([]);
  });
});

describe('batch.file.multi-line-json: a multi-line JSON file read as single-line JSON', () => {
  const text = `[\n  ${event('e1')},\n  ${event('e2')}\n]\n`;
  it('is flagged, with a hint to --multiline, at the line that opens the document', async () => {
    const report = await preflight(writeBatchFile('m.json', text), { datasetId: WEB_EVENT_DATASET_ID });
    const finding = report.findings.find((f) => f.ruleId === 'batch.file.multi-line-json');
    expect(finding).toMatchObject({ line: 1, column: 1, pointer: '' });
    expect(finding!.message).toContain('--multiline');
    expect(report.predicted.status).toBe('failed');
  });
  it('reads as two valid records with --multiline', async () => {
    const report = await preflight(writeBatchFile('m.json', text), { datasetId: WEB_EVENT_DATASET_ID, multiline: true });
    expect(report.findings).toEqual([]);
    expect(report.predicted).toMatchObject({ status: 'success', multiline: true, counts: { records: 2, valid: 2, failed: 0 } });
  });
});

describe('batch.file.over-chunk-threshold: a file over the chunking threshold must be uploaded in chunks', () => {
  it('is advice, read from the profile (checked on the context: no spec writes 256 MB)', async () => {
    const { default: rule } = await import('../../../../src/rules/batch/records/over-chunk-threshold.js');
    const ctx = { profile: 'openapi' as const, datasetId: 'd', format: 'json' as const, multiline: false, schema: undefined, blank: false, nestedProperty: undefined };
    const over = rule.check({ ...ctx, bytes: 300 * 1024 * 1024 });
    expect(over).toMatchObject({ params: { threshold: 256 * 1024 * 1024 } });
    expect(rule.message((over as { params: { bytes: number; threshold: number } }).params)).toContain('upload it in chunks');
    expect(rule.check({ ...ctx, profile: 'docs', bytes: 300 * 1024 * 1024 })).toBeNull();
    expect(rule.outcome('docs')).toMatchObject({ effect: { kind: 'advice' } });
  });
  it('a small file has no such finding', async () => {
    const report = await preflight(writeBatchFile('s.json', `${event('e1')}\n`), { datasetId: WEB_EVENT_DATASET_ID, profile: 'strict' });
    expect(ids(report)).not.toContain('batch.file.over-chunk-threshold');
  });
});

describe('batch.record.not-parseable: a record that cannot be parsed goes to the row errors as _corrupt_record', () => {
  it('a broken line, located at its line and column', async () => {
    const report = await preflight(writeBatchFile('c.json', `${event('e1')}\n{"_id": "e2", "timestamp": }\n`), { datasetId: WEB_EVENT_DATASET_ID });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'batch.record.not-parseable', line: 2, column: 28 });
    expect(report.predicted.failedRecords).toEqual([
      {
        row: 2,
        _corrupt_record: '{"_id": "e2", "timestamp": }',
        _validationErrors: [expect.objectContaining({ keyword: 'parse', pointerToViolation: '#', schemaLocation: '#', causingExceptions: [] })],
      },
    ]);
  });
  it('well-formed lines parse', async () => {
    expect((await preflight(writeBatchFile('c.json', `${event('e1')}\n${event('e2')}\n`), { datasetId: WEB_EVENT_DATASET_ID })).findings).toEqual([]);
  });
});

describe('batch.record.too-many-fields: a row may have at most 10 000 fields', () => {
  const limit = BATCH_LIMITS.fieldsPerRow.value;
  it('a CSV row of 10 001 fields', async () => {
    const names = ['_id', ...Array.from({ length: limit }, (_, i) => `f${i}`)];
    const report = await preflight(writeBatchFile('w.csv', `${names.join(',')}\n${names.map(() => 'x').join(',')}\n`), { datasetId: FLAT_DATASET_ID });
    const finding = report.findings.find((f) => f.ruleId === 'batch.record.too-many-fields');
    expect(finding).toMatchObject({ line: 2, pointer: '' });
  });
  it('a record of a few fields', async () => {
    const report = await preflight(writeBatchFile('w.csv', '_id,age\nu1,3\n'), { datasetId: FLAT_DATASET_ID });
    expect(ids(report)).not.toContain('batch.record.too-many-fields');
  });
});

describe('batch.record.time-series-field-missing: time-series records need _id and timestamp', () => {
  it('a record without timestamp', async () => {
    const report = await preflight(writeBatchFile('t.json', `${event('e1')}\n${JSON.stringify({ _id: 'e2' })}\n`), { datasetId: WEB_EVENT_DATASET_ID });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'batch.record.time-series-field-missing', line: 2, pointer: '' })]);
    expect(report.predicted.failedRecords[0]).toMatchObject({ row: 2, _validationErrors: [{ keyword: 'required', message: 'required key [timestamp] not found' }] });
  });
  it('a record with both', async () => {
    expect((await preflight(writeBatchFile('t.json', `${event('e1')}\n`), { datasetId: WEB_EVENT_DATASET_ID })).findings).toEqual([]);
  });
});

describe("batch.record.xdm-invalid: a record that does not conform to the dataset's schema is in the failed output", () => {
  it('a bad timestamp in a multi-line array, located at its line, column and pointer', async () => {
    const text = `[\n  ${event('e1')},\n  {"_id": "e2",\n   "timestamp": "yesterday"}\n]`;
    const report = await preflight(writeBatchFile('x.json', text), { datasetId: WEB_EVENT_DATASET_ID, multiline: true });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'batch.record.xdm-invalid', pointer: '/timestamp', line: 4, column: 17 })]);
    expect(report.predicted).toMatchObject({ status: 'failed', counts: { records: 2, valid: 1, failed: 1 } });
    expect(report.predicted.failedRecords).toEqual([
      { row: 2, _validationErrors: [{ causingExceptions: [], keyword: 'format', message: expect.stringContaining('yesterday'), pointerToViolation: '#/timestamp', schemaLocation: expect.stringContaining('#/properties/timestamp') }] },
    ]);
  });
  it('at most five violations per record', async () => {
    const bad = JSON.stringify({ _id: 'e', timestamp: '2024-05-01T10:00:00Z', a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 });
    const report = await preflight(writeBatchFile('x.json', `${bad}\n`), { datasetId: WEB_EVENT_DATASET_ID });
    expect(report.predicted.failedRecords[0]!._validationErrors).toHaveLength(5);
  });
  it('partial ingestion: the batch succeeds while failed records stay within the percentage', async () => {
    const text = [event('e1'), event('e2'), event('e3'), JSON.stringify({ _id: 'e4', timestamp: 'no' })].join('\n');
    const path = writeBatchFile('p.json', text);
    expect((await preflight(path, { datasetId: WEB_EVENT_DATASET_ID, partialIngestionPercent: 25 })).predicted).toMatchObject({ status: 'success', partialIngestionPercent: 25 });
    expect((await preflight(path, { datasetId: WEB_EVENT_DATASET_ID, partialIngestionPercent: 10 })).predicted.status).toBe('failed');
  });
  it('valid records pass, in Parquet too (the row is the location)', async () => {
    const ok = parquetWriteBuffer({ columnData: [{ name: '_id', data: ['u1', 'u2'], type: 'STRING' }, { name: 'age', data: [3, 4], type: 'INT32' }] });
    expect((await preflight(writeBatchFile('ok.parquet', new Uint8Array(ok)), { datasetId: FLAT_DATASET_ID })).findings).toEqual([]);
    const bad = parquetWriteBuffer({ columnData: [{ name: '_id', data: ['u1', 'u2'], type: 'STRING' }, { name: 'age', data: ['3', 'four'], type: 'STRING' }] });
    const report = await preflight(writeBatchFile('bad.parquet', new Uint8Array(bad)), { datasetId: FLAT_DATASET_ID });
    expect(report.findings.map((f) => [f.ruleId, f.line, f.pointer])).toEqual([
      ['batch.record.xdm-invalid', 1, '/age'],
      ['batch.record.xdm-invalid', 2, '/age'],
    ]);
    expect(report.findings[1]!.message).toContain('row 2');
  });
});
