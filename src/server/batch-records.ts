/**
 * Reading the records of one uploaded batch file, by input format:
 * - JSON, single-line (the default: "By default, Batch Data Ingestion uses single-line JSON"): one record
 *   per line, blank lines skipped, as NDJSON;
 * - JSON with `isMultiLineJson: true`: the file is one JSON document, an array of records or one record;
 * - Parquet: rows as objects, nested groups as nested objects (via hyparquet);
 * - CSV (legacy, "only supported for flat schemas"): a header row, then one record per row.
 * A file that cannot be read at all fails its batch (`FileReading.ok === false`); a record that cannot be
 * parsed is a failed record of its own, like one that fails validation.
 */
import { parquetReadObjects } from 'hyparquet';
import { BATCH_ERROR_CODES, type InputFormat } from '../contract/batch.js';
import { splitLinesSync } from '../parse/ndjson.js';
import { findSyntaxError } from '../parse/syntax.js';
import type { XdmSchema } from '../world/types.js';

/** One record of a file: its value, or why it could not be read (`_corrupt_record` in the failed output). */
export type RecordReading = { row: number; value: unknown } | { row: number; corrupt: string; reason: string };

export type FileReading = { ok: true; records: RecordReading[] } | { ok: false; code: string; description: string };

/**
 * Codes of the harness's own for file failures no source gives a code for. Adobe documents only a few batch
 * error codes (BATCH_ERROR_CODES); these are named so a reader sees they are not Adobe's.
 */
export const HARNESS_FILE_ERRORS = {
  unreadable: 'harness.unreadable-file',
  csvNestedSchema: 'harness.csv-nested-schema',
} as const;

const PARQUET_MAGIC = 'PAR1';

/** The format a file is read in: the batch's declared one, or (none declared) Parquet by its magic bytes, else JSON. */
export function formatOfFile(bytes: Uint8Array, declared: InputFormat | undefined): InputFormat {
  if (declared !== undefined) return declared;
  return Buffer.from(bytes.subarray(0, 4)).toString('latin1') === PARQUET_MAGIC ? 'parquet' : 'json';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function empty(): FileReading {
  const e = BATCH_ERROR_CODES['106'];
  return { ok: false, code: '106', description: e.description };
}

function unreadable(file: string, why: string): FileReading {
  return { ok: false, code: HARNESS_FILE_ERRORS.unreadable, description: `${file}: ${why}` };
}

export async function readFileRecords(
  file: string,
  bytes: Uint8Array,
  format: InputFormat,
  opts: { isMultiLineJson: boolean; schema: XdmSchema | undefined },
): Promise<FileReading> {
  if (bytes.length === 0) return empty();
  if (format === 'parquet') return readParquet(file, bytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return unreadable(file, 'the file is not valid UTF-8 text');
  }
  if (text.trim() === '') return empty();
  if (format === 'csv') return readCsv(file, text, opts.schema);
  return opts.isMultiLineJson ? readMultiLineJson(file, text) : readSingleLineJson(text);
}

function readSingleLineJson(text: string): FileReading {
  const records: RecordReading[] = [];
  // Rows are the file's line numbers (blank lines counted), so a row points where an editor shows it.
  for (const line of splitLinesSync(text)) {
    if (line.text === null) {
      records.push({ row: line.lineNumber, corrupt: '', reason: line.problem === 'too-long' ? 'the line is too long to read' : 'the line is not valid UTF-8' });
      continue;
    }
    try {
      records.push({ row: line.lineNumber, value: JSON.parse(line.text) as unknown });
    } catch {
      const found = findSyntaxError(line.text);
      const at = found ? ` at column ${found.column}: ${found.message}` : '';
      records.push({
        row: line.lineNumber,
        corrupt: line.text,
        reason: `line ${line.lineNumber} is not one JSON value${at} (single-line JSON holds one record per line; a document spread over lines needs inputFormat.isMultiLineJson: true)`,
      });
    }
  }
  return { ok: true, records };
}

function readMultiLineJson(file: string, text: string): FileReading {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    const found = findSyntaxError(text);
    return unreadable(file, `the file is not one JSON document${found ? ` (line ${found.line}, column ${found.column}: ${found.message})` : ''}`);
  }
  const values = Array.isArray(root) ? root : [root];
  return { ok: true, records: values.map((value, i) => ({ row: i + 1, value })) };
}

// ---------------------------------------------------------------------------------------------------------
// Parquet

async function readParquet(file: string, bytes: Uint8Array): Promise<FileReading> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: buffer });
  } catch (error) {
    return unreadable(file, `the file is not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`);
  }
  return { ok: true, records: rows.map((row, i) => ({ row: i + 1, value: fromParquet(row) })) };
}

/**
 * A Parquet value as the JSON an XDM schema validates: nulls are absent fields (Parquet has no absent
 * optional field), 64-bit integers are numbers, timestamps are RFC 3339 strings, bytes are base64.
 */
function fromParquet(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(fromParquet);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner === null || inner === undefined) continue;
      out[key] = fromParquet(inner);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// CSV (legacy)

type PropertyTypes = Map<string, string | undefined>;

/** The top-level property types of a flat schema, or the name of the first nested property. */
function flatProperties(schema: XdmSchema | undefined): { types: PropertyTypes } | { nested: string } {
  const properties = (schema?.jsonSchema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const types: PropertyTypes = new Map();
  for (const [name, property] of Object.entries(properties)) {
    const type = property['type'];
    if (type === 'object' || type === 'array' || property['properties'] !== undefined || property['items'] !== undefined) return { nested: name };
    types.set(name, typeof type === 'string' ? type : undefined);
  }
  return { types };
}

function readCsv(file: string, text: string, schema: XdmSchema | undefined): FileReading {
  const flat = flatProperties(schema);
  if ('nested' in flat) {
    return {
      ok: false,
      code: HARNESS_FILE_ERRORS.csvNestedSchema,
      description: `${file}: CSV ingestion is only supported for flat schemas, and the dataset's schema has the nested field "${flat.nested}"; send JSON or Parquet instead`,
    };
  }
  const rows = parseCsv(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = rows[0];
  if (header === undefined || header.fields.every((f) => f.trim() === '')) {
    return { ok: false, code: '118', description: BATCH_ERROR_CODES['118'].description };
  }
  const names = header.fields.map((f) => f.trim());
  const records: RecordReading[] = [];
  for (const row of rows.slice(1)) {
    if (row.fields.length === 1 && row.fields[0] === '') continue;
    if (row.fields.length !== names.length) {
      records.push({ row: row.line, corrupt: row.raw, reason: `row ${row.line} has ${row.fields.length} fields; the header has ${names.length}` });
      continue;
    }
    const value: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const cell = row.fields[i] ?? '';
      if (cell === '') return; // an empty cell is an absent field
      value[name] = typed(cell, flat.types.get(name));
    });
    records.push({ row: row.line, value });
  }
  return { ok: true, records };
}

/** A CSV cell as the schema's type wants it; a cell that is not one stays a string, for validation to report. */
function typed(cell: string, type: string | undefined): unknown {
  if ((type === 'integer' || type === 'number') && cell.trim() !== '' && Number.isFinite(Number(cell))) return Number(cell);
  if (type === 'boolean' && (cell === 'true' || cell === 'false')) return cell === 'true';
  return cell;
}

interface CsvRow {
  /** 1-based line the row starts on. */
  line: number;
  fields: string[];
  raw: string;
}

/** RFC 4180: comma-separated, double-quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowStart = 0;
  const endRow = (end: number) => {
    fields.push(field);
    rows.push({ line: rowLine, fields, raw: text.slice(rowStart, end) });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      const end = i;
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow(end);
      line++;
      rowLine = line;
      rowStart = i + 1;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) endRow(text.length);
  return rows;
}
