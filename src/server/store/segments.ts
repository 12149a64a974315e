/**
 * Streamed units (the batches of one streaming request, their records and failed outputs) in segment
 * files, `streams/<n>.seg`, appended to with group commit: every unit that arrives while a write is
 * under way goes into the next single write and `fdatasync`, and each promise resolves only after the
 * sync that covers its unit. A segment takes units until it holds `SEGMENT_BYTES`, then the next one
 * starts, so the number of files grows with the bytes stored, not with the number of requests.
 *
 * One unit is one frame, written whole by one write:
 *
 *   {"len":N,"crc":C,"batches":[{"batch":{…},"ends":[…],"outputs":[["name",length],…]},…]}\n
 *   <N payload bytes: batch 0's record texts, then its outputs' bytes in order, then batch 1's, …>\n
 *
 * The header line is JSON.stringify of small flat values; the payload is the records' bytes as given
 * (the bytes a client sent, never re-serialised), checked by its CRC-32. A frame is the truth for its
 * batches: no journal line is needed, so a unit costs one fdatasync, shared with the units beside it.
 *
 * At open every frame header is read (payloads are skipped) to rebuild the index. Units are written in
 * order and a group is synced before the next one starts, so only the tail of the last segment can be
 * torn by a crash; there every payload is checked against its CRC too, and the first frame that is
 * short, unparsable or fails its CRC is cut off with everything after it (it was never acknowledged).
 * A damaged frame in an earlier segment is not something a crash does: the store refuses to open.
 */
import { constants } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Disk } from './disk.js';
import { errorCode, ioError, writeAll } from './disk.js';
import { StoreError } from './errors.js';
import type { CheckedStreamedBatch } from './model.js';
import type { BatchRecord } from './types.js';

export const SEGMENTS = 'streams';
/** A segment takes no more units once it holds this many bytes. */
export const SEGMENT_BYTES = 64 * 1024 * 1024;
const NEWLINE = Buffer.from('\n');
const HEADER_BLOCK = 64 * 1024;
/** A header longer than this is damage, not a frame (a 1 MB request's header is a few hundred KB at most). */
const MAX_HEADER = 32 * 1024 * 1024;

export interface FrameBatch {
  batch: BatchRecord;
  ends: number[];
  outputs: [string, number][];
}

interface FrameHeader {
  len: number;
  crc: number;
  batches: FrameBatch[];
}

/** Where a streamed batch's bytes are: its frame, and its place in the frame. */
export interface StreamedLocation {
  segment: number;
  /** Offset of the frame's header line in the segment. */
  frame: number;
  /** Index of the batch in the frame's header. */
  index: number;
}

/** A failed output stored in a frame: its bytes at `offset` in `segment`. */
export interface SegmentOutput {
  segment: number;
  offset: number;
  length: number;
}

/** What one frame holds, handed to the index when the frame is durable (or found at open). */
export interface FrameContent {
  segment: number;
  frame: number;
  /** Offset of the payload's first byte in the segment. */
  payload: number;
  batches: FrameBatch[];
}

export function segmentFile(segment: number): string {
  return `${SEGMENTS}/${String(segment).padStart(8, '0')}.seg`;
}

/** A unit as the pieces of one frame: the header line, the payload pieces, the closing newline. */
export function framePieces(batches: readonly CheckedStreamedBatch[]): { pieces: Buffer[]; header: FrameBatch[] } {
  const payload: Buffer[] = [];
  const header: FrameBatch[] = [];
  let crc = 0;
  let len = 0;
  for (const b of batches) {
    const texts = asBuffer(b.texts);
    payload.push(texts);
    crc = crc32(texts, crc);
    len += texts.length;
    for (const o of b.outputs) {
      const bytes = asBuffer(o.bytes);
      payload.push(bytes);
      crc = crc32(bytes, crc);
      len += bytes.length;
    }
    header.push({ batch: b.batch, ends: b.ends, outputs: b.outputs.map((o) => [o.name, o.bytes.length]) });
  }
  const line = Buffer.from(`${JSON.stringify({ len, crc, batches: header } satisfies FrameHeader)}\n`, 'utf8');
  return { pieces: [line, ...payload, NEWLINE], header };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface Pending {
  pieces: Buffer[];
  header: FrameBatch[];
  onDurable: (content: FrameContent) => void;
  resolve: () => void;
  reject: (error: StoreError) => void;
}

export class SegmentLog {
  private handle: FileHandle | undefined;
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private failure: StoreError | undefined;

  /**
   * @param segment the last segment's number (0 when there is none yet)
   * @param committed its size, every byte of it whole frames
   */
  constructor(
    private readonly disk: Disk,
    private segment: number,
    private committed: number,
    private exists: boolean,
  ) {}

  /** Queues one frame; `onDurable` runs after its sync and before any later frame's. */
  append(batches: readonly CheckedStreamedBatch[], onDurable: (content: FrameContent) => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const { pieces, header } = framePieces(batches);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ pieces, header, onDurable, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0));
    this.draining = undefined;
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const pieces = group.flatMap((p) => p.pieces);
    let length = 0;
    for (const piece of pieces) length += piece.length;
    try {
      if (!this.exists || this.committed >= SEGMENT_BYTES) await this.startSegment();
      this.handle ??= await open(this.disk.abs(segmentFile(this.segment)), constants.O_WRONLY);
      await writevAll(this.handle, pieces, this.committed, length);
      if (this.disk.sync) await this.handle.datasync();
    } catch (cause) {
      // As in append-log.ts: the tail is unknown after a failed write or sync; cut it back and take no
      // more units until the store is reopened.
      this.failure = cause instanceof StoreError ? cause : ioError('a streaming segment could not be written; the store takes no more writes until it is reopened', cause);
      await this.handle?.truncate(this.committed).catch(() => undefined);
      for (const p of [...group, ...this.queue.splice(0)]) p.reject(this.failure);
      return;
    }
    let at = this.committed;
    this.committed += length;
    for (const p of group) {
      const frame = at;
      for (const piece of p.pieces) at += piece.length;
      p.onDurable({ segment: this.segment, frame, payload: frame + p.pieces[0]!.length, batches: p.header });
      p.resolve();
    }
  }

  /** A new, empty segment whose name is durable before any frame in it is acknowledged. */
  private async startSegment(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    if (this.exists) this.segment += 1;
    await this.disk.ensureDir(SEGMENTS);
    const handle = await open(this.disk.abs(segmentFile(this.segment)), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
    this.handle = handle;
    await this.disk.fsyncDir(SEGMENTS);
    this.exists = true;
    this.committed = 0;
  }
}

async function writevAll(handle: FileHandle, pieces: Buffer[], position: number, length: number): Promise<void> {
  const { bytesWritten } = await handle.writev(pieces, position);
  if (bytesWritten === length) return;
  // A short writev (rare: a signal, a full disk that frees up): write the rest from one buffer.
  const rest = Buffer.concat(pieces, length).subarray(bytesWritten);
  await writeAll(handle, rest, position + bytesWritten);
}

export interface SegmentScan {
  /** The last segment's number and size (0, 0 and no file when there is none). */
  last: number;
  lastSize: number;
  exists: boolean;
  /** Bytes of a torn tail cut off the last segment. */
  tornBytes: number;
}

/** Reads every frame header of every segment, in order, handing each frame to `found`; repairs the tail. */
export async function scanSegments(disk: Disk, found: (content: FrameContent) => void): Promise<SegmentScan> {
  let names: string[];
  try {
    names = await readdir(disk.abs(SEGMENTS));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { last: 0, lastSize: 0, exists: false, tornBytes: 0 };
    throw error;
  }
  const segments = names
    .filter((n) => /^\d{8}\.seg$/.test(n))
    .map((n) => Number.parseInt(n, 10))
    .sort((a, b) => a - b);
  if (segments.length === 0) return { last: 0, lastSize: 0, exists: false, tornBytes: 0 };
  let tornBytes = 0;
  let lastSize = 0;
  for (const [i, segment] of segments.entries()) {
    const isLast = i === segments.length - 1;
    const handle = await open(disk.abs(segmentFile(segment)), isLast ? 'r+' : 'r');
    try {
      const size = (await handle.stat()).size;
      let offset = 0;
      while (offset < size) {
        const frame = await readFrame(handle, offset, size, isLast);
        if (frame === undefined) {
          if (!isLast) throw new StoreError('corrupt', `${segmentFile(segment)}: the frame at byte ${offset} is damaged; the file was changed by something other than the store`);
          await handle.truncate(offset);
          if (disk.sync) await handle.datasync();
          tornBytes = size - offset;
          break;
        }
        found({ segment, frame: offset, payload: frame.payload, batches: frame.header.batches });
        offset = frame.next;
      }
      if (isLast) lastSize = Math.min(size, offset);
    } finally {
      await handle.close();
    }
  }
  return { last: segments[segments.length - 1]!, lastSize, exists: true, tornBytes };
}

/** The frame at `offset`, or undefined when it is torn or damaged. */
async function readFrame(handle: FileHandle, offset: number, size: number, checkPayload: boolean): Promise<{ header: FrameHeader; payload: number; next: number } | undefined> {
  const line = await readHeaderLine(handle, offset, size);
  if (line === undefined) return undefined;
  let header: FrameHeader;
  try {
    header = JSON.parse(line.toString('utf8')) as FrameHeader;
  } catch {
    return undefined;
  }
  if (!isFrameHeader(header)) return undefined;
  const payload = offset + line.length + 1;
  const end = payload + header.len;
  if (end + 1 > size) return undefined;
  const last = Buffer.alloc(1);
  await readFully(handle, last, end);
  if (last[0] !== 0x0a) return undefined;
  if (checkPayload) {
    const bytes = Buffer.alloc(header.len);
    await readFully(handle, bytes, payload);
    if (crc32(bytes) !== header.crc) return undefined;
  }
  return { header, payload, next: end + 1 };
}

function isFrameHeader(value: unknown): value is FrameHeader {
  const h = value as FrameHeader | null;
  if (typeof h !== 'object' || h === null || !Number.isInteger(h.len) || h.len < 0 || !Number.isInteger(h.crc) || !Array.isArray(h.batches)) return false;
  let total = 0;
  for (const b of h.batches) {
    if (typeof b !== 'object' || b === null || typeof b.batch?.id !== 'string' || !Array.isArray(b.ends) || !Array.isArray(b.outputs)) return false;
    total += b.ends.length > 0 ? (b.ends[b.ends.length - 1] as number) : 0;
    for (const o of b.outputs) total += Array.isArray(o) ? (o[1] as number) : Number.NaN;
  }
  return total === h.len;
}

async function readHeaderLine(handle: FileHandle, offset: number, size: number): Promise<Buffer | undefined> {
  let block = Buffer.alloc(Math.min(HEADER_BLOCK, size - offset));
  let filled = 0;
  for (;;) {
    await readFully(handle, block.subarray(filled), offset + filled);
    const at = block.indexOf(0x0a, filled);
    if (at !== -1) return block.subarray(0, at);
    filled = block.length;
    if (offset + filled >= size || filled >= MAX_HEADER) return undefined;
    const grown = Buffer.alloc(Math.min(filled * 2, size - offset, MAX_HEADER));
    block.copy(grown);
    block = grown;
  }
}

/** The header of the frame at `frame` (for reading a batch's records back). */
export async function readFrameHeader(disk: Disk, segment: number, frame: number): Promise<{ header: FrameHeader; payload: number }> {
  const handle = await open(disk.abs(segmentFile(segment)), 'r');
  try {
    const size = (await handle.stat()).size;
    const line = await readHeaderLine(handle, frame, size);
    if (line === undefined) throw new StoreError('corrupt', `${segmentFile(segment)}: no frame header at byte ${frame}`);
    return { header: JSON.parse(line.toString('utf8')) as FrameHeader, payload: frame + line.length + 1 };
  } finally {
    await handle.close();
  }
}

export async function readSegmentBytes(disk: Disk, segment: number, offset: number, length: number): Promise<Buffer> {
  const handle = await open(disk.abs(segmentFile(segment)), 'r');
  try {
    const bytes = Buffer.alloc(length);
    await readFully(handle, bytes, offset);
    return bytes;
  } finally {
    await handle.close();
  }
}

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new StoreError('corrupt', 'a streaming segment ended before a frame did');
    done += bytesRead;
  }
}
