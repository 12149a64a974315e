/**
 * What every client rule reads: the traffic one scenario recorded, read once into the contract's terms.
 * Streaming requests are parsed into their messages, each with a content key and its `_id`, and each
 * paired with what the answer did to it; batch, Catalog, export and Campaign calls are classified as the
 * trace checker classifies them. The scenario's inputs say which messages were handed over valid and which
 * were handed over faulty on purpose, so that a rule can tell the client's own mistakes from the scenario's.
 *
 * Bodies are held here raw, in memory only; rules say what they found in words, and the reports redact.
 */
import { createHash } from 'node:crypto';
import type { ProfileName } from '../../contract/profiles.js';
import type { SourceRef } from '../../contract/sources.js';
import { classify, type TraceCall, type TraceEntry } from '../../lifecycle/trace/index.js';
import type { Severity } from '../finding.js';
import type { RawFinding } from '../engine.js';
import type { StreamingAnalyser } from '../streaming/analyse.js';
import { streamingCall, type StreamingCall } from '../streaming/call.js';
import type { World } from '../../world/types.js';

/** One exchange as the scenario front recorded it (structurally: the front's record satisfies it). */
export interface ObservedExchange {
  index: number;
  startedMs: number;
  endedMs: number;
  request: { method: string; url: string; headers: readonly { name: string; value: string }[]; body: Buffer };
  response: { status: number; headers: readonly { name: string; value: string }[]; body: Buffer };
  /** Set when the scenario's fault plan, not the reference server, answered or delayed it. */
  fault?: string;
}

/** Answers a client is expected to retry: rate limits and unavailability (the 500 of this endpoint names a payload error). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** What an answer did to one message of a streaming request. */
export type MessageOutcome =
  | { kind: 'accepted'; xactionId: string }
  | { kind: 'rejected'; statusCode: number; text: string }
  /** 429, 502, 503, 504: the message was not taken, and may be sent again. */
  | { kind: 'retryable'; status: number }
  | { kind: 'unauthorized'; status: 401 | 403 }
  | { kind: 'too-large' }
  /** The request was refused as a whole for another reason (400, 404, 500…). */
  | { kind: 'refused'; status: number };

export interface SentMessage {
  /** Position in its request. */
  position: number;
  /** SHA-256 of the message's canonical JSON (keys sorted): the same message, byte for byte in meaning. */
  key: string;
  /** `body.xdmEntity._id`, when it is a string. */
  id?: string;
  value: unknown;
  outcome: MessageOutcome;
}

export interface StreamingExchange {
  endpoint: 'batch' | 'single';
  inletId: string;
  /** Undefined when the body is not JSON or holds no `messages` array. */
  messages?: SentMessage[];
  /** What the analyser (the engine `preflight` and the reference server share) says of the request. */
  findings: RawFinding[];
  refused?: { status: 400 | 413; reason: string };
}

export interface ClientExchange {
  index: number;
  startedMs: number;
  endedMs: number;
  method: string;
  url: URL;
  status: number;
  fault?: string;
  requestBytes: number;
  /** Milliseconds the answer's Retry-After asks for (seconds or an HTTP date), when it has one. */
  retryAfterMs?: number;
  retryAfterRaw?: string;
  /** A hash of the Authorization header sent (never the value), or undefined when none was. */
  credentials?: string;
  streaming?: StreamingExchange;
  /** The trace checker's reading of a batch, Catalog or Campaign call. */
  call: TraceCall;
  responseJson?: unknown;
  requestText: string;
  responseText: string;
  /** As sent and answered: the trace checker reads Content-Range, Content-Type and the gateway headers. */
  requestHeaders: readonly { name: string; value: string }[];
  responseHeaders: readonly { name: string; value: string }[];
}

/** The messages a scenario handed over, by content key and `_id`. */
export interface ScenarioInputs {
  /** Valid messages: each must end accepted exactly once. */
  valid: { key: string; id?: string }[];
  /** Messages faulty on purpose (the scenario's documented faults): rejected as documented, never resent unchanged. */
  faulty: { key: string; id?: string; fault: string }[];
}

export interface ClientTraffic {
  scenario: string;
  profile: ProfileName;
  world: World;
  inletId: string;
  exchanges: ClientExchange[];
  inputs: ScenarioInputs;
  /** Final batch statuses the reference server holds after the command ended, by batch id. */
  batchStatuses: ReadonlyMap<string, string>;
  /** Set by the runner when the traffic never did what the scenario is about: why not. */
  notExercised?: string;
  /** Scratch space for rules that share one expensive reading (the trace checker's run). */
  readonly memo: Map<string, unknown>;
}

/** A violation a rule found: what, and about which exchanges. */
export interface ClientViolation {
  message: string;
  exchanges: number[];
  /** Set by a rule that reports under several ids (the trace checker's invariants). */
  ruleId?: string;
  severity?: Severity;
  docs?: string;
}

export interface ClientRule {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  source: SourceRef;
  check(traffic: ClientTraffic): ClientViolation[];
}

// ---------------------------------------------------------------------------------------------------------
// Reading the recording

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The content key of a message: equal for equal JSON values, whatever the key order or spacing. */
export function messageKey(message: unknown): string {
  return createHash('sha256').update(canonical(message)).digest('hex');
}

/** `body.xdmEntity._id`, the id the platform deduplicates on, when the message has one. */
export function messageId(message: unknown): string | undefined {
  const body = (message as { body?: { xdmEntity?: { _id?: unknown } } } | null)?.body;
  const id = body?.xdmEntity?._id;
  return typeof id === 'string' ? id : undefined;
}

function headerOf(headers: readonly { name: string; value: string }[], name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const h of headers) if (h.name.toLowerCase() === lower) found = h.value;
  return found;
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), as milliseconds from the answer. */
export function retryAfterMs(raw: string | undefined, answeredAt: number): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - answeredAt);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function outcomesOf(status: number, answer: unknown, count: number, endpoint: 'batch' | 'single'): MessageOutcome[] {
  const all = (o: MessageOutcome) => Array.from({ length: count }, () => o);
  if (RETRYABLE_STATUSES.has(status)) return all({ kind: 'retryable', status });
  if (status === 401 || status === 403) return all({ kind: 'unauthorized', status });
  if (status === 413) return all({ kind: 'too-large' });
  if (endpoint === 'single') {
    const xactionId = (answer as { xactionId?: unknown } | undefined)?.xactionId;
    if (status === 200 && typeof xactionId === 'string') return [{ kind: 'accepted', xactionId }];
    if (status === 400) return [{ kind: 'rejected', statusCode: 400, text: JSON.stringify(answer ?? '') }];
    return all({ kind: 'refused', status });
  }
  const responses = (answer as { responses?: unknown } | undefined)?.responses;
  if (status !== 207 || !Array.isArray(responses)) return all({ kind: 'refused', status });
  return Array.from({ length: count }, (_, i): MessageOutcome => {
    const entry = responses[i] as { xactionId?: unknown; statusCode?: unknown; message?: unknown } | undefined;
    if (entry !== undefined && typeof entry.statusCode === 'number') {
      return { kind: 'rejected', statusCode: entry.statusCode, text: typeof entry.message === 'string' ? entry.message : '' };
    }
    if (entry !== undefined && typeof entry.xactionId === 'string') return { kind: 'accepted', xactionId: entry.xactionId };
    // An answer with fewer entries than messages: the message's fate is unknown, so it counts as not taken.
    return { kind: 'refused', status };
  });
}

function readStreaming(
  target: StreamingCall,
  body: Buffer,
  status: number,
  answer: unknown,
  analyser: StreamingAnalyser | undefined,
): StreamingExchange {
  let text = body.toString('utf8');
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const root = parseJson(text);
  const findings: RawFinding[] = [];
  const result: StreamingExchange = { ...target, findings };
  const list = target.endpoint === 'batch' ? (root as { messages?: unknown } | undefined)?.messages : root === undefined ? undefined : [root];
  if (analyser !== undefined) {
    const shape = target.endpoint === 'batch' ? 'request' : 'message';
    const verdict = analyser.analyseRequest(
      root === undefined ? { shape, bytes: body.length, bom, root, syntaxError: { message: 'the body is not JSON', line: 1, column: 1 } } : { shape, bytes: body.length, bom, root },
      findings,
    );
    if (verdict.refused) result.refused = verdict.refused;
  }
  if (!Array.isArray(list)) return result;
  const outcomes = outcomesOf(status, answer, list.length, target.endpoint);
  result.messages = list.map((value, position) => {
    if (analyser !== undefined && result.refused === undefined) {
      analyser.analyseMessage(value, position, target.endpoint === 'batch' ? `/messages/${position}` : '', body.length, findings);
    }
    const id = messageId(value);
    return { position, key: messageKey(value), ...(id !== undefined ? { id } : {}), value, outcome: outcomes[position]! };
  });
  return result;
}

export interface ReadTrafficOptions {
  scenario: string;
  profile: ProfileName;
  world: World;
  inletId: string;
  inputs: ScenarioInputs;
  batchStatuses?: ReadonlyMap<string, string>;
  /** The analyser for an inlet of the world; undefined for an inlet the world does not have. */
  analyser(inletId: string): StreamingAnalyser | undefined;
}

export function readTraffic(recorded: readonly ObservedExchange[], opts: ReadTrafficOptions): ClientTraffic {
  const ordered = [...recorded].sort((a, b) => a.startedMs - b.startedMs || a.index - b.index);
  const exchanges = ordered.map((raw, index): ClientExchange => {
    const url = new URL(raw.request.url);
    const requestText = raw.request.body.toString('utf8');
    const responseText = raw.response.body.toString('utf8');
    const responseJson = parseJson(responseText);
    const retryRaw = headerOf(raw.response.headers, 'retry-after');
    const retry = retryAfterMs(retryRaw, raw.endedMs);
    const authorization = headerOf(raw.request.headers, 'authorization');
    const exchange: ClientExchange = {
      index,
      startedMs: raw.startedMs,
      endedMs: raw.endedMs,
      method: raw.request.method.toUpperCase(),
      url,
      status: raw.response.status,
      requestBytes: raw.request.body.length,
      call: { kind: 'other' },
      responseJson,
      requestText,
      responseText,
      requestHeaders: raw.request.headers,
      responseHeaders: raw.response.headers,
      ...(raw.fault !== undefined ? { fault: raw.fault } : {}),
      ...(retry !== undefined ? { retryAfterMs: retry, retryAfterRaw: retryRaw } : {}),
      ...(authorization !== undefined ? { credentials: createHash('sha256').update(authorization).digest('hex').slice(0, 16) } : {}),
    };
    const target = streamingCall(exchange.method, url);
    if (target !== undefined) {
      exchange.streaming = readStreaming(target, raw.request.body, exchange.status, responseJson, opts.analyser(target.inletId));
    } else {
      exchange.call = classify(traceEntryOf(exchange), opts.profile);
    }
    return exchange;
  });
  return {
    scenario: opts.scenario,
    profile: opts.profile,
    world: opts.world,
    inletId: opts.inletId,
    exchanges,
    inputs: opts.inputs,
    batchStatuses: opts.batchStatuses ?? new Map(),
    memo: new Map(),
  };
}

/** The exchange as the trace checker reads a HAR entry. */
export function traceEntryOf(exchange: ClientExchange): TraceEntry {
  return {
    index: exchange.index,
    startedDateTime: new Date(exchange.startedMs).toISOString(),
    startedMs: exchange.startedMs,
    method: exchange.method,
    url: exchange.url,
    status: exchange.status,
    requestHeaders: [...exchange.requestHeaders],
    responseHeaders: [...exchange.responseHeaders],
    requestBody: { text: exchange.requestText, bytes: exchange.requestBytes },
    responseBody: exchange.responseText,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Readings several rules share

/** Every sending of messages to the streaming endpoints, in order, with the exchange it was in. */
export function sentMessages(traffic: ClientTraffic): { exchange: ClientExchange; message: SentMessage }[] {
  const out: { exchange: ClientExchange; message: SentMessage }[] = [];
  for (const exchange of traffic.exchanges) for (const message of exchange.streaming?.messages ?? []) out.push({ exchange, message });
  return out;
}

/**
 * The attempts at one message: every exchange that carried it (by content key), split into episodes. An
 * episode ends at an answer that is not retryable; the attempts inside it are the first try and its retries.
 */
export interface Episode {
  key: string;
  attempts: { exchange: ClientExchange; message: SentMessage }[];
  /** The last attempt's answer was retryable and nothing followed: the client gave up on it. */
  abandoned: boolean;
}

export function episodes(traffic: ClientTraffic): Episode[] {
  const memo = traffic.memo.get('episodes') as Episode[] | undefined;
  if (memo !== undefined) return memo;
  const byKey = new Map<string, { exchange: ClientExchange; message: SentMessage }[]>();
  for (const sent of sentMessages(traffic)) {
    const list = byKey.get(sent.message.key) ?? [];
    list.push(sent);
    byKey.set(sent.message.key, list);
  }
  const found: Episode[] = [];
  for (const [key, sends] of byKey) {
    let current: Episode | undefined;
    for (const sent of sends) {
      if (current === undefined) current = { key, attempts: [], abandoned: false };
      current.attempts.push(sent);
      if (sent.message.outcome.kind !== 'retryable') {
        found.push(current);
        current = undefined;
      }
    }
    if (current !== undefined) found.push({ ...current, abandoned: true });
  }
  traffic.memo.set('episodes', found);
  return found;
}

/** Milliseconds between an answer and the next attempt: the wait a client chose. */
export const waitBetween = (earlier: ClientExchange, later: ClientExchange): number => later.startedMs - earlier.endedMs;

/** `#3, #4 and #7`: exchange indices as the reports show them. */
export function exchangeList(indices: readonly number[]): string {
  const shown = [...new Set(indices)].sort((a, b) => a - b).map((i) => `#${i}`);
  if (shown.length <= 1) return shown.join('');
  if (shown.length > 6) return `${shown.slice(0, 5).join(', ')} and ${shown.length - 5} more`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** Whether the client sent any of the scenario's input messages (by content or `_id`): a client may bring its own data. */
export function usedInputs(traffic: ClientTraffic): boolean {
  const keys = new Set([...traffic.inputs.valid, ...traffic.inputs.faulty].map((m) => m.key));
  const ids = new Set([...traffic.inputs.valid, ...traffic.inputs.faulty].flatMap((m) => (m.id === undefined ? [] : [m.id])));
  return sentMessages(traffic).some(({ message }) => keys.has(message.key) || (message.id !== undefined && ids.has(message.id)));
}
