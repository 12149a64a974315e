/**
 * Failed batches through the Data Access API: `GET /data/foundation/export/batches/{BATCH_ID}/failed`
 * lists the failed files (`{data: [{name, length, _links: {self: {href}}}], _page: {limit, count}}`, at most
 * 100 an answer, paged with `start` and `limit`), and `…/failed?path={FILE}` downloads one of them.
 */
import type { IncomingMessage } from 'node:http';
import { EXPORT_BASE, FAILED_BATCH_FILE, FAILED_BATCH_FILES } from '../../contract/catalog.js';
import type { Route } from '../app.js';
import { header, sendJson } from '../http.js';
import { platformRoute, Refusal, type PlatformHandler } from '../platform-route.js';
import { visibleBatch } from './catalog.js';

const FAILED_PATH = FAILED_BATCH_FILES.path.replace('{BATCH_ID}', ':batchId');

function count(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Refusal(400, `${name} must be an integer from 0 to ${max}`);
  return value;
}

/** The link to a failed file, on the host the client called (the docs show the platform's own host). */
function selfHref(req: IncomingMessage, batchId: string, name: string): string {
  const host = header(req, 'host') ?? 'localhost';
  return `http://${host}${EXPORT_BASE.path}/batches/${encodeURIComponent(batchId)}/failed?${FAILED_BATCH_FILE.query}=${encodeURIComponent(name)}`;
}

const failedFiles: PlatformHandler = async (req, res, params, query, ctx, caller) => {
  const batch = await visibleBatch(ctx, params['batchId'] ?? '', caller);
  const path = query.get(FAILED_BATCH_FILE.query);
  if (path !== null) {
    const bytes = await ctx.store.readFailedOutput(batch.id, path);
    if (bytes === undefined) throw new Refusal(404, `batch ${batch.id} has no failed file ${JSON.stringify(path)}`);
    res.writeHead(FAILED_BATCH_FILES.status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
    res.end(bytes);
    return;
  }
  const { limit: maxLimit } = FAILED_BATCH_FILES.listing.page;
  const limit = count(query, 'limit', maxLimit, FAILED_BATCH_FILES.maxFilesPerAnswer);
  const start = count(query, 'start', 0, Number.MAX_SAFE_INTEGER);
  const page = ctx.store.listFailedOutputs(batch.id).slice(start, start + limit);
  sendJson(res, FAILED_BATCH_FILES.status, {
    data: page.map((file) => ({
      name: file.name,
      // The Data Access OpenAPI types length as a string, as its examples write it.
      length: FAILED_BATCH_FILES.listing.lengthType === 'string' ? String(file.length) : file.length,
      _links: { self: { href: selfHref(req, batch.id, file.name) } },
    })),
    _page: { limit, count: page.length },
  });
};

export const exportRoutes: Route[] = [{ method: 'GET', path: `${EXPORT_BASE.path}${FAILED_PATH}`, handler: platformRoute(failedFiles) }];
