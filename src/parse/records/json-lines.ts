/**
 * Single-line JSON (the platform's default reading of a JSON batch file) and NDJSON: one record per line,
 * blank lines skipped. The whole file streams through `parse/ndjson.ts`; `readJsonLineRange` reads a byte
 * range of it (aligned on line breaks) so that worker threads can share a large file.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_LINE_BYTES, readLineBatches, splitLinesSync, type LineRecord } from '../ndjson.js';
import { describeFsError, NOT_UTF8_TEXT } from '../input.js';
import { findSyntaxError } from '../syntax.js';
import { clipCorrupt, FileFault, type BatchRecord } from './types.js';

function toRecord(line: LineRecord): BatchRecord {
  const endOffset = line.byteOffset + line.bytes;
  if (line.text === null) {
    // The platform (and the reference server) decodes the whole file first: a byte that is not UTF-8 fails the file, not a record.
    if (line.problem === 'invalid-utf8') throw new FileFault(NOT_UTF8_TEXT, { line: line.lineNumber, column: 1 });
    const reason = `the line is ${line.bytes.toLocaleString('en-US')} bytes, longer than pre-flight reads`;
    return { row: line.lineNumber, line: line.lineNumber, endOffset, corrupt: '', reason, at: { line: line.lineNumber, column: 1 } };
  }
  try {
    return { row: line.lineNumber, line: line.lineNumber, endOffset, value: JSON.parse(line.text) as unknown, text: line.text };
  } catch {
    const found = findSyntaxError(line.text);
    const column = found?.column ?? 1;
    return {
      row: line.lineNumber,
      line: line.lineNumber,
      endOffset,
      corrupt: clipCorrupt(line.text),
      // No line number in the reason: the finding carries it, and a worker reading a range does not know it.
      reason: `the line is not one JSON value${found ? ` (column ${found.column}: ${found.message})` : ''}`,
      at: { line: line.lineNumber + (found?.line ?? 1) - 1, column },
    };
  }
}

/** Every record of the file, a chunk's worth at a time. */
export async function* readJsonLineRecords(path: string, opts: { highWaterMark?: number } = {}): AsyncGenerator<BatchRecord[]> {
  for await (const lines of readLineBatches(path, opts)) yield lines.map(toRecord);
}

/** Records of text already in memory (specs). */
export function jsonLineRecordsOf(text: string): BatchRecord[] {
  return splitLinesSync(text).map(toRecord);
}

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * Splits a file into at most `parts` byte ranges, each ending just after a line break (or at the end of
 * the file), so no record is cut. Only a few bytes around each cut are read.
 */
export async function splitOnLines(path: string, size: number, parts: number): Promise<ByteRange[]> {
  const cuts: number[] = [0];
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw describeFsError(error, path);
  });
  try {
    const probe = Buffer.alloc(64 * 1024);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1]!);
      let cut = size;
      while (at < size) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (newline !== -1) {
          cut = at + newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (cut >= size) break;
      if (cut > cuts[cuts.length - 1]!) cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  cuts.push(size);
  const ranges: ByteRange[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) ranges.push({ start: cuts[i]!, end: cuts[i + 1]! });
  return ranges;
}

/**
 * The records of one byte range, numbered as if the range started on line 1; the caller shifts them by
 * the lines before the range: `stats.lines` counts the lines read (the line breaks, for a range that ends on one).
 */
export async function* readJsonLineRange(
  path: string,
  range: ByteRange,
  opts: { maxLineBytes?: number; stats?: { lines: number } } = {},
): AsyncGenerator<BatchRecord[]> {
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const stream = createReadStream(path, { start: range.start, end: range.end - 1, highWaterMark: 1024 * 1024 });
  let pieces: Buffer[] = [];
  let pending = 0;
  let lineNumber = 0;
  let lineStart = range.start;
  // The same verdicts as parse/ndjson.ts: BOM on the file's first line, CR before LF, blank lines, UTF-8.
  const finish = (bytes: Buffer | null, total: number, out: BatchRecord[]) => {
    lineNumber++;
    if (opts.stats) opts.stats.lines = lineNumber;
    let byteOffset = lineStart;
    lineStart += total + 1;
    if (bytes === null) {
      out.push(toRecord({ lineNumber, byteOffset, bytes: total, text: null, problem: 'too-long' }));
      return;
    }
    let content = bytes;
    if (range.start === 0 && lineNumber === 1 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
      content = content.subarray(3);
      byteOffset += 3;
    }
    if (content.length > 0 && content[content.length - 1] === 0x0d) content = content.subarray(0, content.length - 1);
    if (content.every((b) => b === 0x20 || b === 0x09 || b === 0x0d)) return;
    if (!isUtf8(content)) {
      out.push(toRecord({ lineNumber, byteOffset, bytes: content.length, text: null, problem: 'invalid-utf8' }));
      return;
    }
    out.push(toRecord({ lineNumber, byteOffset, bytes: content.length, text: content.toString('utf8') }));
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const out: BatchRecord[] = [];
      let start = 0;
      for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
        const total = pending + newline - start;
        finish(total > maxLineBytes ? null : pieces.length === 0 ? chunk.subarray(start, newline) : Buffer.concat([...pieces, chunk.subarray(start, newline)]), total, out);
        pieces = [];
        pending = 0;
        start = newline + 1;
      }
      if (start < chunk.length) {
        pending += chunk.length - start;
        // A line over the limit is counted and let go, never held.
        if (pending <= maxLineBytes) pieces.push(chunk.subarray(start));
        else pieces = [];
      }
      if (out.length > 0) yield out;
    }
  } catch (error) {
    if (error instanceof FileFault) throw error;
    throw describeFsError(error, path);
  } finally {
    stream.destroy();
  }
  if (pending > 0) {
    const out: BatchRecord[] = [];
    finish(pending > maxLineBytes ? null : Buffer.concat(pieces), pending, out);
    if (out.length > 0) yield out;
  }
}

/** Line breaks in a byte range: how far the next range's line numbers are shifted. */
export async function countLines(path: string, range: ByteRange): Promise<number> {
  let lines = 0;
  const stream = createReadStream(path, { start: range.start, end: range.end - 1, highWaterMark: 1024 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
  }
  return lines;
}
