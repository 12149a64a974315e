/**
 * A Catalog batch's status on the reference server: every change goes through the life cycle
 * (`lifecycle/batch.ts`) and is appended to the batch's history; changes to one batch are serialised by a
 * per-batch lock; the statuses time decides (abandoned, deleted) are decided lazily from the injected
 * clock whenever a batch is read or touched, so no timer runs and tests never wait.
 */
import { canonicalBatchStatus, type BatchEvent } from '../contract/batch.js';
import { transition, type TransitionResult } from '../lifecycle/batch.js';
import type { ServerContext } from './context.js';
import type { BatchRecord } from './store/types.js';

/** What the reference server keeps beside the Store's batch fields (the store keeps any JSON member). */
export interface ApiBatchRecord extends BatchRecord {
  externalId?: string;
  /** False when the create body had no inputFormat: each file's format is then read from its content. */
  inputFormatDeclared?: boolean;
  /** When COMPLETE was accepted, and when processing reached a final status (Catalog `started`, `completed`). */
  started?: number;
  completed?: number;
  /** Large files initialized and not completed yet, with the total size a part declared (Content-Range `/N`). */
  largeFiles?: { datasetId: string; name: string; total?: number }[];
}

export interface BatchIngestionOptions {
  /** How long a batch may stay in `loading` before it is `abandoned`. Default 24 hours. */
  abandonAfterMs?: number;
  /** How long a reverted (`inactive`) batch stays before it is collected (`deleted`). Default 1 hour. */
  collectAfterMs?: number;
}

const HOUR = 60 * 60 * 1000;
// No source says how long "the expected time" of an abandoned batch is, nor when a reverted batch is
// collected ("asynchronously"); these defaults are the harness's, and startServer can change them.
const DEFAULT_OPTIONS: Required<BatchIngestionOptions> = { abandonAfterMs: 24 * HOUR, collectAfterMs: HOUR };

interface Runtime {
  options: Required<BatchIngestionOptions>;
  locks: Map<string, Promise<void>>;
  /** Background processing: one chain, so `settle` has one thing to wait for. */
  queue: Promise<void>;
  pending: number;
}

const runtimes = new WeakMap<ServerContext, Runtime>();

export function batchRuntime(ctx: ServerContext): Runtime {
  let runtime = runtimes.get(ctx);
  if (runtime === undefined) {
    runtime = { options: { ...DEFAULT_OPTIONS }, locks: new Map(), queue: Promise.resolve(), pending: 0 };
    runtimes.set(ctx, runtime);
  }
  return runtime;
}

export function configureBatchIngestion(ctx: ServerContext, options: BatchIngestionOptions): void {
  const runtime = batchRuntime(ctx);
  for (const key of ['abandonAfterMs', 'collectAfterMs'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${key} must be a non-negative number of milliseconds, got ${String(value)}`);
    runtime.options[key] = value;
  }
}

/** Runs `fn` alone for this batch id: reads, decisions and writes of one batch never interleave. */
export async function withBatchLock<T>(ctx: ServerContext, batchId: string, fn: () => Promise<T>): Promise<T> {
  const { locks } = batchRuntime(ctx);
  const previous = locks.get(batchId) ?? Promise.resolve();
  let release: () => void = () => {};
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  locks.set(batchId, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(batchId) === tail) locks.delete(batchId);
  }
}

/**
 * Sends `event` to the batch through the life cycle of the server's profile. On success the batch (a
 * copy the caller then puts) has its new status, `updated` and a history entry; an idempotent COMPLETE
 * changes nothing. A refusal changes nothing and says why.
 */
export function applyEvent(ctx: ServerContext, batch: BatchRecord, event: BatchEvent, at: number = ctx.clock.now()): TransitionResult {
  const from = canonicalBatchStatus(batch.status);
  if (from === undefined) return { ok: false, reason: `the batch status "${batch.status}" is not one of the life cycle's`, sources: [] };
  const result = transition(from, event, ctx.profile);
  if (!result.ok || result.idempotent === true) return result;
  batch.status = result.next;
  batch.updated = Math.max(batch.updated, at);
  batch.history.push({ status: result.next, at, event });
  return result;
}

/**
 * The changes time alone makes, decided now from the clock: a batch still loading past `abandonAfterMs`
 * after creation is abandoned; a reverted batch past `collectAfterMs` is collected. Each is dated when it
 * became due. Returns whether the batch changed (the caller puts it).
 */
export function lapse(ctx: ServerContext, batch: BatchRecord): boolean {
  const { abandonAfterMs, collectAfterMs } = batchRuntime(ctx).options;
  const now = ctx.clock.now();
  let changed = false;
  if (batch.status === 'loading' && now - batch.created > abandonAfterMs) {
    changed = applyEvent(ctx, batch, 'abandon', batch.created + abandonAfterMs).ok || changed;
  }
  if (batch.status === 'inactive') {
    const since = [...batch.history].reverse().find((h) => h.status === 'inactive')?.at ?? batch.updated;
    if (now - since > collectAfterMs) changed = applyEvent(ctx, batch, 'collect', since + collectAfterMs).ok || changed;
  }
  return changed;
}

/** The batch as it is now (time's changes applied and stored); call it under the batch's lock. */
export async function currentBatch(ctx: ServerContext, batchId: string): Promise<ApiBatchRecord | undefined> {
  const batch = ctx.store.getBatch(batchId) as ApiBatchRecord | undefined;
  if (batch === undefined) return undefined;
  if (lapse(ctx, batch)) await ctx.store.putBatch(batch);
  return batch;
}
