/**
 * What happens to a Campaign Standard ingestion request on the reference server, between the trigger
 * (POST …/ingest) and the status reads (GET …/ingest).
 *
 * A trigger fixes, once, how the request will end (its mapping's `outcome` in the world, or the trigger's
 * `campaign=` fault) and when (`created + processingMs` on the server's clock). Nothing runs in the
 * background: the request is In Progress until a read finds the clock past that moment, and that read moves
 * it through the life cycle (`transitionRequest`) and stores the end. So a test drives time with its clock
 * and never waits. Texts, statuses and which fields a body carries all come from the contract.
 */
import {
  CAMPAIGN_ERROR_CODES,
  STATUS_RESPONSES,
  fillCampaignText,
  pickCampaign,
  type CampaignRequestEvent,
  type CampaignRequestStatus,
  type StatusExample,
} from '../contract/campaign.js';
import type { ProfileName } from '../contract/profiles.js';
import { INITIAL_BATCH_STATUS, transition, type BatchEvent, type BatchStatus } from '../lifecycle/batch.js';
import { decideTrigger, INITIAL_REQUEST_STATUS, transitionRequest, type TriggerDecision } from '../lifecycle/campaign.js';
import { PROFILE_CLASS, type CampaignMapping, type CampaignOutcome } from '../world/index.js';
import type { ServerContext } from './context.js';
import type { CampaignFault } from './faults.js';
import type { BatchRecord, CampaignRequestRecord } from './store/types.js';

/** How a request ends: one of the documented final status examples. */
export type CampaignEnd = Exclude<StatusExample, 'in-progress'>;

/** Decided at the trigger and stored with the request, so a restart or a changed world does not change it. */
export interface CampaignPlan {
  end: CampaignEnd;
  /** Records ingested, for a request that ends in success. */
  numRecords: number;
  /** The clock time from which the request has ended. */
  dueAt: number;
}

/**
 * A stored request with its plan. The store keeps records as JSON and hands back what it was given, so the
 * plan travels in the record as an extra field.
 */
export type PlannedCampaignRequest = CampaignRequestRecord & { plan?: CampaignPlan };

/** A mapping without an `outcome` ends like the documented success example. */
export const DEFAULT_CAMPAIGN_OUTCOME = { status: 'success', numRecords: STATUS_RESPONSES.success.example?.numRecords ?? 0 } as const satisfies CampaignOutcome;

/** Request ids are numbers counting up from the documented example's. */
const FIRST_REQUEST_ID = STATUS_RESPONSES.success.example?.requestId ?? 1;

const EVENT_OF: Record<CampaignEnd, CampaignRequestEvent> = {
  success: 'succeed',
  'failed-no-records': 'fail',
  'failed-after-upload': 'fail',
  aborted: 'abort',
};

const END_OF_FAULT: Record<CampaignFault, CampaignEnd> = {
  'failed-fetch': 'failed-no-records',
  'failed-upload': 'failed-after-upload',
  aborted: 'aborted',
};

function endOfOutcome(outcome: CampaignOutcome): CampaignEnd {
  if (outcome.status === 'success') return 'success';
  if (outcome.status === 'aborted') return 'aborted';
  return outcome.reason === 'upload' ? 'failed-after-upload' : 'failed-no-records';
}

export function planRequest(mapping: CampaignMapping, fault: CampaignFault | undefined, now: number): CampaignPlan {
  const outcome = mapping.outcome ?? DEFAULT_CAMPAIGN_OUTCOME;
  const end = fault !== undefined ? END_OF_FAULT[fault] : endOfOutcome(outcome);
  // A fault overrides the end only with a failure or an abort, which ingest no records.
  const numRecords = end === 'success' && outcome.status === 'success' ? (outcome.numRecords ?? DEFAULT_CAMPAIGN_OUTCOME.numRecords) : 0;
  return { end, numRecords, dueAt: now + Math.max(0, mapping.processingMs ?? 0) };
}

/** Per server: the last request id given, triggers not yet stored, and ends being stored. */
interface CampaignState {
  lastId: number | undefined;
  /** By org and mapping: a request created and not yet durable, so a concurrent trigger sees it. */
  creating: Map<string, PlannedCampaignRequest>;
  /** By request id: an end being stored, so concurrent reads store it (and its batch) once. */
  settling: Map<string, Promise<PlannedCampaignRequest>>;
}

const states = new WeakMap<ServerContext, CampaignState>();

function stateOf(ctx: ServerContext): CampaignState {
  let state = states.get(ctx);
  if (state === undefined) states.set(ctx, (state = { lastId: undefined, creating: new Map(), settling: new Map() }));
  return state;
}

const keyOf = (org: string, mappingId: string): string => `${org}\u0000${mappingId}`;

/** A request id never given before on this store: one more than the highest numeric id stored. */
function nextRequestId(ctx: ServerContext, state: CampaignState): string {
  if (state.lastId === undefined) {
    state.lastId = ctx.store
      .listCampaignRequests()
      .map((r) => Number(r.requestId))
      .reduce((last, id) => (Number.isSafeInteger(id) && id > last ? id : last), FIRST_REQUEST_ID - 1);
  }
  state.lastId += 1;
  return String(state.lastId);
}

function isDue(ctx: ServerContext, request: PlannedCampaignRequest): boolean {
  return request.status === INITIAL_REQUEST_STATUS && request.plan !== undefined && ctx.clock.now() >= request.plan.dueAt;
}

export interface TriggerResult {
  decision: TriggerDecision;
  /** The new request, for a submitted trigger. */
  request?: PlannedCampaignRequest;
}

/**
 * Decides a trigger of `mapping` under `org` and, when submitted, stores the new In Progress request. The
 * decision is taken without awaiting anything, so two concurrent triggers cannot both be submitted.
 */
export async function triggerIngestion(
  ctx: ServerContext,
  org: string,
  mapping: CampaignMapping,
  fault: CampaignFault | undefined,
): Promise<TriggerResult> {
  const state = stateOf(ctx);
  const key = keyOf(org, mapping.id);
  const stored = ctx.store.listCampaignRequests({ mappingId: mapping.id }).filter((r) => r.org === org) as PlannedCampaignRequest[];
  // Requests whose time has come have ended, whether or not a read has stored it yet.
  const ended = stored.filter((r) => isDue(ctx, r));
  const running = state.creating.get(key) ?? stored.find((r) => r.status === INITIAL_REQUEST_STATUS && !isDue(ctx, r));
  const decision = decideTrigger(mapping, running === undefined ? undefined : { requestId: requestIdValue(ctx.profile, running.requestId) });
  const settled = Promise.all(ended.map((r) => settleRequest(ctx, r)));
  if (decision.outcome !== 'submitted') {
    await settled;
    return { decision };
  }
  const now = ctx.clock.now();
  const request: PlannedCampaignRequest = {
    requestId: nextRequestId(ctx, state),
    org,
    mappingId: mapping.id,
    status: INITIAL_REQUEST_STATUS,
    created: now,
    updated: now,
    plan: planRequest(mapping, fault, now),
  };
  state.creating.set(key, request);
  try {
    await Promise.all([settled, ctx.store.putCampaignRequest(request)]);
  } finally {
    if (state.creating.get(key) === request) state.creating.delete(key);
  }
  return { decision, request };
}

/** The request as it stands now: an In Progress request whose time has come is moved to its end first. */
export async function currentRequest(ctx: ServerContext, request: PlannedCampaignRequest): Promise<PlannedCampaignRequest> {
  return isDue(ctx, request) ? settleRequest(ctx, request) : request;
}

function settleRequest(ctx: ServerContext, request: PlannedCampaignRequest): Promise<PlannedCampaignRequest> {
  const state = stateOf(ctx);
  let settling = state.settling.get(request.requestId);
  if (settling === undefined) {
    settling = endRequest(ctx, request).finally(() => state.settling.delete(request.requestId));
    state.settling.set(request.requestId, settling);
  }
  return settling;
}

async function endRequest(ctx: ServerContext, request: PlannedCampaignRequest): Promise<PlannedCampaignRequest> {
  const plan = request.plan;
  if (plan === undefined) return request;
  const moved = transitionRequest(request.status as CampaignRequestStatus, EVENT_OF[plan.end]);
  if (!moved.ok) {
    ctx.log(`Campaign request ${request.requestId}: ${moved.reason}`);
    return request;
  }
  const ended: PlannedCampaignRequest = {
    ...request,
    status: moved.next,
    updated: plan.dueAt,
    numRecords: plan.numRecords,
    info: fillCampaignText(STATUS_RESPONSES[plan.end].info, request.mappingId),
  };
  // "batchId: populated only if failure occurred after batch prepare and upload"; the batch is failed.
  if (plan.end === 'failed-after-upload') ended.batchId = await storeFailedBatch(ctx, ended, plan.dueAt);
  await ctx.store.putCampaignRequest(ended);
  return ended;
}

/** The batch a request failed to upload, as the Catalog shows it: failed, with the Campaign error. */
async function storeFailedBatch(ctx: ServerContext, request: PlannedCampaignRequest, at: number): Promise<string> {
  const id = ctx.ids.catalogBatchId();
  const history: BatchRecord['history'] = [{ status: INITIAL_BATCH_STATUS, at, event: 'create' }];
  // Uploaded and completed, then processing failed: walked through the batch life cycle.
  let status: BatchStatus = INITIAL_BATCH_STATUS;
  for (const event of ['complete', 'promote-step', 'validation-failed'] as BatchEvent[]) {
    const moved = transition(status, event, ctx.profile);
    if (!moved.ok) break;
    status = moved.next;
    history.push({ status, at, event });
  }
  const code = Object.entries(CAMPAIGN_ERROR_CODES).find(([, c]) => c.example === 'failed-after-upload')?.[0] ?? 'failed-after-upload';
  const user = `campaign:${request.mappingId}`;
  await ctx.store.putBatch({
    id,
    datasetId: campaignDataset(ctx),
    imsOrg: request.org,
    sandbox: ctx.world.orgs.find((o) => o.id === request.org)?.sandboxes[0] ?? 'prod',
    status,
    inputFormat: { format: 'json' },
    created: at,
    updated: at,
    createdUser: user,
    updatedUser: user,
    tags: { campaignMappingId: [request.mappingId], campaignRequestId: [request.requestId] },
    errors: [{ code, description: request.info ?? fillCampaignText(STATUS_RESPONSES['failed-after-upload'].info, request.mappingId) }],
    metrics: { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
    kind: 'api',
    history,
  });
  return id;
}

/**
 * The world does not say which dataset a mapping feeds (undocumented); Campaign mappings send profiles, so
 * the first dataset of a profile schema, else the first dataset.
 */
function campaignDataset(ctx: ServerContext): string {
  const profileSchemas = new Set(ctx.world.schemas.filter((s) => s.class === PROFILE_CLASS).map((s) => s.id));
  return (ctx.world.datasets.find((d) => profileSchemas.has(d.schema)) ?? ctx.world.datasets[0])?.id ?? '';
}

/** The documented example a stored request answers with. */
export function statusExampleOf(request: CampaignRequestRecord): StatusExample {
  switch (request.status as CampaignRequestStatus) {
    case 'Success':
      return 'success';
    case 'Failed':
      return request.batchId ? 'failed-after-upload' : 'failed-no-records';
    case 'Aborted':
      return 'aborted';
    default:
      return 'in-progress';
  }
}

/** A request id as the profile writes it (`campaign.requestId.type`). */
export function requestIdValue(profile: ProfileName, requestId: string): number | string {
  const type = pickCampaign(profile, 'campaign.requestId.type').value;
  return type === 'number' && /^\d+$/.test(requestId) ? Number(requestId) : requestId;
}

/**
 * The GET …/ingest answer: the documented example's body with this request's values, its fields in the
 * documented order (batchId, info, numRecords, requestId, status).
 */
export function statusResponseBody(profile: ProfileName, request: CampaignRequestRecord): Record<string, unknown> {
  const example = STATUS_RESPONSES[statusExampleOf(request)];
  const success = example.status === 'Success';
  // `campaign.numRecords.presence`: the examples carry numRecords always; the field list says success only.
  const withNumRecords = example.fields.includes('numRecords') && (success || pickCampaign(profile, 'campaign.numRecords.presence').value === 'always');
  return {
    ...(example.fields.includes('batchId') ? { batchId: request.batchId ?? example.example?.batchId ?? '' } : {}),
    info: fillCampaignText(example.info, request.mappingId),
    ...(withNumRecords ? { numRecords: success ? (request.numRecords ?? 0) : (example.example?.numRecords ?? 0) } : {}),
    ...(example.fields.includes('requestId') ? { requestId: requestIdValue(profile, request.requestId) } : {}),
    status: example.status,
  };
}
