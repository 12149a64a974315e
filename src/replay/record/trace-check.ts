/**
 * Batch, Catalog and Campaign exchanges: the trace checker (`lifecycle/trace/`, the one `check-trace`
 * runs on HAR files) over every exchange recorded so far, which judges each batch request by the batch
 * request rules and the whole sequence by the life-cycle invariants on both sides; and a few direct
 * checks of answers against the documented behaviour (the create answer, status reads, Campaign texts).
 */
import type { BehaviourId } from '../../contract/behaviours.js';
import { canonicalBatchStatus } from '../../contract/batch.js';
import { CAMPAIGN_REQUEST_STATUSES, fillCampaignText, pickCampaign, TRIGGER_RESPONSES } from '../../contract/campaign.js';
import type { ProfileName } from '../../contract/profiles.js';
import { checkTrace, classify, TRACE_INVARIANTS, type TraceCall, type TraceEntry, type TraceFinding, type TraceInvariantId } from '../../lifecycle/trace/index.js';
import { bodyJson, isObject, type RedactedExchange } from './exchange.js';
import type { ExchangeCheck, ExchangeFinding } from './findings.js';

/** The documented behaviour each server-side invariant of the trace checker guards. */
const SERVER_INVARIANT_BEHAVIOUR: Partial<Record<TraceInvariantId, BehaviourId>> = {
  'trace.server.illegal-transition': 'batch.status.legal-transitions',
  'trace.server.terminal-state-left': 'batch.status.legal-transitions',
  'trace.server.complete-not-idempotent': 'batch.complete.idempotent',
  'trace.server.campaign-request-id-changed': 'campaign.trigger.in-progress',
  'trace.server.campaign-in-progress-other-request': 'campaign.trigger.in-progress',
  'trace.server.campaign-failed-num-records': 'campaign.status.num-records-on-success-only',
};

/** A call the trace checker reads (everything but streaming and unknown paths). */
function isTraceCall(call: TraceCall): boolean {
  return call.kind !== 'other';
}

/** The exchange as the trace checker's entry: the same index, so findings name the exchange. */
export function traceEntry(exchange: RedactedExchange): TraceEntry {
  const { request, response } = exchange;
  const entry: TraceEntry = {
    index: exchange.index,
    startedDateTime: exchange.startedDateTime,
    startedMs: Date.parse(exchange.startedDateTime),
    method: request.method.toUpperCase(),
    url: new URL(request.url),
    status: response.status,
    requestHeaders: request.headers,
    responseHeaders: response.headers,
  };
  // A withheld body has no text: the checker sees its size only.
  if (request.body.bytes > 0) entry.requestBody = { text: request.body.encoding === 'base64' ? '' : request.body.text, bytes: request.body.bytes };
  if (response.body.encoding !== 'base64' && response.body.text !== '') entry.responseBody = response.body.text;
  return entry;
}

const ok2xx = (status: number) => status >= 200 && status < 300;

function toFinding(f: TraceFinding): ExchangeFinding {
  return { ruleId: f.ruleId, severity: f.severity, exchange: f.entryIndex, message: f.message, side: f.ruleId.startsWith('trace.server.') ? 'answer' : 'request' };
}

const key = (f: TraceFinding) => `${f.ruleId}|${f.entryIndex}|${f.message}`;

export class TraceWatcher {
  private readonly entries: TraceEntry[] = [];
  private readonly calls = new Map<number, TraceCall>();
  private readonly told = new Set<string>();
  private readonly completes = new Map<string, number>();

  constructor(private readonly profile: ProfileName) {}

  /**
   * Adds an exchange (every one, so entry indexes stay exchange indexes) and returns the findings it
   * brings. A batch never completed is only known at the end: `finish` reports it.
   */
  add(exchange: RedactedExchange): { findings: ExchangeFinding[]; checks: ExchangeCheck[] } {
    const entry = traceEntry(exchange);
    this.entries.push(entry);
    const call = classify(entry, this.profile);
    this.calls.set(entry.index, call);
    if (!isTraceCall(call)) return { findings: [], checks: [] };
    const fresh = checkTrace({ entries: this.entries }, this.profile).filter((f) => f.ruleId !== 'trace.client.complete-missing' && !this.told.has(key(f)));
    for (const f of fresh) this.told.add(key(f));
    return { findings: fresh.map(toFinding), checks: this.directChecks(entry, call, exchange) };
  }

  /** The findings only the whole recording shows, and the checks of the server invariants over it. */
  finish(): { findings: ExchangeFinding[]; checks: ExchangeCheck[] } {
    const all = checkTrace({ entries: this.entries }, this.profile);
    const findings = all.filter((f) => !this.told.has(key(f))).map(toFinding);
    const failedAt = new Map<string, TraceFinding>();
    for (const f of all) {
      const behaviour = SERVER_INVARIANT_BEHAVIOUR[f.ruleId as TraceInvariantId];
      if (behaviour !== undefined) failedAt.set(`${behaviour}|${f.entryIndex}`, f);
    }
    const checks: ExchangeCheck[] = [];
    const push = (behaviour: BehaviourId, index: number, subject: string) => {
      const failure = failedAt.get(`${behaviour}|${index}`);
      checks.push(failure ? { behaviour, ok: false, exchange: index, subject, expected: TRACE_INVARIANTS[failure.ruleId as TraceInvariantId].description, actual: failure.message } : { behaviour, ok: true, exchange: index, subject });
    };
    const completes = new Map<string, number>();
    for (const entry of this.entries) {
      const call = this.calls.get(entry.index)!;
      if (call.kind === 'batch-status' && ok2xx(entry.status)) push('batch.status.legal-transitions', entry.index, `GET the Catalog status of batch ${call.batchId}`);
      if (call.kind === 'batch-action' && call.action === 'COMPLETE' && ok2xx(entry.status)) {
        const n = (completes.get(call.batchId) ?? 0) + 1;
        completes.set(call.batchId, n);
        if (n > 1) push('batch.complete.idempotent', entry.index, `COMPLETE of batch ${call.batchId} again (call ${n})`);
      }
      if (call.kind === 'campaign-trigger' && bodyStatus(entry) === 'In Progress') push('campaign.trigger.in-progress', entry.index, `trigger mapping ${call.mappingId} while a request runs`);
    }
    // Server-side findings at entries no check above stands for still fail their behaviour.
    for (const [at, f] of failedAt) {
      if (!checks.some((c) => `${c.behaviour}|${c.exchange}` === at)) push(SERVER_INVARIANT_BEHAVIOUR[f.ruleId as TraceInvariantId]!, f.entryIndex, `entry ${f.entryIndex}`);
    }
    return { findings, checks };
  }

  private directChecks(entry: TraceEntry, call: TraceCall, exchange: RedactedExchange): ExchangeCheck[] {
    const checks: ExchangeCheck[] = [];
    const index = entry.index;
    const body = bodyJson(exchange.response.body);
    const expect = (behaviour: BehaviourId, ok: boolean, subject: string, expected: string, actual: string) =>
      checks.push(ok ? { behaviour, ok, exchange: index, subject } : { behaviour, ok, exchange: index, subject, expected, actual });
    const text = body === undefined ? exchange.response.body.text.slice(0, 300) : JSON.stringify(body).slice(0, 300);
    switch (call.kind) {
      case 'create-batch': {
        // A refused create (a missing header, a bad body) is the client's finding, not the server's.
        if (!ok2xx(entry.status)) break;
        const id = isObject(body) ? body['id'] : undefined;
        const status = isObject(body) && typeof body['status'] === 'string' ? canonicalBatchStatus(body['status'].toLowerCase()) : undefined;
        expect('batch.create', entry.status === 201 && typeof id === 'string' && status === 'loading', 'POST /batches', '201 with an id and status "loading"', `${entry.status} ${text}`);
        break;
      }
      case 'batch-status': {
        if (entry.status >= 400) break;
        const keyed = isObject(body) ? body[call.batchId] : undefined;
        expect('catalog.batch.read', entry.status === 200 && isObject(keyed) && typeof keyed['status'] === 'string', `GET the Catalog batch ${call.batchId}`, `200 with the batch keyed by ${call.batchId}, with its status`, `${entry.status} ${text}`);
        break;
      }
      case 'batch-action': {
        if (call.action !== 'COMPLETE' || !ok2xx(entry.status)) break;
        const n = (this.completes.get(call.batchId) ?? 0) + 1;
        this.completes.set(call.batchId, n);
        if (n === 1) expect('batch.complete', entry.status === 200 && exchange.response.body.bytes === 0, `COMPLETE of batch ${call.batchId}`, '200 with an empty body', `${entry.status} ${text}`);
        break;
      }
      case 'campaign-trigger': {
        if (!isObject(body) || body['status'] !== 'Success') break;
        const info = fillCampaignText(TRIGGER_RESPONSES.submitted.info, call.mappingId);
        expect('campaign.trigger.submitted', body['requestId'] !== undefined && body['info'] === info, `trigger mapping ${call.mappingId}`, `a requestId and "${info}"`, text);
        break;
      }
      case 'campaign-status': {
        if (!ok2xx(entry.status) || !isObject(body)) break;
        const status = body['status'];
        expect('campaign.status.read', typeof status === 'string' && (CAMPAIGN_REQUEST_STATUSES as readonly string[]).includes(status), `GET the status of Campaign request ${call.requestId ?? '?'}`, `one of ${CAMPAIGN_REQUEST_STATUSES.join(', ')}`, text);
        if (typeof status === 'string' && status !== 'Success') {
          // The field list says success only; the examples show 0 elsewhere: the profile picks the reading.
          const always = pickCampaign(this.profile, 'campaign.numRecords.presence').value === 'always';
          const numRecords = body['numRecords'];
          const fine = numRecords === undefined || (always && numRecords === 0);
          expect('campaign.status.num-records-on-success-only', fine, `GET the status of Campaign request ${call.requestId ?? '?'} (${status})`, always ? 'numRecords 0 or absent' : 'no numRecords', `numRecords ${JSON.stringify(numRecords)}`);
        }
        break;
      }
      default:
        break;
    }
    return checks;
  }
}

function bodyStatus(entry: TraceEntry): unknown {
  try {
    const body: unknown = JSON.parse(entry.responseBody ?? '');
    return isObject(body) ? body['status'] : undefined;
  } catch {
    return undefined;
  }
}
