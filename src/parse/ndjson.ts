/**
 * NDJSON (one JSON value per line), read as a stream.
 *
 * This is the hot path of a large pre-flight, so the reader works on Buffers: it splits with
 * `indexOf(0x0A)`, copies a line only when it spans chunks, validates with the native `isUtf8`
 * before decoding, and hands out one array of records per chunk rather than one await per line.
 * Memory stays flat in the file size: the current chunk plus the chunks the current line spans,
 * and a line over maxLineBytes is counted and dropped rather than kept.
 *
 * Line numbers count every line, blank ones included, so they match what an editor shows.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { describeFsError, InputError } from './input.js';

export interface LineRecord {
  /** 1-based, counting blank lines too. */
  lineNumber: number;
  /** Byte offset in the file of the line's first content byte (after a BOM on line 1). */
  byteOffset: number;
  /** Content bytes, without the line break (`\n` or `\r\n`) and without a BOM. */
  bytes: number;
  /** The decoded line; null when it could not be (see `problem`). */
  text: string | null;
  problem?: 'invalid-utf8' | 'too-long';
}

export interface ReadLinesOptions {
  /** Longer lines are reported as `too-long` and never held in memory. Default 64 MiB. */
  maxLineBytes?: number;
  /** Read chunk size. Default 1 MiB. */
  highWaterMark?: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 64 * MiB;
const DEFAULT_HIGH_WATER_MARK = MiB;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = [0xef, 0xbb, 0xbf] as const;
const BLANK = /^[ \t\r]*$/;
const LONE_SURROGATE = /\p{Cs}/u;

/** JSON's own whitespace; a line of nothing else carries no message. */
function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const byte = bytes[at];
    if (byte !== SPACE && byte !== TAB && byte !== CR) return false;
  }
  return true;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

const NO_BYTES = Buffer.alloc(0);

/** The line being assembled across chunks, and how a finished line becomes a record. */
class LineAssembler {
  /** Lines finished so far. */
  lineNumber = 0;
  /** File offset where the current line starts. */
  private lineStart = 0;
  /** Parts of the current line from earlier chunks: views into those chunks, not copies. */
  private pieces: Buffer[] = [];
  /** Bytes of the current line seen so far, kept or dropped. */
  private pending = 0;
  /** The current line is over the limit: its bytes are counted and let go. */
  private dropping = false;
  private droppedBlank = true;
  private droppedLastByte = -1;
  private bom: 'checking' | 'yes' | 'no' = 'checking';

  constructor(private readonly maxLineBytes: number) {}

  /** Called with each chunk that holds any of the file's first three bytes. */
  noteFileStart(chunk: Buffer, fileOffset: number): void {
    if (this.bom !== 'checking') return;
    for (let at = fileOffset; at < 3 && at - fileOffset < chunk.length; at++) {
      if (chunk[at - fileOffset] !== BOM[at]) {
        this.bom = 'no';
        return;
      }
    }
    if (fileOffset + chunk.length >= 3) this.bom = 'yes';
  }

  /** Part of a line that continues in the next chunk. */
  keep(chunk: Buffer, start: number, end: number): void {
    if (end === start) return;
    if (!this.dropping) {
      // Slack for a `\r` not yet known to end the line, and for a BOM not yet known to be one.
      const slack = 1 + (this.lineNumber === 0 && this.bom !== 'no' ? 3 : 0);
      if (this.pending + (end - start) > this.maxLineBytes + slack) {
        this.dropping = true;
        let bomLeft = this.lineNumber === 0 && this.bom === 'yes' ? 3 : 0;
        this.droppedBlank = this.pieces.every((piece) => {
          const from = Math.min(bomLeft, piece.length);
          bomLeft -= from;
          return isBlank(piece, from, piece.length);
        });
        this.pieces = [];
      }
    }
    this.pending += end - start;
    if (this.dropping) {
      if (this.droppedBlank) this.droppedBlank = isBlank(chunk, start, end);
      this.droppedLastByte = chunk[end - 1]!;
    } else {
      this.pieces.push(chunk.subarray(start, end));
    }
  }

  /** The current line ends at `end` in `chunk` (the `\n` excluded); adds its record unless blank. */
  finish(chunk: Buffer, start: number, end: number, into: LineRecord[]): void {
    const lineNumber = ++this.lineNumber;
    const skip = lineNumber === 1 && this.bom === 'yes' ? 3 : 0;
    const byteOffset = this.lineStart + skip;

    if (this.dropping) {
      this.keep(chunk, start, end);
      const bytes = this.pending - skip - (this.droppedLastByte === CR ? 1 : 0);
      const blank = this.droppedBlank;
      this.startNextLine(this.pending);
      if (!blank) into.push({ lineNumber, byteOffset, bytes, text: null, problem: 'too-long' });
      return;
    }

    let line = chunk;
    let from = start;
    let to = end;
    const total = this.pending + (end - start);
    if (this.pieces.length > 0) {
      // The only copy a line ever gets, and only when it spans chunks.
      this.pieces.push(chunk.subarray(start, end));
      line = Buffer.concat(this.pieces, total);
      from = 0;
      to = total;
    }
    this.startNextLine(total);
    from += skip;
    if (to > from && line[to - 1] === CR) to--;
    if (isBlank(line, from, to)) return;
    const bytes = to - from;
    if (bytes > this.maxLineBytes) {
      into.push({ lineNumber, byteOffset, bytes, text: null, problem: 'too-long' });
    } else if (!isUtf8(line.subarray(from, to))) {
      into.push({ lineNumber, byteOffset, bytes, text: null, problem: 'invalid-utf8' });
    } else {
      into.push({ lineNumber, byteOffset, bytes, text: line.toString('utf8', from, to) });
    }
  }

  /** At the end of the input: a last line without a newline is still a line. */
  finishLast(into: LineRecord[]): void {
    if (this.pending > 0) this.finish(NO_BYTES, 0, 0, into);
  }

  private startNextLine(lineLength: number): void {
    this.lineStart += lineLength + 1;
    this.pieces = [];
    this.pending = 0;
    this.dropping = false;
    this.droppedBlank = true;
    this.droppedLastByte = -1;
  }
}

export async function* readLineBatches(path: string, opts: ReadLinesOptions = {}): AsyncGenerator<LineRecord[]> {
  const maxLineBytes = positiveInteger('maxLineBytes', opts.maxLineBytes, DEFAULT_MAX_LINE_BYTES);
  const highWaterMark = positiveInteger('highWaterMark', opts.highWaterMark, DEFAULT_HIGH_WATER_MARK);
  const lines = new LineAssembler(maxLineBytes);
  const stream = createReadStream(path, { highWaterMark });
  let fileOffset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (fileOffset < 3) lines.noteFileStart(chunk, fileOffset);
      const batch: LineRecord[] = [];
      let start = 0;
      for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
        lines.finish(chunk, start, newline, batch);
        start = newline + 1;
      }
      lines.keep(chunk, start, chunk.length);
      fileOffset += chunk.length;
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw describeFsError(error, path);
  } finally {
    stream.destroy();
  }
  const last: LineRecord[] = [];
  lines.finishLast(last);
  if (last.length > 0) yield last;
}

/** The same records for NDJSON already in memory (stdin, tests); offsets and sizes are UTF-8 bytes. */
export function splitLinesSync(text: string, opts: Pick<ReadLinesOptions, 'maxLineBytes'> = {}): LineRecord[] {
  const maxLineBytes = positiveInteger('maxLineBytes', opts.maxLineBytes, DEFAULT_MAX_LINE_BYTES);
  const records: LineRecord[] = [];
  let lineNumber = 0;
  let lineStart = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    let from = start;
    let byteOffset = lineStart;
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) {
      from = 1;
      byteOffset += 3;
    }
    const to = end > from && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    const line = text.slice(from, to);
    const bytes = Buffer.byteLength(line, 'utf8');
    lineStart = byteOffset + bytes + (end - to) + 1;
    start = end + 1;
    if (BLANK.test(line)) continue;
    if (bytes > maxLineBytes) {
      records.push({ lineNumber, byteOffset, bytes, text: null, problem: 'too-long' });
    } else if (LONE_SURROGATE.test(line)) {
      // A lone surrogate has no UTF-8 form: the verdict the byte reader gives such a line.
      records.push({ lineNumber, byteOffset, bytes, text: null, problem: 'invalid-utf8' });
    } else {
      records.push({ lineNumber, byteOffset, bytes, text: line });
    }
  }
  return records;
}
