/**
 * Legacy CSV batch files, streamed through csv-parse (RFC 4180: quoted fields may hold commas, doubled
 * quotes and line breaks). The first row is the header; each later row is one record whose cells are
 * typed by the caller's column types (a flat schema's property types).
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { describeFsError } from '../input.js';
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

/** Every row of the file (the header first), a chunk's worth at a time. Throws FileFault on a broken quote. */
export async function* readCsvRows(path: string, opts: { highWaterMark?: number } = {}): AsyncGenerator<CsvRow[]> {
  const source = createReadStream(path, { highWaterMark: opts.highWaterMark ?? 1024 * 1024 });
  const parser = parse({ bom: true, relax_column_count: true, info: true, raw: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let batch: CsvRow[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { bytes: number; lines: number } }>) {
      // `info.lines` is the line the row ends on; line breaks inside quoted cells say how far back it starts.
      const inner = item.record.reduce((n, cell) => n + countNewlines(cell), 0);
      batch.push({ line: item.info.lines - inner, cells: item.record, raw: item.raw.replace(/^[\r\n]+|[\r\n]+$/g, ''), endOffset: item.info.bytes });
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines;
      throw new FileFault(`the CSV cannot be read: ${error.message}`, at === undefined ? undefined : { line: at, column: 1 });
    }
    throw describeFsError(error, path);
  } finally {
    source.destroy();
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
