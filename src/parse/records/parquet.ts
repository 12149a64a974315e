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

/** Every row of the file, one row group at a time. Throws FileFault when the file is not Parquet. */
export async function* readParquetRecords(path: string): AsyncGenerator<BatchRecord[]> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw describeFsError(error, path);
  }
  try {
    const { size } = await handle.stat();
    const file = fileBuffer(handle, size);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (error) {
      throw new FileFault(`the file is not a readable Parquet file (${why(error)})`);
    }
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const rowEnd = rowStart + rows;
      let objects: Record<string, unknown>[];
      try {
        objects = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
      } catch (error) {
        throw new FileFault(`rows ${rowStart + 1}–${rowEnd} could not be read (${why(error)})`, { line: rowStart + 1, column: 1 });
      }
      const endOffset = Number(group.columns.reduce((end, c) => Math.max(end, Number(c.meta_data?.data_page_offset ?? 0) + Number(c.meta_data?.total_compressed_size ?? 0)), 0));
      yield objects.map((object, i) => {
        const row = rowStart + i + 1;
        return { row, line: row, endOffset, value: fromParquet(object), fields: Object.keys(object).length };
      });
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
