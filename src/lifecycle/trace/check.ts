/**
 * The trace checker: walks the entries of a trace in order and keeps, per batch, per large file and per
 * Campaign request, what the calls so far establish; each entry is judged against the client's
 * invariants (what a caller must do) and the server's (what the answers must keep), and every batch
 * request against the batch request rules. Findings name the entry by index and time.
 */
import {
  BATCH_ACTIONS,
  BATCH_EVENT_ACTORS,
  COMPLETED_STATUSES,
  canonicalBatchStatus,
  parseContentRange,
  type BatchAction,
  type BatchStatus,
} from '../../contract/batch.js';
import { CAMPAIGN_REQUEST_STATUSES, type CampaignRequestStatus } from '../../contract/campaign.js';
import type { ProfileName } from '../../contract/profiles.js';
import { docsUrl } from '../../contract/sources.js';
import { buildRequestContext, checkBatchRequest } from '../../rules/batch/requests/index.js';
import type { Severity } from '../../rules/finding.js';
import { batchLifecycle, isTerminal, type BatchLifecycle } from '../batch.js';
import { INITIAL_REQUEST_STATUS, isRequestFinal } from '../campaign.js';
import { classify, responseJson, type TraceCall } from './calls.js';
import { POLLING, TRACE_INVARIANTS, type TraceInvariantId } from './invariants.js';
import { entryPointer, type Trace, type TraceEntry } from './model.js';

export interface TraceFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** JSON pointer into the HAR: `/log/entries/N/...`. */
  pointer: string;
  entryIndex: number;
  docs: string;
}

interface Part {
  start: number;
  end: number;
  total?: number;
}

interface BatchTrack {
  /** What the answers so far allow the batch's status to be; undefined until one is seen. */
  states: Set<BatchStatus> | undefined;
  /** Closed for uploads: COMPLETE or ABORT accepted, or a status past loading seen. */
  closedAt?: { entry: number; why: string };
  /** The last entry of the client's own work on the batch (create, upload). */
  lastTouch: number;
  /** COMPLETE or ABORT accepted, or a status only such a call leads to seen. */
  completed: boolean;
  firstComplete?: { entry: number; status: number };
  polls: number[];
  pollWarned: boolean;
  files: Map<string, Part[]>;
}

interface CampaignTrack {
  state: CampaignRequestStatus;
  polls: number[];
  pollWarned: boolean;
}

const ok = (status: number) => status >= 200 && status < 300;

const prefix = (entry: TraceEntry) => `entry ${entry.index} (${entry.startedDateTime}): `;

function header(entry: TraceEntry, name: string): { value: string; k: number } | undefined {
  const lower = name.toLowerCase();
  let found: { value: string; k: number } | undefined;
  entry.requestHeaders.forEach((h, k) => {
    if (h.name.toLowerCase() === lower) found = { value: h.value, k };
  });
  return found;
}

/** Statuses the platform alone can move a batch to from `from` (client actions are seen as requests). */
function platformReach(lifecycle: BatchLifecycle): Map<BatchStatus, Set<BatchStatus>> {
  const reach = new Map<BatchStatus, Set<BatchStatus>>();
  const platformEdges = lifecycle.edges.filter((e) => BATCH_EVENT_ACTORS[e.event] === 'platform');
  for (const start of new Set(lifecycle.edges.flatMap((e) => [e.from, e.to]))) {
    const seen = new Set<BatchStatus>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const s = queue.shift()!;
      for (const e of platformEdges) {
        if (e.from === s && !seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    reach.set(start, seen);
  }
  return reach;
}

/** The id of the batch a create answer names, when it is a success with a body. */
function createdBatchId(entry: TraceEntry): string | undefined {
  if (!ok(entry.status)) return undefined;
  const id = responseJson(entry)?.['id'];
  return typeof id === 'string' ? id : undefined;
}

/** The batch status a Catalog answer gives: keyed by the batch id, or (some gateways) at the top. */
function observedBatchStatus(entry: TraceEntry, batchId: string): BatchStatus | undefined {
  if (!ok(entry.status)) return undefined;
  const body = responseJson(entry);
  const keyed = body?.[batchId];
  const raw = typeof keyed === 'object' && keyed !== null ? (keyed as Record<string, unknown>)['status'] : body?.['status'];
  return typeof raw === 'string' ? canonicalBatchStatus(raw.toLowerCase()) : undefined;
}

export function checkTrace(trace: Trace, profile: ProfileName = 'docs'): TraceFinding[] {
  const lifecycle = batchLifecycle(profile);
  const reach = platformReach(lifecycle);
  const findings: TraceFinding[] = [];
  const batches = new Map<string, BatchTrack>();
  const campaignRequests = new Map<string, CampaignTrack>();

  const report = (id: TraceInvariantId, entry: TraceEntry, pointer: string, message: string, severity?: Severity) => {
    const inv = TRACE_INVARIANTS[id];
    findings.push({ ruleId: id, severity: severity ?? inv.severity, message: prefix(entry) + message, pointer, entryIndex: entry.index, docs: docsUrl(inv.source) });
  };

  // Where each batch is created: an upload may come before its create only by mistake.
  const createdAt = new Map<string, number>();
  for (const entry of trace.entries) {
    if (classify(entry, profile).kind !== 'create-batch') continue;
    const id = createdBatchId(entry);
    if (id !== undefined && !createdAt.has(id)) createdAt.set(id, entry.index);
  }

  const track = (batchId: string, index: number): BatchTrack => {
    let t = batches.get(batchId);
    if (t === undefined) {
      t = { states: undefined, lastTouch: index, completed: false, polls: [], pollWarned: false, files: new Map() };
      batches.set(batchId, t);
    }
    return t;
  };

  const poll = (polls: number[], entry: TraceEntry, what: string): boolean => {
    polls.push(entry.startedMs);
    if (polls.length < POLLING.window) return false;
    const span = polls[polls.length - 1]! - polls[polls.length - POLLING.window]!;
    const mean = span / (POLLING.window - 1);
    if (mean >= POLLING.minMeanIntervalMs) return false;
    report(
      'trace.client.poll-too-fast',
      entry,
      entryPointer(entry.index, '/request/url'),
      `${what} was polled ${POLLING.window} times ${Math.round(mean)} ms apart on average; more than every ${POLLING.minMeanIntervalMs / 1000} s is faster than sensible (${POLLING.basis}).`,
    );
    return true;
  };

  const observe = (batchId: string, t: BatchTrack, status: BatchStatus, entry: TraceEntry) => {
    const states = t.states;
    if (states === undefined || states.has(status)) {
      t.states = new Set([status]);
    } else if ([...states].some((s) => reach.get(s)?.has(status))) {
      t.states = new Set([status]);
    } else {
      const from = [...states].map((s) => `"${s}"`).join(' or ');
      const pointer = entryPointer(entry.index, '/response/content/text');
      if ([...states].every(isTerminal)) {
        report('trace.server.terminal-state-left', entry, pointer, `batch ${batchId} is answered "${status}" after ${from}, a status no batch leaves.`);
      } else {
        report(
          'trace.server.illegal-transition',
          entry,
          pointer,
          `batch ${batchId} is answered "${status}" after ${from}; the life cycle (${profile} profile) does not lead there without a client action the trace does not show.`,
        );
      }
      // The answer may be a glitch or the truth: either reading stays possible for what follows.
      t.states = new Set([...states, status]);
      return;
    }
    if (status === 'aborted' || COMPLETED_STATUSES.includes(status)) t.completed = true;
    if (status !== 'loading' && t.closedAt === undefined) t.closedAt = { entry: entry.index, why: `it was answered "${status}"` };
  };

  const batchAction = (batchId: string, action: BatchAction | undefined, entry: TraceEntry) => {
    const t = track(batchId, entry.index);
    if (action === undefined) return;
    const event = BATCH_ACTIONS[action].event;
    // The platform may have moved the batch on since the last answer that showed it: any of those statuses may take the action.
    const possible = t.states === undefined ? undefined : new Set([...t.states].flatMap((s) => [...(reach.get(s) ?? [s])]));
    const applicable = possible === undefined ? undefined : [...possible].map((s) => ({ s, r: lifecycle.transition(s, event) }));
    if (action === 'COMPLETE') {
      const mayComplete = applicable === undefined || applicable.some((a) => a.r.ok);
      if (t.firstComplete === undefined) {
        if (ok(entry.status)) t.firstComplete = { entry: entry.index, status: entry.status };
      } else if (mayComplete && entry.status !== t.firstComplete.status) {
        report(
          'trace.server.complete-not-idempotent',
          entry,
          entryPointer(entry.index, '/response/status'),
          `COMPLETE of batch ${batchId} is answered ${entry.status}, but the same COMPLETE was answered ${t.firstComplete.status} at entry ${t.firstComplete.entry}; a retried COMPLETE answers success again.`,
        );
      }
    }
    if (!ok(entry.status)) return;
    if (action === 'COMPLETE' || action === 'ABORT') {
      t.closedAt ??= { entry: entry.index, why: `${action} was accepted` };
      t.completed = true;
    }
    if (applicable === undefined) return;
    const next = applicable.filter((a) => a.r.ok).map((a) => (a.r.ok ? a.r.next : a.s));
    if (next.length > 0) {
      t.states = new Set(next);
      return;
    }
    const from = [...t.states!].map((s) => `"${s}"`).join(' or ');
    report(
      'trace.server.illegal-transition',
      entry,
      entryPointer(entry.index, '/response/status'),
      `${action} of batch ${batchId} is answered ${entry.status} although a batch in status ${from} cannot take it under the ${profile} profile.`,
    );
  };

  const upload = (call: Extract<TraceCall, { kind: 'upload' }>, entry: TraceEntry) => {
    const { batchId, file, how } = call;
    const t = track(batchId, entry.index);
    if (how === 'file-status') return;
    const url = entryPointer(entry.index, '/request/url');
    const created = createdAt.get(batchId);
    if (created === undefined) {
      report('trace.client.upload-before-create', entry, url, `a file is sent to batch ${batchId}, which no create in this trace made (the recording may have started after it).`, 'warn');
    } else if (created > entry.index) {
      report('trace.client.upload-before-create', entry, url, `a file is sent to batch ${batchId} before the batch is created at entry ${created}.`);
    }
    if (t.closedAt !== undefined) {
      report('trace.client.upload-after-close', entry, url, `a file is sent to batch ${batchId} after ${t.closedAt.why} at entry ${t.closedAt.entry}.`);
    }
    t.lastTouch = entry.index;
    if (how === 'initialize') {
      t.files.set(file, []);
      return;
    }
    if (how === 'part') {
      const h = header(entry, 'Content-Range');
      const range = h === undefined ? undefined : parseContentRange(h.value);
      if (h === undefined || range === undefined || !ok(entry.status)) return;
      const parts = t.files.get(file) ?? [];
      t.files.set(file, parts);
      const overlapping = parts.find((p) => p.start <= range.end && range.start <= p.end);
      if (overlapping !== undefined) {
        report(
          'trace.client.chunk-overlap',
          entry,
          entryPointer(entry.index, `/request/headers/${h.k}`),
          `the part ${h.value} of ${file} in batch ${batchId} overlaps bytes ${overlapping.start}-${overlapping.end} sent before; completing the file will be answered 400.`,
        );
      }
      parts.push(range);
      return;
    }
    if (how === 'complete-file') {
      const gap = findGap(t.files.get(file) ?? []);
      if (gap !== undefined) {
        report('trace.client.chunk-gap', entry, url, `the parts of ${file} in batch ${batchId} leave ${gap} unsent; completing the file will be answered 400.`);
      }
    }
  };

  /** Per mapping, the ingestion request the trace shows running: a trigger submitted it, and no final status ended it yet. */
  const runningByMapping = new Map<string, string>();

  const campaignStatus = (mappingId: string, asked: string | undefined, entry: TraceEntry) => {
    if (!ok(entry.status)) return;
    const body = responseJson(entry);
    const pointer = entryPointer(entry.index, '/response/content/text');
    const answered = body?.['requestId'];
    // A read that names no requestId (in neither query nor body) is matched by the request the answer names.
    const requestId = asked ?? (answered === undefined ? undefined : String(answered));
    if (requestId === undefined) return;
    if (body?.['status'] === 'Failed' && body['numRecords'] !== undefined && body['numRecords'] !== 0) {
      report('trace.server.campaign-failed-num-records', entry, pointer, `Campaign ingestion request ${requestId} is answered Failed with numRecords ${JSON.stringify(body['numRecords'])}; a failed request ingested nothing (0).`);
    }
    if (answered !== undefined && String(answered) !== requestId) {
      report('trace.server.campaign-request-id-changed', entry, pointer, `the status of Campaign ingestion request ${requestId} is answered for request ${String(answered)}.`);
      return;
    }
    let t = campaignRequests.get(requestId);
    const status = body?.['status'];
    if (t === undefined) {
      t = { state: INITIAL_REQUEST_STATUS, polls: [], pollWarned: false };
      campaignRequests.set(requestId, t);
    }
    if (!t.pollWarned) t.pollWarned = poll(t.polls, entry, `Campaign ingestion request ${requestId}`);
    if (typeof status !== 'string' || !(CAMPAIGN_REQUEST_STATUSES as readonly string[]).includes(status)) return;
    const next = status as CampaignRequestStatus;
    if (isRequestFinal(t.state) && next !== t.state) {
      report('trace.server.terminal-state-left', entry, pointer, `Campaign ingestion request ${requestId} is answered "${next}" after it ended "${t.state}".`);
      return;
    }
    t.state = next;
    if (isRequestFinal(next) && runningByMapping.get(mappingId) === requestId) runningByMapping.delete(mappingId);
  };

  for (const entry of trace.entries) {
    const call = classify(entry, profile);
    if (call.kind === 'create-batch' || call.kind === 'upload' || call.kind === 'batch-action') {
      const ctx = buildRequestContext(
        { method: entry.method, url: entry.url.href, headers: entry.requestHeaders, ...(entry.requestBody ? { body: entry.requestBody.text, bodyBytes: entry.requestBody.bytes } : {}) },
        profile,
        entryPointer(entry.index, '/request'),
      );
      if (ctx !== undefined) {
        for (const raw of checkBatchRequest(ctx, entry.index)) {
          findings.push({ ruleId: raw.ruleId, severity: raw.severity, message: prefix(entry) + raw.message, pointer: raw.pointer, entryIndex: entry.index, docs: raw.docs });
        }
      }
    }
    switch (call.kind) {
      case 'create-batch': {
        const id = createdBatchId(entry);
        if (id === undefined) break;
        const t = track(id, entry.index);
        t.lastTouch = entry.index;
        const raw = responseJson(entry)?.['status'];
        const status = typeof raw === 'string' ? canonicalBatchStatus(raw.toLowerCase()) : undefined;
        if (status !== undefined) observe(id, t, status, entry);
        break;
      }
      case 'upload':
        upload(call, entry);
        break;
      case 'batch-action':
        batchAction(call.batchId, call.action, entry);
        break;
      case 'batch-status': {
        const t = track(call.batchId, entry.index);
        if (!t.pollWarned) t.pollWarned = poll(t.polls, entry, `batch ${call.batchId}`);
        const status = observedBatchStatus(entry, call.batchId);
        if (status !== undefined) observe(call.batchId, t, status, entry);
        break;
      }
      case 'campaign-trigger': {
        const body = responseJson(entry);
        const requestId = body?.['requestId'];
        if (!ok(entry.status) || requestId === undefined) break;
        if (body?.['status'] === 'Success' && !campaignRequests.has(String(requestId))) {
          campaignRequests.set(String(requestId), { state: INITIAL_REQUEST_STATUS, polls: [], pollWarned: false });
          runningByMapping.set(call.mappingId, String(requestId));
        } else if (body?.['status'] === 'In Progress') {
          const running = runningByMapping.get(call.mappingId);
          if (running !== undefined && running !== String(requestId)) {
            const pointer = entryPointer(entry.index, '/response/content/text');
            report('trace.server.campaign-in-progress-other-request', entry, pointer, `a trigger of mapping ${call.mappingId} is answered "already in progress" with request ${String(requestId)}, but the running request is ${running}.`);
          }
        }
        break;
      }
      case 'campaign-status':
        campaignStatus(call.mappingId, call.requestId, entry);
        break;
      default:
        break;
    }
  }

  // A batch this trace created and nobody completed or aborted stays in loading until it is abandoned.
  const lastEntry = trace.entries[trace.entries.length - 1];
  for (const [batchId, index] of createdAt) {
    const t = batches.get(batchId);
    if (t === undefined || t.completed) continue;
    const entry = trace.entries[t.lastTouch] ?? trace.entries[index] ?? lastEntry;
    if (entry === undefined) continue;
    report(
      'trace.client.complete-missing',
      entry,
      entryPointer(entry.index, '/request'),
      `batch ${batchId} (created at entry ${index}) is never completed: no COMPLETE or ABORT follows its last upload, so it stays in loading and will be abandoned.`,
    );
  }
  return findings.sort((a, b) => a.entryIndex - b.entryIndex);
}

/** The first bytes the parts leave unsent, in words; undefined when they cover the file from 0 on. */
function findGap(parts: readonly Part[]): string | undefined {
  if (parts.length === 0) return 'every byte (no part was sent)';
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  let covered = -1;
  for (const p of sorted) {
    if (p.start > covered + 1) return `bytes ${covered + 1}-${p.start - 1}`;
    covered = Math.max(covered, p.end);
  }
  const total = parts.find((p) => p.total !== undefined)?.total;
  if (total !== undefined && covered + 1 < total) return `bytes ${covered + 1}-${total - 1}`;
  return undefined;
}
