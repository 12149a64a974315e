/**
 * The store contract, written once and run for every store: what the reference server may rely on.
 * `reopen` gives what a later reader of the same store sees: the file store closes and opens the
 * directory again; the memory store has nothing to reopen and returns itself.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BatchRecord, CampaignRequestRecord, Clock, Store } from '../../../src/server/store/index.js';

export interface StoreHarness {
  open(clock: Clock): Promise<Store>;
  reopen(store: Store, clock: Clock): Promise<Store>;
}

export class ManualClock implements Clock {
  constructor(public at = 1_700_000_000_000) {}
  now(): number {
    return this.at;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export function batch(id: string, overrides: Partial<BatchRecord> = {}): BatchRecord {
  return {
    id,
    datasetId: '5f0c0c7f6c5f1b194c1e0b4a',
    imsOrg: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg',
    sandbox: 'prod',
    status: 'loading',
    inputFormat: { format: 'json' },
    created: 1,
    updated: 1,
    createdUser: 'acme@AdobeID',
    updatedUser: 'acme@AdobeID',
    tags: {},
    errors: [],
    metrics: {},
    kind: 'api',
    history: [{ status: 'loading', at: 1, event: 'create' }],
    ...overrides,
  };
}

export function campaignRequest(requestId: string, overrides: Partial<CampaignRequestRecord> = {}): CampaignRequestRecord {
  return { requestId, org: 'acme', mappingId: 'ProfileToAEP', status: 'Pending', created: 1, updated: 1, ...overrides };
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function streamBytes(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}

const B = '01JB4ZQ5N0F5J8K4W2Y7X3V9TS';
const D = '5f0c0c7f6c5f1b194c1e0b4a';

export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name}: the store contract`, () => {
    let clock: ManualClock;
    let store: Store;
    beforeEach(async () => {
      clock = new ManualClock();
      store = await harness.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });
    const reopen = async (): Promise<Store> => (store = await harness.reopen(store, clock));

    describe('batches', () => {
      it('gives back a batch as it was put, and replaces it on a second put', async () => {
        await store.putBatch(batch(B));
        expect(store.getBatch(B)).toEqual(batch(B));
        await store.putBatch(batch(B, { status: 'processing', updated: 2 }));
        expect(store.getBatch(B)?.status).toBe('processing');
        expect(store.listBatches()).toHaveLength(1);
        expect(store.getBatch('unknown')).toBeUndefined();
      });

      it('lists batches in creation order, filtered by dataset and kind', async () => {
        await store.putBatch(batch('b1'));
        await store.putBatch(batch('b2', { datasetId: 'other', kind: 'streaming-success' }));
        await store.putBatch(batch('b3', { kind: 'streaming-error' }));
        await store.putBatch(batch('b1', { status: 'success' }));
        expect(store.listBatches().map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
        expect(store.listBatches({ datasetId: D }).map((b) => b.id)).toEqual(['b1', 'b3']);
        expect(store.listBatches({ kind: 'streaming-error' }).map((b) => b.id)).toEqual(['b3']);
        expect(store.listBatches({ datasetId: 'other', kind: 'api' })).toEqual([]);
      });

      it('hands out copies: changing a returned or a put batch changes nothing stored', async () => {
        const mine = batch(B);
        await store.putBatch(mine);
        mine.status = 'changed';
        const got = store.getBatch(B);
        if (got === undefined) throw new Error('missing');
        got.history.push({ status: 'x', at: 0, event: 'x' });
        expect(store.getBatch(B)).toEqual(batch(B));
        const listed = store.listBatches()[0];
        if (listed) listed.metrics.x = 1;
        expect(store.getBatch(B)?.metrics).toEqual({});
      });

      it('keeps what JSON keeps: an undefined member is dropped', async () => {
        await store.putBatch({ ...batch(B), replay: undefined });
        expect(Object.keys(store.getBatch(B) ?? {})).not.toContain('replay');
      });

      it('refuses a batch id that is not a safe name', async () => {
        await expect(store.putBatch(batch('..'))).rejects.toMatchObject({ name: 'StoreError', code: 'invalid-name' });
        await expect(store.putBatch(batch(''))).rejects.toMatchObject({ code: 'invalid-name' });
      });
    });

    describe('whole files', () => {
      it('stores the bytes and describes them: complete, size, one range, SHA-256, creation time', async () => {
        const bytes = bytesOf('{"a":1}\n{"a":2}\n');
        const record = await store.putFile(B, D, 'part-0.json', bytes);
        expect(record).toEqual({ batchId: B, datasetId: D, name: 'part-0.json', state: 'complete', size: bytes.length, ranges: [[0, bytes.length - 1]], sha256: sha256(bytes), created: clock.at });
        expect(store.getFile(B, D, 'part-0.json')).toEqual(record);
        expect(await store.readFile(B, D, 'part-0.json')).toEqual(bytes);
        expect(await streamBytes(store.openFileStream(B, D, 'part-0.json'))).toEqual(bytes);
      });

      it('stores an empty file with no range', async () => {
        const record = await store.putFile(B, D, 'empty.json', new Uint8Array());
        expect(record).toMatchObject({ state: 'complete', size: 0, ranges: [], sha256: sha256(new Uint8Array()) });
        expect(await store.readFile(B, D, 'empty.json')).toEqual(new Uint8Array());
      });

      it('replaces a file uploaded again under the same name', async () => {
        await store.putFile(B, D, 'a.json', bytesOf('first'));
        clock.advance(10);
        const record = await store.putFile(B, D, 'a.json', bytesOf('second, longer'));
        expect(record).toMatchObject({ size: 14, sha256: sha256(bytesOf('second, longer')), created: clock.at });
        expect(new TextDecoder().decode(await store.readFile(B, D, 'a.json'))).toBe('second, longer');
        expect(store.listFiles(B)).toHaveLength(1);
      });

      it('lists the files of one batch by dataset, then name', async () => {
        await store.putFile(B, 'd2', 'b.json', bytesOf('1'));
        await store.putFile(B, 'd1', 'z.json', bytesOf('2'));
        await store.putFile(B, 'd2', 'a.json', bytesOf('3'));
        await store.putFile('other', 'd1', 'a.json', bytesOf('4'));
        expect(store.listFiles(B).map((f) => `${f.datasetId}/${f.name}`)).toEqual(['d1/z.json', 'd2/a.json', 'd2/b.json']);
        expect(store.listFiles('nothing')).toEqual([]);
      });

      it('answers not-found for a file never stored', async () => {
        expect(store.getFile(B, D, 'nope.json')).toBeUndefined();
        await expect(store.readFile(B, D, 'nope.json')).rejects.toMatchObject({ name: 'StoreError', code: 'not-found' });
        expect(() => store.openFileStream(B, D, 'nope.json')).toThrow(expect.objectContaining({ code: 'not-found' }));
      });

      it('stores any name a client may use, each under its own identity', async () => {
        const names = ['events 2024:01.json', 'données.parquet', 'a..b.json', '%41.json', 'A.json', 'x@y#z?.csv', '*star*.json', '.hidden', '~tilde'];
        for (const [i, n] of names.entries()) await store.putFile(B, 'data set', n, bytesOf(`file ${i}`));
        for (const [i, n] of names.entries()) expect(new TextDecoder().decode(await store.readFile(B, 'data set', n))).toBe(`file ${i}`);
        expect(store.listFiles(B)).toHaveLength(names.length);
      });
    });

    describe('chunked uploads', () => {
      it('records each chunk range as it arrives, sorted, with the extent as size', async () => {
        const first = await store.writeChunk(B, D, 'big.json', 0, bytesOf('0123'));
        expect(first).toEqual({ batchId: B, datasetId: D, name: 'big.json', state: 'uploading', size: 4, ranges: [[0, 3]], created: clock.at });
        const created = clock.at;
        clock.advance(5);
        await store.writeChunk(B, D, 'big.json', 8, bytesOf('89'));
        const third = await store.writeChunk(B, D, 'big.json', 4, bytesOf('4567'));
        expect(third).toMatchObject({ state: 'uploading', size: 10, ranges: [[0, 3], [4, 7], [8, 9]], created });
        expect(third.sha256).toBeUndefined();
        expect(store.getFile(B, D, 'big.json')).toEqual(third);
      });

      it('cannot be read while uploading, and is read whole once complete', async () => {
        await store.writeChunk(B, D, 'big.json', 0, bytesOf('hello '));
        await store.writeChunk(B, D, 'big.json', 6, bytesOf('world'));
        await expect(store.readFile(B, D, 'big.json')).rejects.toMatchObject({ code: 'conflict' });
        expect(() => store.openFileStream(B, D, 'big.json')).toThrow(expect.objectContaining({ code: 'conflict' }));
        const done = await store.completeFile(B, D, 'big.json');
        expect(done).toMatchObject({ state: 'complete', size: 11, ranges: [[0, 5], [6, 10]], sha256: sha256(bytesOf('hello world')) });
        expect(new TextDecoder().decode(await store.readFile(B, D, 'big.json'))).toBe('hello world');
        expect(new TextDecoder().decode(await streamBytes(store.openFileStream(B, D, 'big.json')))).toBe('hello world');
        expect(await store.completeFile(B, D, 'big.json')).toEqual(done);
      });

      it('lets a retried chunk replace the one at the same start', async () => {
        await store.writeChunk(B, D, 'f', 0, bytesOf('AAAA'));
        await store.writeChunk(B, D, 'f', 4, bytesOf('xx'));
        const retried = await store.writeChunk(B, D, 'f', 4, bytesOf('BBBB'));
        expect(retried.ranges).toEqual([[0, 3], [4, 7]]);
        await store.completeFile(B, D, 'f');
        expect(new TextDecoder().decode(await store.readFile(B, D, 'f'))).toBe('AAAABBBB');
      });

      it('keeps overlaps and gaps in the ranges for the server to judge; assembled at offsets if completed anyway', async () => {
        await store.writeChunk(B, D, 'f', 2, bytesOf('cd'));
        const record = await store.writeChunk(B, D, 'f', 3, bytesOf('DE'));
        expect(record.ranges).toEqual([[2, 3], [3, 4]]);
        const done = await store.completeFile(B, D, 'f');
        const expected = new Uint8Array([0, 0, ...bytesOf('cDE')]);
        expect(await store.readFile(B, D, 'f')).toEqual(expected);
        expect(done.sha256).toBe(sha256(expected));
      });

      it('refuses a chunk for a complete file, an empty chunk and a negative start', async () => {
        await store.putFile(B, D, 'whole.json', bytesOf('{}'));
        await expect(store.writeChunk(B, D, 'whole.json', 2, bytesOf('x'))).rejects.toMatchObject({ code: 'conflict' });
        await expect(store.writeChunk(B, D, 'n.json', 0, new Uint8Array())).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(store.writeChunk(B, D, 'n.json', -1, bytesOf('x'))).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(store.writeChunk(B, D, 'n.json', 0.5, bytesOf('x'))).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(store.completeFile(B, D, 'never.json')).rejects.toMatchObject({ code: 'not-found' });
      });

      it('lets a whole upload replace an upload under way', async () => {
        await store.writeChunk(B, D, 'f', 0, bytesOf('partial'));
        const record = await store.putFile(B, D, 'f', bytesOf('whole'));
        expect(record).toMatchObject({ state: 'complete', ranges: [[0, 4]] });
        expect(new TextDecoder().decode(await store.readFile(B, D, 'f'))).toBe('whole');
      });

      it('takes many chunks of one file at once without losing one', async () => {
        const chunk = (i: number) => bytesOf(String(i % 10).repeat(100));
        await Promise.all(Array.from({ length: 40 }, (_, i) => store.writeChunk(B, D, 'par.json', i * 100, chunk(i))));
        expect(store.getFile(B, D, 'par.json')?.ranges).toHaveLength(40);
        await store.completeFile(B, D, 'par.json');
        const expected = Buffer.concat(Array.from({ length: 40 }, (_, i) => chunk(i)));
        expect(await store.readFile(B, D, 'par.json')).toEqual(new Uint8Array(expected));
      });
    });

    describe('failed-batch outputs', () => {
      it('stores named outputs per batch, lists them with their length, and replaces by name', async () => {
        await store.putFailedOutput(B, 'a.json', bytesOf('{"x":1}'));
        await store.putFailedOutput(B, 'b.ndjson', bytesOf('{}\n{}\n'));
        await store.putFailedOutput(B, 'a.json', bytesOf('{"x":22}'));
        expect(store.listFailedOutputs(B)).toEqual([
          { name: 'a.json', length: 8 },
          { name: 'b.ndjson', length: 6 },
        ]);
        expect(new TextDecoder().decode(await store.readFailedOutput(B, 'a.json'))).toBe('{"x":22}');
        expect(await store.readFailedOutput(B, 'missing.json')).toBeUndefined();
        expect(store.listFailedOutputs('other')).toEqual([]);
      });
    });

    describe('streaming records', () => {
      it('reads back every appended record in order, as JSON gives them back', async () => {
        await store.appendRecords(B, [{ n: 1 }, { n: 2, text: 'line\nbreak' }]);
        await store.appendRecords(B, []);
        await store.appendRecords(B, [{ n: 3, when: new Date(0) }]);
        expect(await store.readRecords(B)).toEqual([{ n: 1 }, { n: 2, text: 'line\nbreak' }, { n: 3, when: '1970-01-01T00:00:00.000Z' }]);
        expect(await store.readRecords('no-records')).toEqual([]);
      });

      it('keeps every record of many appends at once, each append in one piece', async () => {
        await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendRecords(B, [{ call: i, part: 0 }, { call: i, part: 1 }])));
        const records = (await store.readRecords(B)) as { call: number; part: number }[];
        expect(records).toHaveLength(100);
        for (let at = 0; at < records.length; at += 2) {
          expect(records[at]?.call).toBe(records[at + 1]?.call);
          expect([records[at]?.part, records[at + 1]?.part]).toEqual([0, 1]);
        }
      });

      it('refuses records that are not an array or not JSON', async () => {
        await expect(store.appendRecords(B, { n: 1 } as unknown as unknown[])).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(store.appendRecords(B, [{ n: 1n }])).rejects.toMatchObject({ code: 'invalid-argument' });
        expect(await store.readRecords(B)).toEqual([]);
      });
    });

    describe('streamed units (one streaming request)', () => {
      /** A streamed batch whose records are the given JSON texts, as the bytes given. */
      const unitBatch = (id: string, texts: string[], outputs: { name: string; text: string }[] = [], overrides: Partial<BatchRecord> = {}) => {
        const bytes = texts.map((t) => Buffer.from(t));
        const ends: number[] = [];
        let at = 0;
        for (const b of bytes) ends.push((at += b.length));
        return {
          batch: batch(id, { kind: 'streaming-success', status: 'success', ...overrides }),
          texts: Buffer.concat(bytes),
          ends,
          outputs: outputs.map((o) => ({ name: o.name, bytes: bytesOf(o.text) })),
        };
      };

      it('stores the batches, records and outputs of a unit together, records parsed from the texts given', async () => {
        await store.appendStreamed({
          batches: [
            unitBatch('s1', ['{"x":1}\n', '{ "x" : [ 2 ,\n 3 ] }\n']),
            unitBatch('s2', ['{"y":"é"}'], [{ name: 'a-0.json', text: '{"e":1}' }], { kind: 'streaming-error', status: 'failed' }),
          ],
        });
        expect(store.getBatch('s1')).toEqual(batch('s1', { kind: 'streaming-success', status: 'success' }));
        expect(store.listBatches({ kind: 'streaming-error' }).map((b) => b.id)).toEqual(['s2']);
        expect(await store.readRecords('s1')).toEqual([{ x: 1 }, { x: [2, 3] }]);
        expect(await store.readRecords('s2')).toEqual([{ y: 'é' }]);
        expect(store.listFailedOutputs('s2')).toEqual([{ name: 'a-0.json', length: 7 }]);
        expect(new TextDecoder().decode(await store.readFailedOutput('s2', 'a-0.json'))).toBe('{"e":1}');
        await reopen();
        expect(await store.readRecords('s1')).toEqual([{ x: 1 }, { x: [2, 3] }]);
        expect(store.getBatch('s2')?.status).toBe('failed');
        expect(new TextDecoder().decode(await store.readFailedOutput('s2', 'a-0.json'))).toBe('{"e":1}');
      });

      it('reads back a record nested 100 000 deep, which no JSON.stringify could write', async () => {
        const depth = 100_000;
        await store.appendStreamed({ batches: [unitBatch('deep', [`{"m":${'['.repeat(depth)}${']'.repeat(depth)}}`])] });
        await reopen();
        let value = ((await store.readRecords('deep')) as { m: unknown }[])[0]?.m;
        let levels = 0;
        while (Array.isArray(value)) {
          levels++;
          value = value[0];
        }
        expect(levels).toBe(depth);
      });

      it('refuses a unit whole when any part of it is wrong, storing nothing of it', async () => {
        const good = unitBatch('g1', ['{"ok":true}']);
        await expect(store.appendStreamed({ batches: [good, unitBatch('..', ['{}'])] })).rejects.toMatchObject({ code: 'invalid-name' });
        await expect(store.appendStreamed({ batches: [good, unitBatch('g2', ['{}'], [{ name: 'a/b', text: '{}' }])] })).rejects.toMatchObject({ code: 'invalid-name' });
        await expect(store.appendStreamed({ batches: [good, { ...unitBatch('g3', ['{}']), ends: [1] }] })).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(store.appendStreamed({ batches: [good, good] })).rejects.toMatchObject({ code: 'conflict' });
        expect(store.listBatches()).toEqual([]);
        expect(await store.readRecords('g1')).toEqual([]);
        await store.appendStreamed({ batches: [good] });
        await expect(store.appendStreamed({ batches: [unitBatch('g1', ['{}'])] })).rejects.toMatchObject({ code: 'conflict' });
        expect(await store.readRecords('g1')).toEqual([{ ok: true }]);
      });

      it('keeps every unit of many at once, and a later put of a streamed batch replaces its record', async () => {
        await Promise.all(Array.from({ length: 60 }, (_, i) => store.appendStreamed({ batches: [unitBatch(`u${i}`, [`{"u":${i},"p":0}`, `{"u":${i},"p":1}`])] })));
        await store.putBatch(batch('u7', { kind: 'streaming-success', status: 'retried' }));
        await reopen();
        expect(store.listBatches({ kind: 'streaming-success' })).toHaveLength(60);
        for (let i = 0; i < 60; i++) expect(await store.readRecords(`u${i}`)).toEqual([{ u: i, p: 0 }, { u: i, p: 1 }]);
        expect(store.getBatch('u7')?.status).toBe('retried');
      });
    });

    describe('Campaign requests', () => {
      it('stores, replaces and lists requests, filtered by mapping', async () => {
        await store.putCampaignRequest(campaignRequest('r1'));
        await store.putCampaignRequest(campaignRequest('r2', { mappingId: 'Other' }));
        await store.putCampaignRequest(campaignRequest('r1', { status: 'Success', numRecords: 3, batchId: B }));
        expect(store.getCampaignRequest('r1')).toEqual(campaignRequest('r1', { status: 'Success', numRecords: 3, batchId: B }));
        expect(store.getCampaignRequest('r3')).toBeUndefined();
        expect(store.listCampaignRequests().map((r) => r.requestId)).toEqual(['r1', 'r2']);
        expect(store.listCampaignRequests({ mappingId: 'Other' }).map((r) => r.requestId)).toEqual(['r2']);
      });
    });

    describe('names that could leave the store are refused', () => {
      const unsafe = ['..', '.', 'a/b', '../x', 'a\\b', 'a\0b', '/etc/passwd', 'C:\\x', 'c:x', '', 'lone\uD800'];
      it.each(unsafe)('%j', async (bad) => {
        const refused = { name: 'StoreError', code: 'invalid-name' };
        await expect(store.putFile(bad, D, 'f.json', bytesOf('x'))).rejects.toMatchObject(refused);
        await expect(store.putFile(B, bad, 'f.json', bytesOf('x'))).rejects.toMatchObject(refused);
        await expect(store.putFile(B, D, bad, bytesOf('x'))).rejects.toMatchObject(refused);
        await expect(store.writeChunk(B, D, bad, 0, bytesOf('x'))).rejects.toMatchObject(refused);
        await expect(store.completeFile(B, bad, 'f.json')).rejects.toMatchObject(refused);
        await expect(store.readFile(B, D, bad)).rejects.toMatchObject(refused);
        expect(() => store.openFileStream(B, D, bad)).toThrow(expect.objectContaining(refused));
        await expect(store.putFailedOutput(B, bad, bytesOf('x'))).rejects.toMatchObject(refused);
        await expect(store.putFailedOutput(bad, 'o.json', bytesOf('x'))).rejects.toMatchObject(refused);
        await expect(store.appendRecords(bad, [{}])).rejects.toMatchObject(refused);
        await expect(store.putBatch(batch(bad))).rejects.toMatchObject(refused);
        expect(store.listFiles(B)).toEqual([]);
      });

      it('says which name and why', async () => {
        await expect(store.putFile(B, D, '../../etc/passwd', bytesOf('x'))).rejects.toThrow(/file name "..\/..\/etc\/passwd" contains a path separator/);
        await expect(store.putFile(B, D, 'x'.repeat(300), bytesOf('x'))).rejects.toThrow(/too long/);
      });
    });

    describe('durability as a later reader sees it', () => {
      it('gives back everything that was acknowledged', async () => {
        await store.putBatch(batch(B, { status: 'processing' }));
        await store.putFile(B, D, 'whole.json', bytesOf('whole'));
        await store.writeChunk(B, D, 'chunked.json', 0, bytesOf('abc'));
        await store.writeChunk(B, D, 'chunked.json', 3, bytesOf('def'));
        await store.completeFile(B, D, 'chunked.json');
        await store.writeChunk(B, D, 'open.json', 5, bytesOf('later'));
        await store.writeChunk(B, D, 'open.json', 0, bytesOf('first'));
        await store.putFailedOutput(B, 'err.json', bytesOf('{"e":1}'));
        await store.appendRecords(B, [{ n: 1 }]);
        await store.appendRecords(B, [{ n: 2 }, { n: 3 }]);
        await store.putCampaignRequest(campaignRequest('r1'));
        const before = { batches: store.listBatches(), files: store.listFiles(B), outputs: store.listFailedOutputs(B), campaign: store.listCampaignRequests() };

        const later = await reopen();
        expect({ batches: later.listBatches(), files: later.listFiles(B), outputs: later.listFailedOutputs(B), campaign: later.listCampaignRequests() }).toEqual(before);
        expect(new TextDecoder().decode(await later.readFile(B, D, 'whole.json'))).toBe('whole');
        expect(new TextDecoder().decode(await later.readFile(B, D, 'chunked.json'))).toBe('abcdef');
        expect(new TextDecoder().decode(await later.readFailedOutput(B, 'err.json'))).toBe('{"e":1}');
        expect(await later.readRecords(B)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
        // An upload under way goes on after the reopen.
        await later.writeChunk(B, D, 'open.json', 10, bytesOf('!'));
        await later.completeFile(B, D, 'open.json');
        expect(new TextDecoder().decode(await later.readFile(B, D, 'open.json'))).toBe('firstlater!');
      });

      it('keeps all of 200 concurrent puts', async () => {
        await Promise.all([
          ...Array.from({ length: 200 }, (_, i) => store.putBatch(batch(`batch-${i}`, { metrics: { i } }))),
          ...Array.from({ length: 20 }, (_, i) => store.putFile(B, D, `file-${i}.json`, bytesOf(`content ${i}`))),
          ...Array.from({ length: 20 }, (_, i) => store.putCampaignRequest(campaignRequest(`req-${i}`))),
        ]);
        const later = await reopen();
        expect(later.listBatches()).toHaveLength(200);
        for (let i = 0; i < 200; i++) expect(later.getBatch(`batch-${i}`)?.metrics).toEqual({ i });
        for (let i = 0; i < 20; i++) expect(new TextDecoder().decode(await later.readFile(B, D, `file-${i}.json`))).toBe(`content ${i}`);
        expect(later.listCampaignRequests()).toHaveLength(20);
      });
    });

    describe('closing', () => {
      it('waits for writes under way, then refuses new ones', async () => {
        const pending = store.putBatch(batch(B));
        await store.close();
        await pending;
        await expect(store.putBatch(batch('late'))).rejects.toMatchObject({ code: 'closed' });
        await expect(store.appendRecords(B, [{}])).rejects.toMatchObject({ code: 'closed' });
        store = await harness.open(clock);
      });
    });
  });
}
