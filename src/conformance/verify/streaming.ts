/**
 * Generated streaming traffic against a target: valid requests of 1 to 500 messages are accepted entry by
 * entry; requests with named mutations get exactly the verdicts the mutations carry; requests on either
 * side of the size limit get 413 or 207; bodies that are not JSON, or JSON but not a `{"messages": [ … ]}`
 * envelope, get 400; a valid single message gets 200. The expected answers come from
 * the generators (src/generate), never from the rule engine.
 */
import fc from 'fast-check';
import type { BehaviourId } from '../../contract/behaviours.js';
import { documentedMessage, STREAMING_ENDPOINTS, XACTION_ID } from '../../contract/streaming.js';
import {
  expectedEntry,
  mutatedRequest,
  realiseMutatedRequest,
  REQUEST_MESSAGES_MAX,
  sizedRequest,
  validMessage,
  validRequest,
  type ExpectedEntry,
  type ExpectedVerdict,
  type MutatedRequestPlan,
  type SizedRequestCase,
  type StreamingMessage,
  type StreamingRequest,
} from '../../generate/index.js';
import type { VerifyContext } from './context.js';
import { fieldsOf, shown, type Answer } from './http.js';
import { runnable, type CaseLog, type RunnableProperty, type VerifyProperty } from './property.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function batchPath(ctx: VerifyContext): string {
  return STREAMING_ENDPOINTS.batch.path.replace('{CONNECTION_ID}', ctx.inlet.id);
}

function singlePath(ctx: VerifyContext): string {
  return STREAMING_ENDPOINTS.single.path.replace('{CONNECTION_ID}', ctx.inlet.id);
}

function send(ctx: VerifyContext, path: string, body: unknown): Promise<Answer> {
  return ctx.http.call('POST', path, { body: JSON.stringify(body), headers: JSON_HEADERS });
}

/** The 207 body's parts, once its shape is checked; the case ends when the shape is wrong. */
interface MultiStatus {
  batchId: string;
  responses: unknown[];
}

function readMultiStatus(ctx: VerifyContext, log: CaseLog, answer: Answer, messages: number, subject: string): MultiStatus {
  log.require('streaming.batch.status-207', answer.status === 207, `${subject}: status`, 207, shown(answer));
  const body = fieldsOf(answer.json);
  const batchId = body?.['batchId'];
  const responses = body?.['responses'];
  const receivedTimeMs = body?.['receivedTimeMs'];
  const shaped =
    body !== undefined &&
    body['inletId'] === ctx.inlet.id &&
    typeof batchId === 'string' &&
    batchId !== '' &&
    (typeof receivedTimeMs === 'number' || (typeof receivedTimeMs === 'string' && /^\d+$/.test(receivedTimeMs))) &&
    Array.isArray(responses);
  log.require(
    'streaming.batch.body-shape',
    shaped,
    `${subject}: 207 body`,
    `{inletId: "${ctx.inlet.id}", batchId, receivedTimeMs, responses: [...]}`,
    answer.text.slice(0, 300),
  );
  const list = responses as unknown[];
  log.require('streaming.batch.one-entry-per-message', list.length === messages, `${subject}: responses has one entry per message`, messages, list.length);
  return { batchId: batchId as string, responses: list };
}

/**
 * The entries are the expected ones in another order: a fault of order (one entry per message, in the
 * order of the messages), not of the entries themselves. The case ends there.
 */
function requireInOrder(log: CaseLog, subject: string, expected: readonly ExpectedEntry[], responses: readonly unknown[]): void {
  const key = (entry: unknown) => JSON.stringify(entry, Object.keys(fieldsOf(entry) ?? {}).sort());
  const wanted = expected.map(key);
  const got = responses.map(key);
  const inOrder = wanted.every((w, i) => w === got[i]);
  const permuted = !inOrder && [...wanted].sort().join('\n') === [...got].sort().join('\n');
  if (permuted) {
    const first = wanted.findIndex((w, i) => w !== got[i]);
    log.require('streaming.batch.one-entry-per-message', false, `${subject}: entries in the order of the messages`, `entry ${first}: ${wanted[first]}`, `entry ${first}: ${got[first]}`);
  }
}

/** The behaviour a verdict's entry exercises. */
function behaviourOf(verdict: ExpectedVerdict, ctx: VerifyContext): BehaviourId {
  if (verdict.kind === 'error-batch') return 'streaming.message.error-batch';
  if (verdict.kind === 'accepted') return 'streaming.batch.xaction-id';
  return verdict.message === documentedMessage('absentOrWrongImsOrg', ctx.inlet.id, ctx.inlet.org) ? 'streaming.message.wrong-ims-org' : 'streaming.message.unknown-xdm-format';
}

/** Whether an entry is exactly the expected one: the expected fields with their values, and no verdict of the other kind. */
function entryMatches(actual: unknown, expected: ExpectedEntry): boolean {
  const fields = fieldsOf(actual);
  if (fields === undefined) return false;
  if ('xactionId' in expected) return fields['xactionId'] === expected.xactionId && fields['statusCode'] === undefined;
  return fields['statusCode'] === expected.statusCode && fields['message'] === expected.message && fields['xactionId'] === undefined;
}

export function validRequestsProperty(ctx: VerifyContext): VerifyProperty<StreamingRequest> {
  return {
    name: 'streaming.valid-requests',
    group: 'streaming',
    behaviour: 'streaming.batch.valid-accepted',
    runs: ctx.runs,
    arbitrary: validRequest(ctx.world, ctx.inlet, { profile: ctx.profile, maxMessages: REQUEST_MESSAGES_MAX, messageCap: REQUEST_MESSAGES_MAX }),
    async examine(request, log) {
      const subject = `${STREAMING_ENDPOINTS.batch.method} ${batchPath(ctx)} with ${request.messages.length} valid messages`;
      const { batchId, responses } = readMultiStatus(ctx, log, await send(ctx, batchPath(ctx), request), request.messages.length, subject);
      requireInOrder(log, subject, request.messages.map((_, i) => ({ xactionId: XACTION_ID.format(batchId, i) })), responses);
      const rejected = responses.findIndex((entry) => fieldsOf(entry)?.['statusCode'] !== undefined);
      log.check('streaming.batch.valid-accepted', rejected < 0, `${subject}: every message accepted`, 'no statusCode in any entry', rejected < 0 ? undefined : `entry ${rejected}: ${JSON.stringify(responses[rejected])}`);
      const wrongId = responses.findIndex((entry, i) => fieldsOf(entry)?.['xactionId'] !== XACTION_ID.format(batchId, i));
      log.check(
        'streaming.batch.xaction-id',
        wrongId < 0,
        `${subject}: xactionIds are <batchId>:<index>`,
        wrongId < 0 ? undefined : `entry ${wrongId}: {"xactionId":"${XACTION_ID.format(batchId, wrongId)}"}`,
        wrongId < 0 ? undefined : JSON.stringify(responses[wrongId]),
      );
    },
    summarise: (request) => ({ messages: request.messages.length, request }),
  };
}

export function mutatedRequestsProperty(ctx: VerifyContext): VerifyProperty<MutatedRequestPlan> {
  return {
    name: 'streaming.mutated-requests',
    group: 'streaming',
    behaviour: 'streaming.batch.status-207',
    runs: ctx.runs,
    arbitrary: mutatedRequest(ctx.world, ctx.inlet, { profile: ctx.profile }),
    async examine(plan, log) {
      const realised = realiseMutatedRequest(plan, ctx.world, ctx.inlet, ctx.profile);
      // A shrunk plan whose message no longer admits its mutation is not the case that failed: skip it.
      fc.pre(realised !== undefined);
      const { request, mutations, verdicts } = realised!;
      const subject = `${STREAMING_ENDPOINTS.batch.method} ${batchPath(ctx)} with ${request.messages.length} messages (mutated: ${mutations
        .map((m, i) => (m === undefined ? undefined : `${i} ${m}`))
        .filter((m) => m !== undefined)
        .join(', ')})`;
      const { batchId, responses } = readMultiStatus(ctx, log, await send(ctx, batchPath(ctx), request), request.messages.length, subject);
      const expected = verdicts.map((v, i) => expectedEntry(v, batchId, i));
      requireInOrder(log, subject, expected, responses);
      verdicts.forEach((verdict, i) => {
        const what = mutations[i] === undefined ? 'valid message' : `mutation ${mutations[i]}`;
        log.check(behaviourOf(verdict, ctx), entryMatches(responses[i], expected[i]!), `${subject}: entry ${i} (${what})`, expected[i], responses[i]);
      });
    },
    summarise: (plan) => {
      const realised = realiseMutatedRequest(plan, ctx.world, ctx.inlet, ctx.profile);
      return realised === undefined ? plan : { mutations: realised.mutations, verdicts: realised.verdicts, request: realised.request };
    },
  };
}

/** Each case is about 1 MB sent and checked: a twentieth of the runs asked for, at least two. */
function sizedRuns(runs: number): number {
  return Math.max(2, Math.ceil(runs / 20));
}

export function requestSizeProperty(ctx: VerifyContext): VerifyProperty<SizedRequestCase> {
  return {
    name: 'streaming.request-size',
    group: 'streaming',
    behaviour: 'streaming.request.too-large',
    runs: sizedRuns(ctx.runs),
    arbitrary: sizedRequest(ctx.world, ctx.inlet, { profile: ctx.profile }),
    async examine(sized, log) {
      const subject = `${STREAMING_ENDPOINTS.batch.method} ${batchPath(ctx)} of ${sized.bytes} bytes (${sized.side} the ${sized.limit}-byte limit)`;
      const answer = await send(ctx, batchPath(ctx), sized.request);
      log.require('streaming.request.too-large', answer.status === sized.expected.status, `${subject}: status`, sized.expected.status, shown(answer, 200));
      if (sized.expected.status === 207) readMultiStatus(ctx, log, answer, sized.expected.messages, subject);
    },
    // A case is a megabyte of repeated messages: print its size and the messages it repeats.
    summarise: (sized) => ({
      side: sized.side,
      bytes: sized.bytes,
      limit: sized.limit,
      distance: sized.distance,
      messages: sized.request.messages.length,
      expected: sized.expected.status,
      repeats: [...new Set(sized.request.messages)],
    }),
  };
}

export function singleMessageProperty(ctx: VerifyContext): VerifyProperty<StreamingMessage> {
  return {
    name: 'streaming.single-message',
    group: 'streaming',
    behaviour: 'streaming.single.status-200',
    runs: ctx.runs,
    arbitrary: validMessage(ctx.world, ctx.inlet, { profile: ctx.profile }),
    async examine(message, log) {
      const subject = `${STREAMING_ENDPOINTS.single.method} ${singlePath(ctx)} with a valid message`;
      const answer = await send(ctx, singlePath(ctx), message);
      log.require('streaming.single.status-200', answer.status === 200, `${subject}: status`, 200, shown(answer));
      const body = fieldsOf(answer.json);
      const xactionId = body?.['xactionId'];
      log.check(
        'streaming.single.status-200',
        body?.['inletId'] === ctx.inlet.id && typeof xactionId === 'string' && xactionId !== '' && fieldsOf(body?.['syncValidation'])?.['skipped'] === true,
        `${subject}: body names the inlet, an xactionId, and syncValidation skipped`,
        `{inletId: "${ctx.inlet.id}", xactionId, receivedTimeMs, syncValidation: {skipped: true}}`,
        answer.text.slice(0, 300),
      );
    },
  };
}

/** A valid request's text cut short: every proper prefix of a JSON object's text is not JSON. */
export interface TruncatedRequest {
  text: string;
  /** Characters kept, at least one. */
  kept: number;
}

export function notJsonProperty(ctx: VerifyContext): VerifyProperty<TruncatedRequest> {
  return {
    name: 'streaming.not-json',
    group: 'streaming',
    behaviour: 'streaming.request.not-json',
    runs: ctx.runs,
    arbitrary: fc
      .tuple(validRequest(ctx.world, ctx.inlet, { profile: ctx.profile, maxMessages: 3 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
      .map(([request, at]) => {
        const text = JSON.stringify(request);
        const kept = 1 + Math.floor(at * (text.length - 1));
        return { text: text.slice(0, kept), kept };
      }),
    async examine(truncated, log) {
      const subject = `${STREAMING_ENDPOINTS.batch.method} ${batchPath(ctx)} with a request cut after ${truncated.kept} characters`;
      const answer = await ctx.http.call('POST', batchPath(ctx), { body: truncated.text, headers: JSON_HEADERS });
      log.check('streaming.request.not-json', answer.status === 400, `${subject}: status`, 400, shown(answer, 200));
    },
  };
}

/** The ways a JSON request body can miss the `{"messages": [ … ]}` envelope with at least one message. */
export type EnvelopeFlaw = 'no-messages' | 'messages-not-array' | 'messages-empty' | 'top-level-array' | 'top-level-scalar';

/** A JSON request body that is not a valid envelope, and which way it is not. */
export interface InvalidEnvelope {
  flaw: EnvelopeFlaw;
  body: unknown;
}

/** JSON scalars, `null` among them (no NaN or infinity: they are not JSON). */
function jsonScalar(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 20 }));
}

/** Keys a client might send the messages under by mistake: anything but `messages`. */
const NOT_MESSAGES_KEYS = ['message', 'events', 'records', 'data', 'batch'] as const;

export function invalidEnvelope(ctx: VerifyContext): fc.Arbitrary<InvalidEnvelope> {
  const message = validMessage(ctx.world, ctx.inlet, { profile: ctx.profile });
  const messages = fc.array(message, { minLength: 1, maxLength: 3 });
  const case_ = (flaw: EnvelopeFlaw, body: fc.Arbitrary<unknown>) => body.map((b) => ({ flaw, body: b }));
  return fc.oneof(
    // An object without `messages`: empty, the messages under another key, or one message sent as it is.
    case_('no-messages', fc.oneof(fc.constant({}), fc.tuple(fc.constantFrom(...NOT_MESSAGES_KEYS), messages).map(([key, m]) => ({ [key]: m })), message)),
    // `messages` holding one message (not in an array), or a scalar.
    case_('messages-not-array', fc.oneof(message, jsonScalar()).map((m) => ({ messages: m }))),
    case_('messages-empty', fc.constant({ messages: [] })),
    // The messages without their envelope (or none).
    case_('top-level-array', fc.array(message, { maxLength: 3 })),
    case_('top-level-scalar', jsonScalar()),
  );
}

/**
 * The contract answers a JSON request that is not `{"messages": [ … ]}` with at least one message with 400
 * as a whole (STREAMING_STATUS[400], "payload was missing required fields": the tutorial's request is always
 * that envelope), in the collection service's problem body `{…, status: 400, report: {message}}` (contract
 * DCCS problem bodies; fixtures/exchanges/streaming/request-envelope-invalid.yaml), never a 207.
 */
export function envelopeInvalidProperty(ctx: VerifyContext): VerifyProperty<InvalidEnvelope> {
  return {
    name: 'streaming.envelope-invalid',
    group: 'streaming',
    behaviour: 'streaming.request.envelope-invalid',
    runs: ctx.runs,
    arbitrary: invalidEnvelope(ctx),
    async examine(envelope, log) {
      const subject = `${STREAMING_ENDPOINTS.batch.method} ${batchPath(ctx)} with a JSON body that is not an envelope (${envelope.flaw})`;
      const answer = await send(ctx, batchPath(ctx), envelope.body);
      log.require('streaming.request.envelope-invalid', answer.status === 400, `${subject}: status`, 400, shown(answer, 200));
      const body = fieldsOf(answer.json);
      log.check(
        'streaming.request.envelope-invalid',
        body?.['status'] === 400 && typeof fieldsOf(body['report'])?.['message'] === 'string',
        `${subject}: problem body`,
        '{status: 400, report: {message: "<text>"}}',
        answer.text.slice(0, 300),
      );
    },
  };
}

/** The streaming properties, each run with its own case type. */
export function streamingProperties(ctx: VerifyContext): RunnableProperty[] {
  return [
    runnable(validRequestsProperty(ctx)),
    runnable(mutatedRequestsProperty(ctx)),
    runnable(requestSizeProperty(ctx)),
    runnable(notJsonProperty(ctx)),
    runnable(envelopeInvalidProperty(ctx)),
    runnable(singleMessageProperty(ctx)),
  ];
}
