/**
 * Streaming ingestion: `POST /collection/batch/{CONNECTION_ID}` (207, one entry per message) and
 * `POST /collection/{CONNECTION_ID}` (one message, optional `?syncValidation=true`). Every verdict comes
 * from the rule engine under the server's profile; this module only speaks HTTP and stores what passed.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DCCS_PROBLEMS,
  DCCS_PROBLEM_TYPES,
  MAX_VALIDATION_ERRORS,
  pick,
  problemMessage,
  SYNC_VALIDATION,
  violationsFound,
} from '../../contract/streaming.js';
import { findSyntaxError } from '../../parse/syntax.js';
import type { PredictedMessage, WireResponseEntry } from '../../report/model.js';
import type { StreamingAnalyser } from '../../rules/streaming/analyse.js';
import type { RawFinding } from '../../rules/engine.js';
import type { Route } from '../app.js';
import type { ServerContext } from '../context.js';
import { header, readBody, refuseTooLarge, sendJson } from '../http.js';
import { storeAccepted, type AcceptedMessage } from '../streaming-batches.js';
import { elementSpans, parseByMessage, SpanScanError, valueSpan } from '../streaming-spans.js';

type Params = Record<string, string | undefined>;

function problem(type: string, status: number | string, title: string, message: string, cause?: unknown): Record<string, unknown> {
  return { type, status, title, report: cause === undefined ? { message } : { message, cause } };
}

interface Admitted {
  analyser: StreamingAnalyser;
  inletId: string;
  org: string;
  body: Buffer;
}

/** Inlet, authentication and size: what is decided before a message is read. */
async function admit(req: IncomingMessage, res: ServerResponse, params: Params, ctx: ServerContext): Promise<Admitted | null> {
  const inletId = params['connectionId'] ?? '';
  const analyser = ctx.analyser(inletId);
  if (analyser === undefined) {
    // No source shows this answer; the shape is the service's problem body, the status the usual 404.
    sendJson(res, 404, problem(DCCS_PROBLEM_TYPES.inlet, 404, 'Inlet not found', `inletId: [${inletId}] is not a streaming connection of this server`));
    return null;
  }
  const inlet = analyser.inlet;
  if (inlet.authenticationRequired) {
    const authorization = header(req, 'authorization');
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) {
      const p = DCCS_PROBLEMS.tokenMissing;
      sendJson(res, 401, problem(p.type, p.status, p.title, `[${inlet.id}] ${p.messageText}`));
      return null;
    }
    if (!(inlet.tokens ?? []).includes(token)) {
      const status = pick(ctx.profile, 'streaming.invalidToken.status').value;
      const p = DCCS_PROBLEMS.tokenInvalid;
      sendJson(res, status, problem(p.type, String(status), p.title, `[${inlet.id}] ${p.messageText}`));
      return null;
    }
  }
  const body = await readBody(req, analyser.limit);
  if (!body.ok) {
    refuseTooLarge(
      res,
      problem(DCCS_PROBLEM_TYPES.inlet, 413, 'Payload Too Large', problemMessage(inlet.id, inlet.org, `The payload is larger than ${analyser.limit} bytes.`)),
    );
    return null;
  }
  return { analyser, inletId: inlet.id, org: inlet.org, body: body.bytes };
}

interface ParsedBody {
  root: unknown;
  bom: boolean;
  /** The messages' byte spans, when the body was parsed message by message. */
  spans?: number[];
  syntaxError?: { message: string; line: number; column: number };
}

function parseBody(bytes: Buffer, byMessage = false): ParsedBody {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const content = bom ? bytes.subarray(3) : bytes;
  // Pure ASCII (most payloads) is copied as latin1 into a one-byte string, with no UTF-8 decoding; otherwise
  // isUtf8 + toString, several times cheaper than a fatal TextDecoder on large bodies.
  const ascii = isAscii(content);
  if (!ascii && !isUtf8(content)) return { root: undefined, bom, syntaxError: { message: 'the body is not valid UTF-8', line: 1, column: 1 } };
  if (byMessage) {
    const parsed = parseByMessage(bytes, bom ? 3 : 0, ascii);
    if (parsed !== undefined) return { root: parsed.root, bom, spans: parsed.spans };
  }
  let text: string;
  if (ascii) text = content.toString('latin1');
  else if (isUtf8(content)) text = content.toString('utf8');
  else return { root: undefined, bom, syntaxError: { message: 'the body is not valid UTF-8', line: 1, column: 1 } };
  try {
    return { root: JSON.parse(text), bom };
  } catch {
    const found = findSyntaxError(text) ?? { message: 'the body is not JSON', line: 1, column: 1 };
    return { root: undefined, bom, syntaxError: { message: found.message, line: found.line, column: found.column } };
  }
}

/** The request-level verdict, answered here when the whole request is refused. */
function refused(res: ServerResponse, admitted: Admitted, parsed: ParsedBody, shape: 'request' | 'message'): boolean {
  const raw: RawFinding[] = [];
  const input = { shape, bytes: admitted.body.length, bom: parsed.bom, root: parsed.root };
  const verdict = admitted.analyser.analyseRequest(parsed.syntaxError ? { ...input, syntaxError: parsed.syntaxError } : input, raw);
  if (!verdict.refused) return false;
  const { status, reason } = verdict.refused;
  const title = status === 413 ? 'Payload Too Large' : 'Bad Request';
  sendJson(res, status, problem(DCCS_PROBLEM_TYPES.inlet, status, title, problemMessage(admitted.inletId, admitted.org, reason)));
  return true;
}

async function batchEndpoint(req: IncomingMessage, res: ServerResponse, params: Params, _query: URLSearchParams, ctx: ServerContext): Promise<void> {
  // `syncValidation` is documented as unavailable on this endpoint: it is ignored here, as there.
  const admitted = await admit(req, res, params, ctx);
  if (admitted === null) return;
  const parsed = parseBody(admitted.body, true);
  if (refused(res, admitted, parsed, 'request')) return;

  const receivedTimeMs = ctx.clock.now();
  const batchId = ctx.ids.collectionBatchId(receivedTimeMs);
  const messages = (parsed.root as { messages: unknown[] }).messages;
  const responses: WireResponseEntry[] = [];
  const accepted: AcceptedMessage[] = [];
  const scratch: RawFinding[] = [];
  // Where each message's bytes are, found once; accepted messages are stored as those bytes.
  const spans = parsed.spans ?? elementSpans(admitted.body, parsed.bom ? 3 : 0);
  if (spans === undefined || spans.length !== 2 * messages.length) {
    throw new SpanScanError(`the body's messages were not found where JSON.parse found ${messages.length}`);
  }
  for (let i = 0; i < messages.length; i++) {
    const verdict = admitted.analyser.analyseMessage(messages[i], i, `/messages/${i}`, admitted.body.length, scratch);
    scratch.length = 0;
    if (verdict.outcome === 'rejected') {
      responses.push({ statusCode: 400, message: verdict.message });
      continue;
    }
    const xactionId = `${batchId}:${i}`;
    responses.push({ xactionId });
    accepted.push({ xactionId, message: messages[i], start: spans[2 * i]!, end: spans[2 * i + 1]!, verdict });
  }
  // Answer only once what was accepted is stored: an acknowledged message is never lost, and a request
  // whose store fails is answered with an error with nothing of it stored.
  await storeAccepted(ctx, admitted.analyser, admitted.body, receivedTimeMs, accepted);
  sendJson(res, 207, { inletId: admitted.inletId, batchId, receivedTimeMs, responses });
}

const syncWindows = new WeakMap<ServerContext, Map<string, number[]>>();

/** At most 60 sync-validation requests a minute per connection, as documented; time comes from the clock. */
function overSyncLimit(ctx: ServerContext, inletId: string): boolean {
  let windows = syncWindows.get(ctx);
  if (windows === undefined) syncWindows.set(ctx, (windows = new Map()));
  const now = ctx.clock.now();
  const recent = (windows.get(inletId) ?? []).filter((t) => now - t < 60_000);
  if (recent.length >= SYNC_VALIDATION.requestsPerMinute) {
    windows.set(inletId, recent);
    return true;
  }
  recent.push(now);
  windows.set(inletId, recent);
  return false;
}

async function singleEndpoint(req: IncomingMessage, res: ServerResponse, params: Params, query: URLSearchParams, ctx: ServerContext): Promise<void> {
  const sync = query.get(SYNC_VALIDATION.parameter)?.toLowerCase() === 'true';
  const admitted = await admit(req, res, params, ctx);
  if (admitted === null) return;
  if (sync && overSyncLimit(ctx, admitted.inletId)) {
    sendJson(res, 429, problem(DCCS_PROBLEM_TYPES.inlet, 429, 'Too Many Requests', `synchronous validation is limited to ${SYNC_VALIDATION.requestsPerMinute} requests a minute per connection`));
    return;
  }
  const parsed = parseBody(admitted.body);
  if (refused(res, admitted, parsed, 'message')) return;

  const receivedTimeMs = ctx.clock.now();
  const xactionId = ctx.ids.collectionBatchId(receivedTimeMs);
  const verdict: PredictedMessage = admitted.analyser.analyseMessage(parsed.root, 0, '', admitted.body.length, []);
  const invalid = DCCS_PROBLEMS.invalidXdm;
  if (verdict.outcome === 'rejected') {
    sendJson(res, 400, problem(invalid.type, 400, invalid.title, verdict.message));
    return;
  }
  if (sync && verdict.streamingValidation.status === 'fail') {
    const errors = verdict.streamingValidation.errors.slice(0, MAX_VALIDATION_ERRORS.value);
    const cause = {
      _streamingValidation: [
        {
          schemaLocation: '#',
          pointerToViolation: '#',
          causingExceptions: errors.map((e) => ({ ...e, causingExceptions: [] })),
          message: violationsFound(errors.length),
        },
      ],
    };
    sendJson(res, 400, problem(invalid.type, invalid.status, invalid.title, problemMessage(admitted.inletId, admitted.org, invalid.messageText), cause));
    return;
  }
  const [start, end] = valueSpan(admitted.body, parsed.bom ? 3 : 0);
  await storeAccepted(ctx, admitted.analyser, admitted.body, receivedTimeMs, [{ xactionId, message: parsed.root, start, end, verdict }]);
  sendJson(res, 200, {
    inletId: admitted.inletId,
    xactionId,
    receivedTimeMs,
    syncValidation: sync ? { status: 'pass' } : { skipped: true },
  });
}

export const streamingRoutes: Route[] = [
  { method: 'POST', path: '/collection/batch/:connectionId', handler: batchEndpoint },
  { method: 'POST', path: '/collection/:connectionId', handler: singleEndpoint },
];
