/**
 * Reading what a user names (world files, schema files, configurations, fixtures, HAR files, payloads)
 * with a bound, whatever the path is: a regular file is refused before a byte is read when its size is
 * past the limit, and read with the limit enforced (it may grow meanwhile); a pipe, a FIFO or a device
 * (`/dev/zero`, `/dev/stdin`, `<(…)`) has no size worth asking, so it is read as a stream and stopped at the
 * limit. A FIFO that no program opens for writing is not waited for forever.
 */
import { constants, createReadStream, type Stats } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeUtf8, describeFsError, formatBytes, InputError, Utf8StreamCheck } from './input.js';

/** The size limits of the files the harness reads whole (README, "Size limits"). */
export const READ_LIMITS = {
  /** A world file. */
  world: 16 * 1024 * 1024,
  /** An XDM schema file a world's `jsonSchema` names. */
  schema: 16 * 1024 * 1024,
  /** aep-harness.config.yaml. */
  config: 1024 * 1024,
  /** A replay fixture. */
  fixture: 64 * 1024 * 1024,
  /** A file a fixture attaches as a body. */
  fixtureBody: 256 * 1024 * 1024,
  /** A HAR file (check-trace, replay of a recording). */
  har: 512 * 1024 * 1024,
  /** A payload or batch file read from a pipe, a FIFO or a device (a regular file of any size streams). */
  stream: 256 * 1024 * 1024,
} as const;

/** How long a FIFO is waited for a writer before it is an input error. */
export const FIFO_WRITER_WAIT_MS = 5000;

const READ_CHUNK = 1024 * 1024;

export interface BoundedReadOptions {
  maxBytes: number;
  /** How long to wait for a FIFO's writer; default FIFO_WRITER_WAIT_MS. */
  writerWaitMs?: number;
}

export function tooLargeError(file: string, size: number | undefined, maxBytes: number): InputError {
  const what = size === undefined ? `more than ${formatBytes(maxBytes)}` : formatBytes(size);
  return new InputError(`file is too large: ${what}; the limit is ${formatBytes(maxBytes)}`, file);
}

/** What kind of thing a path names, for the reader and for messages. */
export type InputNode = 'file' | 'stream';

/**
 * The path's node, refused when it cannot be read as content: a directory, a socket. A regular file past
 * the limit is refused here, before it is opened.
 */
export async function inspectInput(path: string, maxBytes: number): Promise<{ node: InputNode; stats: Stats }> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    throw describeFsError(error, path);
  }
  if (stats.isDirectory()) throw new InputError('is a directory, not a file', path);
  if (stats.isSocket()) throw new InputError('is a socket, not a file', path);
  if (stats.isFile()) {
    if (stats.size > maxBytes) throw tooLargeError(path, stats.size, maxBytes);
    return { node: 'file', stats };
  }
  return { node: 'stream', stats };
}

/**
 * Opens a path for reading. Opening a FIFO blocks until a program opens it for writing; past `waitMs` the
 * open is released (a writer that closes at once: the reader sees end of file) and the FIFO is an input error.
 */
export async function openForReading(path: string, stats: Stats, waitMs = FIFO_WRITER_WAIT_MS): Promise<FileHandle> {
  const opening = open(path, 'r');
  if (!stats.isFIFO()) {
    try {
      return await opening;
    } catch (error) {
      throw describeFsError(error, path);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), waitMs);
  });
  let first: FileHandle | 'timeout';
  try {
    first = await Promise.race([opening, waited]);
  } catch (error) {
    throw describeFsError(error, path);
  } finally {
    clearTimeout(timer);
  }
  if (first !== 'timeout') return first;
  try {
    const releaser = await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
    await releaser.close();
  } catch {
    // The reader's open has been satisfied meanwhile, or the FIFO is gone: either way it returns now.
  }
  const late = await opening.catch(() => undefined);
  await late?.close();
  throw new InputError(`is a named pipe (FIFO) that no program opened for writing within ${waitMs / 1000} s`, path);
}

/** Reads a handle to its end, stopping with `too large` past `maxBytes`. */
async function readAll(handle: FileHandle, path: string, maxBytes: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const want = Math.min(READ_CHUNK, maxBytes + 1 - total);
    const piece = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(piece, 0, want, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) throw tooLargeError(path, undefined, maxBytes);
    pieces.push(bytesRead === want ? piece : piece.subarray(0, bytesRead));
  }
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, total);
}

/** The bytes of a path, at most `maxBytes` of them; an InputError (exit 3) saying what is wrong otherwise. */
export async function readBounded(path: string, opts: BoundedReadOptions): Promise<Uint8Array> {
  const { stats } = await inspectInput(path, opts.maxBytes);
  const handle = await openForReading(path, stats, opts.writerWaitMs);
  try {
    return await readAll(handle, path, opts.maxBytes);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw describeFsError(error, path);
  } finally {
    await handle.close();
  }
}

// One decoder for the process: fatal, so a byte that is not UTF-8 is an error, never a U+FFFD.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of a path that must be UTF-8 (a world, a schema, a configuration, a fixture, a HAR): read with
 * the bound, a leading byte order mark dropped; text that is not UTF-8 (UTF-16 included) is an InputError
 * that says where. An empty file is returned as `''`: each reader says what an empty one means to it.
 */
export async function readBoundedText(path: string, opts: BoundedReadOptions): Promise<string> {
  return decodeStrictUtf8(await readBounded(path, opts), path);
}

/** Strict UTF-8 decoding (BOM dropped) with the located error `parse/input.ts` gives. */
export function decodeStrictUtf8(bytes: Uint8Array, path: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // decodeUtf8 locates the first bad byte and says whether the file looks like UTF-16.
    decodeUtf8(bytes, path);
    throw new InputError('file is not valid UTF-8', path);
  }
}

/** A readable copy of an input: the path itself when it is a regular file, else a bounded spool of its stream. */
export interface SpooledInput {
  /** What to read: the path given, or a temporary copy of what a pipe, FIFO or device gave. */
  path: string;
  /** True when `path` is a temporary copy. */
  spooled: boolean;
  /** Removes the copy, if one was made. */
  release(): Promise<void>;
}

/**
 * Readers that seek (Parquet's footer, the shares of a file split over workers, a BOM peeked before a
 * stream) need a regular file; a pipe is read once, so it is copied to a temporary file first, at most
 * `maxBytes` of it. A regular file is used where it is, whatever its size.
 */
export async function spoolIfStream(path: string, opts: BoundedReadOptions = { maxBytes: READ_LIMITS.stream }): Promise<SpooledInput> {
  const { node, stats } = await inspectInput(path, Number.MAX_SAFE_INTEGER);
  if (node === 'file') return { path, spooled: false, release: async () => {} };
  const source = await openForReading(path, stats, opts.writerWaitMs);
  const dir = await mkdtemp(join(tmpdir(), 'aep-harness-input-'));
  const release = () => rm(dir, { recursive: true, force: true });
  const copy = join(dir, 'input');
  try {
    const target = await open(copy, 'w');
    try {
      let total = 0;
      const piece = Buffer.allocUnsafe(READ_CHUNK);
      for (;;) {
        const want = Math.min(READ_CHUNK, opts.maxBytes + 1 - total);
        const { bytesRead } = await source.read(piece, 0, want, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > opts.maxBytes) throw tooLargeError(path, undefined, opts.maxBytes);
        await target.write(piece, 0, bytesRead);
      }
    } finally {
      await target.close();
    }
  } catch (error) {
    await release();
    if (error instanceof InputError) throw error;
    throw describeFsError(error, path);
  } finally {
    await source.close();
  }
  return { path: copy, spooled: true, release };
}

/** Where a regular file first stops being UTF-8, streaming it once; null when all of it is UTF-8. */
export async function utf8FaultOf(path: string): Promise<{ line: number; column: number } | null> {
  const check = new Utf8StreamCheck();
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const fault = check.push(chunk);
      if (fault !== null) return fault;
    }
  } catch (error) {
    throw describeFsError(error, path);
  } finally {
    stream.destroy();
  }
  return check.end();
}
