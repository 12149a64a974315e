/**
 * The Catalog's batch lookup: `GET /data/foundation/catalog/batch/{BATCH_ID}` (the overview) and
 * `GET …/batches/{BATCH_ID}` (troubleshooting, error diagnostics, the Catalog OpenAPI). Both are served
 * whatever the profile; the answer is keyed by the batch id. API batches and the success and error
 * batches streaming writes are looked up alike.
 */
import { CATALOG_BASE, GET_BATCH } from '../../contract/catalog.js';
import type { Route } from '../app.js';
import { currentBatch, withBatchLock, type ApiBatchRecord } from '../batch-state.js';
import { catalogBatchObject } from '../batch-view.js';
import type { ServerContext } from '../context.js';
import type { PlatformCaller } from '../gateway-auth.js';
import { sendJson } from '../http.js';
import { platformRoute, Refusal, type PlatformHandler } from '../platform-route.js';

/** A batch of the caller's org and sandbox, as it is now; 404 otherwise (another tenant's batch is not shown). */
export async function visibleBatch(ctx: ServerContext, batchId: string, caller: PlatformCaller): Promise<ApiBatchRecord> {
  const batch = await withBatchLock(ctx, batchId, () => currentBatch(ctx, batchId));
  if (batch === undefined || batch.imsOrg !== caller.org || batch.sandbox !== caller.sandbox) {
    throw new Refusal(GET_BATCH.notFoundStatus, `batch ${batchId} was not found in org ${caller.org}, sandbox ${caller.sandbox}`);
  }
  return batch;
}

const getBatch: PlatformHandler = async (_req, res, params, _query, ctx, caller) => {
  const batchId = params['batchId'] ?? '';
  const batch = await visibleBatch(ctx, batchId, caller);
  sendJson(res, GET_BATCH.status, { [batch.id]: catalogBatchObject(batch, ctx.profile) });
};

const toRoute = (template: string): string => `${CATALOG_BASE.path}${template.replace('{BATCH_ID}', ':batchId')}`;

export const catalogRoutes: Route[] = Object.values(GET_BATCH.paths).map(({ path }) => ({
  method: GET_BATCH.method,
  path: toRoute(path),
  handler: platformRoute(getBatch),
}));
