/**
 * The records of streaming batches: `records/<batch>.ndjson`, one line per `appendRecords` call, each
 * line a JSON array of that call's records. One line per call makes a call all-or-nothing: a crash
 * tears at most the last line, and the open cuts it off whole, so no call is ever half there.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { StoreError } from './errors.js';

const BLOCK = 64 * 1024;

/**
 * Cuts a torn tail off a records file: bytes after the last newline, and a last line that does not
 * parse. Reads only the tail, so a store with large record files opens fast. Returns the bytes removed.
 */
export async function repairRecordsTail(file: string, sync: boolean): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    const size = (await handle.stat()).size;
    let end = size;
    while (end > 0) {
      const newline = await lastNewline(handle, end);
      if (newline === end - 1) {
        const previous = await lastNewline(handle, newline);
        const line = Buffer.alloc(newline - previous - 1);
        await readFully(handle, line, previous + 1);
        if (isRecordsLine(line)) break;
        end = previous + 1;
      } else end = newline + 1;
    }
    if (end < size) {
      await handle.truncate(end);
      if (sync) await handle.datasync();
    }
    return size - end;
  } finally {
    await handle.close();
  }
}

/** The records in the first `size` bytes of a records file (the durable part). */
export async function readRecordsFile(file: string, size: number): Promise<unknown[]> {
  if (size === 0) return [];
  const handle = await open(file, 'r');
  const bytes = Buffer.alloc(size);
  try {
    await readFully(handle, bytes, 0);
  } finally {
    await handle.close();
  }
  const records: unknown[] = [];
  let offset = 0;
  for (let line = 1; offset < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, offset);
    if (end === -1) end = bytes.length;
    const group = parseLine(bytes.subarray(offset, end));
    if (group === undefined) throw new StoreError('corrupt', `${file}: line ${line} is not a JSON array of records; the file was changed by something other than the store`);
    for (const record of group) records.push(record);
    offset = end + 1;
  }
  return records;
}

function isRecordsLine(line: Buffer): boolean {
  return parseLine(line) !== undefined;
}

function parseLine(line: Buffer): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(line));
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The offset of the last newline before `end`, or -1. */
async function lastNewline(handle: FileHandle, end: number): Promise<number> {
  const block = Buffer.alloc(BLOCK);
  for (let to = end; to > 0; ) {
    const from = Math.max(0, to - BLOCK);
    const view = block.subarray(0, to - from);
    await readFully(handle, view, from);
    const at = view.lastIndexOf(0x0a);
    if (at !== -1) return from + at;
    to = from;
  }
  return -1;
}

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new StoreError('corrupt', 'a records file ended before its recorded length');
    done += bytesRead;
  }
}
