/**
 * What the file store finds and repairs when it opens a data directory a crash left behind.
 * Each case builds the state a crash at a given moment would leave, then opens the store on it.
 */
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFileStore, type FileStore } from '../../../src/server/store/index.js';
import { batch, bytesOf, campaignRequest } from './contract.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-store-recovery-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let count = 0;

const B = 'b1';
const D = 'd1';

let dir: string;
let store: FileStore | undefined;
beforeEach(() => {
  dir = path.join(root, `store-${count++}`);
});
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function open(): Promise<FileStore> {
  await store?.close();
  store = await openFileStore(dir, { fsync: false });
  return store;
}

async function closeStore(): Promise<void> {
  await store?.close();
  store = undefined;
}

const journal = () => path.join(dir, 'journal.ndjson');
const journalLines = () => fs.readFileSync(journal(), 'utf8').split('\n').filter((l) => l !== '');

function filesUnder(sub: string): string[] {
  const top = path.join(dir, sub);
  if (!fs.existsSync(top)) return [];
  return (fs.readdirSync(top, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('the journal after a crash', () => {
  it('cuts off a torn last line (a partial write) and keeps every whole line before it', async () => {
    const s = await open();
    await s.putBatch(batch(B, { status: 'loading' }));
    await s.putBatch(batch(B, { status: 'processing' }));
    await closeStore();
    const whole = fs.readFileSync(journal());
    const torn = '{"t":"batch","v":{"id":"b1","status":"succ';
    fs.appendFileSync(journal(), torn);

    const reopened = await open();
    expect(reopened.recovery.tornJournalBytes).toBe(torn.length);
    expect(fs.readFileSync(journal())).toEqual(whole);
    expect(reopened.getBatch(B)?.status).toBe('processing');
    await reopened.putBatch(batch('b2'));
    expect((await open()).listBatches().map((b) => b.id)).toEqual([B, 'b2']);
  });

  it('cuts off a last line that parses but lost its newline: its append never resolved', async () => {
    const s = await open();
    await s.putBatch(batch(B));
    await closeStore();
    fs.appendFileSync(journal(), JSON.stringify({ t: 'batch', v: batch('ghost') }));
    const reopened = await open();
    expect(reopened.getBatch('ghost')).toBeUndefined();
    expect(reopened.recovery.tornJournalBytes).toBeGreaterThan(0);
    expect(journalLines()).toHaveLength(1);
  });

  it('refuses to open when a damaged line has whole lines after it: that is not a crash, and dropping them would lose acknowledged data', async () => {
    const s = await open();
    await s.putBatch(batch('a'));
    await s.putBatch(batch('b'));
    await closeStore();
    const lines = fs.readFileSync(journal(), 'utf8').split('\n');
    fs.writeFileSync(journal(), [lines[0]?.slice(0, 10), lines[1], ''].join('\n'));
    await expect(openFileStore(dir, { fsync: false })).rejects.toMatchObject({ name: 'StoreError', code: 'corrupt', message: expect.stringMatching(/line 1 is damaged but line 2/) });
    // The refused open does not keep the directory locked.
    fs.writeFileSync(journal(), `${lines[1]}\n`);
    expect((await open()).listBatches().map((b) => b.id)).toEqual(['b']);
  });

  it('removes a compaction tmp left by a crash and keeps the journal as it was', async () => {
    const s = await open();
    await s.putBatch(batch(B));
    await closeStore();
    fs.writeFileSync(`${journal()}.tmp`, '{"t":"batch","v":{"id":"half');
    expect((await open()).getBatch(B)).toBeDefined();
    expect(fs.existsSync(`${journal()}.tmp`)).toBe(false);
  });

  it('is compacted at open when it is much longer than the live records', async () => {
    const s = await open();
    for (let i = 0; i < 300; i++) await s.putBatch(batch(B, { metrics: { version: i } }));
    await s.putCampaignRequest(campaignRequest('r1'));
    await s.putFile(B, D, 'f.json', bytesOf('{}'));
    await closeStore();
    expect(journalLines()).toHaveLength(302);

    const reopened = await open();
    expect(reopened.recovery).toMatchObject({ journalEntries: 302, compacted: true });
    expect(journalLines()).toHaveLength(3);
    expect(reopened.getBatch(B)?.metrics).toEqual({ version: 299 });
    expect(new TextDecoder().decode(await reopened.readFile(B, D, 'f.json'))).toBe('{}');
    expect((await open()).recovery).toMatchObject({ journalEntries: 3, compacted: false });
  });
});

describe('files a crash left half-done', () => {
  it('removes stray tmp files and blobs no journal line refers to, and keeps every acknowledged one', async () => {
    const s = await open();
    await s.putFile(B, D, 'kept.json', bytesOf('kept'));
    await s.writeChunk(B, D, 'up.json', 0, bytesOf('part'));
    await s.putFailedOutput(B, 'err.json', bytesOf('{}'));
    await closeStore();
    const kept = [...filesUnder('files'), ...filesUnder('chunks'), ...filesUnder('failed')];
    expect(kept).toHaveLength(3);

    const strays = [
      `files/${B}/${D}/crashed.json@0123456789ab.tmp`, // crash before the rename
      `files/${B}/${D}/crashed.json@ba9876543210`, // crash after the rename, before the journal line
      `files/other-batch/${D}/x.json@aaaaaaaaaaaa.tmp`,
      `chunks/${B}/${D}/up.json/4@cccccccccccc.part.tmp`,
      `chunks/${B}/${D}/up.json/4@dddddddddddd.part`,
      `failed/${B}/err.json@eeeeeeeeeeee`,
    ];
    for (const stray of strays) {
      fs.mkdirSync(path.dirname(path.join(dir, stray)), { recursive: true });
      fs.writeFileSync(path.join(dir, stray), 'half');
    }
    const reopened = await open();
    expect([...reopened.recovery.removedFiles].sort()).toEqual([...strays].sort());
    expect([...filesUnder('files'), ...filesUnder('chunks'), ...filesUnder('failed')].sort()).toEqual([...kept].sort());
    expect(fs.existsSync(path.join(dir, 'files/other-batch'))).toBe(false);
    expect(new TextDecoder().decode(await reopened.readFile(B, D, 'kept.json'))).toBe('kept');
    expect(reopened.getFile(B, D, 'up.json')?.ranges).toEqual([[0, 3]]);
    expect(reopened.getFile(B, D, 'crashed.json')).toBeUndefined();
  });

  it('keeps the old version of a file whose replacing upload was cut short', async () => {
    const s = await open();
    await s.putFile(B, D, 'f.json', bytesOf('old'));
    await closeStore();
    // The new copy was renamed into place, but its journal line never made it.
    fs.writeFileSync(path.join(dir, `files/${B}/${D}/f.json@ffffffffffff`), 'new, never acknowledged');
    const reopened = await open();
    expect(new TextDecoder().decode(await reopened.readFile(B, D, 'f.json'))).toBe('old');
  });

  it('stores file names percent-encoded, so none escapes its directory', async () => {
    const s = await open();
    await s.putFile('batch:1', 'data set', 'a b:%2F..c.json', bytesOf('x'));
    expect(filesUnder('files')).toEqual([expect.stringMatching(/^files\/batch%3A1\/data%20set\/a%20b%3A%252F\.\.c\.json@[0-9a-f]{12}$/)]);
  });
});

describe('streaming records after a crash', () => {
  const recordsFile = () => path.join(dir, `records/${B}.ndjson`);

  it('cuts off a torn last append, so no append is ever half there', async () => {
    const s = await open();
    await s.appendRecords(B, [{ n: 1 }, { n: 2 }]);
    await closeStore();
    fs.appendFileSync(recordsFile(), '[{"n":3},{"n":');
    const reopened = await open();
    expect(reopened.recovery.repairedRecords).toEqual([{ batchId: B, tornBytes: 14 }]);
    expect(await reopened.readRecords(B)).toEqual([{ n: 1 }, { n: 2 }]);
    await reopened.appendRecords(B, [{ n: 5 }]);
    expect(await (await open()).readRecords(B)).toEqual([{ n: 1 }, { n: 2 }, { n: 5 }]);
  });

  it('cuts off a last append that lost its newline, and one that does not parse', async () => {
    const s = await open();
    await s.appendRecords(B, [{ n: 1 }]);
    await closeStore();
    fs.appendFileSync(recordsFile(), '[{"n":"x\u0000\u0000"\n[{"n":2}]');
    const reopened = await open();
    expect(await reopened.readRecords(B)).toEqual([{ n: 1 }]);
    expect(fs.readFileSync(recordsFile(), 'utf8')).toBe('[{"n":1}]\n');
  });

  it('finds the last whole append past a long torn tail', async () => {
    const s = await open();
    await s.appendRecords(B, [{ big: 'y'.repeat(100_000) }]);
    await closeStore();
    fs.appendFileSync(recordsFile(), `[{"big":"${'z'.repeat(200_000)}`);
    expect(await (await open()).readRecords(B)).toEqual([{ big: 'y'.repeat(100_000) }]);
  });
});

describe('one process per data directory', () => {
  it('refuses a second store on a directory open in this process', async () => {
    await open();
    await expect(openFileStore(dir, { fsync: false })).rejects.toMatchObject({ code: 'locked' });
  });

  it('refuses a directory whose LOCK names a live process, and takes over one whose process died', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'LOCK'), `${process.ppid}\n`);
    await expect(openFileStore(dir, { fsync: false })).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining(String(process.ppid)) });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(dir, 'LOCK'), `${dead.stdout}\n`);
    const s = await open();
    expect(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    await s.close();
    expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });
});

describe('with fsync on (the default)', () => {
  it('writes and reopens the same as without', async () => {
    const s = await openFileStore(dir);
    await Promise.all([s.putBatch(batch(B)), s.putFile(B, D, 'f.json', bytesOf('synced')), s.appendRecords(B, [{ n: 1 }]), s.writeChunk(B, D, 'c.json', 0, bytesOf('c'))]);
    await s.close();
    const reopened = await openFileStore(dir);
    expect(reopened.getBatch(B)).toEqual(batch(B));
    expect(new TextDecoder().decode(await reopened.readFile(B, D, 'f.json'))).toBe('synced');
    expect(await reopened.readRecords(B)).toEqual([{ n: 1 }]);
    expect(reopened.getFile(B, D, 'c.json')?.ranges).toEqual([[0, 0]]);
    await reopened.close();
  });
});

describe('streaming segments after a crash', () => {
  const unit = (id: string, text: string) => ({
    batches: [{ batch: batch(id, { kind: 'streaming-success', status: 'success' }), texts: Buffer.from(text), ends: [Buffer.byteLength(text)] }],
  });
  const segment = (n = 0) => path.join(dir, 'streams', `${String(n).padStart(8, '0')}.seg`);

  it('keeps many requests in one segment file: files do not grow with the number of requests', async () => {
    const s = await open();
    for (let i = 0; i < 200; i++) await s.appendStreamed(unit(`r${i}`, `{"i":${i}}`));
    expect(filesUnder('streams')).toEqual(['streams/00000000.seg']);
    expect(filesUnder('records')).toEqual([]);
    const reopened = await open();
    expect(reopened.recovery).toMatchObject({ streamedFrames: 200, tornStreamBytes: 0 });
    expect(await reopened.readRecords('r199')).toEqual([{ i: 199 }]);
  });

  it('cuts off a torn last frame (a partial write) and keeps every whole frame before it', async () => {
    const s = await open();
    await s.appendStreamed(unit('a', '{"n":1}'));
    await s.appendStreamed(unit('b', '{"n":2}'));
    await closeStore();
    const whole = fs.readFileSync(segment());
    const second = whole.indexOf('{"len"', 1);
    fs.truncateSync(segment(), whole.length - 3);
    const reopened = await open();
    expect(reopened.recovery.tornStreamBytes).toBe(whole.length - 3 - second);
    expect(reopened.getBatch('b')).toBeUndefined();
    expect(await reopened.readRecords('a')).toEqual([{ n: 1 }]);
    await reopened.appendStreamed(unit('c', '{"n":3}'));
    const again = await open();
    expect(again.listBatches().map((x) => x.id)).toEqual(['a', 'c']);
    expect(await again.readRecords('c')).toEqual([{ n: 3 }]);
  });

  it('cuts off a last frame whose bytes were never written (its payload fails its CRC)', async () => {
    const s = await open();
    await s.appendStreamed(unit('a', '{"n":1}'));
    await s.appendStreamed(unit('b', '{"n":2222}'));
    await closeStore();
    const bytes = fs.readFileSync(segment());
    bytes.fill(0, bytes.lastIndexOf('{"n":2222}'), bytes.length - 1);
    fs.writeFileSync(segment(), bytes);
    const reopened = await open();
    expect(reopened.recovery.tornStreamBytes).toBeGreaterThan(0);
    expect(reopened.listBatches().map((x) => x.id)).toEqual(['a']);
  });

  it('refuses to open when a frame of an earlier segment is damaged, rather than drop acknowledged requests', async () => {
    const s = await open();
    await s.appendStreamed(unit('a', '{"n":1}'));
    await closeStore();
    fs.copyFileSync(segment(0), segment(1));
    const bytes = fs.readFileSync(segment(0));
    bytes[1] = 0x21;
    fs.writeFileSync(segment(0), bytes);
    await expect(open()).rejects.toMatchObject({ code: 'corrupt' });
  });
});
