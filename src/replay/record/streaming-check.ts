/**
 * Streaming exchanges: the StreamingAnalyser (the engine `preflight` and the reference server use)
 * predicts the answer to the request the client sent, and the upstream's actual answer is compared with
 * the prediction: the status, one entry per message in order, each accepted message's
 * `<batchId>:<index>` xactionId, each rejected message's documented text.
 */
import type { BehaviourId } from '../../contract/behaviours.js';
import { DOCUMENTED_MESSAGES, SYNC_VALIDATION } from '../../contract/streaming.js';
import type { PredictedMessage } from '../../report/model.js';
import { StreamingAnalyser } from '../../rules/streaming/analyse.js';
import type { RawFinding } from '../../rules/engine.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { World } from '../../world/types.js';
import { findSyntaxError } from '../../parse/syntax.js';
import { bodyJson, headerValue, isObject, type RedactedExchange } from './exchange.js';
import { RECORD_FINDINGS, type ExchangeCheck, type ExchangeFinding } from './findings.js';
import type { StreamingCall } from '../../rules/streaming/call.js';

export { streamingCall, type StreamingCall } from '../../rules/streaming/call.js';

/** Answers no prediction can know: rate limits, faults, gateways in between. */
const UNPREDICTABLE = new Set([429, 500, 502, 503, 504]);

/** Which documented behaviour a predicted rejection exercises, by the documented text it carries. */
function rejectionBehaviour(message: string): BehaviourId {
  return message.endsWith(DOCUMENTED_MESSAGES.absentOrWrongImsOrg.text) ? 'streaming.message.wrong-ims-org' : 'streaming.message.unknown-xdm-format';
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

export class StreamingChecker {
  private readonly analysers = new Map<string, StreamingAnalyser>();

  constructor(
    private readonly world: World,
    private readonly profile: ProfileName,
  ) {}

  private analyser(inletId: string): StreamingAnalyser | undefined {
    if (!this.world.inlets.some((i) => i.id === inletId)) return undefined;
    let analyser = this.analysers.get(inletId);
    if (analyser === undefined) {
      analyser = new StreamingAnalyser({ world: this.world, profile: this.profile, inletId });
      this.analysers.set(inletId, analyser);
    }
    return analyser;
  }

  check(exchange: RedactedExchange, call: StreamingCall): { findings: ExchangeFinding[]; checks: ExchangeCheck[] } {
    const findings: ExchangeFinding[] = [];
    const checks: ExchangeCheck[] = [];
    const index = exchange.index;
    const status = exchange.response.status;
    const label = `POST ${call.endpoint === 'batch' ? '/collection/batch/' : '/collection/'}${call.inletId}`;
    const note = (id: { id: string; severity: ExchangeFinding['severity'] }, message: string) =>
      findings.push({ ruleId: id.id, severity: id.severity, exchange: index, message, side: 'answer' });
    const expect = (behaviour: BehaviourId, ok: boolean, subject: string, expected: string, actual: string) =>
      checks.push(ok ? { behaviour, ok, exchange: index, subject } : { behaviour, ok, exchange: index, subject, expected, actual });

    const analyser = this.analyser(call.inletId);
    if (analyser === undefined) {
      note(RECORD_FINDINGS.inletUnknown, `${label}: inlet ${call.inletId} is not in the world (${this.world.source}); the answer is not predicted. Pass --world with this inlet.`);
      return { findings, checks };
    }
    if (UNPREDICTABLE.has(status)) {
      note(RECORD_FINDINGS.notPredicted, `${label} answered ${status}: a rate limit or fault, which no prediction covers; not compared.`);
      return { findings, checks };
    }
    if (analyser.inlet.authenticationRequired) {
      const bearer = /^Bearer\s+\S+/i.test(headerValue(exchange.request.headers, 'authorization') ?? '');
      if (!bearer) {
        expect('streaming.auth.required', status === 401, `${label} without an Authorization header to an authenticated inlet`, '401', String(status));
        return { findings, checks };
      }
      if (status === 401 || status === 403) {
        note(RECORD_FINDINGS.notPredicted, `${label} answered ${status} to a token only the upstream can judge; not compared.`);
        return { findings, checks };
      }
    }

    const raw: RawFinding[] = [];
    const body = exchange.request.body;
    let text = body.encoding === 'base64' ? Buffer.from(body.text, 'base64').toString('latin1') : body.text;
    const bom = text.startsWith('\uFEFF');
    if (bom) text = text.slice(1);
    let root: unknown;
    let syntaxError: { message: string; line: number; column: number } | undefined;
    try {
      root = JSON.parse(text);
    } catch {
      const found = findSyntaxError(text);
      syntaxError = found ? { message: found.message, line: found.line, column: found.column } : { message: 'the body is not JSON', line: 1, column: 1 };
    }
    const shape = call.endpoint === 'batch' ? 'request' : 'message';
    const input = { shape, bytes: body.bytes, bom, root } as const;
    const verdict = analyser.analyseRequest(syntaxError ? { ...input, syntaxError } : input, raw);
    const answer = bodyJson(exchange.response.body);

    if (verdict.refused) {
      const expected = verdict.refused.status;
      const behaviour: BehaviourId =
        expected === 413 ? 'streaming.request.too-large' : raw.some((f) => f.ruleId === 'streaming.request.not-json') ? 'streaming.request.not-json' : 'streaming.request.envelope-invalid';
      expect(behaviour, status === expected, `${label} of ${body.bytes} bytes, refused as a whole (${verdict.refused.reason})`, String(expected), String(status));
      this.requestFindings(raw, index, label, findings);
      return { findings, checks };
    }

    if (call.endpoint === 'batch') {
      const messages = (root as { messages: unknown[] }).messages;
      const predicted = messages.map((m, i) => analyser.analyseMessage(m, i, `/messages/${i}`, body.bytes, raw));
      this.requestFindings(raw, index, label, findings);
      this.compareBatch(label, messages.length, predicted, status, answer, analyser.inlet.id, expect);
    } else {
      const predicted = analyser.analyseMessage(root, 0, '', body.bytes, raw);
      this.requestFindings(raw, index, label, findings);
      const sync = new URL(exchange.request.url).searchParams.get(SYNC_VALIDATION.parameter)?.toLowerCase() === 'true';
      this.compareSingle(label, predicted, sync, status, answer, expect);
    }
    return { findings, checks };
  }

  private requestFindings(raw: readonly RawFinding[], exchange: number, label: string, out: ExchangeFinding[]): void {
    for (const f of raw) {
      const where = f.messageIndex !== undefined ? ` [message ${f.messageIndex}]` : '';
      out.push({ ruleId: f.ruleId, severity: f.severity, exchange, message: `${label}${where}: ${f.message}`, side: 'request' });
    }
  }

  private compareBatch(
    label: string,
    count: number,
    predicted: readonly PredictedMessage[],
    status: number,
    answer: unknown,
    inletId: string,
    expect: (b: BehaviourId, ok: boolean, subject: string, expected: string, actual: string) => void,
  ): void {
    const subject = `${label} with ${count} message${count === 1 ? '' : 's'}`;
    expect('streaming.batch.status-207', status === 207, subject, '207 Multi-Status', String(status));
    if (status !== 207) return;
    const body = isObject(answer) ? answer : undefined;
    const batchId = body?.['batchId'];
    const received = body?.['receivedTimeMs'];
    const responses = body?.['responses'];
    const missing = [
      body?.['inletId'] === inletId ? undefined : `inletId ${show(body?.['inletId'])}`,
      typeof batchId === 'string' && batchId !== '' ? undefined : `batchId ${show(batchId)}`,
      typeof received === 'number' || (typeof received === 'string' && /^\d+$/.test(received)) ? undefined : `receivedTimeMs ${show(received)}`,
      Array.isArray(responses) ? undefined : `responses ${show(responses)}`,
    ].filter((m): m is string => m !== undefined);
    expect('streaming.batch.body-shape', missing.length === 0, `${subject}: the 207 body`, `inletId ${inletId}, a batchId, receivedTimeMs and responses`, missing.join(', '));
    if (!Array.isArray(responses)) return;
    expect('streaming.batch.one-entry-per-message', responses.length === count, `${subject}: entries in responses`, String(count), String(responses.length));
    const batch = typeof batchId === 'string' ? batchId : '<batchId>';
    for (let i = 0; i < Math.min(count, responses.length); i++) {
      const entry: Record<string, unknown> = isObject(responses[i]) ? (responses[i] as Record<string, unknown>) : {};
      const verdict = predicted[i]!;
      const at = `${subject}: entry ${i}`;
      if (verdict.outcome === 'rejected') {
        const ok = entry['statusCode'] === verdict.statusCode && entry['message'] === verdict.message;
        expect(rejectionBehaviour(verdict.message), ok, at, show({ statusCode: verdict.statusCode, message: verdict.message }), show(entry));
        continue;
      }
      const behaviour: BehaviourId = verdict.streamingValidation.status === 'fail' ? 'streaming.message.error-batch' : 'streaming.batch.valid-accepted';
      const accepted = entry['statusCode'] === undefined && typeof entry['xactionId'] === 'string';
      expect(behaviour, accepted, at, 'accepted: { xactionId }', show(entry));
      if (accepted) {
        const wanted = `${batch}:${i}`;
        expect('streaming.batch.xaction-id', entry['xactionId'] === wanted, at, wanted, String(entry['xactionId']));
      }
    }
  }

  private compareSingle(
    label: string,
    predicted: PredictedMessage,
    sync: boolean,
    status: number,
    answer: unknown,
    expect: (b: BehaviourId, ok: boolean, subject: string, expected: string, actual: string) => void,
  ): void {
    const answerText = answer === undefined ? '' : JSON.stringify(answer);
    if (predicted.outcome === 'rejected') {
      const ok = status === 400 && answerText.includes(JSON.stringify(predicted.message).slice(1, -1));
      expect(rejectionBehaviour(predicted.message), ok, `${label}: one message`, `400 with "${predicted.message}"`, `${status} ${answerText}`);
      return;
    }
    if (sync && predicted.streamingValidation.status === 'fail') {
      const report = isObject(answer) && isObject(answer['report']) ? answer['report'] : undefined;
      const causes = isObject(report?.['cause']) ? (report['cause'] as Record<string, unknown>)['_streamingValidation'] : undefined;
      expect('streaming.single.sync-validation', status === 400 && Array.isArray(causes), `${label}?syncValidation=true: a message that fails validation`, '400 with report.cause._streamingValidation', `${status} ${answerText}`);
      return;
    }
    const xactionId = isObject(answer) ? answer['xactionId'] : undefined;
    expect('streaming.single.status-200', status === 200 && typeof xactionId === 'string', `${label}: a valid message`, '200 with an xactionId', `${status} ${answerText}`);
  }
}
