/**
 * Multi-line JSON (`isMultiLineJson: true`): the file is one JSON document, an array of records or one
 * record. An array is split into its elements as the bytes stream past, with a depth counter and a string
 * state that survive chunk boundaries; only the element being read is held, so memory follows the largest
 * record, not the file. Structural characters are ASCII, so scanning bytes never splits a UTF-8 character.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { describeFsError, NOT_UTF8_TEXT } from '../input.js';
import { findSyntaxError } from '../syntax.js';
import { clipCorrupt, FileFault, type BatchRecord } from './types.js';

export interface JsonArrayOptions {
  /** Read chunk size; default 1 MiB. */
  highWaterMark?: number;
  /** A record longer than this is reported, not held. Default 64 MiB. */
  maxRecordBytes?: number;
}

const LF = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

type Phase = 'start' | 'array' | 'element' | 'object' | 'done';

/** The element (or whole object) being collected. */
class Collector {
  pieces: Buffer[] = [];
  bytes = 0;
  over = false;
  line = 1;
  column = 1;
  constructor(private readonly max: number) {}
  begin(line: number, column: number): void {
    this.pieces = [];
    this.bytes = 0;
    this.over = false;
    this.line = line;
    this.column = column;
  }
  add(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.bytes += to - from;
    if (this.bytes > this.max) {
      this.over = true;
      this.pieces = [];
    } else if (!this.over) this.pieces.push(chunk.subarray(from, to));
  }
}

/** Where an element of the array starts: its byte offset, line and column, and how many elements come before it. */
export interface ElementStart {
  offset: number;
  line: number;
  column: number;
  row: number;
}

export interface JsonArrayScannerOptions {
  /**
   * Marks only: no element is collected or parsed; each element's start is handed to this callback. The
   * document's structure is still checked (a broken one throws FileFault).
   */
  onElementStart?: (start: ElementStart) => void;
  /** Reads a slice of the array that begins at this element (a worker's byte range); the slice may end after any comma. */
  from?: ElementStart;
}

export class JsonArrayScanner {
  private phase: Phase = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private column = 1;
  private offset = 0;
  private row = 0;
  private readonly current: Collector;
  private emptyArray = true;
  /** The document is an array. */
  isArray = false;
  /** The document is one object. */
  isObject = false;
  private readonly onElementStart: ((start: ElementStart) => void) | undefined;
  private readonly slice: boolean;

  constructor(
    private readonly maxRecordBytes: number,
    opts: JsonArrayScannerOptions = {},
  ) {
    this.current = new Collector(maxRecordBytes);
    this.onElementStart = opts.onElementStart;
    this.slice = opts.from !== undefined;
    if (opts.from) {
      this.phase = 'array';
      this.emptyArray = false;
      this.isArray = true;
      ({ offset: this.offset, line: this.line, column: this.column, row: this.row } = opts.from);
    }
  }

  /** Feeds one chunk; returns the records it completed. */
  push(chunk: Buffer): BatchRecord[] {
    const out: BatchRecord[] = [];
    // Where this chunk's part of the record being read starts.
    let from = this.phase === 'element' || this.phase === 'object' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.phase) {
        case 'start':
          // A byte order mark (possibly split over chunks) takes no column.
          if (this.offset + i < 3 && b === BOM[this.offset + i]) continue;
          if (isSpace(b)) break;
          if (b === 0x5b /* [ */) {
            this.phase = 'array';
            this.isArray = true;
          } else if (b === 0x7b /* { */) {
            this.phase = 'object';
            this.isObject = true;
            this.current.begin(this.line, this.column);
            from = i;
            this.depth = 1;
          } else throw new FileFault('the file is not one JSON array of records or one JSON object', { line: this.line, column: this.column });
          break;
        case 'array':
          if (isSpace(b)) break;
          if (b === 0x5d /* ] */ && this.emptyArray) {
            this.phase = 'done';
            break;
          }
          if (b === 0x5d || b === 0x2c) throw new FileFault(`unexpected "${String.fromCharCode(b)}" where a record should start`, { line: this.line, column: this.column });
          this.emptyArray = false;
          this.phase = 'element';
          this.onElementStart?.({ offset: this.offset + i, line: this.line, column: this.column, row: this.row });
          this.current.begin(this.line, this.column);
          from = i;
          this.depth = 0;
          i--; // read this byte as part of the element
          this.column--;
          break;
        case 'element':
        case 'object':
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (b === 0x5c) this.escaped = true;
            else if (b === 0x22) this.inString = false;
          } else if (b === 0x22) this.inString = true;
          else if (b === 0x7b || b === 0x5b) this.depth++;
          else if (b === 0x7d || b === 0x5d) {
            if (this.phase === 'element' && this.depth === 0 && b === 0x5d) {
              this.collect(chunk, from, i);
              this.finishElement(out);
              from = -1;
              this.phase = 'done';
              break;
            }
            this.depth--;
          } else if (b === 0x2c && this.depth === 0 && this.phase === 'element') {
            this.collect(chunk, from, i);
            this.finishElement(out);
            from = -1;
            this.phase = 'array';
            this.emptyArray = false;
            // After a comma, a closing bracket is a trailing comma: the 'array' phase refuses it.
          }
          break;
        case 'done':
          if (!isSpace(b)) throw new FileFault('the file goes on after the end of its JSON document', { line: this.line, column: this.column });
          break;
      }
      if (b === LF) {
        this.line++;
        this.column = 1;
      } else if ((b & 0xc0) !== 0x80) this.column++;
    }
    if (from !== -1 && (this.phase === 'element' || this.phase === 'object')) this.collect(chunk, from, chunk.length);
    this.offset += chunk.length;
    for (const record of out) record.endOffset = this.offset;
    return out;
  }

  /** Called at the end of the file: the last record (an object document), or a fault if the array is open. */
  end(): BatchRecord[] {
    if (this.phase === 'object') {
      this.phase = 'done';
      const out: BatchRecord[] = [];
      this.finishElement(out);
      return out;
    }
    if (this.phase === 'start' || (this.slice && this.phase === 'array')) return [];
    if (this.phase !== 'done') throw new FileFault("the file ends before the array's closing ]", { line: this.line, column: this.column });
    return [];
  }

  private collect(chunk: Buffer, from: number, to: number): void {
    if (this.onElementStart === undefined) this.current.add(chunk, from, to);
  }

  private finishElement(out: BatchRecord[]): void {
    if (this.onElementStart !== undefined) this.row++;
    else out.push(this.readElement());
  }

  private readElement(): BatchRecord {
    const row = ++this.row;
    const { line, column } = this.current;
    const endOffset = this.offset;
    if (this.current.over) {
      return { row, line, endOffset, corrupt: '', reason: `record ${row} is over ${this.maxRecordBytes.toLocaleString('en-US')} bytes, longer than pre-flight reads`, at: { line, column } };
    }
    const bytes = Buffer.concat(this.current.pieces);
    this.current.pieces = [];
    // The platform (and the reference server) decodes the whole file first: a byte that is not UTF-8 fails the file.
    if (!isUtf8(bytes)) throw new FileFault(NOT_UTF8_TEXT, { line, column });
    // Padded to its column, so pointers located in the text land on the file's own lines and columns.
    const text = ' '.repeat(column - 1) + bytes.toString('utf8').trimEnd();
    try {
      return { row, line, endOffset, value: JSON.parse(text) as unknown, text };
    } catch {
      const found = findSyntaxError(text);
      const at = found ? { line: line + found.line - 1, column: found.column } : { line, column };
      return { row, line, endOffset, corrupt: clipCorrupt(text.trim()), reason: `record ${row} is not valid JSON${found ? ` (line ${at.line}, column ${at.column}: ${found.message})` : ''}`, at };
    }
  }
}

/** Every record of a multi-line JSON file, a chunk's worth at a time. Throws FileFault when the document is broken. */
export async function* readJsonArrayRecords(path: string, opts: JsonArrayOptions = {}): AsyncGenerator<BatchRecord[]> {
  yield* readJsonArraySlice(path, undefined, opts);
}

/**
 * The records of one slice of the array (a worker's share), numbered as in the whole file: the slice
 * starts on an element whose place the main thread's scan gave, and ends after a comma or at the end of the file.
 */
export async function* readJsonArraySlice(path: string, slice: ArraySlice | undefined, opts: JsonArrayOptions = {}): AsyncGenerator<BatchRecord[]> {
  const scanner = new JsonArrayScanner(opts.maxRecordBytes ?? 64 * 1024 * 1024, slice ? { from: slice } : {});
  const stream = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 1024 * 1024, ...(slice ? { start: slice.offset, end: slice.end - 1 } : {}) });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const records = scanner.push(chunk);
      if (records.length > 0) yield records;
    }
  } catch (error) {
    if (error instanceof FileFault) throw error;
    throw describeFsError(error, path);
  } finally {
    stream.destroy();
  }
  const last = scanner.end();
  if (last.length > 0) yield last;
}

/** A run of the array's elements for one worker: it starts on an element and ends (exclusive) where the next run starts. */
export interface ArraySlice extends ElementStart {
  end: number;
}

/**
 * Scans the whole document once without parsing any element, and cuts its elements into at most `parts`
 * contiguous slices balanced by bytes. Null when the document is not an array of at least two elements,
 * or is broken: the single-thread reader then reads it (and says what is wrong).
 */
export async function splitJsonArray(path: string, size: number, parts: number, opts: { highWaterMark?: number } = {}): Promise<ArraySlice[] | null> {
  const starts: ElementStart[] = [];
  const scanner = new JsonArrayScanner(0, {
    onElementStart: (start) => {
      // The first element, then the first one at or past each share of the file.
      if (starts.length === 0 || (starts.length < parts && start.offset >= (size * starts.length) / parts)) starts.push(start);
    },
  });
  const stream = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scanner.push(chunk);
      // One object: nothing to share out.
      if (scanner.isObject) return null;
    }
    scanner.end();
  } catch (error) {
    if (error instanceof FileFault) return null;
    throw describeFsError(error, path);
  } finally {
    stream.destroy();
  }
  if (!scanner.isArray || starts.length < 2) return null;
  return starts.map((start, i) => ({ ...start, end: starts[i + 1]?.offset ?? size }));
}
