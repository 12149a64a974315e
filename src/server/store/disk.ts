/**
 * The few file-system moves the file store is built from, each made durable when `sync` is on:
 * a directory entry is durable once its directory is fsynced, and a file's bytes once the file is.
 */
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { StoreError } from './errors.js';

export async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

export function randomTag(): string {
  return randomBytes(6).toString('hex');
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function ioError(what: string, cause: unknown): StoreError {
  return new StoreError('io', `${what}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
}

/** Paths inside the data directory are written `a/b/c` (relative, `/`-separated) in the journal. */
export class Disk {
  private readonly dirs = new Map<string, Promise<void>>();

  constructor(
    readonly root: string,
    readonly sync: boolean,
  ) {}

  abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  fsyncDir(rel: string): Promise<void> {
    return this.fsyncAbsolute(this.abs(rel));
  }

  async fsyncAbsolute(dir: string): Promise<void> {
    if (!this.sync) return;
    let handle: FileHandle | undefined;
    try {
      handle = await open(dir, constants.O_RDONLY);
      await handle.sync();
    } catch (error) {
      // Windows cannot open a directory for fsync; its rename is durable without it.
      if (process.platform !== 'win32') throw error;
    } finally {
      await handle?.close();
    }
  }

  /** mkdir -p, fsyncing the parent of every directory it creates; concurrent callers share the work. */
  ensureDir(rel: string): Promise<void> {
    if (rel === '') return Promise.resolve();
    let made = this.dirs.get(rel);
    if (made === undefined) {
      const parent = parentOf(rel);
      made = (async () => {
        await this.ensureDir(parent);
        try {
          await mkdir(this.abs(rel));
        } catch (error) {
          if (errorCode(error) === 'EEXIST') return;
          throw error;
        }
        await this.fsyncDir(parent);
      })();
      this.dirs.set(rel, made);
      made.catch(() => this.dirs.delete(rel));
    }
    return made;
  }

  /**
   * Writes a file that appears whole or not at all: the bytes go to `<rel>.tmp`, are fsynced, and the
   * tmp is renamed to `rel` (replacing what was there) and the directory fsynced. The store's blob names
   * carry a random part, so a crash leaves at worst a stray tmp or an unreferenced blob, both removed at
   * the next open. `fill` gets a handle open for reading too.
   */
  async writeWhole(rel: string, fill: Uint8Array | ((handle: FileHandle) => Promise<void>)): Promise<void> {
    const dir = parentOf(rel);
    const tmp = this.abs(`${rel}.tmp`);
    let handle: FileHandle | undefined;
    try {
      await this.ensureDir(dir);
      handle = await open(tmp, 'wx+');
      if (typeof fill === 'function') await fill(handle);
      else await writeAll(handle, fill, 0);
      if (this.sync) await handle.datasync();
      await handle.close();
      handle = undefined;
      await rename(tmp, this.abs(rel));
      await this.fsyncDir(dir);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** Best effort: what cannot be removed now is unreferenced, and the next open removes it. */
  async remove(rel: string): Promise<void> {
    await rm(this.abs(rel), { force: true }).catch(() => undefined);
  }
}

export function parentOf(rel: string): string {
  const at = rel.lastIndexOf('/');
  return at === -1 ? '' : rel.slice(0, at);
}
