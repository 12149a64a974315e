/**
 * The batch preview (`GET /data/foundation/import/batches/{BATCH_ID}/datasets/{DATASET_ID}/preview`): the
 * files uploaded so far, read as their batch will read them after COMPLETE, and the first rows shown as the
 * OpenAPI's PreviewResponse: the format parameters used, columns (leaf paths of the records, joined with
 * "/") and rows (each value a string, keyed by column id). What is read, and how, is BATCH_PREVIEW.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BATCH_ENDPOINTS, BATCH_PREVIEW, INPUT_FORMATS, type InputFormat } from '../contract/batch.js';
import type { ServerContext } from './context.js';
import type { PlatformCaller } from './gateway-auth.js';
import { sendJson } from './http.js';
import { Refusal, type Params } from './platform-route.js';
import { currentBatch, withBatchLock, type ApiBatchRecord } from './batch-state.js';
import { formatOfFile, readFileRecords } from './batch-records.js';

type Query = URLSearchParams;

function booleanParam(query: Query, name: 'isMultiLineJson' | 'header'): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return BATCH_PREVIEW.query[name].default;
  const value = raw.toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Refusal(400, `${name} must be true or false, not ${JSON.stringify(raw)}`);
  return value === 'true';
}

/** The reference server reads files with the documented defaults only; another delimiter or quote is refused, not ignored. */
function fixedParam(query: Query, name: 'delimiter' | 'quote' | 'escape' | 'charset'): string {
  const expected = BATCH_PREVIEW.query[name].default;
  const raw = query.get(name);
  if (raw === null || raw === '') return expected;
  if (raw.toLowerCase() !== expected.toLowerCase()) throw new Refusal(400, `the reference server previews with ${name} ${JSON.stringify(expected)} only, not ${JSON.stringify(raw)}`);
  return expected;
}

function rowCount(query: Query): number {
  const raw = query.get('nrow');
  const max = BATCH_PREVIEW.maxRows.value;
  if (raw === null || raw === '') return max;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Refusal(400, `nrow must be a non-negative integer, not ${JSON.stringify(raw)}`);
  return n === 0 ? max : Math.min(n, max);
}

function formatParam(query: Query, batch: ApiBatchRecord): InputFormat {
  const raw = query.get('format');
  // aepp leaves format out: the batch's own input format stands in (BATCH_PREVIEW.formatLeftOut).
  const format = (raw === null || raw === '' ? batch.inputFormat.format : raw).toLowerCase();
  if (!Object.hasOwn(INPUT_FORMATS, format)) throw new Refusal(400, `format must be one of ${Object.keys(INPUT_FORMATS).join(', ')}, not ${JSON.stringify(raw)}`);
  return format as InputFormat;
}

/** Leaf paths of a record with their values: {a: {b: 1}, c: [2]} → a/b = 1, c = [2] (arrays are leaves). */
export function leaves(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, prefix === '' ? key : `${prefix}${BATCH_PREVIEW.columnPathSeparator}${key}`, out);
    return;
  }
  out.set(prefix === '' ? '.' : prefix, value);
}

export const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export async function previewBatch(_req: IncomingMessage, res: ServerResponse, params: Params, query: Query, ctx: ServerContext, caller: PlatformCaller): Promise<void> {
  const batchId = params['batchId'] ?? '';
  const datasetId = params['datasetId'] ?? '';
  const batch = await withBatchLock(ctx, batchId, () => currentBatch(ctx, batchId));
  if (batch === undefined || batch.imsOrg !== caller.org || batch.sandbox !== caller.sandbox) throw new Refusal(BATCH_PREVIEW.notFoundStatus, `batch ${batchId} was not found in org ${caller.org}, sandbox ${caller.sandbox}`);
  if (datasetId !== batch.datasetId) throw new Refusal(BATCH_PREVIEW.notFoundStatus, `batch ${batchId} has no files for dataset ${datasetId} (it was created for ${batch.datasetId})`);
  const format = formatParam(query, batch);
  const isMultiLineJson = booleanParam(query, 'isMultiLineJson') || batch.inputFormat.isMultiLineJson === true;
  const header = booleanParam(query, 'header');
  const formatParams = {
    delimiter: fixedParam(query, 'delimiter'),
    quote: fixedParam(query, 'quote'),
    escape: fixedParam(query, 'escape'),
    charset: fixedParam(query, 'charset'),
    header,
    format,
  };
  const limit = rowCount(query);
  const dataset = ctx.world.datasets.find((d) => d.id === datasetId);
  const schema = dataset === undefined ? undefined : ctx.world.schemas.find((s) => s.id === dataset.schema);
  const rows: Map<string, unknown>[] = [];
  for (const file of ctx.store.listFiles(batchId).filter((f) => f.state === 'complete' && f.datasetId === datasetId)) {
    if (rows.length >= limit) break;
    const bytes = await ctx.store.readFile(file.batchId, file.datasetId, file.name);
    const reading = await readFileRecords(file.name, bytes, formatOfFile(bytes, format), { isMultiLineJson, schema });
    if (!reading.ok) continue; // an empty or unreadable file has no rows to show
    for (const record of reading.records) {
      if (rows.length >= limit) break;
      if (!('value' in record)) continue;
      const flat = new Map<string, unknown>();
      leaves(record.value, '', flat);
      rows.push(flat);
    }
  }
  const names: string[] = [];
  for (const row of rows) for (const name of row.keys()) if (!names.includes(name)) names.push(name);
  const columns = names.map((name, i) => ({ cid: String(i), name }));
  sendJson(res, BATCH_ENDPOINTS.previewBatch.status, {
    formatParams,
    preview: {
      columns,
      rows: rows.map((row) => Object.fromEntries(columns.filter((c) => row.has(c.name)).map((c) => [c.cid, asText(row.get(c.name))]))),
    },
  });
}
