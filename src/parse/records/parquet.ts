/**
 * Parquet batch files, read one row group at a time with hyparquet over a file handle: only the footer
 * and the current row group's column chunks are in memory. Rows become the JSON an XDM schema validates.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { describeFsError } from '../input.js';
import { FileFault, type BatchRecord } from './types.js';

/** hyparquet's view of a file: ranges read on demand through one handle. */
function fileBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? byteLength, byteLength);
      const bytes = new Uint8Array(Math.max(0, stop - start));
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

/**
 * A Parquet value as JSON: nulls are absent fields (Parquet has no absent optional field), 64-bit
 * integers are numbers when they fit, timestamps are RFC 3339 strings, bytes are base64.
 */
export function fromParquet(value: unknown): unknown {
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

function why(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Which row groups to read, and the file's footer when the caller has already read it. */
export interface ParquetReadOptions {
  metadata?: FileMetaData;
  /** Index of the first row group read; default 0. */
  firstGroup?: number;
  /** Index past the last row group read; default all of them. */
  endGroup?: number;
}

/** A contiguous run of row groups, for one worker thread. */
export interface RowGroupRange {
  firstGroup: number;
  endGroup: number;
  /** Rows before the first group: the run's rows keep their numbers in the file. */
  rowStart: number;
  rows: number;
  /** Bytes the run's column chunks reach, from the end of the run before (progress). */
  start: number;
  end: number;
}

/** The byte offset just past a row group's column chunks (progress). */
export function groupEnd(group: FileMetaData['row_groups'][number]): number {
  return Number(group.columns.reduce((end, c) => Math.max(end, Number(c.meta_data?.data_page_offset ?? 0) + Number(c.meta_data?.total_compressed_size ?? 0)), 0));
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    throw describeFsError(error, path);
  }
}

async function readMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw new FileFault(`the file is not a readable Parquet file (${why(error)})`);
  }
}

/**
 * Reads the footer once and cuts the row groups into at most `parts` contiguous runs, balanced by row
 * count. Null when the file's footer cannot be read (the single-thread reader then says why).
 */
export async function splitOnRowGroups(path: string, parts: number): Promise<{ metadata: FileMetaData; ranges: RowGroupRange[] } | null> {
  const handle = await openFile(path);
  let metadata: FileMetaData;
  try {
    const { size } = await handle.stat();
    metadata = await readMetadata(fileBuffer(handle, size));
  } catch (error) {
    if (error instanceof FileFault) return null;
    throw error;
  } finally {
    await handle.close();
  }
  const counts = metadata.row_groups.map((group) => Number(group.num_rows));
  const total = counts.reduce((a, b) => a + b, 0);
  const ranges: RowGroupRange[] = [];
  let first = 0;
  let rowStart = 0;
  let rows = 0;
  let start = 0;
  const close = (endGroup: number) => {
    const end = Math.max(start, groupEnd(metadata.row_groups[endGroup - 1]!));
    ranges.push({ firstGroup: first, endGroup, rowStart, rows, start, end });
    first = endGroup;
    rowStart += rows;
    rows = 0;
    start = end;
  };
  for (let g = 0; g < counts.length; g++) {
    rows += counts[g]!;
    // Close the run once it reaches its share of the rows; the last run takes what is left.
    if (ranges.length + 1 < parts && rowStart + rows >= (total * (ranges.length + 1)) / parts) close(g + 1);
  }
  if (first < counts.length) close(counts.length);
  return { metadata, ranges };
}

/** Every row of the file (or of a run of its row groups), one row group at a time. Throws FileFault when the file is not Parquet. */
export async function* readParquetRecords(path: string, opts: ParquetReadOptions = {}): AsyncGenerator<BatchRecord[]> {
  const handle = await openFile(path);
  try {
    const { size } = await handle.stat();
    const file = fileBuffer(handle, size);
    const metadata = opts.metadata ?? (await readMetadata(file));
    const firstGroup = opts.firstGroup ?? 0;
    const endGroup = Math.min(opts.endGroup ?? metadata.row_groups.length, metadata.row_groups.length);
    let rowStart = 0;
    for (let g = 0; g < firstGroup; g++) rowStart += Number(metadata.row_groups[g]!.num_rows);
    for (let g = firstGroup; g < endGroup; g++) {
      const group = metadata.row_groups[g]!;
      const rows = Number(group.num_rows);
      const rowEnd = rowStart + rows;
      let objects: Record<string, unknown>[];
      try {
        objects = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
      } catch (error) {
        throw new FileFault(`rows ${rowStart + 1}–${rowEnd} could not be read (${why(error)})`, { line: rowStart + 1, column: 1 });
      }
      const endOffset = groupEnd(group);
      const start = rowStart;
      yield objects.map((object, i) => {
        const row = start + i + 1;
        return { row, line: row, endOffset, value: fromParquet(object), fields: Object.keys(object).length };
      });
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
