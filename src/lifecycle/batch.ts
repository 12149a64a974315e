/**
 * The batch status life cycle as a state machine. Every edge comes from the contract:
 * `BATCH_TRANSITIONS` for the edges all profiles share, and the profile's readings of
 * `batch.abort.allowedFrom` and `batch.action.fail` for ABORT and FAIL. Nothing here restates a status
 * or a transition.
 */
import {
  BATCH_DISAGREEMENTS,
  BATCH_EVENTS,
  BATCH_STATUSES,
  BATCH_TRANSITIONS,
  COMPLETED_STATUSES,
  CREATE_BATCH_RESPONSE,
  FINAL_STATUSES,
  TERMINAL_STATUSES,
  pickBatch,
  type BatchEvent,
  type BatchStatus,
  type BatchTransition,
} from '../contract/batch.js';
import type { ProfileName } from '../contract/profiles.js';
import type { SourceRef } from '../contract/sources.js';

export type TransitionResult =
  | { ok: true; next: BatchStatus; idempotent?: true; sources: SourceRef[] }
  | { ok: false; reason: string; sources: SourceRef[] };

export interface BatchLifecycle {
  profile: ProfileName;
  /** Every edge of this profile, shared ones first. */
  edges: readonly BatchTransition[];
  transition(state: BatchStatus, event: BatchEvent): TransitionResult;
  /** The statuses one event can lead to from `state` (idempotent COMPLETE excluded: it stays). */
  legalSuccessors(state: BatchStatus): BatchStatus[];
  /** The events `transition` accepts from `state`, idempotent ones included. */
  legalEvents(state: BatchStatus): BatchEvent[];
}

function readingEdges(event: BatchEvent, to: BatchStatus, reading: { value: readonly BatchStatus[]; note: string; sources: SourceRef[] }): BatchTransition[] {
  return reading.value.map((from) => ({ event, from, to, sources: reading.sources, note: reading.note }));
}

function refusal(state: BatchStatus, event: BatchEvent, profile: ProfileName): { reason: string; sources: SourceRef[] } {
  if (event === 'abort') {
    const reading = pickBatch(profile, 'batch.abort.allowedFrom');
    return {
      reason: `a batch in status "${state}" cannot be aborted under the ${profile} profile: ${reading.note}`,
      sources: reading.sources,
    };
  }
  if (event === 'fail') {
    const reading = pickBatch(profile, 'batch.action.fail');
    const notAnAction = reading.value.length === 0;
    return {
      reason: notAnAction
        ? `a batch in status "${state}" cannot be failed: FAIL is not a batch action under the ${profile} profile: ${reading.note}`
        : `a batch in status "${state}" cannot be failed: it is already final`,
      sources: reading.sources,
    };
  }
  if (event === 'complete') {
    return {
      reason: `a batch in status "${state}" ended without being completed, so COMPLETE cannot apply`,
      sources: BATCH_TRANSITIONS.filter((t) => t.event === 'complete').flatMap((t) => t.sources),
    };
  }
  const from = BATCH_TRANSITIONS.filter((t) => t.event === event);
  const froms = [...new Set(from.map((t) => t.from))].map((s) => `"${s}"`).join(', ');
  return {
    reason: `"${event}" does not apply to a batch in status "${state}"; it applies only from ${froms}`,
    sources: from.flatMap((t) => t.sources),
  };
}

/** The life cycle a profile reads. */
export function batchLifecycle(profile: ProfileName = 'docs'): BatchLifecycle {
  const edges: readonly BatchTransition[] = [
    ...BATCH_TRANSITIONS,
    ...readingEdges('abort', 'aborted', pickBatch(profile, 'batch.abort.allowedFrom')),
    ...readingEdges('fail', 'failed', pickBatch(profile, 'batch.action.fail')),
  ];
  const completeEdges = BATCH_TRANSITIONS.filter((t) => t.event === 'complete');

  function transition(state: BatchStatus, event: BatchEvent): TransitionResult {
    const edge = edges.find((t) => t.from === state && t.event === event);
    if (edge !== undefined) return { ok: true, next: edge.to, sources: edge.sources };
    if (event === 'complete' && COMPLETED_STATUSES.includes(state)) {
      // COMPLETE is documented as safe to retry: on a batch already completed it answers success and changes nothing.
      return { ok: true, next: state, idempotent: true, sources: completeEdges.flatMap((t) => t.sources) };
    }
    return { ok: false, ...refusal(state, event, profile) };
  }

  return {
    profile,
    edges,
    transition,
    legalSuccessors(state) {
      return [...new Set(edges.filter((t) => t.from === state).map((t) => t.to))];
    },
    legalEvents(state) {
      return BATCH_EVENTS.filter((e) => transition(state, e).ok);
    },
  };
}

const LIFECYCLES: Record<ProfileName, BatchLifecycle> = {
  docs: batchLifecycle('docs'),
  openapi: batchLifecycle('openapi'),
  strict: batchLifecycle('strict'),
};

export function transition(state: BatchStatus, event: BatchEvent, profile: ProfileName = 'docs'): TransitionResult {
  return LIFECYCLES[profile].transition(state, event);
}

export function legalSuccessors(state: BatchStatus, profile: ProfileName = 'docs'): BatchStatus[] {
  return LIFECYCLES[profile].legalSuccessors(state);
}

/** Processing is over: success or failure reached, or the batch was aborted, abandoned, reverted or deleted. */
export function isFinal(state: BatchStatus): boolean {
  return FINAL_STATUSES.includes(state);
}

/** Nothing moves the batch any more. */
export function isTerminal(state: BatchStatus): boolean {
  return TERMINAL_STATUSES.includes(state);
}

/** The status a new batch starts in (the create-batch answer). */
export const INITIAL_BATCH_STATUS: BatchStatus = CREATE_BATCH_RESPONSE.initial.status;

/** Re-exported so readers of the life cycle need one import. */
export { BATCH_DISAGREEMENTS, BATCH_EVENTS, BATCH_STATUSES };
export type { BatchEvent, BatchStatus };
