/** Directories of sparse files for the plan specs: `truncateSync` makes a 600 MB file that costs no disk. */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** A fresh directory holding `files` (relative name → size in bytes); removed by the returned cleanup. */
export function batchDir(files: Record<string, number>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'plan-spec-'));
  for (const [name, bytes] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    truncateSync(path, bytes);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
