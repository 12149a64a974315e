/** What each measured child of the batch bench reports: one `BENCH_RESULT {json}` line on stdout. */
import { RESULT_PREFIX } from '../preflight/measure.js';

export { RESULT_PREFIX };

export type BatchRole = 'subject-1' | 'subject-2' | 'ajv-cli-chunks' | 'ajv-cli-array';

export interface BatchFigures {
  role: BatchRole;
  jobs: number;
  file: string;
  bytes: number;
  /** Records judged (subject) or validated (peer). */
  records: number;
  /** Records the subject predicts would fail, or documents ajv-cli reported invalid. */
  failed: number;
  /** Subject: around `preflightBatchFile` only. Peer: the child's wall time (ajv-cli cannot be timed inside). */
  seconds: number;
  /** Subject only: CPU seconds of the whole process (every thread) around `preflightBatchFile`. */
  cpuSeconds?: number;
  /** `process.resourceUsage().maxRSS` of the child, KiB. */
  maxRssKiB: number;
  /** Subject only: the main thread's highest sampled heapUsed, bytes. */
  peakHeapUsed?: number;
  findings?: number;
  /** Set when the run did not do the work (the peer's failure is kept as a figure of its own). */
  error?: string;
}

export function emitBatch(figures: BatchFigures): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(figures)}\n`);
}
