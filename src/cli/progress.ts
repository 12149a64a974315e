/**
 * A progress bar for long pre-flights, on stderr only when stderr is a terminal (never in a pipe, a CI
 * log or a report), redrawn at most ten times a second and cleared when the file is done.
 */
import { basename } from 'node:path';
import type { CliIo } from './io.js';

export interface ProgressBar {
  update(file: string, done: number, total: number): void;
  done(): void;
}

const REDRAW_MS = 100;
const WIDTH = 30;

export function progressBar(io: Pick<CliIo, 'stderr'>, now: () => number = Date.now): ProgressBar {
  if (io.stderr.isTTY !== true) return { update() {}, done() {} };
  let last = -Infinity;
  let drawn = false;
  return {
    update(file, done, total) {
      const t = now();
      if (t - last < REDRAW_MS) return;
      last = t;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * WIDTH);
      io.stderr.write(`\r${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${(share * 100).toFixed(0).padStart(3)}% ${basename(file)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[K');
      drawn = false;
      last = -Infinity;
    },
  };
}
