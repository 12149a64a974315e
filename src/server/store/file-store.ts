/**
 * The durable store: plain files in one data directory, written so that a crash at any moment
 * (kill -9, or power loss with `fsync` on) keeps every acknowledged write and shows nothing half-written.
 *
 * Layout of the data directory:
 *   journal.ndjson                            metadata: one full-record upsert per line (journal.ts)
 *   files/<batch>/<dataset>/<name>@<tag>      content of a complete file
 *   chunks/<batch>/<dataset>/<name>/<start>@<tag>.part   one received chunk of an upload under way
 *   failed/<batch>/<name>@<tag>               a failed-batch output (what the export API serves)
 *   records/<batch>.ndjson                    records appended to one batch, one line per append (records.ts)
 *   streams/<n>.seg                           streaming requests' batches, records and outputs, one frame
 *                                             per request, appended with group commit (segments.ts)
 *   LOCK                                      the pid of the process that has the store open
 * Names are percent-encoded (names.ts); `<tag>` is random, so every stored copy has a fresh name.
 *
 * The rules that make it crash-safe:
 * 1. Content first, then metadata. A blob is written to `<blob>.tmp`, fsynced, renamed to its fresh
 *    name and its directory fsynced; only then is the journal line that points at it appended. The
 *    promise resolves after the journal's fdatasync. So an acknowledged file's bytes are on disk whole
 *    before anything refers to them.
 * 2. The journal is the truth. At open it is replayed; a torn last line is cut off (never acknowledged);
 *    then every file under files/, chunks/ and failed/ that no journal line refers to (stray tmps,
 *    blobs whose journal line never made it, copies replaced by a later upload) is removed.
 *    Replacing a file writes a new blob and journals it before the old one is removed, so a crash
 *    in between leaves the old version or the new one, never a mix.
 * 3. Appends are whole lines through one queue per file (append-log.ts): group commit, one write and
 *    one fdatasync per group, lines never interleaved, a failed write cut back off the file.
 * 4. A chunked upload keeps each chunk as its own blob; `completeFile` assembles them (in start order,
 *    each at its offset) into one complete blob by rule 1, journals `complete`, then drops the parts.
 * 5. Read-modify-write of one file's record (a chunk, completion, a replacing upload) runs under a
 *    per-file lock; blob writing happens before the lock, so uploads of different files, and chunks of
 *    one file, write their bytes in parallel.
 * 6. A streaming request's batches, records (the bytes received) and failed outputs are one frame of a
 *    segment (segments.ts): the frame is the truth for them, so a request costs no journal line and one
 *    fdatasync shared with the requests beside it, and is there whole or not at all.
 * At open, a journal much longer than the live set is compacted (tmp, fsync, rename, fsync directory).
 */
import { openSync, createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rm, rmdir, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { AppendLog } from './append-log.js';
import { Disk, errorCode, ioError, randomTag, writeAll } from './disk.js';
import { StoreError } from './errors.js';
import { JOURNAL, compactJournal, entryLine, replayJournal, type JournalEntry, type StoredPart } from './journal.js';
import {
  batchMatches,
  byDatasetThenName,
  campaignRequestMatches,
  checkBatch,
  checkBytes,
  checkCampaignRequest,
  checkChunk,
  checkFileNames,
  checkStreamedUnit,
  closedError,
  completedRecord,
  extentOf,
  fileKey,
  isContiguous,
  notFound,
  parseRecordTexts,
  recordsLine,
  refuseChunkForComplete,
  stillUploading,
  uploadingRecord,
  wholeFileRecord,
  withPart,
} from './model.js';
import { checkName, encodeName } from './names.js';
import { readRecordsFile, repairRecordsTail } from './records.js';
import { readFrameHeader, readSegmentBytes, scanSegments, SegmentLog, type FrameContent, type SegmentOutput, type StreamedLocation } from './segments.js';
import type { BatchRecord, CampaignRequestRecord, Clock, FileRecord, Store, StreamedUnit } from './types.js';

export interface FileStoreOptions {
  /** fsync every write before acknowledging it. Default true; false only for fast unit tests. */
  fsync?: boolean;
  clock?: Clock;
}

/** What the open found and repaired after the previous process ended. */
export interface RecoveryReport {
  /** Journal lines replayed. */
  journalEntries: number;
  /** Bytes of a torn last journal line cut off. */
  tornJournalBytes: number;
  /** Whether the journal was rewritten with one line per live record. */
  compacted: boolean;
  /** Data-directory paths of files no journal line referred to, removed. */
  removedFiles: string[];
  /** Streaming batches whose records file had a torn last line cut off, with the bytes removed. */
  repairedRecords: { batchId: string; tornBytes: number }[];
  /** Streaming frames found in the segments, and the bytes of a torn last frame cut off. */
  streamedFrames: number;
  tornStreamBytes: number;
}

export interface FileStore extends Store {
  readonly recovery: RecoveryReport;
}

interface StoredFile {
  record: FileRecord;
  /** The content, once complete. */
  blob?: string;
  /** The chunks received, while uploading; sorted by start. */
  parts: StoredPart[];
}

interface StoredOutput {
  length: number;
  blob: string;
}

/** The journal is compacted at open when it holds this many more lines than the live set, and twice as many. */
const COMPACT_SLACK = 256;

/** Directories whose files are blobs the journal refers to; anything else in them is removed at open. */
const BLOB_ROOTS = ['files', 'chunks', 'failed'] as const;

const systemClock: Clock = { now: () => Date.now() };

/** Stores open in this process, so two of them never write one directory. */
const openDirs = new Set<string>();

export async function openFileStore(dir: string, opts: FileStoreOptions = {}): Promise<FileStore> {
  const root = path.resolve(dir);
  const disk = new Disk(root, opts.fsync ?? true);
  await makeRoot(disk);
  await acquireLock(root);
  try {
    const store = new FileStoreImpl(disk, opts.clock ?? systemClock);
    await store.open();
    return store;
  } catch (error) {
    await releaseLock(root);
    throw error;
  }
}

class FileStoreImpl implements FileStore {
  readonly dir: string;
  recovery: RecoveryReport = { journalEntries: 0, tornJournalBytes: 0, compacted: false, removedFiles: [], repairedRecords: [], streamedFrames: 0, tornStreamBytes: 0 };

  private readonly batches = new Map<string, BatchRecord>();
  private readonly files = new Map<string, StoredFile>();
  private readonly outputs = new Map<string, Map<string, StoredOutput>>();
  private readonly campaign = new Map<string, CampaignRequestRecord>();
  private journal!: AppendLog;
  private readonly recordLogs = new Map<string, Promise<AppendLog>>();
  private segments!: SegmentLog;
  /** Streamed batches: where their frame is. Nothing per record is kept in memory. */
  private readonly streamed = new Map<string, StreamedLocation>();
  private readonly streamedOutputs = new Map<string, Map<string, SegmentOutput>>();
  private readonly locks = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly disk: Disk,
    private readonly clock: Clock,
  ) {
    this.dir = disk.root;
  }

  // ---- open: replay, compact, collect garbage, repair record tails

  async open(): Promise<void> {
    const replayed = await replayJournal(this.disk);
    for (const entry of replayed.entries) this.apply(entry);
    let size = replayed.size;
    const live = this.batches.size + this.files.size + this.campaign.size + [...this.outputs.values()].reduce((n, m) => n + m.size, 0);
    const compact = replayed.entries.length > 2 * live && replayed.entries.length - live > COMPACT_SLACK;
    if (compact) size = await compactJournal(this.disk, this.liveEntries());
    this.journal = new AppendLog(this.disk.abs(JOURNAL), size, { sync: this.disk.sync, keepOpen: true, describe: 'the journal' });
    // After the journal (and its compaction, which must not copy streamed batches into it): a batch the
    // journal holds was put again after its frame was written, so the journal's version wins.
    let streamedFrames = 0;
    const scan = await scanSegments(this.disk, (content) => {
      streamedFrames++;
      this.indexFrame(content, true);
    });
    this.segments = new SegmentLog(this.disk, scan.last, scan.lastSize, scan.exists);
    if (streamedFrames > 0) {
      // Journaled and streamed batches were read one kind after the other: list them by creation time
      // again (a stable sort, so batches created at the same moment keep the order they were read in).
      const all = [...this.batches.values()].sort((x, y) => x.created - y.created);
      this.batches.clear();
      for (const b of all) this.batches.set(b.id, b);
    }
    this.recovery = {
      streamedFrames,
      tornStreamBytes: scan.tornBytes,
      journalEntries: replayed.entries.length,
      tornJournalBytes: replayed.tornBytes,
      compacted: compact,
      removedFiles: await this.removeUnreferenced(),
      repairedRecords: await this.repairRecords(),
    };
  }

  private apply(entry: JournalEntry): void {
    switch (entry.t) {
      case 'batch':
        this.batches.set(entry.v.id, entry.v);
        break;
      case 'campaign':
        this.campaign.set(entry.v.requestId, entry.v);
        break;
      case 'file': {
        const { batchId, datasetId, name } = entry.v;
        this.files.set(fileKey(batchId, datasetId, name), { record: entry.v, blob: entry.blob, parts: entry.parts ?? [] });
        break;
      }
      case 'failed': {
        let outputs = this.outputs.get(entry.batchId);
        if (outputs === undefined) this.outputs.set(entry.batchId, (outputs = new Map()));
        outputs.set(entry.name, { length: entry.length, blob: entry.blob });
        break;
      }
    }
  }

  private *liveEntries(): Iterable<JournalEntry> {
    for (const v of this.batches.values()) yield { t: 'batch', v };
    for (const file of this.files.values()) yield fileEntry(file);
    for (const [batchId, outputs] of this.outputs) {
      for (const [name, output] of outputs) yield { t: 'failed', batchId, name, ...output };
    }
    for (const v of this.campaign.values()) yield { t: 'campaign', v };
  }

  private async removeUnreferenced(): Promise<string[]> {
    // Compared case-insensitively: on a case-insensitive file system a directory may be listed with
    // the case of the first name that created it. Tags are random, so no two blobs differ by case only.
    const referenced = new Set<string>();
    for (const file of this.files.values()) {
      if (file.blob !== undefined) referenced.add(file.blob.toLowerCase());
      for (const part of file.parts) referenced.add(part.blob.toLowerCase());
    }
    for (const outputs of this.outputs.values()) for (const output of outputs.values()) referenced.add(output.blob.toLowerCase());
    const removed: string[] = [];
    const sweep = async (rel: string): Promise<boolean> => {
      let entries;
      try {
        entries = await readdir(this.disk.abs(rel), { withFileTypes: true });
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return true;
        throw error;
      }
      let empty = true;
      for (const entry of entries) {
        const child = `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          if (await sweep(child)) await rmdir(this.disk.abs(child)).catch(() => undefined);
          else empty = false;
        } else if (referenced.has(child.toLowerCase())) empty = false;
        else {
          await rm(this.disk.abs(child), { force: true });
          removed.push(child);
        }
      }
      return empty;
    };
    for (const root of BLOB_ROOTS) await sweep(root);
    return removed;
  }

  private async repairRecords(): Promise<{ batchId: string; tornBytes: number }[]> {
    const repaired: { batchId: string; tornBytes: number }[] = [];
    let names: string[];
    try {
      names = await readdir(this.disk.abs('records'));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return repaired;
      throw error;
    }
    for (const name of names) {
      if (!name.endsWith('.ndjson')) continue;
      const tornBytes = await repairRecordsTail(this.disk.abs(`records/${name}`), this.disk.sync);
      if (tornBytes > 0) repaired.push({ batchId: decodeURIComponent(name.slice(0, -'.ndjson'.length)), tornBytes });
    }
    return repaired;
  }

  // ---- batches

  putBatch(batch: BatchRecord): Promise<void> {
    return this.write(async () => {
      const v = checkBatch(batch);
      await this.commit({ t: 'batch', v });
    });
  }

  getBatch(id: string): BatchRecord | undefined {
    const batch = this.batches.get(id);
    return batch === undefined ? undefined : structuredClone(batch);
  }

  listBatches(filter?: { datasetId?: string; kind?: BatchRecord['kind'] }): BatchRecord[] {
    return [...this.batches.values()].filter((b) => batchMatches(b, filter)).map((b) => structuredClone(b));
  }

  // ---- files

  putFile(batchId: string, datasetId: string, name: string, bytes: Uint8Array): Promise<FileRecord> {
    return this.write(async () => {
      const key = checkFileNames(batchId, datasetId, name);
      checkBytes(bytes, `file ${name}`);
      const record = wholeFileRecord(batchId, datasetId, name, bytes, this.clock.now());
      const blob = `${fileDir(batchId, datasetId)}/${encodeName(name)}@${randomTag()}`;
      await this.writeBlob(blob, bytes, `file ${name} of batch ${batchId}`);
      const previous = await this.withLock(key, async () => {
        const before = this.files.get(key);
        await this.commitOrDrop({ t: 'file', v: record, blob }, [blob]);
        return before;
      });
      await this.removeBlobsOf(previous);
      return structuredClone(record);
    });
  }

  writeChunk(batchId: string, datasetId: string, name: string, start: number, bytes: Uint8Array): Promise<FileRecord> {
    return this.write(async () => {
      const key = checkFileNames(batchId, datasetId, name);
      checkChunk(start, bytes);
      refuseChunkForComplete(this.files.get(key)?.record);
      const blob = `${chunkDir(batchId, datasetId, name)}/${start}@${randomTag()}.part`;
      await this.writeBlob(blob, bytes, `chunk ${start} of file ${name} of batch ${batchId}`);
      const { record, replaced } = await this.withLock(key, async () => {
        const before = this.files.get(key);
        try {
          refuseChunkForComplete(before?.record);
        } catch (error) {
          await this.disk.remove(blob);
          throw error;
        }
        const { parts, replaced } = withPart(before?.parts ?? [], { start, length: bytes.length, blob });
        const record = uploadingRecord(before?.record, batchId, datasetId, name, parts, this.clock.now());
        await this.commitOrDrop({ t: 'file', v: record, parts }, [blob]);
        return { record, replaced };
      });
      if (replaced !== undefined) await this.disk.remove(replaced.blob);
      return structuredClone(record);
    });
  }

  completeFile(batchId: string, datasetId: string, name: string): Promise<FileRecord> {
    return this.write(async () => {
      const key = checkFileNames(batchId, datasetId, name);
      const { record, assembled } = await this.withLock(key, async () => {
        const before = this.files.get(key);
        if (before === undefined) throw notFound(batchId, datasetId, name);
        if (before.record.state === 'complete') return { record: before.record, assembled: undefined };
        const size = extentOf(before.parts);
        const blob = `${fileDir(batchId, datasetId)}/${encodeName(name)}@${randomTag()}`;
        let sha256 = '';
        await this.writeBlob(blob, async (handle) => void (sha256 = await this.assemble(handle, before.parts, size)), `file ${name} of batch ${batchId}`);
        const record = completedRecord(before.record, size, sha256);
        await this.commitOrDrop({ t: 'file', v: record, blob }, [blob]);
        return { record, assembled: before };
      });
      await this.removeBlobsOf(assembled);
      return structuredClone(record);
    });
  }

  /** Writes the parts at their offsets in start order; returns the SHA-256 of the result. */
  private async assemble(handle: FileHandle, parts: readonly StoredPart[], size: number): Promise<string> {
    const contiguous = isContiguous(parts);
    const hash = createHash('sha256');
    for (const part of parts) {
      let position = part.start;
      for await (const chunk of createReadStream(this.disk.abs(part.blob)) as AsyncIterable<Buffer>) {
        await writeAll(handle, chunk, position);
        position += chunk.length;
        if (contiguous) hash.update(chunk);
      }
      if (position - part.start !== part.length) {
        throw new StoreError('corrupt', `${part.blob} holds ${position - part.start} bytes where the journal recorded ${part.length}`);
      }
    }
    if (!contiguous) {
      // Gaps read as zeros and overlaps as the later chunk; hash what was actually assembled.
      const block = Buffer.alloc(1024 * 1024);
      for (let at = 0; at < size; ) {
        const { bytesRead } = await handle.read(block, 0, Math.min(block.length, size - at), at);
        if (bytesRead === 0) break;
        hash.update(block.subarray(0, bytesRead));
        at += bytesRead;
      }
    }
    return hash.digest('hex');
  }

  getFile(batchId: string, datasetId: string, name: string): FileRecord | undefined {
    const file = this.files.get(fileKey(batchId, datasetId, name));
    return file === undefined ? undefined : structuredClone(file.record);
  }

  listFiles(batchId: string): FileRecord[] {
    return [...this.files.values()]
      .filter((f) => f.record.batchId === batchId)
      .map((f) => structuredClone(f.record))
      .sort(byDatasetThenName);
  }

  async readFile(batchId: string, datasetId: string, name: string): Promise<Uint8Array> {
    const key = checkFileNames(batchId, datasetId, name);
    return this.readBlob(() => this.completeBlobOf(key, batchId, datasetId, name));
  }

  openFileStream(batchId: string, datasetId: string, name: string): NodeJS.ReadableStream {
    const key = checkFileNames(batchId, datasetId, name);
    const blob = this.completeBlobOf(key, batchId, datasetId, name);
    // Opened now, not when the stream first reads, so a replacing upload cannot remove it in between.
    let fd: number;
    try {
      fd = openSync(this.disk.abs(blob), 'r');
    } catch (error) {
      throw errorCode(error) === 'ENOENT' ? new StoreError('corrupt', `${blob} is missing from the data directory`, { cause: error }) : error;
    }
    return createReadStream(this.disk.abs(blob), { fd });
  }

  private completeBlobOf(key: string, batchId: string, datasetId: string, name: string): string {
    const file = this.files.get(key);
    if (file === undefined) throw notFound(batchId, datasetId, name);
    if (file.blob === undefined) throw stillUploading(file.record);
    return file.blob;
  }

  // ---- failed outputs

  putFailedOutput(batchId: string, name: string, bytes: Uint8Array): Promise<void> {
    return this.write(async () => {
      checkName('batch id', batchId);
      checkName('output name', name);
      checkBytes(bytes, `output ${name}`);
      const blob = `failed/${encodeName(batchId)}/${encodeName(name)}@${randomTag()}`;
      await this.writeBlob(blob, bytes, `output ${name} of batch ${batchId}`);
      const previous = await this.withLock(`failed\0${batchId}\0${name}`, async () => {
        const before = this.outputs.get(batchId)?.get(name);
        await this.commitOrDrop({ t: 'failed', batchId, name, length: bytes.length, blob }, [blob]);
        return before;
      });
      if (previous !== undefined) await this.disk.remove(previous.blob);
    });
  }

  listFailedOutputs(batchId: string): { name: string; length: number }[] {
    const listed = [...(this.streamedOutputs.get(batchId) ?? new Map<string, SegmentOutput>())]
      .filter(([name]) => this.outputs.get(batchId)?.get(name) === undefined)
      .map(([name, output]) => ({ name, length: output.length }));
    return [...listed, ...[...(this.outputs.get(batchId) ?? new Map<string, StoredOutput>())].map(([name, output]) => ({ name, length: output.length }))];
  }

  async readFailedOutput(batchId: string, name: string): Promise<Uint8Array | undefined> {
    const streamed = this.streamedOutputs.get(batchId)?.get(name);
    if (streamed !== undefined && this.outputs.get(batchId)?.get(name) === undefined) {
      const bytes = await readSegmentBytes(this.disk, streamed.segment, streamed.offset, streamed.length);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    if (this.outputs.get(batchId)?.get(name) === undefined) return undefined;
    return this.readBlob(() => {
      const output = this.outputs.get(batchId)?.get(name);
      if (output === undefined) throw new StoreError('not-found', `no output ${name} for batch ${batchId}`);
      return output.blob;
    });
  }

  // ---- streaming records

  appendRecords(batchId: string, records: unknown[]): Promise<void> {
    return this.write(async () => {
      checkName('batch id', batchId);
      const line = recordsLine(batchId, records);
      if (records.length === 0) return;
      const log = await this.recordLog(batchId);
      await log.append(line);
    });
  }

  async readRecords(batchId: string): Promise<unknown[]> {
    checkName('batch id', batchId);
    const where = this.streamed.get(batchId);
    const streamed = where === undefined ? [] : await this.readStreamedRecords(batchId, where);
    const appended = await this.readAppendedRecords(batchId);
    return streamed.length === 0 ? appended : [...streamed, ...appended];
  }

  private async readAppendedRecords(batchId: string): Promise<unknown[]> {
    const file = this.disk.abs(recordsFile(batchId));
    const log = this.recordLogs.get(batchId);
    if (log !== undefined) return readRecordsFile(file, (await log).durableSize);
    try {
      // Not appended to by this process: the open repaired its tail, so all of it is durable.
      return await readRecordsFile(file, (await stat(file)).size);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  private recordLog(batchId: string): Promise<AppendLog> {
    let log = this.recordLogs.get(batchId);
    if (log === undefined) {
      log = (async () => {
        const rel = recordsFile(batchId);
        const file = this.disk.abs(rel);
        let size: number;
        try {
          size = (await stat(file)).size;
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error;
          // Create the file and make its name durable once; appends then only fdatasync the file.
          await this.disk.ensureDir('records');
          await (await open(file, 'a')).close();
          await this.disk.fsyncDir('records');
          size = 0;
        }
        return new AppendLog(file, size, { sync: this.disk.sync, keepOpen: false, describe: `the records file of batch ${batchId}` });
      })();
      this.recordLogs.set(batchId, log);
      log.catch(() => this.recordLogs.delete(batchId));
    }
    return log;
  }

  appendStreamed(unit: StreamedUnit): Promise<void> {
    return this.write(async () => {
      const checked = checkStreamedUnit(unit, (id) => this.batches.has(id) || this.streamed.has(id));
      if (checked.length === 0) return;
      await this.segments.append(checked, (content) => this.indexFrame(content, false));
    });
  }

  /** Makes a durable frame's batches, records and outputs visible. */
  private indexFrame(content: FrameContent, atOpen: boolean): void {
    let at = content.payload;
    for (const [index, b] of content.batches.entries()) {
      const id = b.batch.id;
      if (!atOpen || !this.batches.has(id)) this.batches.set(id, b.batch);
      this.streamed.set(id, { segment: content.segment, frame: content.frame, index });
      at += b.ends.length > 0 ? b.ends[b.ends.length - 1]! : 0;
      if (b.outputs.length === 0) continue;
      let outputs = this.streamedOutputs.get(id);
      if (outputs === undefined) this.streamedOutputs.set(id, (outputs = new Map()));
      for (const [name, length] of b.outputs) {
        outputs.set(name, { segment: content.segment, offset: at, length });
        at += length;
      }
    }
  }

  private async readStreamedRecords(batchId: string, where: StreamedLocation): Promise<unknown[]> {
    const { header, payload } = await readFrameHeader(this.disk, where.segment, where.frame);
    let at = payload;
    for (const b of header.batches.slice(0, where.index)) {
      at += b.ends.length > 0 ? b.ends[b.ends.length - 1]! : 0;
      for (const [, length] of b.outputs) at += length;
    }
    const ends = header.batches[where.index]?.ends ?? [];
    const length = ends.length > 0 ? ends[ends.length - 1]! : 0;
    const texts = await readSegmentBytes(this.disk, where.segment, at, length);
    return parseRecordTexts(texts, ends, `the records of batch ${batchId}`);
  }

  // ---- Campaign requests

  putCampaignRequest(request: CampaignRequestRecord): Promise<void> {
    return this.write(async () => {
      const v = checkCampaignRequest(request);
      await this.commit({ t: 'campaign', v });
    });
  }

  getCampaignRequest(requestId: string): CampaignRequestRecord | undefined {
    const request = this.campaign.get(requestId);
    return request === undefined ? undefined : structuredClone(request);
  }

  listCampaignRequests(filter?: { mappingId?: string }): CampaignRequestRecord[] {
    return [...this.campaign.values()].filter((r) => campaignRequestMatches(r, filter)).map((r) => structuredClone(r));
  }

  // ---- closing

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.journal.close();
    await this.segments.close();
    for (const log of this.recordLogs.values()) await (await log.catch(() => undefined))?.close();
    await releaseLock(this.dir);
  }

  // ---- plumbing

  /** Runs one write, refusing it after close and tracking it so close can wait for it. */
  private write<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    const done = run();
    this.inFlight.add(done);
    const forget = () => void this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Appends one journal line; the index changes when (and only when) the line is durable. */
  private commit(entry: JournalEntry): Promise<void> {
    return this.journal.append(entryLine(entry), () => this.apply(entry));
  }

  /** Commits, or removes the blobs written for the entry when the journal refuses it. */
  private async commitOrDrop(entry: JournalEntry, blobs: string[]): Promise<void> {
    try {
      await this.commit(entry);
    } catch (error) {
      for (const blob of blobs) await this.disk.remove(blob);
      throw error;
    }
  }

  private async writeBlob(blob: string, fill: Uint8Array | ((handle: FileHandle) => Promise<void>), what: string): Promise<void> {
    try {
      await this.disk.writeWhole(blob, fill);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw ioError(`${what} could not be written`, error);
    }
  }

  private async removeBlobsOf(file: StoredFile | undefined): Promise<void> {
    if (file === undefined) return;
    if (file.blob !== undefined) await this.disk.remove(file.blob);
    for (const part of file.parts) await this.disk.remove(part.blob);
  }

  /**
   * Reads the blob a record points at now. A replacing upload may remove that blob between the lookup
   * and the read; then the record points at the new one, and the read is tried again.
   */
  private async readBlob(current: () => string): Promise<Uint8Array> {
    for (let attempt = 0; ; attempt++) {
      const blob = current();
      try {
        const bytes = await readFile(this.disk.abs(blob));
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT' || attempt >= 3 || current() === blob) {
          throw errorCode(error) === 'ENOENT' ? new StoreError('corrupt', `${blob} is missing from the data directory`, { cause: error }) : error;
        }
      }
    }
  }

  private async withLock<T>(key: string, run: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = before.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.locks.set(key, mine);
    await before;
    try {
      return await run();
    } finally {
      release();
      if (this.locks.get(key) === mine) this.locks.delete(key);
    }
  }
}

function fileEntry(file: StoredFile): JournalEntry {
  return file.blob !== undefined ? { t: 'file', v: file.record, blob: file.blob } : { t: 'file', v: file.record, parts: file.parts };
}

function fileDir(batchId: string, datasetId: string): string {
  return `files/${encodeName(batchId)}/${encodeName(datasetId)}`;
}

function chunkDir(batchId: string, datasetId: string, name: string): string {
  return `chunks/${encodeName(batchId)}/${encodeName(datasetId)}/${encodeName(name)}`;
}

function recordsFile(batchId: string): string {
  return `records/${encodeName(batchId)}.ndjson`;
}

/** mkdir -p the data directory, fsyncing the parent of each directory it creates. */
async function makeRoot(disk: Disk): Promise<void> {
  const first = await mkdir(disk.root, { recursive: true });
  if (first === undefined) return;
  for (let made = disk.root; ; made = path.dirname(made)) {
    await disk.fsyncAbsolute(path.dirname(made));
    if (made === path.resolve(first) || path.dirname(made) === made) break;
  }
}

// ---- one process per data directory

async function acquireLock(root: string): Promise<void> {
  if (openDirs.has(root)) throw new StoreError('locked', `${root} is already open in this process; close that store first`);
  openDirs.add(root);
  try {
    const lock = path.join(root, 'LOCK');
    let holder: number | undefined;
    try {
      holder = Number.parseInt(await readFile(lock, 'utf8'), 10);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    // A LOCK left by a process that died (kill -9) is stale; one of a live process is not.
    if (holder !== undefined && Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new StoreError('locked', `${root} is in use by process ${holder}; two servers must not share a data directory`);
    }
    await writeFile(lock, `${process.pid}\n`);
  } catch (error) {
    openDirs.delete(root);
    throw error;
  }
}

async function releaseLock(root: string): Promise<void> {
  if (!openDirs.delete(root)) return;
  await rm(path.join(root, 'LOCK'), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}
