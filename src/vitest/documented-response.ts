/**
 * `toMatchDocumentedResponse`: a streaming endpoint's answer compared with what the documentation gives
 * for the request that was sent, as the analyser predicts it message by message: the status; for a batch
 * request's 207, the body's shape (inletId, batchId, receivedTimeMs, responses), one entry per message in
 * order, `batchId:index` as each accepted message's xactionId, and each rejected message's documented
 * text. Every mismatch is named by the JSON pointer of the answer's field.
 */
import type { PredictedAnswer } from '../report/model.js';
import { preflightValues } from '../rules/streaming/preflight-run.js';
import type { AcceptedByOptions } from './accepted.js';

export interface AnswerMismatch {
  /** `status`, or a JSON pointer into the answer's body (`/responses/2/message`; `` for the body itself). */
  at: string;
  expected: string;
  received: string;
}

export interface ReceivedAnswer {
  status: number;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  body: unknown;
  /** The body as text. */
  text: string;
}

export interface AnswerComparison {
  /** `POST /collection/batch/{CONNECTION_ID} with 3 messages`. */
  request: string;
  where: string;
  mismatches: AnswerMismatch[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Reads `{status, body}` where body is JSON text, bytes, or a value already parsed. */
export function answerOf(received: { status: unknown; body?: unknown }): ReceivedAnswer {
  const status = typeof received.status === 'number' ? received.status : Number.NaN;
  const raw = received.body;
  const text = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : raw === undefined ? '' : JSON.stringify(raw);
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) return { status, body: raw, text };
  try {
    return { status, body: text === '' ? undefined : JSON.parse(text), text };
  } catch {
    return { status, body: undefined, text };
  }
}

function compare(predicted: PredictedAnswer, answer: ReceivedAnswer, out: AnswerMismatch[]): void {
  const miss = (at: string, expected: string, received: string) => out.push({ at, expected, received });
  if (predicted.kind === 'batch-request') {
    if (predicted.status !== 207) {
      if (answer.status !== predicted.status) miss('status', `${predicted.status} (${predicted.reason})`, String(answer.status));
      return;
    }
    if (answer.status !== 207) {
      miss('status', '207', String(answer.status));
      return;
    }
    const body = answer.body;
    if (!isObject(body)) {
      miss('', 'a JSON object {inletId, batchId, receivedTimeMs, responses}', answer.text === '' ? 'an empty body' : show(body ?? answer.text.slice(0, 200)));
      return;
    }
    if (body['inletId'] !== predicted.inletId) miss('/inletId', JSON.stringify(predicted.inletId), show(body['inletId']));
    const batchId = body['batchId'];
    if (typeof batchId !== 'string' || batchId === '') miss('/batchId', 'a batch id (a non-empty string)', show(batchId));
    const received = body['receivedTimeMs'];
    if (!(Number.isInteger(received) || (typeof received === 'string' && /^\d+$/.test(received)))) miss('/receivedTimeMs', 'milliseconds since the epoch', show(received));
    const responses = body['responses'];
    if (!Array.isArray(responses)) {
      miss('/responses', `an array of ${predicted.messages.length} entries, one per message`, show(responses));
      return;
    }
    if (responses.length !== predicted.messages.length) miss('/responses', `${predicted.messages.length} entries, one per message in order`, `${responses.length} entries`);
    const batch = typeof batchId === 'string' ? batchId : '<batchId>';
    for (let i = 0; i < Math.min(responses.length, predicted.messages.length); i++) {
      const m = predicted.messages[i]!;
      const entry: unknown = responses[i];
      const at = `/responses/${i}`;
      if (!isObject(entry)) {
        miss(at, m.outcome === 'rejected' ? show({ statusCode: m.statusCode, message: m.message }) : show({ xactionId: `${batch}:${i}` }), show(entry));
        continue;
      }
      if (m.outcome === 'rejected') {
        if (entry['statusCode'] !== m.statusCode) miss(`${at}/statusCode`, String(m.statusCode), show(entry['statusCode']));
        if (entry['message'] !== m.message) miss(`${at}/message`, JSON.stringify(m.message), show(entry['message']));
        if (entry['xactionId'] !== undefined) miss(`${at}/xactionId`, 'nothing (the message is rejected)', show(entry['xactionId']));
      } else {
        if (entry['statusCode'] !== undefined) miss(`${at}/statusCode`, 'nothing (the message is accepted)', show(entry['statusCode']));
        if (entry['xactionId'] !== `${batch}:${i}`) miss(`${at}/xactionId`, JSON.stringify(`${batch}:${i}`), show(entry['xactionId']));
      }
    }
    return;
  }
  if (predicted.kind === 'single-message') {
    if (answer.status !== predicted.status) {
      miss('status', predicted.reason !== undefined ? `${predicted.status} (${predicted.reason})` : String(predicted.status), String(answer.status));
      return;
    }
    const m = predicted.message;
    if (m === undefined || predicted.reason !== undefined) return;
    if (m.outcome === 'rejected') {
      // The single-message endpoint answers a problem body; the documented text is in it.
      if (!answer.text.includes(JSON.stringify(m.message).slice(1, -1))) miss('', `a body holding "${m.message}"`, answer.text === '' ? 'an empty body' : answer.text.slice(0, 300));
      return;
    }
    const xactionId = isObject(answer.body) ? answer.body['xactionId'] : undefined;
    if (typeof xactionId !== 'string' || xactionId === '') miss('/xactionId', 'an xactionId (a non-empty string)', show(xactionId));
  }
}

/** What the documentation gives for `request`, compared with the answer received. */
export function compareWithDocumented(request: unknown, answer: ReceivedAnswer, options: AcceptedByOptions = {}): AnswerComparison {
  const profile = options.profile ?? 'docs';
  const report = preflightValues(request, {
    profile,
    ...(options.world ? { world: options.world } : {}),
    ...(options.inletId !== undefined ? { inletId: options.inletId } : {}),
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
    name: 'the request',
  });
  const file = report.files[0]!;
  const predicted = file.predicted;
  const where = `inlet ${report.inlet}, profile ${profile}`;
  if (predicted === null || (predicted.kind !== 'batch-request' && predicted.kind !== 'single-message')) {
    return { request: 'the request', where, mismatches: [{ at: 'request', expected: 'a streaming request or message', received: file.inputError?.message ?? 'something else' }] };
  }
  const count = predicted.kind === 'batch-request' && predicted.status === 207 ? predicted.messages.length : undefined;
  const label = `${predicted.endpoint}${count !== undefined ? ` with ${count} message${count === 1 ? '' : 's'}` : ''}`;
  const mismatches: AnswerMismatch[] = [];
  compare(predicted, answer, mismatches);
  return { request: label, where, mismatches };
}

export function comparisonMessage(c: AnswerComparison, isNot: boolean): string {
  if (isNot) return `expected the answer to ${c.request} not to be the documented one (${c.where}), but it is`;
  const n = c.mismatches.length;
  return [
    `expected the answer to ${c.request} to be the documented one (${c.where}); ${n} mismatch${n === 1 ? '' : 'es'}:`,
    ...c.mismatches.map((m) => `  ${m.at === '' ? '(body)' : m.at}: expected ${m.expected}, received ${m.received}`),
  ].join('\n');
}

export function comparisonDiff(c: AnswerComparison): { expected: Record<string, string>; actual: Record<string, string> } {
  const expected: Record<string, string> = {};
  const actual: Record<string, string> = {};
  for (const m of c.mismatches) {
    const key = m.at === '' ? '(body)' : m.at;
    expected[key] = m.expected;
    actual[key] = m.received;
  }
  return { expected, actual };
}
