/**
 * The scenarios of `check-client`, as data. Each says what the server does (its world, the faults the front
 * injects, the inputs handed over) and what it expects of the client (the rules that judge its traffic,
 * and what the traffic must contain for the scenario to count as exercised). Names are an interface:
 * people's CI scripts select them with `--scenario`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { serviceErrorBody } from '../../contract/gateway.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { SourceRef } from '../../contract/sources.js';
import type { StreamableDataset } from '../../generate/index.js';
import { TRACE_INVARIANT_IDS, TRACE_INVARIANTS } from '../../lifecycle/trace/index.js';
import type { ClientTraffic, ScenarioInputs } from '../../rules/client/index.js';
import type { ClientEnvironment } from '../../client/environment.js';
import type { CampaignMapping, Inlet, World } from '../../world/types.js';
import type { FaultPlan, FrontRequest } from './front.js';
import { writeBatchFile, writeMessages } from './inputs.js';

export const SCENARIO_NAMES = [
  'streaming.happy',
  'streaming.partial-failure',
  'streaming.unavailable',
  'streaming.unavailable-retry-after',
  'streaming.throttled',
  'streaming.unauthorized',
  'batch.happy',
  'batch.failed',
  'batch.complete-slow',
  'campaign.in-progress',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** What every scenario starts from: the user's world, the inlet and dataset the client is pointed at. */
export interface ScenarioBase {
  world: World;
  profile: ProfileName;
  seed: number;
  /** A fresh folder for the scenario's input files. */
  dir: string;
  inlet: Inlet;
  dataset: StreamableDataset;
}

/** Headers the harness itself sends to the reference server (for a scenario's own set-up calls). */
export interface SetupCall {
  url: string;
  headers: Record<string, string>;
}

export interface PreparedScenario {
  world: World;
  inletId: string;
  /** The scenario's own variables: its inputs, and ids that differ from the base (an authenticated inlet). */
  env: ClientEnvironment;
  inputs: ScenarioInputs;
  plan?: FaultPlan;
  /** Runs against the reference server before the client starts (a Campaign request already running). */
  before?(setup: SetupCall): Promise<void>;
}

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** What the server does, and what the client is expected to do. */
  description: string;
  sources: SourceRef[];
  /** The client rules that judge the traffic. */
  rules: readonly string[];
  prepare(base: ScenarioBase): Promise<PreparedScenario>;
  /** Why the traffic did not exercise the scenario, or undefined when it did. */
  exercised(traffic: ClientTraffic): string | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Rule sets

const STREAMING_RULES = [
  'client.scenario.not-exercised',
  'client.request.too-large',
  'client.request.invalid',
  'client.message.envelope',
  'client.retry.too-few',
  'client.retry.no-backoff',
  'client.retry.retry-after-ignored',
  'client.auth.retried',
  'client.message.duplicate',
  'client.message.rejected-resent',
  'client.message.lost',
] as const;

const TRACE_CLIENT_RULES = TRACE_INVARIANT_IDS.filter((id) => TRACE_INVARIANTS[id].side === 'client');

const BATCH_RULES = ['client.scenario.not-exercised', ...TRACE_CLIENT_RULES, 'client.batch.complete-early', 'client.batch.failed-output-unread'];

const CAMPAIGN_RULES = ['client.scenario.not-exercised', 'trace.client.poll-too-fast', 'client.campaign.retriggered', 'client.campaign.request-unfollowed'];

// ---------------------------------------------------------------------------------------------------------
// Fault plans

const isStreamingPost = (r: FrontRequest) => r.method === 'POST' && /\/collection\//.test(r.target.split('?')[0]!);

const requestKey = (r: FrontRequest) => createHash('sha256').update(r.target).update('\n').update(r.body).digest('hex');

const unavailableBody = serviceErrorBody(503, 'ServiceUnavailable', 'Service unavailable: retry with exponential back-off.');
const throttledBody = serviceErrorBody(429, 'TooManyRequests', 'Too many requests within the time window.');

/** Each streaming request (by its bytes) is answered 503 `times` times, then reaches the server. */
function unavailable(times: number, retryAfterSeconds?: number): () => FaultPlan {
  return () => {
    const attempts = new Map<string, number>();
    return (request) => {
      if (!isStreamingPost(request)) return undefined;
      const key = requestKey(request);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n > times) return undefined;
      return {
        kind: 'answer',
        status: 503,
        body: unavailableBody,
        ...(retryAfterSeconds !== undefined ? { headers: { 'Retry-After': String(retryAfterSeconds) } } : {}),
        label: `503 ${n} of ${times}${retryAfterSeconds !== undefined ? `, Retry-After ${retryAfterSeconds}` : ''}`,
      };
    };
  };
}

/** The first attempt of every other distinct streaming request (the 1st, 3rd, …) is answered 429 with Retry-After. */
function throttled(retryAfterSeconds: number): FaultPlan {
  const order = new Map<string, number>();
  return (request) => {
    if (!isStreamingPost(request)) return undefined;
    const key = requestKey(request);
    if (order.has(key)) return undefined;
    order.set(key, order.size + 1);
    if (order.size % 2 === 0) return undefined;
    return { kind: 'answer', status: 429, body: throttledBody, headers: { 'Retry-After': String(retryAfterSeconds) }, label: `429, Retry-After ${retryAfterSeconds}` };
  };
}

const isBatchComplete = (r: FrontRequest) => {
  if (r.method !== 'POST') return false;
  const url = new URL(r.target, 'http://front');
  return /\/data\/foundation\/import\/batches\/[^/]+\/?$/.test(url.pathname) && url.searchParams.get('action')?.toUpperCase() === 'COMPLETE';
};

/** The first batch COMPLETE is answered 503 (no Retry-After); the next is answered, slowly. */
function completeSlow(delayMs: number): FaultPlan {
  let completes = 0;
  return (request) => {
    if (!isBatchComplete(request)) return undefined;
    completes++;
    if (completes === 1) return { kind: 'answer', status: 503, body: unavailableBody, label: 'COMPLETE answered 503 once' };
    if (completes === 2) return { kind: 'delay', ms: delayMs, label: `COMPLETE answered after ${delayMs} ms` };
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------------------------
// What the traffic must contain

const streamingTo = (t: ClientTraffic) => t.exchanges.filter((e) => e.streaming?.inletId === t.inletId);

function noStreaming(t: ClientTraffic): string | undefined {
  return streamingTo(t).length === 0 ? `the client sent no request to the streaming endpoint of inlet ${t.inletId}` : undefined;
}

function answeredWith(t: ClientTraffic, what: string, test: (e: ClientTraffic['exchanges'][number]) => boolean): string | undefined {
  const none = noStreaming(t);
  if (none !== undefined) return none;
  return streamingTo(t).some(test) ? undefined : `no streaming request of the client was ${what}`;
}

function batchUploaded(t: ClientTraffic): string | undefined {
  const created = t.exchanges.filter((e) => e.call.kind === 'create-batch' && e.status >= 200 && e.status < 300);
  if (created.length === 0) return 'the client created no batch (POST /data/foundation/import/batches)';
  const uploaded = t.exchanges.some((e) => e.call.kind === 'upload' && e.call.how !== 'file-status');
  return uploaded ? undefined : 'the client uploaded no file into its batch';
}

// ---------------------------------------------------------------------------------------------------------
// The scenarios

const TUTORIAL = (section: string): SourceRef => ({ source: 'streaming-multiple-messages', section });
const STREAMING_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-streaming', section });
const OVERVIEW = (section: string): SourceRef => ({ source: 'batch-overview', section });

const baseEnv = (base: ScenarioBase): ClientEnvironment => ({ AEP_DATASET_ID: base.dataset.dataset.id, AEP_SCHEMA_ID: base.dataset.schema.id });

async function streamingInputs(base: ScenarioBase, opts: Parameters<typeof writeMessages>[3]) {
  return writeMessages(join(base.dir, 'messages.ndjson'), base.world, base.inlet, opts);
}

/** The mapping a Campaign scenario triggers: stays In Progress long enough to be triggered again. */
const CAMPAIGN_MAPPING: CampaignMapping = {
  id: 'CheckClientMapping',
  published: true,
  stopped: true,
  outcome: { status: 'success', numRecords: 15 },
  processingMs: 4_000,
};

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  'streaming.happy': {
    name: 'streaming.happy',
    title: 'Streaming, no faults',
    description:
      'AEP_MESSAGES_FILE holds about 1.3 MB of valid messages, more than one request may carry; a third of them have a long page name in Japanese (three bytes a character in UTF-8). Expected: every request within the profile\'s 1 MB, counted in bytes, and every envelope passing the endpoint rules; every message accepted exactly once.',
    sources: [TUTORIAL('Stream to a dataset'), TUTORIAL('Appendix: response codes')],
    rules: STREAMING_RULES,
    async prepare(base) {
      const messages = await streamingInputs(base, { seed: base.seed, profile: base.profile, minBytes: 1_300_000, multibyte: true });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_MESSAGES_FILE: messages.file }, inputs: messages.inputs };
    },
    exercised: (t) => answeredWith(t, 'answered 207 with an accepted message', (e) => e.streaming!.messages?.some((m) => m.outcome.kind === 'accepted') === true),
  },
  'streaming.partial-failure': {
    name: 'streaming.partial-failure',
    title: 'Streaming, a partial 207',
    description:
      'AEP_MESSAGES_FILE holds valid messages and three with documented faults (another org in imsOrgId, no body, an unknown dataset), answered in the 207 as documented. Expected: accepted messages never sent again; a rejected one never resent unchanged; no valid message lost.',
    sources: [TUTORIAL('Identify failed messages: response')],
    rules: STREAMING_RULES,
    async prepare(base) {
      const messages = await streamingInputs(base, { seed: base.seed, profile: base.profile, count: 20, faults: ['change-org', 'drop-body', 'unknown-dataset'] });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_MESSAGES_FILE: messages.file }, inputs: messages.inputs };
    },
    exercised: (t) => answeredWith(t, 'answered 207 with a rejected entry', (e) => e.streaming!.messages?.some((m) => m.outcome.kind === 'rejected') === true),
  },
  'streaming.unavailable': {
    name: 'streaming.unavailable',
    title: 'Streaming, 503 three times',
    description:
      'Each streaming request (by its bytes) is answered 503 Service Unavailable, without Retry-After, three times, then reaches the server. Expected: at least three retries with growing waits (exponential back-off; jitter tolerated), then success; no message lost or doubled.',
    sources: [TUTORIAL('Appendix: response codes')],
    rules: STREAMING_RULES,
    async prepare(base) {
      const messages = await streamingInputs(base, { seed: base.seed, profile: base.profile, count: 20 });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_MESSAGES_FILE: messages.file }, inputs: messages.inputs, plan: unavailable(3)() };
    },
    exercised: (t) => answeredWith(t, 'answered 503', (e) => e.status === 503),
  },
  'streaming.unavailable-retry-after': {
    name: 'streaming.unavailable-retry-after',
    title: 'Streaming, 503 with Retry-After',
    description:
      'Each streaming request is answered 503 with Retry-After: 1 three times, then reaches the server. Expected: no retry before Retry-After has passed; at least three retries, then success; no message lost or doubled.',
    sources: [TUTORIAL('Appendix: response codes'), STREAMING_OPENAPI('paths./collection/batch/{CONNECTION_ID}.post.responses.503.headers.Retry-After')],
    rules: STREAMING_RULES,
    async prepare(base) {
      const messages = await streamingInputs(base, { seed: base.seed, profile: base.profile, count: 20 });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_MESSAGES_FILE: messages.file }, inputs: messages.inputs, plan: unavailable(3, 1)() };
    },
    exercised: (t) => answeredWith(t, 'answered 503 with Retry-After', (e) => e.status === 503 && e.retryAfterMs !== undefined),
  },
  'streaming.throttled': {
    name: 'streaming.throttled',
    title: 'Streaming, 429 with Retry-After',
    description:
      'AEP_MESSAGES_FILE holds about 1.3 MB of valid messages; the first attempt of every other request is answered 429 Too Many Requests with Retry-After: 1. Expected: no retry before Retry-After has passed; every message accepted exactly once.',
    sources: [TUTORIAL('Appendix: response codes')],
    rules: STREAMING_RULES,
    async prepare(base) {
      const messages = await streamingInputs(base, { seed: base.seed, profile: base.profile, minBytes: 1_300_000 });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_MESSAGES_FILE: messages.file }, inputs: messages.inputs, plan: throttled(1) };
    },
    exercised: (t) => answeredWith(t, 'answered 429', (e) => e.status === 429),
  },
  'streaming.unauthorized': {
    name: 'streaming.unauthorized',
    title: 'Streaming to an authenticated inlet with a token it does not accept',
    description:
      'AEP_INLET_ID names an inlet that requires authentication, and AEP_ACCESS_TOKEN is a token the world does not list: every request is answered 401 or 403. Expected: the same credentials are not sent again (no blind retry of 401/403).',
    sources: [TUTORIAL('Appendix: response codes'), { source: 'http-api-source', section: 'Send data' }],
    // Nothing can be accepted here: loss is the scenario's doing, not the client's.
    rules: STREAMING_RULES.filter((id) => id !== 'client.message.lost'),
    async prepare(base) {
      const inlet: Inlet = {
        id: randomBytes(32).toString('hex'),
        org: base.inlet.org,
        authenticationRequired: true,
        name: 'Authenticated inlet (check-client)',
        tokens: [`listed-${randomBytes(12).toString('hex')}`],
      };
      const world: World = { ...base.world, inlets: [...base.world.inlets, inlet] };
      const messages = await writeMessages(join(base.dir, 'messages.ndjson'), world, inlet, { seed: base.seed, profile: base.profile, count: 10 });
      return { world, inletId: inlet.id, env: { ...baseEnv(base), AEP_INLET_ID: inlet.id, AEP_MESSAGES_FILE: messages.file }, inputs: messages.inputs };
    },
    exercised: (t) => answeredWith(t, 'answered 401 or 403', (e) => e.status === 401 || e.status === 403),
  },
  'batch.happy': {
    name: 'batch.happy',
    title: 'Batch ingestion, no faults',
    description:
      'AEP_BATCH_FILE holds valid JSON records, one per line. Expected: create a batch, upload the file, COMPLETE once every upload succeeded, no upload after COMPLETE, the status polled at a sensible cadence until final.',
    sources: [OVERVIEW('Create a batch'), OVERVIEW('Signal batch complete'), OVERVIEW('Check batch status')],
    rules: BATCH_RULES,
    async prepare(base) {
      const batch = await writeBatchFile(base.dir, base.dataset, { seed: base.seed, records: 20 });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_BATCH_FILE: batch.file }, inputs: { valid: [], faulty: [] } };
    },
    exercised: batchUploaded,
  },
  'batch.failed': {
    name: 'batch.failed',
    title: 'Batch ingestion, a batch that fails',
    description:
      "AEP_BATCH_FILE holds records of which three break the dataset's schema (the documented invalid date-time): the batch ends failed. Expected: the client reads the failed-batch output through the export API (the list of failed files and the files), not only the status.",
    sources: [{ source: 'retrieve-failed-batches', section: 'Retrieve failed batch details' }, OVERVIEW('Batch statuses')],
    rules: BATCH_RULES,
    async prepare(base) {
      const batch = await writeBatchFile(base.dir, base.dataset, { seed: base.seed, records: 12, failing: 3 });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_BATCH_FILE: batch.file }, inputs: { valid: [], faulty: [] } };
    },
    exercised: batchUploaded,
  },
  'batch.complete-slow': {
    name: 'batch.complete-slow',
    title: 'Batch ingestion, COMPLETE answered 503 once, then slowly',
    description:
      'The first batch COMPLETE is answered 503; the next is answered after 1.5 s. COMPLETE is documented as safe to retry. Expected: COMPLETE sent again until answered, and the batch completed.',
    sources: [{ source: 'batch-troubleshooting', section: 'Batch API calls: is it safe to retry CompleteBatch?' }],
    rules: BATCH_RULES,
    async prepare(base) {
      const batch = await writeBatchFile(base.dir, base.dataset, { seed: base.seed, records: 10 });
      return { world: base.world, inletId: base.inlet.id, env: { ...baseEnv(base), AEP_BATCH_FILE: batch.file }, inputs: { valid: [], faulty: [] }, plan: completeSlow(1_500) };
    },
    exercised: (t) => batchUploaded(t) ?? (t.exchanges.some((e) => e.call.kind === 'batch-action' && e.call.action === 'COMPLETE') ? undefined : 'the client never sent a batch COMPLETE'),
  },
  'campaign.in-progress': {
    name: 'campaign.in-progress',
    title: 'Campaign, a trigger while an ingestion request runs',
    description:
      'AEP_CAMPAIGN_MAPPING_ID names a mapping whose ingestion request is already running (for 4 s): a trigger is answered "already in progress" with the running request\'s requestId. Expected: the client follows that request to its end, polling at a sensible cadence, and does not trigger again while it runs.',
    sources: [{ source: 'campaign-triggering-ingestion', section: 'Starting immediate ingestion of a data mapping' }, { source: 'campaign-triggering-ingestion', section: 'Retrieving the status of an ingestion request' }],
    rules: CAMPAIGN_RULES,
    async prepare(base) {
      const world: World = { ...base.world, campaignMappings: [...base.world.campaignMappings.filter((m) => m.id !== CAMPAIGN_MAPPING.id), CAMPAIGN_MAPPING] };
      return {
        world,
        inletId: base.inlet.id,
        env: { ...baseEnv(base), AEP_CAMPAIGN_MAPPING_ID: CAMPAIGN_MAPPING.id },
        inputs: { valid: [], faulty: [] },
        async before(setup) {
          const url = `${setup.url}/${encodeURIComponent(base.inlet.org)}/campaign/dataIngestion/xdmIngestion/${CAMPAIGN_MAPPING.id}/ingest`;
          const answer = await fetch(url, { method: 'POST', headers: setup.headers });
          await answer.arrayBuffer();
          if (answer.status !== 200) throw new Error(`the scenario could not start its Campaign request: ${answer.status}`);
        },
      };
    },
    exercised(t) {
      const triggers = t.exchanges.filter((e) => e.call.kind === 'campaign-trigger');
      if (triggers.length === 0) return `the client never triggered mapping ${CAMPAIGN_MAPPING.id}`;
      return triggers.some((e) => (e.responseJson as { status?: unknown } | undefined)?.status === 'In Progress') ? undefined : 'no trigger of the client was answered "already in progress"';
    },
  },
};
