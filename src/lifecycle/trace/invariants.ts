/**
 * The life-cycle invariants a trace is checked against, as data: a closed set of ids (stable, as rule
 * ids are), what each says, its severity and where the fact comes from. The client's side is what a
 * caller must do; the server's side is what the platform's answers must keep.
 */
import { docsUrl, type SourceRef } from '../../contract/sources.js';
import type { RuleInfo, Severity } from '../../rules/finding.js';

export const TRACE_INVARIANT_IDS = [
  'trace.client.upload-before-create',
  'trace.client.upload-after-close',
  'trace.client.complete-missing',
  'trace.client.chunk-gap',
  'trace.client.chunk-overlap',
  'trace.client.poll-too-fast',
  'trace.server.illegal-transition',
  'trace.server.complete-not-idempotent',
  'trace.server.terminal-state-left',
  'trace.server.campaign-request-id-changed',
  'trace.server.campaign-in-progress-other-request',
  'trace.server.campaign-failed-num-records',
] as const;

export type TraceInvariantId = (typeof TRACE_INVARIANT_IDS)[number];

export interface TraceInvariant {
  id: TraceInvariantId;
  side: 'client' | 'server';
  title: string;
  description: string;
  severity: Severity;
  source: SourceRef;
}

const OVERVIEW = (section: string): SourceRef => ({ source: 'batch-overview', section });
const TROUBLESHOOTING = (section: string): SourceRef => ({ source: 'batch-troubleshooting', section });
const CAMPAIGN = (section: string): SourceRef => ({ source: 'campaign-triggering-ingestion', section });

/**
 * How often a status may be polled. No source gives a rate: this is the harness's choice, made so that a
 * client polling in a tight loop is told, while one polling every few seconds is not.
 */
export const POLLING = {
  /** Polls of the same batch (or Campaign request) looked at together. */
  window: 5,
  /** Their mean interval below this is too fast. */
  minMeanIntervalMs: 5_000,
  basis: "the harness's choice: no source documents a polling rate",
} as const;

export const TRACE_INVARIANTS: Record<TraceInvariantId, TraceInvariant> = {
  'trace.client.upload-before-create': {
    id: 'trace.client.upload-before-create',
    side: 'client',
    title: 'A file is sent to a batch before the batch is created',
    description: 'Files are uploaded into a batch that POST /batches created (the answer gives its id).',
    severity: 'error',
    source: OVERVIEW('Create a batch'),
  },
  'trace.client.upload-after-close': {
    id: 'trace.client.upload-after-close',
    side: 'client',
    title: 'A file is sent to a batch after COMPLETE or ABORT',
    description: 'COMPLETE ends the upload (the batch leaves loading); an aborted batch takes no more data.',
    severity: 'error',
    source: OVERVIEW('Signal batch complete'),
  },
  'trace.client.complete-missing': {
    id: 'trace.client.complete-missing',
    side: 'client',
    title: 'A batch is never completed',
    description: 'A batch stays in loading until COMPLETE is called, and is abandoned if it never is.',
    severity: 'error',
    source: OVERVIEW('Batch statuses'),
  },
  'trace.client.chunk-gap': {
    id: 'trace.client.chunk-gap',
    side: 'client',
    title: 'The parts of a large file leave a gap',
    description: 'If chunks of a large file are missing, completing the file is answered 400 Bad Request.',
    severity: 'error',
    source: TROUBLESHOOTING('Batch API calls: why is the large file complete call failing?'),
  },
  'trace.client.chunk-overlap': {
    id: 'trace.client.chunk-overlap',
    side: 'client',
    title: 'The parts of a large file overlap',
    description: 'If chunks of a large file overlap, completing the file is answered 400 Bad Request.',
    severity: 'error',
    source: TROUBLESHOOTING('Batch API calls: why is the large file complete call failing?'),
  },
  'trace.client.poll-too-fast': {
    id: 'trace.client.poll-too-fast',
    side: 'client',
    title: 'A status is polled faster than sensible',
    description: `Polling the same batch (or Campaign request) more often than every ${POLLING.minMeanIntervalMs / 1000} s on average over ${POLLING.window} polls (${POLLING.basis}).`,
    severity: 'warn',
    source: OVERVIEW('Check batch status'),
  },
  'trace.server.illegal-transition': {
    id: 'trace.server.illegal-transition',
    side: 'server',
    title: 'A batch status changes in a way the life cycle does not allow',
    description: 'Batch statuses move only along the documented life cycle; an action is accepted only from a status that allows it.',
    severity: 'error',
    source: OVERVIEW('Batch statuses'),
  },
  'trace.server.complete-not-idempotent': {
    id: 'trace.server.complete-not-idempotent',
    side: 'server',
    title: 'A repeated COMPLETE is answered differently',
    description: 'CompleteBatch is safe to retry: if the operation succeeded, the API returns success again.',
    severity: 'error',
    source: TROUBLESHOOTING('Batch API calls: is it safe to retry CompleteBatch?'),
  },
  'trace.server.terminal-state-left': {
    id: 'trace.server.terminal-state-left',
    side: 'server',
    title: 'A batch or Campaign request leaves a status it cannot leave',
    description: 'Nothing moves a batch out of failed, aborted, abandoned or deleted; a Campaign ingestion request that ended (Success, Failed, Aborted) stays so.',
    severity: 'error',
    source: OVERVIEW('Batch statuses'),
  },
  'trace.server.campaign-request-id-changed': {
    id: 'trace.server.campaign-request-id-changed',
    side: 'server',
    title: 'A Campaign ingestion request is answered under another id',
    description: 'The status of an ingestion request is read with its requestId; the answer describes that request.',
    severity: 'error',
    source: CAMPAIGN('Retrieving the status of an ingestion request'),
  },
  'trace.server.campaign-in-progress-other-request': {
    id: 'trace.server.campaign-in-progress-other-request',
    side: 'server',
    title: 'A trigger answered "already in progress" names another request than the running one',
    description: 'A trigger while an ingestion request of the mapping runs is answered In Progress with that request\'s requestId.',
    severity: 'error',
    source: CAMPAIGN('Starting immediate ingestion of a data mapping'),
  },
  'trace.server.campaign-failed-num-records': {
    id: 'trace.server.campaign-failed-num-records',
    side: 'server',
    title: 'A Failed Campaign ingestion request reports records',
    description: 'The documented Failed status answers carry numRecords 0: nothing of a failed request was ingested.',
    severity: 'error',
    source: CAMPAIGN('Retrieving the status of an ingestion request'),
  },
};

export function traceRuleInfos(): RuleInfo[] {
  return TRACE_INVARIANT_IDS.map((id) => {
    const inv = TRACE_INVARIANTS[id];
    return { id, title: inv.title, description: inv.description, defaultSeverity: inv.severity, docs: docsUrl(inv.source) };
  });
}
