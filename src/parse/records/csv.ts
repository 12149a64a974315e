/**
 * Legacy CSV batch files, streamed through csv-parse (RFC 4180: quoted fields may hold commas, doubled
 * quotes and line breaks). The first row is the header; each later row is one record whose cells are
 * typed by the caller's column types (a flat schema's property types).
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { Transform } from 'node:stream';
import { describeFsError, NOT_UTF8_TEXT, Utf8StreamCheck } from '../input.js';
import { clipCorrupt, FileFault, type BatchRecord } from './types.js';

export interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  cells: string[];
  raw: string;
  /** Byte offset just after the row. */
  endOffset: number;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** A run of whole CSV records for one worker: its bytes, and the line breaks before it (to number its lines as in the file). */
export interface CsvSlice {
  start: number;
  /** Exclusive. */
  end: number;
  linesBefore: number;
}

/**
 * Every row of the file (the header first), a chunk's worth at a time. Throws FileFault on a broken quote.
 * With a slice, only its records (no header), numbered as in the file.
 */
export async function* readCsvRows(path: string, opts: { highWaterMark?: number; slice?: CsvSlice } = {}): AsyncGenerator<CsvRow[]> {
  const slice = opts.slice;
  const source = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 1024 * 1024, ...(slice ? { start: slice.start, end: slice.end - 1 } : {}) });
  const lineShift = slice?.linesBefore ?? 0;
  const byteShift = slice?.start ?? 0;
  const parser = parse({ bom: slice === undefined, relax_column_count: true, info: true, raw: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] });
  // csv-parse would turn bytes that are not UTF-8 into U+FFFD; the platform (and the reference server) fails the file.
  const utf8 = new Utf8StreamCheck(lineShift);
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const fault = utf8.push(chunk);
      callback(fault === null ? null : new FileFault(NOT_UTF8_TEXT, fault), fault === null ? chunk : undefined);
    },
    flush(callback) {
      const fault = utf8.end();
      callback(fault === null ? null : new FileFault(NOT_UTF8_TEXT, fault));
    },
  });
  source.on('error', (error) => parser.destroy(error));
  checked.on('error', (error) => parser.destroy(error));
  source.pipe(checked).pipe(parser);
  let batch: CsvRow[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { bytes: number; lines: number } }>) {
      // `info.lines` is the line the row ends on; line breaks inside quoted cells say how far back it starts.
      const inner = item.record.reduce((n, cell) => n + countNewlines(cell), 0);
      batch.push({ line: item.info.lines - inner + lineShift, cells: item.record, raw: item.raw.replace(/^[\r\n]+|[\r\n]+$/g, ''), endOffset: item.info.bytes + byteShift });
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof FileFault) throw error;
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines;
      throw new FileFault(`the CSV cannot be read: ${error.message}`, at === undefined ? undefined : { line: at + lineShift, column: 1 });
    }
    throw describeFsError(error, path);
  } finally {
    source.destroy();
    checked.destroy();
  }
  if (batch.length > 0) yield batch;
}

/** JSON Schema type of each column, when the schema gives one. */
export type ColumnTypes = ReadonlyMap<string, string | undefined>;

/** A CSV cell as the schema's type wants it; a cell that is not one stays a string, for validation to report. */
function typed(cell: string, type: string | undefined): unknown {
  if ((type === 'integer' || type === 'number') && cell.trim() !== '' && Number.isFinite(Number(cell))) return Number(cell);
  if (type === 'boolean' && (cell === 'true' || cell === 'false')) return cell === 'true';
  return cell;
}

/**
 * One data row as a record. `row` is the line it starts on, as the platform's failed output names it. A row
 * with another number of cells than the header cannot be matched to columns: it is corrupt.
 */
export function csvRecord(row: CsvRow, names: readonly string[], types: ColumnTypes): BatchRecord {
  const place = { row: row.line, line: row.line, endOffset: row.endOffset };
  if (row.cells.length !== names.length) {
    return { ...place, corrupt: clipCorrupt(row.raw), reason: `row at line ${row.line} has ${row.cells.length} fields; the header has ${names.length}`, at: { line: row.line, column: 1 } };
  }
  const value: Record<string, unknown> = {};
  names.forEach((name, i) => {
    const cell = row.cells[i] ?? '';
    if (cell === '') return; // an empty cell is an absent field
    value[name] = typed(cell, types.get(name));
  });
  return { ...place, value, fields: row.cells.length };
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Cuts the records after the header into at most `parts` slices balanced by bytes, with one cheap pass
 * over the bytes that tracks quotes (a line break inside a quoted cell ends no record). Only a plain
 * RFC 4180 file is cut: a quote anywhere but at the start of a cell, a closing quote not followed by a
 * comma or a line break, a carriage return inside quotes, or a quote left open, and the file is left whole (null) for the single-thread
 * reader, which says what is wrong. Null too when there is no header or fewer than two slices.
 */
export async function splitCsv(path: string, size: number, parts: number, opts: { highWaterMark?: number } = {}): Promise<CsvSlice[] | null> {
  const cuts: { offset: number; linesBefore: number }[] = [];
  let offset = 0;
  let lines = 0;
  let fieldStart = true;
  let inQuotes = false;
  /** In quotes, a quote was seen: it closes the cell unless another follows. */
  let quote = false;
  /** After a closing quote: a comma or a line break must follow. */
  let closed = false;
  let closedCr = false;
  /** The record being read has some bytes (empty lines are skipped, not records). */
  let recordBytes = 0;
  let recordCrs = 0;
  let headerEnd = -1;
  let headerLines = 0;
  const stream = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++, offset++) {
        const b = chunk[i]!;
        if (offset < 3 && b === [0xef, 0xbb, 0xbf][offset]) continue;
        if (inQuotes) {
          if (quote) {
            quote = false;
            if (b !== QUOTE) {
              inQuotes = false;
              closed = true;
            } else continue;
          } else {
            if (b === QUOTE) quote = true;
            else if (b === LF) lines++;
            // csv-parse numbers lines after a CR LF inside quotes its own way: leave such a file whole.
            else if (b === CR) return null;
            continue;
          }
        }
        if (closedCr) {
          if (b !== LF) return null;
          closedCr = false;
        } else if (closed) {
          closed = false;
          if (b === CR) {
            closedCr = true;
            continue;
          }
          if (b !== COMMA && b !== LF) return null;
        }
        if (b === LF) {
          lines++;
          const end = offset + 1;
          if (recordBytes > 0 && headerEnd === -1) {
            // A first line of carriage returns only: whether it is a record is the parser's call.
            if (recordCrs === recordBytes) return null;
            headerEnd = end;
            headerLines = lines;
          } else if (headerEnd !== -1 && cuts.length < parts - 1 && end >= headerEnd + ((size - headerEnd) * (cuts.length + 1)) / parts && end < size) {
            cuts.push({ offset: end, linesBefore: lines });
          }
          recordBytes = 0;
          recordCrs = 0;
          fieldStart = true;
          continue;
        }
        recordBytes++;
        if (b === CR) recordCrs++;
        if (b === QUOTE) {
          if (!fieldStart) return null;
          inQuotes = true;
        }
        fieldStart = b === COMMA;
      }
    }
  } catch (error) {
    throw describeFsError(error, path);
  } finally {
    stream.destroy();
  }
  if (inQuotes && !quote) return null;
  if (headerEnd === -1 || cuts.length === 0) return null;
  const starts = [{ offset: headerEnd, linesBefore: headerLines }, ...cuts];
  return starts.map((start, k) => ({ start: start.offset, end: starts[k + 1]?.offset ?? size, linesBefore: start.linesBefore }));
}
