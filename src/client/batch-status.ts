/**
 * A batch's status from the Catalog: `GET /data/foundation/catalog/batches/{BATCH_ID}`, the path of the
 * troubleshooting guide, error diagnostics and the Catalog OpenAPI (catalog.getBatch.path; the overview's
 * `/batch/{ID}` is the other reading). The answer is keyed by the batch id (GET_BATCH.keyedByBatchId);
 * a status is read in either spelling the sources use (CATALOG_STATUS_SPELLINGS: success is active, failure
 * is failed) and is final when processing is over (FINAL_STATUSES: active, failed, aborted, abandoned,
 * inactive, deleted; TERMINAL_STATUSES among them are never left).
 */
import { canonicalBatchStatus, FINAL_STATUSES, type BatchStatus } from '../contract/batch.js';
import { CATALOG_BASE, GET_BATCH } from '../contract/catalog.js';
import type { Answer } from './http.js';
import type { PollReading } from './poll.js';

export function catalogBatchUrl(platformUrl: string, batchId: string): string {
  return `${platformUrl.replace(/\/+$/, '')}${CATALOG_BASE.path}${GET_BATCH.paths.plural.path.replace('{BATCH_ID}', encodeURIComponent(batchId))}`;
}

/** The batch object of a Catalog answer: under the batch id, or (some gateways) at the top. */
function batchObject(json: unknown, batchId: string): Record<string, unknown> | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const body = json as Record<string, unknown>;
  const keyed = body[batchId];
  if (keyed !== null && typeof keyed === 'object' && !Array.isArray(keyed)) return keyed as Record<string, unknown>;
  return typeof body['status'] === 'string' ? body : undefined;
}

export interface CatalogStatus {
  /** As the Catalog wrote it. */
  raw: string;
  /** The overview's name for it, when the table has one. */
  status?: BatchStatus;
  /** The batch object, as the Catalog gave it (errors, metrics…). */
  batch: Record<string, unknown>;
}

export function readCatalogStatus(answer: Answer, batchId: string): CatalogStatus | undefined {
  const batch = batchObject(answer.json, batchId);
  const raw = batch?.['status'];
  if (batch === undefined || typeof raw !== 'string') return undefined;
  const status = canonicalBatchStatus(raw.toLowerCase());
  return { raw, batch, ...(status !== undefined ? { status } : {}) };
}

export function isFinalBatchStatus(status: BatchStatus | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.includes(status);
}

/** A poll's reading: final, or the status it is still in (an answer without a status is not final). */
export function readBatchPoll(answer: Answer, batchId: string): PollReading<CatalogStatus> {
  const read = readCatalogStatus(answer, batchId);
  if (read !== undefined && isFinalBatchStatus(read.status)) return { final: true, value: read };
  return { final: false, status: read?.raw ?? '(no status in the answer)' };
}
