/**
 * What every measured child process reports, and how it reports it: one line on stdout, prefixed with
 * RESULT_PREFIX, holding a JSON `Figures`. The parent (run.ts) reads nothing else from the child's stdout.
 *
 * Time is measured inside the child around the work only: Node start-up, the tsx loader and module
 * imports are not counted (they are the same for every peer and do not grow with the file).
 */
import { memoryUsage, resourceUsage } from 'node:process';

export const RESULT_PREFIX = 'BENCH_RESULT ';

export type Role = 'subject' | 'peer-readline' | 'peer-buffer';

export interface Figures {
  role: Role;
  file: string;
  /** Bytes of the file. */
  bytes: number;
  /** Lines that parsed as JSON (for the subject: the messages it judged). */
  messages: number;
  /** Non-blank lines that did not parse. */
  unreadable: number;
  /** Seconds of the work itself (reading, splitting, parsing and, for the subject, judging). */
  seconds: number;
  /**
   * CPU seconds the process spent on that work (`process.cpuUsage`, user + system, every thread): on a
   * shared machine the wall time also counts the time other processes held the core; this does not.
   */
  cpuSeconds?: number;
  /** `process.resourceUsage().maxRSS`, KiB: the peak resident set of the whole process. */
  maxRssKiB: number;
  /** Highest `heapUsed` seen by a sampler every SAMPLE_MS, bytes. */
  peakHeapUsed: number;
  /** `heapUsed` when the work is done (before any forced GC), bytes. */
  endHeapUsed: number;
  /**
   * `heapUsed` after a forced full GC once the work is done, with its result still referenced: what the
   * process keeps. Memory that grows with the file shows up here. Null when `--expose-gc` was not given.
   */
  retainedHeapUsed: number | null;
  /** Subject only: the predicted counts of the pre-flight report. */
  counts?: { messages: number; accepted: number; rejected: number; errorBatch: number };
  /** Subject only: findings kept and dropped, and the report's input error if any. */
  findings?: number;
  findingsDropped?: number;
  inputError?: string;
}

const SAMPLE_MS = 25;

/** Samples heapUsed while the work runs; the loops under test are async, so the timer gets its turns. */
export function startHeapSampler(): { stop(): { peakHeapUsed: number; endHeapUsed: number } } {
  let peak = memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const used = memoryUsage().heapUsed;
    if (used > peak) peak = used;
  }, SAMPLE_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const end = memoryUsage().heapUsed;
      return { peakHeapUsed: Math.max(peak, end), endHeapUsed: end };
    },
  };
}

/** heapUsed after a full GC (run.ts starts children with --expose-gc); call it while the result is still held. */
export function retainedHeapUsed(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  return memoryUsage().heapUsed;
}

export function maxRssKiB(): number {
  return resourceUsage().maxRSS;
}

/** CPU time so far, for `cpuSecondsSince`. */
export function cpuNow(): NodeJS.CpuUsage {
  return process.cpuUsage();
}

export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export function seconds(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

export function emit(figures: Figures): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(figures)}\n`);
}
