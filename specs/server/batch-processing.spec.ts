/**
 * What happens after COMPLETE: every record of every file is validated against the dataset's XDM schema,
 * in each input format (single-line JSON, multi-line JSON, Parquet, legacy CSV); failed records go to the
 * failed-batch output; the batch ends active or failed, with partial ingestion's threshold. Processing is
 * awaited with `settle()`, never with a timer.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_ERROR_CODES, PARTIAL_INGESTION } from '../../src/contract/batch.js';
import { defaultWorld } from '../../src/world/default.js';
import type { World } from '../../src/world/types.js';
import { EVENTS_DATASET, EXPORT, PROFILES_DATASET, event, ndjson, startPlatform, type TestPlatform } from './batch-client.js';

const FLAT_DATASET = '5f0c0c7f6c5f1b194c1e0bff';

/** The default world plus a flat profile schema (CSV is only supported for flat schemas). */
function worldWithFlatSchema(): World {
  const world = defaultWorld();
  const id = 'https://ns.adobe.com/acme/schemas/flatflatflatflatflatflatflatflat';
  world.schemas.push({
    id,
    version: '1',
    class: 'https://ns.adobe.com/xdm/context/profile',
    timeSeries: false,
    jsonSchema: {
      $id: id,
      type: 'object',
      additionalProperties: false,
      required: ['_id'],
      properties: { _id: { type: 'string' }, firstName: { type: 'string' }, age: { type: 'integer' }, vip: { type: 'boolean' } },
    },
  });
  world.datasets.push({ id: FLAT_DATASET, schema: id });
  return world;
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform({ world: worldWithFlatSchema() });
});
afterAll(() => platform.close());

/** Creates a batch, uploads the files, completes it and waits for processing; answers the Catalog object. */
async function ingest(create: Record<string, unknown>, files: Record<string, Uint8Array | string>): Promise<{ id: string; batch: Record<string, unknown> }> {
  const id = await platform.createBatch(create);
  const datasetId = String(create['datasetId']);
  for (const [name, bytes] of Object.entries(files)) expect((await platform.put(id, name, bytes, datasetId)).status).toBe(200);
  expect((await platform.complete(id)).status).toBe(200);
  await platform.settle();
  return { id, batch: await platform.catalog(id) };
}

async function failedFiles(id: string): Promise<{ name: string; body: Record<string, unknown> }[]> {
  const listing = await platform.request('GET', `${EXPORT}/batches/${id}/failed`);
  expect(listing.status).toBe(200);
  const { data } = listing.json as { data: { name: string }[] };
  return Promise.all(
    data.map(async ({ name }) => {
      const file = await platform.request('GET', `${EXPORT}/batches/${id}/failed?path=${encodeURIComponent(name)}`);
      return { name, body: file.json as Record<string, unknown> };
    }),
  );
}

const json = { datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } };

describe('single-line JSON (the default): one record per line', () => {
  it('a file of valid records makes the batch active, with its metrics', async () => {
    const { batch } = await ingest(json, { 'a.json': ndjson(event('1'), event('2')), 'b.json': ndjson(event('3')) });
    expect(batch).toMatchObject({ status: 'active', errors: [], metrics: { inputRecordCount: 3, outputRecordCount: 3, failedRecordCount: 0 } });
  });

  it('two bad records fail the batch; their rows, errors and failed files are documented shapes', async () => {
    const file = ndjson(event('1'), event('2', { timestamp: '2018-00-23T22:07:01Z' }), event('3'), event('4', { coupon: 'X' }), event('5'));
    const { id, batch } = await ingest(json, { 'events.json': file });
    expect(batch['status']).toBe('failed');
    // A failed batch ingests nothing: every record read counts as failed.
    expect(batch['metrics']).toEqual({ inputRecordCount: 5, outputRecordCount: 0, failedRecordCount: 5 });
    // Rows are strings, as both OpenAPI files type them.
    expect(batch['errors']).toEqual([expect.objectContaining({ code: expect.any(String), description: expect.stringContaining('events.json'), rows: ['2', '4'] })]);
    const files = await failedFiles(id);
    expect(files).toHaveLength(2);
    const bad = files.map((f) => f.body['_validationErrors']);
    expect(bad[0]).toEqual([
      {
        causingExceptions: [],
        keyword: 'format',
        message: expect.stringMatching(/^\[2018-00-23T22:07:01Z\] is not a valid date-time/),
        pointerToViolation: '#/timestamp',
        schemaLocation: '#/properties/timestamp',
      },
    ]);
    expect(bad[1]).toEqual([expect.objectContaining({ keyword: 'additionalProperties', message: 'extraneous key [coupon] is not permitted', pointerToViolation: '#' })]);
    // Nothing of a failed batch is ingested.
    expect(await platform.server.context.store.readRecords(id)).toEqual([]);
  });

  it('with partialIngestionPercent 50, 2 bad records of 5 (40%) still succeed; the tags echo the settings', async () => {
    const file = ndjson(event('1'), event('2', { timestamp: 'no' }), event('3'), event('4', { timestamp: 'no' }), event('5'));
    const { id, batch } = await ingest({ ...json, enableErrorDiagnostics: true, partialIngestionPercent: 50 }, { 'events.json': file });
    expect(batch).toMatchObject({
      status: 'active',
      tags: { [PARTIAL_INGESTION.tags.enableErrorDiagnostics]: true, [PARTIAL_INGESTION.tags.partialIngestionPercent]: 50 },
      metrics: { inputRecordCount: 5, outputRecordCount: 3, failedRecordCount: 2 },
    });
    expect(await failedFiles(id)).toHaveLength(2);
    expect(await platform.server.context.store.readRecords(id)).toHaveLength(3);
  });

  it('with partialIngestionPercent 10, the same file fails', async () => {
    const file = ndjson(event('1'), event('2', { timestamp: 'no' }), event('3'), event('4', { timestamp: 'no' }), event('5'));
    const { batch } = await ingest({ ...json, partialIngestionPercent: 10 }, { 'events.json': file });
    expect(batch['status']).toBe('failed');
  });

  it('a pretty-printed document is not single-line JSON: each line is a corrupt record', async () => {
    const { id, batch } = await ingest(json, { 'pretty.json': JSON.stringify(event('1'), null, 2) });
    expect(batch['status']).toBe('failed');
    const [first] = await failedFiles(id);
    expect(first?.body['_corrupt_record']).toBe('{');
    expect(String((first?.body['_validationErrors'] as { message: string }[])[0]?.message)).toContain('isMultiLineJson');
  });
});

describe('multi-line JSON (isMultiLineJson: true): one document, an array of records or one record', () => {
  const multi = { datasetId: EVENTS_DATASET, inputFormat: { format: 'json', isMultiLineJson: true } };

  it('reads a pretty-printed array as its records and a single object as one record', async () => {
    const { batch } = await ingest(multi, { 'array.json': JSON.stringify([event('1'), event('2')], null, 2), 'one.json': JSON.stringify(event('3'), null, 2) });
    expect(batch).toMatchObject({ status: 'active', metrics: { inputRecordCount: 3, outputRecordCount: 3 } });
    expect(batch['inputFormat']).toEqual({ format: 'json', isMultiLineJson: true });
  });

  it('a file that is not one JSON document fails the batch', async () => {
    const { batch } = await ingest(multi, { 'broken.json': '[{"_id": "1",' });
    expect(batch['status']).toBe('failed');
    expect(JSON.stringify(batch['errors'])).toContain('broken.json');
  });
});

describe('Parquet: rows as objects, nested groups as nested objects', () => {
  const parquet = (columns: { name: string; data: unknown[]; type?: 'STRING' | 'INT32' }[]) => new Uint8Array(parquetWriteBuffer({ columnData: columns as never }));

  it('a file of a flat shape for the web-event schema is ingested', async () => {
    const file = parquet([
      { name: '_id', data: ['p1', 'p2'], type: 'STRING' },
      { name: 'timestamp', data: ['2024-11-23T14:20:00Z', '2024-11-23T14:21:00Z'], type: 'STRING' },
    ]);
    const { batch } = await ingest({ datasetId: EVENTS_DATASET, inputFormat: { format: 'parquet' } }, { 'events.parquet': file });
    expect(batch).toMatchObject({ status: 'active', metrics: { inputRecordCount: 2, outputRecordCount: 2 } });
  });

  it('nested columns are validated as nested objects (profile schema); nulls are absent fields', async () => {
    const file = parquet([
      { name: '_id', data: ['n1', 'n2'], type: 'STRING' },
      { name: 'person', data: [{ name: { firstName: 'Ann', lastName: 'Lee' }, birthDate: '1990-04-01' }, null] },
      { name: 'homeAddress', data: [{ city: 'Basel', countryCode: 'CH' }, { city: 'Paris', countryCode: 'FR' }] },
    ]);
    const { batch } = await ingest({ datasetId: PROFILES_DATASET, inputFormat: { format: 'parquet' } }, { 'profiles.parquet': file });
    expect(batch).toMatchObject({ status: 'active', metrics: { inputRecordCount: 2, outputRecordCount: 2 } });
  });

  it('a column of the wrong type fails its records', async () => {
    const file = parquet([
      { name: '_id', data: [1, 2], type: 'INT32' },
      { name: 'timestamp', data: ['2024-11-23T14:20:00Z', '2024-11-23T14:21:00Z'], type: 'STRING' },
    ]);
    const { id, batch } = await ingest({ datasetId: EVENTS_DATASET, inputFormat: { format: 'parquet' } }, { 'wrong.parquet': file });
    expect(batch).toMatchObject({ status: 'failed', metrics: { inputRecordCount: 2, failedRecordCount: 2 } });
    const [first] = await failedFiles(id);
    expect(first?.body['_validationErrors']).toEqual([expect.objectContaining({ keyword: 'type', pointerToViolation: '#/_id', schemaLocation: '#/properties/_id' })]);
  });

  it('without a declared inputFormat (the overview creates batches so), a Parquet file is read by its magic bytes', async () => {
    const file = parquet([
      { name: '_id', data: ['m1'], type: 'STRING' },
      { name: 'timestamp', data: ['2024-11-23T14:20:00Z'], type: 'STRING' },
    ]);
    const { batch } = await ingest({ datasetId: EVENTS_DATASET }, { 'events.parquet': file });
    expect(batch['status']).toBe('active');
  });

  it('bytes that are not Parquet fail the batch', async () => {
    const { batch } = await ingest({ datasetId: EVENTS_DATASET, inputFormat: { format: 'parquet' } }, { 'fake.parquet': 'not parquet at all' });
    expect(batch['status']).toBe('failed');
  });
});

describe('CSV (legacy): only flat schemas', () => {
  const csv = (datasetId: string) => ({ datasetId, inputFormat: { format: 'csv' } });

  it('a CSV for a flat schema is ingested, cells typed by the schema', async () => {
    const { id, batch } = await ingest(csv(FLAT_DATASET), { 'people.csv': '_id,firstName,age,vip\nc1,Ann,34,true\nc2,"Lee, Bo",,false\n' });
    expect(batch).toMatchObject({ status: 'active', metrics: { inputRecordCount: 2, outputRecordCount: 2 } });
    expect(await platform.server.context.store.readRecords(id)).toEqual([
      { _id: 'c1', firstName: 'Ann', age: 34, vip: true },
      { _id: 'c2', firstName: 'Lee, Bo', vip: false },
    ]);
  });

  it('a cell that is not of its column type fails its row', async () => {
    const { batch } = await ingest(csv(FLAT_DATASET), { 'people.csv': '_id,age\nc1,thirty\n' });
    expect(batch).toMatchObject({ status: 'failed', errors: [expect.objectContaining({ rows: ['2'] })] });
  });

  it('a CSV for a schema with nested objects fails the batch with a clear error', async () => {
    const { batch } = await ingest(csv(PROFILES_DATASET), { 'profiles.csv': '_id\np1\n' });
    expect(batch['status']).toBe('failed');
    expect(JSON.stringify(batch['errors'])).toContain('only supported for flat schemas');
  });

  it('an empty header row fails the batch with 118, and an empty file with 106, in the documented words', async () => {
    const header = await ingest(csv(FLAT_DATASET), { 'no-header.csv': '\nc1,Ann\n' });
    expect(header.batch['errors']).toEqual([{ code: '118', description: BATCH_ERROR_CODES['118'].description }]);
    const empty = await ingest(csv(FLAT_DATASET), { 'empty.csv': '' });
    expect(empty.batch['errors']).toEqual([{ code: '106', description: BATCH_ERROR_CODES['106'].description }]);
  });
});

describe('a batch completed without files', () => {
  it('fails: there is nothing to ingest', async () => {
    const { batch } = await ingest(json, {});
    expect(batch['status']).toBe('failed');
  });
});
