/**
 * The client driven by the environment `check-client` (and `useReferenceServer`) hands over
 * (CLIENT_ENVIRONMENT): `clientFromEnv` builds an `AepClient` from it, and `runClientFromEnv` does each job
 * it names: AEP_MESSAGES_FILE (NDJSON, one message a line) sent to the inlet, AEP_BATCH_FILE ingested into
 * AEP_DATASET_ID, AEP_CAMPAIGN_MAPPING_ID triggered and followed. The summary it returns holds no credential.
 */
import { readFile } from 'node:fs/promises';
import type { BatchStatus } from '../contract/batch.js';
import type { CampaignRequestStatus } from '../contract/campaign.js';
import { formatOfName } from './batch.js';
import { AepClient, type AepClientOptions } from './client.js';
import type { ClientEnvironment, ClientVariable } from './environment.js';
import type { FailedRecord } from './failed-records.js';

/** An AepClient for the environment's URLs, ids and credentials; `options` adds or overrides the rest. */
export function clientFromEnv(env: ClientEnvironment | NodeJS.ProcessEnv, options: AepClientOptions = {}): AepClient {
  const e = env as ClientEnvironment;
  const set = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const from: AepClientOptions = {};
  const pairs: [keyof AepClientOptions, ClientVariable][] = [
    ['streamingUrl', 'AEP_STREAMING_URL'],
    ['platformUrl', 'AEP_PLATFORM_URL'],
    ['campaignUrl', 'AEP_CAMPAIGN_URL'],
    ['inletId', 'AEP_INLET_ID'],
    ['orgId', 'AEP_ORG_ID'],
    ['sandboxName', 'AEP_SANDBOX_NAME'],
    ['accessToken', 'AEP_ACCESS_TOKEN'],
    ['apiKey', 'AEP_API_KEY'],
  ];
  for (const [option, variable] of pairs) {
    const value = set(e[variable]);
    if (value !== undefined) (from as Record<string, unknown>)[option] = value;
  }
  return new AepClient({ ...from, ...options });
}

export interface StreamingSummary {
  file: string;
  /** Non-empty lines of the file. */
  messages: number;
  requests: number;
  accepted: number;
  /** Messages the 207 rejected, with the documented text: the caller's to fix. */
  rejected: { line: number; statusCode: number; message: string }[];
  /** Messages neither accepted nor rejected: not JSON, too large, failed or not sent. */
  notAccepted: { line: number; status: string; reason: string }[];
  error?: string;
}

export interface BatchSummary {
  file: string;
  batchId?: string;
  status?: BatchStatus;
  statusAsWritten?: string;
  completed: boolean;
  aborted: boolean;
  failedFiles: string[];
  failedRecords: FailedRecord[];
  error?: string;
}

export interface CampaignSummary {
  mappingId: string;
  trigger?: 'submitted' | 'already-in-progress' | 'refused';
  requestId?: number | string;
  status?: CampaignRequestStatus;
  info?: string;
  numRecords?: number;
  error?: string;
}

export interface ClientRunSummary {
  scenario?: string;
  streaming?: StreamingSummary;
  batch?: BatchSummary;
  campaign?: CampaignSummary;
  /**
   * Every job handed over was carried out as documented. Rejected messages, messages too large to send
   * and a batch that ended failed are reported, not failures; giving up (retries exhausted, 401/403, an
   * upload that failed, a refused trigger, a deadline) is.
   */
  ok: boolean;
  /** Why `ok` is false, one line each. */
  problems: string[];
}

export interface RunClientOptions {
  /** Progress lines; none carries a credential. */
  log?: (line: string) => void;
  /** Options for the client on top of the environment's (fetch, sleep, retry…), mostly for tests. */
  client?: AepClientOptions;
}

function missing(env: ClientEnvironment, names: readonly ClientVariable[]): string[] {
  return names.filter((n) => env[n] === undefined || env[n] === '');
}

/** The messages of an NDJSON file with their line numbers; a line that is not JSON is kept as such. */
export async function readMessagesFile(path: string): Promise<{ line: number; value?: unknown; error?: string }[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const out: { line: number; value?: unknown; error?: string }[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: k + 1, value: JSON.parse(raw) as unknown });
    } catch (error) {
      out.push({ line: k + 1, error: `line ${k + 1} is not JSON (${error instanceof Error ? error.message : String(error)})` });
    }
  });
  return out;
}

async function runStreaming(client: AepClient, file: string, problems: string[]): Promise<StreamingSummary> {
  const summary: StreamingSummary = { file, messages: 0, requests: 0, accepted: 0, rejected: [], notAccepted: [] };
  let lines: Awaited<ReturnType<typeof readMessagesFile>>;
  try {
    lines = await readMessagesFile(file);
  } catch (error) {
    summary.error = `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
    problems.push(summary.error);
    return summary;
  }
  summary.messages = lines.length;
  const sendable = lines.filter((l) => l.error === undefined);
  for (const l of lines) if (l.error !== undefined) summary.notAccepted.push({ line: l.line, status: 'not-sent', reason: l.error });
  const result = await client.sendMessages(sendable.map((l) => l.value));
  summary.requests = result.requests;
  summary.accepted = result.accepted;
  for (const r of result.results) {
    const line = sendable[r.index]!.line;
    if (r.status === 'accepted') continue;
    if (r.status === 'rejected') summary.rejected.push({ line, statusCode: r.statusCode, message: r.message });
    else summary.notAccepted.push({ line, status: r.status, reason: r.reason });
  }
  summary.notAccepted.sort((a, b) => a.line - b.line);
  if (result.error !== undefined) {
    summary.error = result.error.message;
    problems.push(`streaming: ${result.error.message}`);
  }
  return summary;
}

export async function runClientFromEnv(env: ClientEnvironment | NodeJS.ProcessEnv, options: RunClientOptions = {}): Promise<ClientRunSummary> {
  const e = env as ClientEnvironment;
  const problems: string[] = [];
  const summary: ClientRunSummary = { ok: true, problems, ...(e.AEP_SCENARIO ? { scenario: e.AEP_SCENARIO } : {}) };
  const client = clientFromEnv(e, { ...(options.log ? { logger: options.log } : {}), ...options.client });

  if (e.AEP_MESSAGES_FILE) {
    const absent = missing(e, ['AEP_STREAMING_URL', 'AEP_INLET_ID']);
    if (absent.length > 0) problems.push(`streaming: ${absent.join(', ')} not set`);
    else summary.streaming = await runStreaming(client, e.AEP_MESSAGES_FILE, problems);
  }

  if (e.AEP_BATCH_FILE) {
    const file = e.AEP_BATCH_FILE;
    const absent = missing(e, ['AEP_PLATFORM_URL', 'AEP_DATASET_ID', 'AEP_ACCESS_TOKEN', 'AEP_API_KEY', 'AEP_ORG_ID', 'AEP_SANDBOX_NAME']);
    if (absent.length > 0) problems.push(`batch: ${absent.join(', ')} not set`);
    else {
      // The format from the extension; the environment documents JSON records one per line otherwise.
      const result = await client.ingestBatchFile({ datasetId: e.AEP_DATASET_ID!, file, format: formatOfName(file) ?? 'json' });
      summary.batch = {
        file,
        completed: result.completed,
        aborted: result.aborted,
        failedFiles: result.failedFiles,
        failedRecords: result.failedRecords,
        ...(result.batchId !== undefined ? { batchId: result.batchId } : {}),
        ...(result.status !== undefined ? { status: result.status } : {}),
        ...(result.statusAsWritten !== undefined ? { statusAsWritten: result.statusAsWritten } : {}),
        ...(result.error !== undefined ? { error: result.error.message } : {}),
      };
      if (result.error !== undefined) problems.push(`batch: ${result.error.message}`);
    }
  }

  if (e.AEP_CAMPAIGN_MAPPING_ID) {
    const mappingId = e.AEP_CAMPAIGN_MAPPING_ID;
    const absent = missing(e, ['AEP_CAMPAIGN_URL', 'AEP_ORG_ID', 'AEP_ACCESS_TOKEN', 'AEP_API_KEY']);
    if (absent.length > 0) problems.push(`campaign: ${absent.join(', ')} not set`);
    else {
      const result = await client.triggerCampaign(mappingId);
      const { error, ...rest } = result;
      summary.campaign = { ...rest, ...(error !== undefined ? { error: error.message } : {}) };
      if (error !== undefined) problems.push(`campaign: ${error.message}`);
    }
  }

  summary.ok = problems.length === 0;
  return summary;
}
