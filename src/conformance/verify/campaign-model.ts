/**
 * A model of Campaign Standard ingestion triggers (fast-check commands) run against the target, over the
 * world's mappings: trigger, trigger again, read the request's status. The model is the documented
 * decision (`decideTrigger`: not published, not stopped, already in progress, submitted) and request life
 * cycle (In Progress, then Success, Failed or Aborted, never left); texts come from the contract.
 *
 * A request ends when the platform says so, so a second trigger may find the first one still running
 * (already in progress, with its requestId) or ended (a new request): the second answer is then checked
 * by reading the first request, which must have ended.
 */
import fc from 'fast-check';
import {
  CAMPAIGN_ERROR_CODES,
  CAMPAIGN_ENDPOINT,
  CAMPAIGN_REQUEST_STATUSES,
  STATUS_RESPONSES,
  fillCampaignText,
  pickCampaign,
  type CampaignRequestStatus,
  type StatusExample,
} from '../../contract/campaign.js';
import { decideTrigger, isRequestFinal, INITIAL_REQUEST_STATUS } from '../../lifecycle/campaign.js';
import type { CampaignMapping } from '../../world/types.js';
import { callerOrg, headerNamed, type VerifyContext } from './context.js';
import { fieldsOf, shown } from './http.js';
import type { CaseLog, VerifyProperty } from './property.js';

interface MappingModel {
  /** The last request submitted for the mapping, and its status when last read. */
  current?: { requestId: unknown; status: CampaignRequestStatus };
  /**
   * Whether this case has triggered the mapping yet. Before that, a request of an earlier case (or of
   * another client of the target) may still be running, so "already in progress" is a legal first answer.
   */
  triggered?: boolean;
}

export interface CampaignModel {
  mappings: Map<string, MappingModel>;
  /** Every requestId the target gave: a submitted trigger must give a new one. */
  seen: Set<string>;
}

export interface CampaignReal {
  ctx: VerifyContext;
  log: CaseLog;
  org: string;
  headers: Record<string, string>;
}

type CampaignCommand = fc.AsyncCommand<CampaignModel, CampaignReal>;

/** The final status the world says a mapping's requests end in; undefined when the world does not say. */
function endOf(mapping: CampaignMapping): CampaignRequestStatus | undefined {
  const status = mapping.outcome?.status;
  return status === 'success' ? 'Success' : status === 'failed' ? 'Failed' : status === 'aborted' ? 'Aborted' : undefined;
}

/** The documented status example a mapping's requests end as, when the world says how they end. */
function exampleOf(mapping: CampaignMapping): StatusExample | undefined {
  const outcome = mapping.outcome;
  if (outcome === undefined) return undefined;
  if (outcome.status === 'success') return 'success';
  if (outcome.status === 'aborted') return 'aborted';
  return outcome.reason === 'upload' ? 'failed-after-upload' : 'failed-no-records';
}

function pathOf(real: CampaignReal, mapping: CampaignMapping): string {
  return CAMPAIGN_ENDPOINT.path.replace('{ORGANIZATION}', encodeURIComponent(real.org)).replace('{MAPPING_ID}', encodeURIComponent(mapping.id));
}

async function readRequest(real: CampaignReal, mapping: CampaignMapping, model: MappingModel): Promise<CampaignRequestStatus> {
  const { log, ctx } = real;
  const current = model.current!;
  const path = pathOf(real, mapping);
  const answer = await ctx.http.call(CAMPAIGN_ENDPOINT.status.method, path, { query: { requestId: String(current.requestId) }, headers: real.headers });
  const body = fieldsOf(answer.json);
  const status = body?.['status'];
  const subject = `${CAMPAIGN_ENDPOINT.status.method} ${path}?requestId=${String(current.requestId)}`;
  log.require(
    'campaign.status.read',
    answer.status === 200 && typeof status === 'string' && (CAMPAIGN_REQUEST_STATUSES as readonly string[]).includes(status),
    subject,
    `200 with a status among ${CAMPAIGN_REQUEST_STATUSES.join(', ')}`,
    shown(answer),
  );
  const read = status as CampaignRequestStatus;
  // A request that ended stays as it ended.
  const legal = current.status === INITIAL_REQUEST_STATUS || read === current.status;
  log.require('campaign.status.read', legal, `${subject}: after "${current.status}"`, current.status, read);
  const texts = Object.values(STATUS_RESPONSES)
    .filter((r) => r.status === read)
    .map((r) => fillCampaignText(r.info, mapping.id));
  log.require('campaign.status.read', texts.includes(body?.['info'] as string), `${subject}: info of "${read}"`, texts.join(' | '), body?.['info']);
  const end = endOf(mapping);
  if (end !== undefined && isRequestFinal(read)) {
    log.require('campaign.status.read', read === end, `${subject}: the mapping's requests end`, end, read);
    const example = STATUS_RESPONSES[exampleOf(mapping)!];
    const info = fillCampaignText(example.info, mapping.id);
    log.require('campaign.status.read', body?.['info'] === info, `${subject}: info of the way the request ended`, info, body?.['info']);
    // batchId: "populated only if failure occurred after batch prepare and upload" (ACP-880096).
    if (CAMPAIGN_ERROR_CODES['ACP-880096'].example === exampleOf(mapping)) {
      const batchId = body?.['batchId'];
      log.require('campaign.status.read', typeof batchId === 'string' && batchId !== '', `${subject}: batchId after a failed upload`, 'the batch id', batchId);
    }
  }
  const numRecords = body?.['numRecords'];
  if (read === 'Success') {
    const expected = mapping.outcome?.status === 'success' ? mapping.outcome.numRecords : undefined;
    const okCount = typeof numRecords === 'number' && Number.isInteger(numRecords) && numRecords >= 0 && (expected === undefined || numRecords === expected);
    log.require('campaign.status.num-records-on-success-only', okCount, `${subject}: numRecords on Success`, expected ?? 'a count of records', numRecords);
  } else {
    // The field list: numRecords is for the success status only; the examples show 0 elsewhere (profile reading).
    const always = pickCampaign(ctx.profile, 'campaign.numRecords.presence').value === 'always';
    const okCount = always ? numRecords === undefined || numRecords === 0 : numRecords === undefined;
    log.require('campaign.status.num-records-on-success-only', okCount, `${subject}: numRecords on "${read}"`, always ? '0 or absent' : 'absent', numRecords);
  }
  current.status = read;
  return read;
}

class Trigger implements CampaignCommand {
  constructor(readonly mapping: CampaignMapping) {}
  check = () => true;
  async run(model: CampaignModel, real: CampaignReal): Promise<void> {
    const { log, ctx } = real;
    const state = model.mappings.get(this.mapping.id) ?? {};
    model.mappings.set(this.mapping.id, state);
    const path = pathOf(real, this.mapping);
    const answer = await ctx.http.call(CAMPAIGN_ENDPOINT.trigger.method, path, { headers: real.headers });
    const body = fieldsOf(answer.json);
    const subject = `${CAMPAIGN_ENDPOINT.trigger.method} ${path}`;
    log.require('campaign.status.read', answer.status === 200 && body !== undefined, `${subject}: answered with a JSON body`, 200, shown(answer));
    const running = state.current !== undefined && !isRequestFinal(state.current.status) ? { requestId: state.current.requestId as number | string } : undefined;
    const expected = decideTrigger(this.mapping, running);
    if (expected.outcome === 'not-published' || expected.outcome === 'not-stopped') {
      const same = body!['status'] === expected.status && body!['info'] === expected.info && body!['requestId'] === undefined;
      log.require('campaign.trigger.preconditions', same, `${subject}: mapping ${expected.outcome}`, { info: expected.info, status: expected.status }, body);
      return;
    }
    const requestId = body!['requestId'];
    const submitted = decideTrigger(this.mapping, undefined);
    const first = state.triggered !== true;
    state.triggered = true;
    if (first && running === undefined && body!['status'] !== submitted.status) {
      // A request this case did not start is running: the answer must name it with the documented text.
      const inProgress = decideTrigger(this.mapping, { requestId: requestId as number | string });
      const same = body!['status'] === inProgress.status && body!['info'] === inProgress.info && (typeof requestId === 'number' || typeof requestId === 'string');
      log.require('campaign.trigger.in-progress', same, `${subject}: a request started before this case runs`, { requestId: '<the running request>', info: inProgress.info, status: inProgress.status }, body);
      state.current = { requestId, status: INITIAL_REQUEST_STATUS };
      return;
    }
    if (running !== undefined && body!['status'] !== submitted.status) {
      const same = body!['status'] === expected.status && body!['info'] === expected.info && requestId === running.requestId;
      log.require('campaign.trigger.in-progress', same, `${subject}: while request ${String(running.requestId)} runs`, { requestId: running.requestId, info: expected.info, status: expected.status }, body);
      return;
    }
    const idType = pickCampaign(ctx.profile, 'campaign.requestId.type').value;
    const fresh = (typeof requestId === 'number' || typeof requestId === 'string') && !model.seen.has(String(requestId));
    const same = body!['status'] === submitted.status && body!['info'] === submitted.info && fresh && typeof requestId === idType;
    log.require('campaign.trigger.submitted', same, `${subject}: submitted`, { requestId: `a new ${idType}`, info: submitted.info, status: submitted.status }, body);
    if (running !== undefined) {
      // Submitted although a request was running when last read: it must have ended meanwhile.
      const ended = await readRequest(real, this.mapping, state);
      log.require('campaign.trigger.in-progress', isRequestFinal(ended), `${subject}: a new request while ${String(running.requestId)} is "${ended}"`, 'already in progress, with the same requestId', body);
    }
    model.seen.add(String(requestId));
    state.current = { requestId, status: INITIAL_REQUEST_STATUS };
  }
  toString = () => `trigger(${this.mapping.id})`;
}

class ReadStatus implements CampaignCommand {
  constructor(readonly mapping: CampaignMapping) {}
  check = (model: Readonly<CampaignModel>) => model.mappings.get(this.mapping.id)?.current !== undefined;
  async run(model: CampaignModel, real: CampaignReal): Promise<void> {
    await readRequest(real, this.mapping, model.mappings.get(this.mapping.id)!);
  }
  toString = () => `readStatus(${this.mapping.id})`;
}

/** The Campaign API's documented headers: the platform credentials' token and key, no-cache, JSON. */
function campaignHeaders(headers: Record<string, string>): Record<string, string> {
  const token = headerNamed(headers, 'Authorization');
  const key = headerNamed(headers, 'x-api-key');
  return {
    ...(token !== undefined ? { Authorization: token } : {}),
    ...(key !== undefined ? { 'X-Api-Key': key } : {}),
    'Cache-Control': 'no-cache',
    'Content-Type': 'application/json',
  };
}

/** Each case is a few triggers: half the runs asked for, at least three. */
export function campaignRuns(runs: number): number {
  return Math.max(3, Math.ceil(runs / 2));
}

export function campaignTriggerProperty(ctx: VerifyContext, headers: Record<string, string>): VerifyProperty<Iterable<CampaignCommand>> {
  const mappings = ctx.world.campaignMappings;
  const mapping = fc.constantFrom(...mappings);
  const commands = (replayPath?: string) =>
    fc.commands([mapping.map((m) => new Trigger(m)), mapping.map((m) => new ReadStatus(m))], { maxCommands: 8, ...(replayPath !== undefined ? { replayPath } : {}) });
  // The same for every case: the org the calls are made for and the Campaign API's headers.
  const org = callerOrg(ctx, headers);
  const sent = campaignHeaders(headers);
  return {
    name: 'campaign.triggers',
    group: 'campaign',
    behaviour: 'campaign.status.read',
    runs: campaignRuns(ctx.runs),
    arbitrary: commands(),
    replaying: (replayPath) => commands(replayPath),
    async examine(commands, log) {
      const real: CampaignReal = { ctx, log, org, headers: sent };
      await fc.asyncModelRun(() => ({ model: { mappings: new Map(), seen: new Set<string>() }, real }), commands);
    },
    summarise: (commands) => String(commands),
  };
}
