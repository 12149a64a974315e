/**
 * The Catalog: one batch (`GET …/batch/{BATCH_ID}`, the overview, and `GET …/batches/{BATCH_ID}`, the
 * troubleshooting guide, error diagnostics and the Catalog OpenAPI: both served whatever the profile), the
 * list of batches with its documented filters and paging (LIST_BATCHES), and the world's datasets (one, and
 * the list). Answers are objects keyed by id; API batches and the success and error batches streaming writes
 * are shown alike. A caller sees only its own org's and sandbox's batches.
 */
import { canonicalBatchStatus } from '../../contract/batch.js';
import {
  CATALOG_BASE,
  DATASET_OBJECT_DEFAULTS,
  GET_BATCH,
  GET_DATASET,
  LIST_BATCHES,
  LIST_DATASETS,
  type BatchObjectField,
} from '../../contract/catalog.js';
import type { Dataset } from '../../world/types.js';
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

const getBatch: PlatformHandler = async (_req, res, params, query, ctx, caller) => {
  const batchId = params['batchId'] ?? '';
  const batch = await visibleBatch(ctx, batchId, caller);
  sendJson(res, GET_BATCH.status, { [batch.id]: selectProperties(catalogBatchObject(batch, ctx.profile), query) });
};

// ---------------------------------------------------------------------------------------------------------
// GET /batches

/** A query value, or undefined when it is absent or empty (the Postman collection sends unset variables empty). */
function given(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

function integer(query: URLSearchParams, name: string, bounds: { min: number; max: number }): number | undefined {
  const raw = given(query, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    throw new Refusal(LIST_BATCHES.invalidStatus, `${name} must be an integer from ${bounds.min} to ${bounds.max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

type Predicate = (batch: ApiBatchRecord) => boolean;

function filtersOf(query: URLSearchParams): Predicate[] {
  const predicates: Predicate[] = [];
  for (const name of LIST_BATCHES.notFiltered) {
    if (given(query, name) !== undefined) throw new Refusal(LIST_BATCHES.invalidStatus, `the reference server does not filter batches on ${name}; leave it out (or empty)`);
  }
  const text = (name: keyof typeof LIST_BATCHES.filters, read: (b: ApiBatchRecord) => string | undefined) => {
    const value = given(query, name);
    if (value !== undefined) predicates.push((b) => read(b) === value);
  };
  text('dataSet', (b) => b.datasetId);
  text('createdUser', (b) => b.createdUser);
  text('updatedUser', (b) => b.updatedUser);
  text('externalId', (b) => b.externalId);
  text('batch', (b) => b.id);
  const status = given(query, 'status');
  if (status !== undefined) {
    const wanted = canonicalBatchStatus(status);
    // An unknown status word matches nothing the life cycle can be in: say so rather than answer an empty list.
    if (wanted === undefined) throw new Refusal(LIST_BATCHES.invalidStatus, `status ${JSON.stringify(status)} is not a batch status`);
    predicates.push((b) => canonicalBatchStatus(b.status) === wanted);
  }
  const time = { min: 0, max: Number.MAX_SAFE_INTEGER };
  const compare = (name: keyof typeof LIST_BATCHES.filters, read: (b: ApiBatchRecord) => number | undefined, test: (actual: number, given: number) => boolean) => {
    const value = integer(query, name, time);
    if (value !== undefined) predicates.push((b) => {
      const actual = read(b);
      return actual !== undefined && test(actual, value);
    });
  };
  compare('createdAfter', (b) => b.created, (a, v) => a > v);
  compare('createdBefore', (b) => b.created, (a, v) => a < v);
  compare('created', (b) => b.created, (a, v) => a === v);
  compare('updated', (b) => b.updated, (a, v) => a === v);
  compare('started', (b) => b.started, (a, v) => a === v);
  compare('completed', (b) => b.completed, (a, v) => a === v);
  compare('startAfter', (b) => b.started, (a, v) => a > v);
  compare('startBefore', (b) => b.started, (a, v) => a < v);
  compare('endAfter', (b) => b.completed, (a, v) => a > v);
  compare('endBefore', (b) => b.completed, (a, v) => a < v);
  for (const [name, metric] of Object.entries(LIST_BATCHES.metricFilters)) {
    const value = integer(query, name, time);
    if (value !== undefined) predicates.push((b) => b.metrics[metric] === value);
  }
  return predicates;
}

type OrderField = (typeof LIST_BATCHES.paging.orderBy.fields)[number];

/** `orderBy=asc:created,updated` or `desc:…`; without it, the newest first. */
function orderOf(query: URLSearchParams): (a: ApiBatchRecord, b: ApiBatchRecord) => number {
  const raw = given(query, 'orderBy');
  const { directions, fields, example } = LIST_BATCHES.paging.orderBy;
  if (raw === undefined) return (a, b) => b.created - a.created || a.id.localeCompare(b.id);
  const colon = raw.indexOf(':');
  const direction = colon < 0 ? 'asc' : raw.slice(0, colon).toLowerCase();
  const names = (colon < 0 ? raw : raw.slice(colon + 1)).split(',').map((n) => n.trim());
  if (!(directions as readonly string[]).includes(direction) || names.some((n) => !(fields as readonly string[]).includes(n))) {
    throw new Refusal(LIST_BATCHES.invalidStatus, `orderBy must be like ${example}: a direction (${directions.join(' or ')}) and fields among ${fields.join(', ')}; got ${JSON.stringify(raw)}`);
  }
  const sign = direction === 'desc' ? -1 : 1;
  const value = (b: ApiBatchRecord, f: OrderField): number | string => (f === 'id' ? b.id : f === 'status' ? b.status : (b[f] ?? 0));
  return (a, b) => {
    for (const f of names as OrderField[]) {
      const x = value(a, f);
      const y = value(b, f);
      if (x !== y) return sign * (x < y ? -1 : 1);
    }
    return a.id.localeCompare(b.id);
  };
}

/** `properties=status,created`: only those top-level fields (the OpenAPI's allowlist). */
function selectProperties<T extends Record<string, unknown>>(object: T, query: URLSearchParams): Partial<T> {
  const raw = given(query, 'properties');
  if (raw === undefined) return object;
  const keep = new Set(raw.split(',').map((p) => p.trim()));
  return Object.fromEntries(Object.entries(object).filter(([k]) => keep.has(k))) as Partial<T>;
}

const listBatches: PlatformHandler = async (_req, res, _params, query, ctx, caller) => {
  const { limit: limitRule, defaultLimit } = LIST_BATCHES.paging;
  const limit = integer(query, 'limit', { min: 1, max: limitRule.max }) ?? defaultLimit;
  const start = integer(query, 'start', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? LIST_BATCHES.paging.start.default;
  const predicates = filtersOf(query);
  const order = orderOf(query);
  const mine: ApiBatchRecord[] = [];
  for (const { id } of ctx.store.listBatches()) {
    const batch = await withBatchLock(ctx, id, () => currentBatch(ctx, id));
    if (batch === undefined || batch.imsOrg !== caller.org || batch.sandbox !== caller.sandbox) continue;
    if (predicates.every((p) => p(batch))) mine.push(batch);
  }
  const page = mine.sort(order).slice(start, start + limit);
  const body: Record<string, Partial<Record<BatchObjectField, unknown>>> = {};
  for (const batch of page) body[batch.id] = selectProperties(catalogBatchObject(batch, ctx.profile), query);
  sendJson(res, LIST_BATCHES.status, body);
};

// ---------------------------------------------------------------------------------------------------------
// Datasets of the world

/** The dataset object (dataSetResponse) the world gives, with its last batch as the caller sees it. */
function datasetObject(ctx: ServerContext, dataset: Dataset, caller: PlatformCaller): Record<string, unknown> {
  const schema = ctx.world.schemas.find((s) => s.id === dataset.schema);
  const batches = ctx.store
    .listBatches({ datasetId: dataset.id })
    .filter((b) => b.imsOrg === caller.org && b.sandbox === caller.sandbox)
    .sort((a, b) => b.created - a.created);
  const last = batches[0];
  const object: Record<string, unknown> = {
    version: DATASET_OBJECT_DEFAULTS.version,
    imsOrg: caller.org,
    name: dataset.name ?? dataset.id,
    created: 0,
    updated: last?.updated ?? 0,
    schemaRef: { id: dataset.schema, contentType: schema === undefined ? DATASET_OBJECT_DEFAULTS.schemaContentType : DATASET_OBJECT_DEFAULTS.schemaContentType.replace(/version=\d+/, `version=${schema.version.split('.')[0] ?? '1'}`) },
    tags: {},
    files: DATASET_OBJECT_DEFAULTS.filesLink(dataset.id),
  };
  if (last !== undefined) {
    object['lastBatchId'] = last.id;
    object['lastBatchStatus'] = last.status;
  }
  return object;
}

/** The world's datasets belong to every org of the world: each caller sees them as its own. */
const getDataset: PlatformHandler = async (_req, res, params, query, ctx, caller) => {
  const id = params['datasetId'] ?? '';
  const dataset = ctx.world.datasets.find((d) => d.id === id);
  if (dataset === undefined) throw new Refusal(GET_DATASET.notFoundStatus, `dataset ${id} was not found in org ${caller.org}, sandbox ${caller.sandbox}`);
  sendJson(res, GET_DATASET.status, { [dataset.id]: selectProperties(datasetObject(ctx, dataset, caller), query) });
};

const listDatasets: PlatformHandler = async (_req, res, _params, query, ctx, caller) => {
  const limit = integer(query, 'limit', { min: 1, max: LIST_BATCHES.paging.limit.max }) ?? LIST_BATCHES.paging.defaultLimit;
  const start = integer(query, 'start', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const name = given(query, 'name');
  const schema = given(query, 'schema');
  const chosen = ctx.world.datasets.filter((d) => (name === undefined || (d.name ?? d.id) === name) && (schema === undefined || d.schema === schema)).slice(start, start + limit);
  sendJson(res, LIST_DATASETS.status, Object.fromEntries(chosen.map((d) => [d.id, selectProperties(datasetObject(ctx, d, caller), query)])));
};

const toRoute = (template: string): string => `${CATALOG_BASE.path}${template.replace('{BATCH_ID}', ':batchId').replace('{DATASET_ID}', ':datasetId')}`;

export const catalogRoutes: Route[] = [
  ...Object.values(GET_BATCH.paths).map(({ path }) => ({ method: GET_BATCH.method, path: toRoute(path), handler: platformRoute(getBatch) })),
  { method: LIST_BATCHES.method, path: toRoute(LIST_BATCHES.path), handler: platformRoute(listBatches) },
  { method: GET_DATASET.method, path: toRoute(GET_DATASET.path), handler: platformRoute(getDataset) },
  { method: LIST_DATASETS.method, path: toRoute(LIST_DATASETS.path), handler: platformRoute(listDatasets) },
];
