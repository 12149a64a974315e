/**
 * The Campaign Standard ingestion request: its life cycle (In Progress, then Success, Failed or Aborted)
 * and the decision a trigger (POST …/ingest) makes. Statuses, edges and texts come from the contract.
 */
import {
  CAMPAIGN_INITIAL_STATUS,
  CAMPAIGN_REQUEST_TRANSITIONS,
  TRIGGER_CHECK_ORDER,
  TRIGGER_RESPONSES,
  fillCampaignText,
  type CampaignRequestEvent,
  type CampaignRequestStatus,
  type TriggerOutcome,
} from '../contract/campaign.js';

export type CampaignTransitionResult = { ok: true; next: CampaignRequestStatus } | { ok: false; reason: string };

export function transitionRequest(state: CampaignRequestStatus, event: CampaignRequestEvent): CampaignTransitionResult {
  const edge = CAMPAIGN_REQUEST_TRANSITIONS.find((t) => t.from === state && t.event === event);
  if (edge !== undefined) return { ok: true, next: edge.to };
  return {
    ok: false,
    reason: `an ingestion request in status "${state}" has ended; "${event}" applies only to a request "${CAMPAIGN_INITIAL_STATUS}"`,
  };
}

/** A request is final once it left In Progress. */
export function isRequestFinal(state: CampaignRequestStatus): boolean {
  return !CAMPAIGN_REQUEST_TRANSITIONS.some((t) => t.from === state);
}

export const INITIAL_REQUEST_STATUS = CAMPAIGN_INITIAL_STATUS;

/** What the trigger needs to know about the mapping (the world file's `campaignMappings` entry). */
export interface CampaignMappingState {
  id: string;
  published: boolean;
  stopped: boolean;
}

/** The request of the mapping still In Progress, if any. */
export interface InProgressRequest {
  requestId: number | string;
}

export interface TriggerDecision {
  outcome: TriggerOutcome;
  /** The body's `status`. */
  status: CampaignRequestStatus;
  /** The body's `info`: the documented text with the mapping id in place of `<value>`. */
  info: string;
  /** Set for already-in-progress: the request that is still running. */
  requestId?: number | string;
}

const holds: Record<TriggerOutcome, (mapping: CampaignMappingState, inProgress: InProgressRequest | undefined) => boolean> = {
  'not-published': (m) => !m.published,
  'not-stopped': (m) => !m.stopped,
  'already-in-progress': (_m, inProgress) => inProgress !== undefined,
  submitted: () => true,
};

/**
 * Decides a trigger, checking in the contract's order (TRIGGER_CHECK_ORDER): not published, not stopped,
 * already in progress, submitted.
 */
export function decideTrigger(mapping: CampaignMappingState, inProgress: InProgressRequest | undefined): TriggerDecision {
  const outcome = TRIGGER_CHECK_ORDER.find((o) => holds[o](mapping, inProgress)) ?? 'submitted';
  const documented = TRIGGER_RESPONSES[outcome];
  const decision: TriggerDecision = { outcome, status: documented.status, info: fillCampaignText(documented.info, mapping.id) };
  if (outcome === 'already-in-progress' && inProgress !== undefined) decision.requestId = inProgress.requestId;
  return decision;
}

/**
 * The JSON body of a decision. `newRequestId` is the id of the request a submitted trigger created;
 * the documented bodies list requestId first, then info, then status.
 */
export function triggerResponseBody(decision: TriggerDecision, newRequestId?: number | string): Record<string, unknown> {
  const requestId = decision.outcome === 'submitted' ? newRequestId : decision.requestId;
  const carriesRequestId = TRIGGER_RESPONSES[decision.outcome].fields.includes('requestId');
  return {
    ...(carriesRequestId && requestId !== undefined ? { requestId } : {}),
    info: decision.info,
    status: decision.status,
  };
}
