/**
 * Durability under kill -9: a child process writes to the file store from several workers at once
 * (batches and their status updates, whole files up to 256 KB, chunks, completions, streaming
 * records) and is killed with SIGKILL 200–800 ms in. Then the store is opened again and must hold
 * every write the child acknowledged, and nothing half-written.
 *
 * Five rounds share one data directory, so from the second round on the child also opens a store a
 * crash left behind. Each round is checked on a copy of the crashed directory (the check itself
 * repairs what it opens, and the next child must meet the unrepaired state); the last test checks the
 * directory itself.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFileStore, type FileStore } from '../../../src/server/store/index.js';
import { DATASET, chunkLabel, contentFor, sha256, statusAt, wholeFileLabel, type WriterEvent } from './content.js';

const ROOT = path.join(import.meta.dirname, '../../..');
const WRITER = path.join(import.meta.dirname, 'writer.ts');
const ROUNDS = 5;
const delays = Array.from({ length: ROUNDS }, () => 200 + Math.floor(Math.random() * 601));

let work: string;
let dataDir: string;
const begun: WriterEvent[] = [];
const acked: WriterEvent[] = [];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'store-crash-'));
  dataDir = path.join(work, 'data');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface RoundResult {
  begun: number;
  acked: number;
  inFlight: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Runs the writer until `delayMs` after it reports READY, then kills it with SIGKILL. */
function runWriter(round: number, delayMs: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(round)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    const counts = { begun: 0, acked: 0 };
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      // The last piece has no newline yet: a line still arriving, or cut by the kill. Never parsed.
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY') setTimeout(() => child.kill('SIGKILL'), delayMs);
        else if (line.startsWith('BEGIN ')) {
          begun.push(JSON.parse(line.slice(6)) as WriterEvent);
          counts.begun++;
        } else if (line.startsWith('ACK ')) {
          acked.push(JSON.parse(line.slice(4)) as WriterEvent);
          counts.acked++;
        }
      }
    });
    child.on('error', reject);
    // 'exit' comes after Node has reaped the child, so its pid in LOCK is no longer alive.
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ ...counts, inFlight: counts.begun - counts.acked, code, signal, stderr });
    });
  });
}

interface Expectations {
  /** Highest acknowledged and highest begun version per batch. */
  batches: Map<string, { acked: number; begun: number }>;
  /** Per whole file: the SHA-256 acknowledged last, and every SHA-256 begun after that ack. */
  files: Map<string, { acked?: string; allowed: Set<string> }>;
  /** Per chunked upload: acknowledged ranges, begun ranges, and whether completion was acknowledged. */
  uploads: Map<string, { acked: Set<string>; begun: Set<string>; completeAcked: boolean }>;
  /** Per streaming batch: groups acknowledged, and the size of every group begun. */
  records: Map<string, { acked: Set<string>; begun: Map<string, number> }>;
}

function expectations(): Expectations {
  const e: Expectations = { batches: new Map(), files: new Map(), uploads: new Map(), records: new Map() };
  const upload = (batchId: string, name: string) => {
    const key = `${batchId}/${name}`;
    let u = e.uploads.get(key);
    if (u === undefined) e.uploads.set(key, (u = { acked: new Set(), begun: new Set(), completeAcked: false }));
    return u;
  };
  const records = (batchId: string) => {
    let r = e.records.get(batchId);
    if (r === undefined) e.records.set(batchId, (r = { acked: new Set(), begun: new Map() }));
    return r;
  };
  // BEGIN and ACK lines interleave across workers, but one worker's are in order; replaying all
  // BEGINs, then all ACKs, in order gives each file's last ack and what was begun after it.
  const fileEvents: { kind: 'begin' | 'ack'; event: Extract<WriterEvent, { op: 'file' }> }[] = [];
  for (const event of begun) {
    if (event.op === 'batch') {
      const b = e.batches.get(event.batchId) ?? { acked: -1, begun: -1 };
      b.begun = Math.max(b.begun, event.version);
      e.batches.set(event.batchId, b);
    } else if (event.op === 'chunk') upload(event.batchId, event.name).begun.add(`${event.start}-${event.end}`);
    else if (event.op === 'records') records(event.batchId).begun.set(event.group, event.count);
    else if (event.op === 'file') fileEvents.push({ kind: 'begin', event });
  }
  for (const event of acked) {
    if (event.op === 'batch') {
      const b = e.batches.get(event.batchId);
      if (b) b.acked = Math.max(b.acked, event.version);
    } else if (event.op === 'chunk') upload(event.batchId, event.name).acked.add(`${event.start}-${event.end}`);
    else if (event.op === 'complete') upload(event.batchId, event.name).completeAcked = true;
    else if (event.op === 'records') records(event.batchId).acked.add(event.group);
  }
  // For files, a generation counts: the one acknowledged last, or any begun at a later generation.
  const lastAcked = new Map<string, { generation: number; sha256: string }>();
  for (const event of acked) {
    if (event.op !== 'file') continue;
    const key = `${event.batchId}/${event.name}`;
    const last = lastAcked.get(key);
    if (last === undefined || event.generation > last.generation) lastAcked.set(key, { generation: event.generation, sha256: event.sha256 });
  }
  for (const { event } of fileEvents) {
    const key = `${event.batchId}/${event.name}`;
    let f = e.files.get(key);
    if (f === undefined) e.files.set(key, (f = { acked: lastAcked.get(key)?.sha256, allowed: new Set() }));
    const last = lastAcked.get(key);
    if (last === undefined || event.generation >= last.generation) f.allowed.add(event.sha256);
  }
  return e;
}

/** What the checker needs from the content functions: the bytes a chunked upload must hold. */
function expectedUploadContent(batchId: string, name: string, ranges: [number, number][]): Buffer {
  return Buffer.concat(ranges.map(([start, end]) => contentFor(chunkLabel(batchId, name, start), end - start + 1)));
}

function filesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
}

/** Every check of the spec, on a store opened after a crash; returns what it verified, for the log. */
async function checkStore(store: FileStore, opts: { completeUploads: boolean }): Promise<Record<string, number>> {
  const e = expectations();
  const verified = { batches: 0, files: 0, chunkRanges: 0, completedUploads: 0, records: 0 };

  // Batches: at least the acknowledged status, at most one that was begun.
  for (const [id, b] of e.batches) {
    const stored = store.getBatch(id);
    if (b.acked >= 0) expect(stored, `acknowledged batch ${id}`).toBeDefined();
    if (stored === undefined) continue;
    const version = stored.metrics.version ?? -1;
    expect(version, `batch ${id} version`).toBeGreaterThanOrEqual(b.acked);
    expect(version, `batch ${id} version`).toBeLessThanOrEqual(b.begun);
    expect(stored.status).toBe(statusAt(version));
    expect(stored.history).toHaveLength(version + 1);
    verified.batches++;
  }
  for (const stored of store.listBatches()) expect(e.batches.has(stored.id), `batch ${stored.id} was begun`).toBe(true);

  // Files and uploads: every record matches what was begun, and its bytes are exactly its SHA-256.
  for (const batchId of new Set([...e.batches.keys()])) {
    for (const record of store.listFiles(batchId)) {
      const key = `${batchId}/${record.name}`;
      expect(record.datasetId).toBe(DATASET);
      if (record.name.startsWith('file-')) {
        const f = e.files.get(key);
        expect(f, `file ${key} was begun`).toBeDefined();
        expect(record.state).toBe('complete');
        expect(f?.allowed.has(record.sha256 ?? ''), `file ${key} holds the acknowledged version or a later one`).toBe(true);
        const bytes = await store.readFile(batchId, DATASET, record.name);
        expect(bytes.length).toBe(record.size);
        expect(sha256(bytes), `bytes of ${key}`).toBe(record.sha256);
        verified.files++;
      } else {
        const u = e.uploads.get(key);
        expect(u, `upload ${key} was begun`).toBeDefined();
        const ranges = new Set(record.ranges.map(([s, end]) => `${s}-${end}`));
        for (const range of ranges) expect(u?.begun.has(range), `range ${range} of ${key} was begun`).toBe(true);
        const expected = expectedUploadContent(batchId, record.name, record.ranges);
        if (record.state === 'complete') {
          const bytes = await store.readFile(batchId, DATASET, record.name);
          expect(sha256(bytes), `bytes of completed upload ${key}`).toBe(sha256(expected));
          expect(record.sha256).toBe(sha256(expected));
          verified.completedUploads++;
        } else {
          expect(u?.completeAcked, `upload ${key} was acknowledged complete`).toBe(false);
          if (opts.completeUploads) {
            // The parts of an upload under way are only readable once assembled: complete it (on the copy).
            const done = await store.completeFile(batchId, DATASET, record.name);
            expect(done.sha256, `assembled parts of ${key}`).toBe(sha256(expected));
            verified.completedUploads++;
          }
        }
      }
    }
  }
  for (const [key, f] of e.files) {
    if (f.acked === undefined) continue;
    const [batchId = '', name = ''] = key.split('/');
    expect(store.getFile(batchId, DATASET, name), `acknowledged file ${key}`).toBeDefined();
  }
  for (const [key, u] of e.uploads) {
    const [batchId = '', name = ''] = key.split('/');
    const record = store.getFile(batchId, DATASET, name);
    if (u.acked.size > 0 || u.completeAcked) expect(record, `acknowledged upload ${key}`).toBeDefined();
    const ranges = new Set(record?.ranges.map(([s, end]) => `${s}-${end}`));
    for (const range of u.acked) {
      expect(ranges.has(range), `acknowledged range ${range} of ${key}`).toBe(true);
      verified.chunkRanges++;
    }
    if (u.completeAcked) expect(record?.state, `acknowledged completion of ${key}`).toBe('complete');
  }

  // Records: every acknowledged group there; every group there whole, and begun.
  for (const [batchId, r] of e.records) {
    const records = (await store.readRecords(batchId)) as { group: string; i: number; count: number }[];
    const seen = new Map<string, number[]>();
    for (const record of records) seen.set(record.group, [...(seen.get(record.group) ?? []), record.i]);
    for (const [group, indexes] of seen) {
      expect(r.begun.has(group), `record group ${group} was begun`).toBe(true);
      expect(indexes, `record group ${group} is whole, in order`).toEqual(Array.from({ length: r.begun.get(group) ?? -1 }, (_, i) => i));
    }
    for (const group of r.acked) expect(seen.has(group), `acknowledged record group ${group}`).toBe(true);
    verified.records += records.length;
  }

  // Nothing half-written is left on disk: no tmp, a journal and record files of whole lines.
  const onDisk = filesIn(store.dir);
  expect(onDisk.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  for (const file of onDisk.filter((f) => f.endsWith('.ndjson'))) {
    const text = fs.readFileSync(path.join(store.dir, file), 'utf8');
    if (text !== '') expect(text.endsWith('\n'), `${file} ends with a whole line`).toBe(true);
  }
  return verified;
}

describe('the file store under kill -9', () => {
  for (const [index, delayMs] of delays.entries()) {
    const round = index + 1;
    it(`round ${round}: killed ${delayMs} ms into the writes, every acknowledged write is back and nothing half-written`, async () => {
      const result = await runWriter(round, delayMs);
      expect(result.signal, `the writer died by itself:\n${result.stderr}`).toBe('SIGKILL');
      expect(result.acked, 'the writer acknowledged writes before the kill').toBeGreaterThan(0);

      const copy = path.join(work, `check-${round}`);
      fs.cpSync(dataDir, copy, { recursive: true });
      const store = await openFileStore(copy);
      try {
        const verified = await checkStore(store, { completeUploads: true });
        console.log(`round ${round}: killed after ${delayMs} ms with ${result.inFlight} writes in flight; ${result.acked} acks this round; recovery ${JSON.stringify({ ...store.recovery, removedFiles: store.recovery.removedFiles.length })}; verified ${JSON.stringify(verified)}`);
      } finally {
        await store.close();
      }
    });
  }

  it('the crashed directory itself opens with every acknowledged write of all rounds', async () => {
    const store = await openFileStore(dataDir);
    try {
      await checkStore(store, { completeUploads: false });
      const rounds = new Set(acked.map((a) => a.batchId.split('-')[0]));
      expect(rounds.size).toBe(ROUNDS);
    } finally {
      await store.close();
    }
  });
});

// The content functions are the writer's; the spec checks that the writer's whole-file labels agree.
describe('the crash writer content', () => {
  it('is reproducible from its label', () => {
    expect(sha256(contentFor(wholeFileLabel('b', 'n', 0), 1000))).toBe(sha256(contentFor('b/n#0', 1000)));
    expect(contentFor('x', 10)).not.toEqual(contentFor('y', 10));
  });
});
