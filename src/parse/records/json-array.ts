/**
 * Multi-line JSON (`isMultiLineJson: true`): the file is one JSON document, an array of records or one
 * record. An array is split into its elements as the bytes stream past, with a depth counter and a string
 * state that survive chunk boundaries; only the element being read is held, so memory follows the largest
 * record, not the file. Structural characters are ASCII, so scanning bytes never splits a UTF-8 character.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { describeFsError } from '../input.js';
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

  constructor(private readonly maxRecordBytes: number) {
    this.current = new Collector(maxRecordBytes);
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
          if (b === 0x5b /* [ */) this.phase = 'array';
          else if (b === 0x7b /* { */) {
            this.phase = 'object';
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
              this.current.add(chunk, from, i);
              out.push(this.finishElement());
              from = -1;
              this.phase = 'done';
              break;
            }
            this.depth--;
          } else if (b === 0x2c && this.depth === 0 && this.phase === 'element') {
            this.current.add(chunk, from, i);
            out.push(this.finishElement());
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
    if (from !== -1 && (this.phase === 'element' || this.phase === 'object')) this.current.add(chunk, from, chunk.length);
    this.offset += chunk.length;
    for (const record of out) record.endOffset = this.offset;
    return out;
  }

  /** Called at the end of the file: the last record (an object document), or a fault if the array is open. */
  end(): BatchRecord[] {
    if (this.phase === 'object') {
      this.phase = 'done';
      return [this.finishElement()];
    }
    if (this.phase === 'start') return [];
    if (this.phase !== 'done') throw new FileFault("the file ends before the array's closing ]", { line: this.line, column: this.column });
    return [];
  }

  private finishElement(): BatchRecord {
    const row = ++this.row;
    const { line, column } = this.current;
    const endOffset = this.offset;
    if (this.current.over) {
      return { row, line, endOffset, corrupt: '', reason: `record ${row} is over ${this.maxRecordBytes.toLocaleString('en-US')} bytes, longer than pre-flight reads`, at: { line, column } };
    }
    const bytes = Buffer.concat(this.current.pieces);
    this.current.pieces = [];
    if (!isUtf8(bytes)) return { row, line, endOffset, corrupt: '', reason: `record ${row} is not valid UTF-8`, at: { line, column } };
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
  const scanner = new JsonArrayScanner(opts.maxRecordBytes ?? 64 * 1024 * 1024);
  const stream = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 1024 * 1024 });
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
