/**
 * An append-only file of lines with group commit: appends that arrive while a write is under way are
 * written together by the next single `write` and `fdatasync`, and each promise resolves only after
 * the sync that covers its line. Lines never interleave (one writer, whole lines) and the first
 * byte past the last sync is known, so a failed write is cut back off the file.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { StoreError } from './errors.js';
import { ioError, writeAll } from './disk.js';

interface Pending {
  line: Buffer;
  /** Runs after the line is durable and before any later line's; the store updates its index here. */
  onDurable: (() => void) | undefined;
  resolve: () => void;
  reject: (error: StoreError) => void;
}

export class AppendLog {
  private handle: FileHandle | undefined;
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private failure: StoreError | undefined;

  /**
   * @param size bytes already in the file, all of them whole lines
   * @param keepOpen keep the file open between groups (the journal) or close it when idle (the
   *   records of one batch: a server makes many batches, and should not hold a descriptor for each)
   */
  constructor(
    readonly file: string,
    private committed: number,
    private readonly opts: { sync: boolean; keepOpen: boolean; describe: string },
  ) {}

  /** Bytes that are durable; readers read no further, so they never see a line still being written. */
  get durableSize(): number {
    return this.committed;
  }

  append(line: string, onDurable?: () => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line: Buffer.from(line, 'utf8'), onDurable, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves once every append made so far has settled. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async drain(): Promise<void> {
    for (;;) {
      while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0));
      if (!this.opts.keepOpen && this.handle) {
        const handle = this.handle;
        this.handle = undefined;
        await handle.close().catch(() => undefined);
      }
      if (this.queue.length === 0) break;
    }
    this.draining = undefined;
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const bytes = Buffer.concat(group.map((p) => p.line));
    try {
      this.handle ??= await open(this.file, constants.O_WRONLY | constants.O_CREAT);
      await writeAll(this.handle, bytes, this.committed);
      if (this.opts.sync) await this.handle.datasync();
    } catch (cause) {
      // After a failed write or fsync the file's tail is unknown (and after a failed fsync, Linux may
      // have dropped the dirty pages): cut it back, and take no more appends until the store is
      // reopened, when the tail is checked again.
      this.failure = ioError(`${this.opts.describe} could not be written; the store takes no more writes until it is reopened`, cause);
      await this.handle?.truncate(this.committed).catch(() => undefined);
      for (const p of [...group, ...this.queue.splice(0)]) p.reject(this.failure);
      return;
    }
    this.committed += bytes.length;
    for (const p of group) {
      p.onDurable?.();
      p.resolve();
    }
  }
}
