/**
 * The metadata journal: `journal.ndjson`, one full-record upsert per line. Replaying it in order
 * rebuilds the store's index; the last line for a key wins.
 *
 * A crash can cut the last append short, so at open a torn tail (a line without its newline, or one
 * that does not parse) is cut off: it was never acknowledged, since an append resolves only after its
 * whole line is synced. A bad line followed by good ones is not a torn tail; the store refuses to
 * open rather than drop acknowledged lines after it.
 */
import { readFile, rm, truncate, open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { StoreError } from './errors.js';
import { errorCode, type Disk } from './disk.js';
import type { BatchRecord, CampaignRequestRecord, FileRecord } from './types.js';

export const JOURNAL = 'journal.ndjson';

/** One chunk of an upload under way, stored as its own blob. */
export interface StoredPart {
  start: number;
  length: number;
  blob: string;
}

export type JournalEntry =
  | { t: 'batch'; v: BatchRecord }
  /** A complete file has `blob` (its content); an uploading one has `parts`. */
  | { t: 'file'; v: FileRecord; blob?: string; parts?: StoredPart[] }
  | { t: 'failed'; batchId: string; name: string; length: number; blob: string }
  | { t: 'campaign'; v: CampaignRequestRecord };

export function entryLine(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

export interface ReplayedJournal {
  entries: JournalEntry[];
  /** Bytes of whole, valid lines: the journal's new length. */
  size: number;
  tornBytes: number;
}

/** Reads and checks the journal, cutting off a torn tail (durably) before the store appends to it. */
export async function replayJournal(disk: Disk): Promise<ReplayedJournal> {
  const file = disk.abs(JOURNAL);
  // A compaction that crashed before its rename left this behind; the journal itself is intact.
  await rm(`${file}.tmp`, { force: true });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    await (await open(file, 'wx')).close();
    await disk.fsyncDir('');
    return { entries: [], size: 0, tornBytes: 0 };
  }
  const { entries, size } = parseJournal(bytes, file);
  if (size < bytes.length) {
    await truncate(file, size);
    if (disk.sync) {
      const handle = await open(file, 'r+');
      await handle.datasync().finally(() => handle.close());
    }
  }
  return { entries, size, tornBytes: bytes.length - size };
}

export function parseJournal(bytes: Buffer, file: string): { entries: JournalEntry[]; size: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: JournalEntry[] = [];
  let firstBad: { offset: number; line: number } | undefined;
  let offset = 0;
  for (let line = 1; offset < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, offset);
    if (end === -1) {
      firstBad ??= { offset, line };
      break;
    }
    const entry = parseEntry(bytes.subarray(offset, end), decoder);
    if (entry === undefined) firstBad ??= { offset, line };
    else if (firstBad !== undefined) {
      throw new StoreError(
        'corrupt',
        `${file}: line ${firstBad.line} is damaged but line ${line} after it is whole; a crash only tears the last line, so this was changed by something else. Restore the data directory from a copy, or remove the damaged line by hand.`,
      );
    } else entries.push(entry);
    offset = end + 1;
  }
  return { entries, size: firstBad?.offset ?? bytes.length };
}

function parseEntry(line: Buffer, decoder: TextDecoder): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(line));
  } catch {
    return undefined;
  }
  return isEntry(value) ? value : undefined;
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const v = entry.v as Record<string, unknown> | null | undefined;
  const isRecord = typeof v === 'object' && v !== null;
  switch (entry.t) {
    case 'batch':
      return isRecord && typeof v.id === 'string';
    case 'campaign':
      return isRecord && typeof v.requestId === 'string';
    case 'failed':
      return typeof entry.batchId === 'string' && typeof entry.name === 'string' && typeof entry.length === 'number' && typeof entry.blob === 'string';
    case 'file':
      return (
        isRecord &&
        typeof v.batchId === 'string' &&
        typeof v.datasetId === 'string' &&
        typeof v.name === 'string' &&
        (v.state === 'complete' ? typeof entry.blob === 'string' : v.state === 'uploading' && Array.isArray(entry.parts))
      );
    default:
      return false;
  }
}

/**
 * Rewrites the journal with one line per live record: `journal.ndjson.tmp`, fsync, rename over the
 * journal, fsync the directory. A crash at any point leaves either the old journal or the new one.
 */
export async function compactJournal(disk: Disk, entries: Iterable<JournalEntry>): Promise<number> {
  const lines: string[] = [];
  for (const entry of entries) lines.push(entryLine(entry));
  const bytes = Buffer.from(lines.join(''), 'utf8');
  await disk.writeWhole(JOURNAL, bytes);
  return bytes.length;
}
