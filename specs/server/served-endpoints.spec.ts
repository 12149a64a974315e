/**
 * The endpoints real clients call beside the tutorials' (Adobe's Postman collections, the OpenAPI files,
 * aepp): the Catalog's batch list with its filters and paging, the world's datasets, HEAD on an uploaded
 * file, the batch preview, PATCH /batches as aepp replays, the Data Access API's dataset files (GET, HEAD,
 * Range) and row-level errors, and the streaming endpoints under the Postman collection's path. Also the
 * two fixes every profile shares: errors[].rows as strings, and metrics that agree with the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_FILE_STATUS_ENUM, BATCH_PREVIEW, fileStatusRange } from '../../src/contract/batch.js';
import { errorRows, LIST_BATCHES, ROW_ERROR_FILES } from '../../src/contract/catalog.js';
import { CATALOG, EVENTS_DATASET, EXPORT, IMPORT, ORG, PROFILES_DATASET, event, ndjson, startPlatform, type TestPlatform } from './batch-client.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
const fileUrl = (batchId: string, name: string, datasetId = EVENTS_DATASET) => `${IMPORT}/batches/${batchId}/datasets/${datasetId}/files/${name}`;
const octets = { 'Content-Type': 'application/octet-stream' };
const json = { 'Content-Type': 'application/json' };

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform.close());

async function ingested(records: string, body: Record<string, unknown> = { datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } }): Promise<string> {
  const id = await platform.createBatch(body);
  await platform.put(id, 'events.json', records);
  await platform.complete(id);
  await platform.settle();
  return id;
}

describe('errors[].rows and metrics (every profile)', () => {
  it('rows are strings: one row as its number, consecutive rows as a hyphen-delimited range', () => {
    expect(errorRows([9, 3, 4, 5])).toEqual(['3-5', '9']);
    expect(errorRows([13])).toEqual(['13']);
    expect(errorRows([])).toEqual([]);
  });

  it('a failed batch names its rows as strings in the Catalog', async () => {
    const id = await ingested(ndjson(event('1', { timestamp: 'no' }), event('2', { timestamp: 'no' }), event('3'), event('4', { timestamp: 'no' })));
    const batch = await platform.catalog(id);
    expect(batch['status']).toBe('failed');
    expect((batch['errors'] as { rows: unknown[] }[])[0]?.rows).toEqual(['1-2', '4']);
  });

  it('one empty file and one valid file end failed (106) with 2 in, 0 out, 2 failed, not 2 out', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'empty.json', '');
    await platform.put(id, 'valid.json', ndjson(event('a'), event('b')));
    await platform.complete(id);
    await platform.settle();
    const batch = await platform.catalog(id);
    expect(batch).toMatchObject({ status: 'failed', errors: [expect.objectContaining({ code: '106' })] });
    expect(batch['metrics']).toEqual({ inputRecordCount: 2, outputRecordCount: 0, failedRecordCount: 2 });
    expect(await platform.server.context.store.readRecords(id)).toEqual([]);
  });
});

describe('GET /catalog/batches: the list, filtered and paged', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = [];
    // Batches of earlier specs were created at an earlier time than these.
    platform.clock.advance(1_000);
    for (let i = 0; i < 3; i++) {
      ids.push(await platform.createBatch());
      platform.clock.advance(1_000);
    }
    ids.push(await platform.createBatch({ datasetId: PROFILES_DATASET, inputFormat: { format: 'json' } }));
  });
  const list = async (query: string) => {
    const answer = await platform.request('GET', `${CATALOG}/batches${query}`);
    expect(answer.status, answer.text).toBe(LIST_BATCHES.status);
    return answer.json as Record<string, Record<string, unknown>>;
  };

  it('answers batch objects keyed by id, newest first by default', async () => {
    const all = await list('');
    for (const id of ids) expect(all[id]).toMatchObject({ id, imsOrg: ORG, status: 'loading' });
    const keys = Object.keys(all);
    expect(keys.indexOf(ids[2]!)).toBeLessThan(keys.indexOf(ids[0]!));
  });

  it('filters by dataSet, status and createdAfter; an empty value is no filter', async () => {
    expect(Object.keys(await list(`?dataSet=${PROFILES_DATASET}`))).toEqual([ids[3]]);
    const created = (await platform.catalog(ids[1]!))['created'] as number;
    const after = Object.keys(await list(`?dataSet=${EVENTS_DATASET}&createdAfter=${created}`));
    expect(after).toContain(ids[2]);
    expect(after).not.toContain(ids[1]);
    expect(after).not.toContain(ids[0]);
    expect(Object.keys(await list('?status=loading&dataSet='))).toEqual(expect.arrayContaining(ids));
    expect(Object.keys(await list('?status=active'))).not.toContain(ids[0]);
  });

  it('pages with limit and start, orders with orderBy, and trims with properties', async () => {
    const ascending = Object.keys(await list(`?dataSet=${EVENTS_DATASET}&orderBy=asc:created&createdAfter=${((await platform.catalog(ids[0]!))['created'] as number) - 1}`));
    expect(ascending.slice(0, 3)).toEqual(ids.slice(0, 3));
    const page = Object.keys(await list(`?dataSet=${EVENTS_DATASET}&orderBy=asc:created&createdAfter=${((await platform.catalog(ids[0]!))['created'] as number) - 1}&limit=1&start=1`));
    expect(page).toEqual([ids[1]]);
    const trimmed = await list(`?batch=${ids[0]}&properties=status,created`);
    expect(Object.keys(trimmed[ids[0]!] ?? {}).sort()).toEqual(['created', 'status']);
  });

  it('refuses a limit over 100, an unknown status, a malformed orderBy and a filter it does not apply', async () => {
    for (const query of ['?limit=101', '?status=finished', '?orderBy=sideways:created', '?connector=abc']) {
      const answer = await platform.request('GET', `${CATALOG}/batches${query}`);
      expect(answer.status, query).toBe(LIST_BATCHES.invalidStatus);
      expect(answer.json).toMatchObject({ status: 400, title: 'BadRequestError' });
    }
  });

  it('shows only the caller sandbox', async () => {
    const answer = await platform.request('GET', `${CATALOG}/batches`, { headers: { 'x-sandbox-name': 'dev' } });
    expect(Object.keys((answer.json ?? {}) as object).filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe('GET /catalog/dataSets/{ID} and /catalog/dataSets', () => {
  it("answers the world's dataset keyed by id with its schemaRef, and its last batch", async () => {
    const batchId = await platform.createBatch();
    const answer = await platform.request('GET', `${CATALOG}/dataSets/${EVENTS_DATASET}`);
    expect(answer.status).toBe(200);
    const body = answer.json as Record<string, Record<string, unknown>>;
    expect(Object.keys(body)).toEqual([EVENTS_DATASET]);
    expect(body[EVENTS_DATASET]).toMatchObject({ imsOrg: ORG, schemaRef: { id: SCHEMA }, lastBatchId: batchId, lastBatchStatus: 'loading', files: `@/dataSetFiles?dataSetId=${EVENTS_DATASET}` });
  });

  it('lists every dataset of the world and answers 404 for another', async () => {
    const all = (await platform.request('GET', `${CATALOG}/dataSets`)).json as Record<string, unknown>;
    expect(Object.keys(all).sort()).toEqual([EVENTS_DATASET, PROFILES_DATASET].sort());
    expect((await platform.request('GET', `${CATALOG}/dataSets/000000000000000000000000`)).status).toBe(404);
  });
});

describe('HEAD on an uploaded file', () => {
  it('names the bytes received so far in Range: each run of parts, then the whole file', async () => {
    const id = await platform.createBatch();
    const bytes = ndjson(event('h1'), event('h2'));
    const size = Buffer.byteLength(bytes);
    expect((await platform.request('HEAD', fileUrl(id, 'big.json'))).status).toBe(404);
    await platform.request('POST', `${fileUrl(id, 'big.json')}?action=INITIALIZE`);
    const initialized = await platform.request('HEAD', fileUrl(id, 'big.json'));
    expect(initialized.status).toBe(200);
    expect(initialized.headers.get('range')).toBeNull();
    await platform.request('PATCH', fileUrl(id, 'big.json'), { body: bytes.slice(0, 10), headers: { ...octets, 'Content-Range': `bytes 0-9/${size}` } });
    await platform.request('PATCH', fileUrl(id, 'big.json'), { body: bytes.slice(20), headers: { ...octets, 'Content-Range': `bytes 20-${size - 1}/${size}` } });
    const partial = await platform.request('HEAD', fileUrl(id, 'big.json'));
    expect(partial.headers.get('range')).toBe(`bytes=0-9,20-${size - 1}`);
    expect(partial.text).toBe('');
    await platform.put(id, 'small.json', bytes);
    expect((await platform.request('HEAD', fileUrl(id, 'small.json'))).headers.get('range')).toBe(`bytes=0-${size - 1}`);
  });

  it('merges touching ranges', () => {
    expect(fileStatusRange([[10, 19], [0, 9], [30, 39]])).toBe('bytes=0-19,30-39');
    expect(fileStatusRange([])).toBeUndefined();
  });
});

describe('GET …/batches/{ID}/datasets/{DATASET_ID}/preview', () => {
  it('shows the format parameters and the first rows as columns (leaf paths) and rows of strings', async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'a.json', ndjson(event('p1', { web: { name: 'home' } }), event('p2')));
    // aepp leaves format out; its other parameters are the OpenAPI's defaults.
    const answer = await platform.request('GET', `${IMPORT}/batches/${id}/datasets/${EVENTS_DATASET}/preview?delimiter=,&quote="&escape=\\&charset=utf-8&header=True&nrow=5`);
    expect(answer.status, answer.text).toBe(200);
    const body = answer.json as { formatParams: Record<string, unknown>; preview: { columns: { cid: string; name: string }[]; rows: Record<string, string>[] } };
    expect(body.formatParams).toEqual({ delimiter: ',', quote: '"', escape: '\\', charset: 'UTF-8', header: true, format: 'json' });
    expect(body.preview.columns).toEqual([
      { cid: '0', name: '_id' },
      { cid: '1', name: 'timestamp' },
      { cid: '2', name: 'web/name' },
    ]);
    expect(body.preview.rows).toEqual([
      { '0': 'p1', '1': '2024-11-23T14:20:00Z', '2': 'home' },
      { '0': 'p2', '1': '2024-11-23T14:20:00Z' },
    ]);
  });

  it(`shows at most ${BATCH_PREVIEW.maxRows.value} rows, refuses a delimiter it does not read, and answers 404 for another dataset`, async () => {
    const id = await platform.createBatch();
    await platform.put(id, 'a.json', ndjson(...Array.from({ length: 12 }, (_, i) => event(`r${i}`))));
    const all = await platform.request('GET', `${IMPORT}/batches/${id}/datasets/${EVENTS_DATASET}/preview?format=json&nrow=0`);
    expect((all.json as { preview: { rows: unknown[] } }).preview.rows).toHaveLength(BATCH_PREVIEW.maxRows.value);
    expect((await platform.request('GET', `${IMPORT}/batches/${id}/datasets/${EVENTS_DATASET}/preview?delimiter=;`)).status).toBe(400);
    expect((await platform.request('GET', `${IMPORT}/batches/${id}/datasets/${PROFILES_DATASET}/preview`)).status).toBe(404);
  });
});

describe('PATCH /import/batches, as aepp replays', () => {
  it('creates the replacement batch with its replay, the "$"-prefixed ids read as the OpenAPI asks', async () => {
    const replaced = await platform.createBatch();
    const answer = await platform.request('PATCH', `${IMPORT}/batches`, {
      body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' }, replay: { predecessors: [`$${replaced}`], reason: 'replace' } }),
      headers: json,
    });
    expect(answer.status).toBe(201);
    const id = (answer.json as { id: string }).id;
    expect(await platform.catalog(id)).toMatchObject({ status: 'loading', replay: { predecessors: [replaced], reason: 'replace' } });
  });

  it('is refused with 405 under strict, which takes POST only', async () => {
    const strict = await startPlatform({ profile: 'strict' });
    try {
      const answer = await strict.request('PATCH', `${IMPORT}/batches`, { body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } }), headers: json });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
    } finally {
      await strict.close();
    }
  });
});

describe('Data Access: a batch dataset files, and /export/files/{ID}', () => {
  it('lists the dataset file of an active batch and gives its bytes, whole, by Range (206) and by HEAD', async () => {
    const records = ndjson(event('d1'), event('d2'));
    const id = await ingested(records);
    const files = await platform.request('GET', `${EXPORT}/batches/${id}/files`);
    expect(files.status).toBe(200);
    const listing = files.json as { data: Record<string, unknown>[]; _page: unknown };
    expect(listing._page).toEqual({ limit: 100, count: 1 });
    const [file] = listing.data;
    expect(file).toMatchObject({ dataSetViewId: EVENTS_DATASET, records: '2', isValid: true });
    for (const field of ['created', 'updated', 'records', 'size']) expect(typeof file?.[field], field).toBe('string');
    const fileId = file?.['dataSetFileId'] as string;

    const inside = await platform.request('GET', `${EXPORT}/files/${fileId}`);
    const [entry] = (inside.json as { data: { name: string; length: string }[] }).data;
    const whole = await platform.request('GET', `${EXPORT}/files/${fileId}?path=${entry?.name}`);
    expect(whole.status).toBe(200);
    expect(whole.text.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([event('d1'), event('d2')]);
    expect(entry?.length).toBe(String(Buffer.byteLength(whole.text)));

    const part = await platform.request('GET', `${EXPORT}/files/${fileId}?path=${entry?.name}`, { headers: { Range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${Buffer.byteLength(whole.text)}`);
    expect(part.text).toBe(whole.text.slice(0, 10));
    expect((await platform.request('GET', `${EXPORT}/files/${fileId}?path=${entry?.name}`, { headers: { Range: 'bytes=99999-' } })).status).toBe(416);

    const head = await platform.request('HEAD', `${EXPORT}/files/${fileId}?path=${entry?.name}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(whole.text)));
    expect(head.text).toBe('');
  });

  it('a failed batch has no dataset file', async () => {
    const id = await ingested(ndjson(event('x', { timestamp: 'no' })));
    expect((await platform.request('GET', `${EXPORT}/batches/${id}/files`)).json).toEqual({ data: [], _page: { limit: 100, count: 0 } });
    expect((await platform.request('GET', `${EXPORT}/files/${id}-1`)).status).toBe(404);
  });
});

describe('Data Access: row-level errors under /export/batches/{ID}/meta', () => {
  it('with error diagnostics, lists row_errors files and gives {_corrupt_record, _errors, _filename} a line', async () => {
    const lines = [JSON.stringify(event('ok')), '{"_id": broken', JSON.stringify(event('bad', { timestamp: 'no' }))].join('\n') + '\n';
    const id = await ingested(lines, { datasetId: EVENTS_DATASET, inputFormat: { format: 'json' }, enableErrorDiagnostics: true });
    const folder = await platform.request('GET', `${EXPORT}/batches/${id}/meta?path=row_errors`);
    expect(folder.status).toBe(200);
    const names = (folder.json as { data: { name: string }[] }).data.map((d) => d.name).sort();
    expect(names).toEqual([`row_errors/${ROW_ERROR_FILES.conversion}`, `row_errors/${ROW_ERROR_FILES.parsing}`]);
    const parsing = await platform.request('GET', `${EXPORT}/batches/${id}/meta?path=row_errors/${ROW_ERROR_FILES.parsing}`);
    expect(parsing.text.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { _corrupt_record: '{"_id": broken', _errors: [{ code: ROW_ERROR_FILES.parsingCode, message: expect.any(String) }], _filename: 'events.json' },
    ]);
    const conversion = await platform.request('GET', `${EXPORT}/batches/${id}/meta?path=row_errors/${ROW_ERROR_FILES.conversion}`);
    const [row] = conversion.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(row).toMatchObject({ _filename: 'events.json', _errors: [{ code: ROW_ERROR_FILES.conversionCode, message: expect.stringContaining('date-time') }] });
    expect(JSON.parse(row?.['_corrupt_record'] as string)).toEqual(event('bad', { timestamp: 'no' }));
  });

  it('without error diagnostics there are none', async () => {
    const id = await ingested(ndjson(event('bad', { timestamp: 'no' })));
    expect((await platform.request('GET', `${EXPORT}/batches/${id}/meta?path=row_errors`)).json).toEqual({ data: [], _page: { limit: 100, count: 0 } });
    expect((await platform.request('GET', `${EXPORT}/batches/${id}/meta?path=row_errors/${ROW_ERROR_FILES.conversion}`)).status).toBe(404);
  });
});

describe("streaming under the Postman collection's path", () => {
  it('/data/foundation/import/collection/batch/{ID} answers as /collection/batch/{ID}', async () => {
    const ref = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
    const body = JSON.stringify({ messages: [{ header: { schemaRef: ref, imsOrgId: ORG, datasetId: EVENTS_DATASET }, body: { xdmMeta: { schemaRef: ref }, xdmEntity: event('s1') } }] });
    for (const path of [`/collection/batch/${INLET}`, `${IMPORT}/collection/batch/${INLET}`]) {
      const response = await fetch(`${platform.server.url}${path}`, { method: 'POST', headers: json, body });
      expect(response.status, path).toBe(207);
      expect(((await response.json()) as { responses: unknown[] }).responses).toHaveLength(1);
    }
  });
});

describe('under openapi: the Batch answers carry statuses of the batch file enum, tags are arrays of strings', () => {
  let openapi: TestPlatform;
  beforeAll(async () => {
    openapi = await startPlatform({ profile: 'openapi' });
  });
  afterAll(() => openapi.close());

  it('create shows loading as processing, ABORT aborted as failed, while the Catalog keeps the life cycle status', async () => {
    const created = await openapi.request('POST', `${IMPORT}/batches`, { body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' }, enableErrorDiagnostics: true, partialIngestionPercent: 5 }), headers: json });
    expect(created.json).toMatchObject({ status: 'processing' });
    const id = (created.json as { id: string }).id;
    const aborted = await openapi.request('POST', `${IMPORT}/batches/${id}?action=ABORT`);
    expect(aborted.json).toMatchObject({ id, status: 'failed' });
    expect(BATCH_FILE_STATUS_ENUM).toContain((aborted.json as { status: string }).status);
    const catalog = await openapi.catalog(id);
    expect(catalog['status']).toBe('aborted');
    expect(catalog['tags']).toEqual({ acp_enableErrorDiagnostics: ['true'], acp_partialIngestionPercent: ['5'] });
  });
});

describe('Data Access: a dataset preview', () => {
  it("shows the records of the dataset's active batches as rows of strings, and 404 for an unknown dataset", async () => {
    const id = await ingested(ndjson(event('v1')));
    const answer = await platform.request('GET', `${EXPORT}/datasets/${EVENTS_DATASET}/preview`);
    expect(answer.status).toBe(200);
    const rows = (answer.json as { data: Record<string, string>[] }).data;
    expect(rows).toContainEqual({ _id: 'v1', timestamp: '2024-11-23T14:20:00Z' });
    // A streamed message's record is its xdmEntity.
    expect(rows).toContainEqual({ _id: 's1', timestamp: '2024-11-23T14:20:00Z' });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await platform.request('GET', `${EXPORT}/datasets/000000000000000000000000/preview`)).status).toBe(404);
  });
});
