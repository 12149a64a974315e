/**
 * `toBeAcceptedBy`: a message or request judged by the engine `preflight` runs (one `StreamingAnalyser`
 * for the world, profile and inlet), and what stands between it and "everything accepted": the request
 * refused as a whole, messages rejected in the 207 with their documented text, messages that pass the
 * endpoint but fail streaming validation (the error batch). Each is named with the rule that decides it
 * and the JSON pointer of the field.
 */
import type { ProfileName } from '../contract/profiles.js';
import type { Effect } from '../rules/engine.js';
import type { Finding } from '../rules/finding.js';
import { STREAMING_RULES } from '../rules/streaming/index.js';
import { preflightValues } from '../rules/streaming/preflight-run.js';
import type { FileReport, PredictedMessage } from '../report/model.js';
import type { World } from '../world/types.js';

export interface AcceptedByOptions {
  /** The tenant; default the embedded default world. */
  world?: World;
  /** Which reading to follow where Adobe's sources disagree; default `docs`. */
  profile?: ProfileName;
  /** The inlet the request goes to; default the world's only inlet. */
  inletId?: string;
  /** `auto` (default): an object with `header` or `body` and no `messages` is one message; anything else a request. */
  kind?: 'request' | 'message' | 'auto';
}

/** One thing that is not accepted: the request as a whole, or one message. */
export interface NotAccepted {
  /** `the request`, `the message`, `message 3`. */
  subject: string;
  /** What the endpoint answers for it, in the documented words. */
  answer: string;
  /** The rules that decide it, each with the pointer of the field and what the rule says. */
  because: { ruleId: string; pointer: string; message: string }[];
}

export interface Acceptance {
  accepted: boolean;
  /** `the request (3 messages)`, `the message`. */
  what: string;
  /** `inlet 9b0c…, profile docs`. */
  where: string;
  /** How many messages the request holds (1 for a single message, 0 when it is refused before any is read). */
  messages: number;
  problems: NotAccepted[];
  report: FileReport;
}

const effectsByProfile = new Map<ProfileName, Map<string, Effect['kind']>>();

/** What each streaming rule does to the answer under a profile (rules that are off are absent). */
function effects(profile: ProfileName): Map<string, Effect['kind']> {
  let map = effectsByProfile.get(profile);
  if (map === undefined) {
    map = new Map();
    for (const rule of STREAMING_RULES) {
      const outcome = rule.outcome(profile);
      if (outcome !== 'off') map.set(rule.id, outcome.effect.kind);
    }
    effectsByProfile.set(profile, map);
  }
  return map;
}

const because = (f: Finding) => ({ ruleId: f.ruleId, pointer: f.pointer, message: f.message });

export function judgeAcceptance(received: unknown, options: AcceptedByOptions = {}): Acceptance {
  const profile = options.profile ?? 'docs';
  const report = preflightValues(received, {
    profile,
    ...(options.world ? { world: options.world } : {}),
    ...(options.inletId !== undefined ? { inletId: options.inletId } : {}),
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
    name: 'the value',
  });
  const file = report.files[0]!;
  const effect = effects(profile);
  const findingsOf = (kind: Effect['kind'], index?: number) =>
    file.findings.filter((f) => effect.get(f.ruleId) === kind && (index === undefined ? f.messageIndex === undefined : f.messageIndex === index));
  const where = `inlet ${report.inlet}, profile ${profile}`;
  const predicted = file.predicted;
  const problems: NotAccepted[] = [];

  if (predicted === null || (predicted.kind !== 'batch-request' && predicted.kind !== 'single-message')) {
    const reason = file.inputError?.message ?? 'it is not a streaming request';
    return { accepted: false, what: 'the value', where, messages: 0, problems: [{ subject: 'the value', answer: `not sent: ${reason}`, because: [] }], report: file };
  }
  const single = predicted.kind === 'single-message';
  const refusal = predicted.status === 400 || predicted.status === 413 ? ('reason' in predicted ? predicted.reason : undefined) : undefined;
  if (refusal !== undefined) {
    // The rule whose finding is the refusal's reason decides it (413 wins over what the body holds).
    const rules = findingsOf('reject-request');
    const deciding = rules.find((f) => f.message === refusal) ?? rules[0];
    problems.push({ subject: single ? 'the message' : 'the request', answer: `refused as a whole: ${predicted.status} ${refusal}`, because: deciding ? [because(deciding)] : [] });
    return { accepted: false, what: single ? 'the message' : 'the request', where, messages: 0, problems, report: file };
  }

  const messages: PredictedMessage[] = predicted.kind === 'batch-request' ? ('messages' in predicted ? predicted.messages : []) : predicted.message ? [predicted.message] : [];
  for (const m of messages) {
    const subject = single ? 'the message' : `message ${m.index}`;
    if (m.outcome === 'rejected') {
      // The first rejecting rule decides the documented text, as the analyser does.
      problems.push({ subject, answer: `rejected: ${m.statusCode} "${m.message}"`, because: findingsOf('reject-message', m.index).slice(0, 1).map(because) });
    } else if (m.streamingValidation.status === 'fail') {
      problems.push({ subject, answer: 'accepted, then to the error batch (fails streaming validation)', because: findingsOf('error-batch', m.index).map(because) });
    }
  }
  const what = single ? 'the message' : `the request (${messages.length} message${messages.length === 1 ? '' : 's'})`;
  return { accepted: problems.length === 0, what, where, messages: messages.length, problems, report: file };
}

function ruleLine(b: NotAccepted['because'][number]): string {
  return `${b.ruleId} at ${b.pointer === '' ? '/' : b.pointer}: ${b.message}`;
}

/** The failure message of `toBeAcceptedBy`, and of `.not.toBeAcceptedBy`. */
export function acceptanceMessage(a: Acceptance, isNot: boolean): string {
  if (isNot) {
    return `expected ${a.what} not to be accepted by ${a.where}, but ${a.messages === 1 ? 'it is' : `all ${a.messages} are`} accepted, none to the error batch`;
  }
  const count = a.problems.length;
  const head =
    a.messages > 1 || a.problems.some((p) => p.subject.startsWith('message'))
      ? `expected ${a.what} to be accepted by ${a.where}; ${count} of ${a.messages} message${a.messages === 1 ? '' : 's'} ${count === 1 ? 'is' : 'are'} not:`
      : `expected ${a.what} to be accepted by ${a.where}, but it is not:`;
  const lines = [head];
  for (const p of a.problems) {
    lines.push(`  ${p.subject}: ${p.answer}`);
    // A refusal's reason is its rule's message: said once.
    for (const b of p.because) lines.push(`    ${p.answer.endsWith(b.message) ? `${b.ruleId} at ${b.pointer === '' ? '/' : b.pointer}` : ruleLine(b)}`);
  }
  return lines.join('\n');
}

/** The diff Vitest shows: every subject that is not accepted, expected "accepted", received what it gets. */
export function acceptanceDiff(a: Acceptance): { expected: Record<string, string>; actual: Record<string, string> } {
  const expected: Record<string, string> = {};
  const actual: Record<string, string> = {};
  for (const p of a.problems) {
    expected[p.subject] = 'accepted';
    actual[p.subject] = [p.answer, ...p.because.map((b) => `${b.ruleId} at ${b.pointer === '' ? '/' : b.pointer}`)].join('; ');
  }
  return { expected, actual };
}
