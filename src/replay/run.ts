/**
 * Replays loaded fixtures against a target: each step's request is sent, its answer captured from,
 * polled (`until`) and matched, and every expectation becomes a `ConformanceCheck` naming the behaviour
 * it exercises, one per behaviour per step. A failed step stops its fixture, since later steps build on
 * it; nothing answering at all is `TargetUnreachable`, not a failed behaviour.
 */
import type { BehaviourId } from '../contract/behaviours.js';
import type { ProfileName } from '../contract/profiles.js';
import type { CheckOrigin, ConformanceCheck } from '../report/conformance/model.js';
import { isUnreachable, TargetUnreachable } from '../conformance/target.js';
import { valueAtPointer } from '../parse/locate.js';
import { redactSecrets } from '../report/redact.js';
import type { World } from '../world/types.js';
import type { FixtureStep } from './fixture-types.js';
import type { LoadedFixture } from './load.js';
import { describeValue, formatMismatch, matchValue, type Mismatch } from './matchers.js';
import { attributeMismatches } from './attribution.js';
import { buildRequest, type WireRequest } from './request.js';
import { referencesIn, Scope, substituteText, substituteValue } from './substitute.js';
import { RUN_VARIABLE_NAMES, runVariables, type RunValue } from './variables.js';

export interface ReplayOptions {
  /** The target's base URL, without a trailing slash. */
  url: string;
  /** Sent with every request unless a step sets or omits the same header (credentials). */
  headers: Record<string, string>;
  profile: ProfileName;
  world: World;
  fetch?: typeof fetch;
  /** One line per request and answer, secrets redacted. */
  log?: (line: string) => void;
  /** How long one request may take before its step fails; default 30 s. */
  timeoutMs?: number;
  /** The pause between polls of an `until` step; injectable so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export type StepOutcome = 'passed' | 'failed' | 'not-run';

export interface StepResult {
  index: number;
  name: string;
  outcome: StepOutcome;
  /** `POST /collection/batch/…` as sent (substituted), or as written when the step did not run. */
  request: string;
  status?: number;
  /** Requests sent for this step (more than one when it polled). */
  attempts: number;
  mismatches: Mismatch[];
  /** The last answer's body parsed as JSON (undefined when empty or not JSON), for attributing mismatches. */
  body?: unknown;
}

export interface FixtureResult {
  name: string;
  file: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why a fixture was skipped. */
  reason?: string;
  steps: StepResult[];
}

export interface ReplayResult {
  fixtures: FixtureResult[];
  checks: ConformanceCheck[];
  counts: { fixtures: number; passed: number; failed: number; skipped: number };
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Defaults of `until`: at most 20 reads a quarter second apart. */
const DEFAULT_ATTEMPTS = 20;
const DEFAULT_INTERVAL_MS = 250;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown;
  isJson: boolean;
}

export async function replayFixtures(fixtures: readonly LoadedFixture[], options: ReplayOptions): Promise<ReplayResult> {
  const variables = runVariables(options.world);
  const results: FixtureResult[] = [];
  const checks: ConformanceCheck[] = [];
  for (const loaded of fixtures) {
    const result = await replayOne(loaded, variables, options, checks);
    results.push(result);
  }
  const count = (o: FixtureResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return { fixtures: results, checks, counts: { fixtures: results.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped') } };
}

async function replayOne(loaded: LoadedFixture, variables: ReadonlyMap<string, RunValue>, options: ReplayOptions, checks: ConformanceCheck[]): Promise<FixtureResult> {
  const { fixture, file } = loaded;
  const notRun = (step: FixtureStep, index: number): StepResult => ({ index, name: step.name, outcome: 'not-run', request: `${step.request.method} ${step.request.path}`, attempts: 0, mismatches: [] });
  const skipped = (reason: string): FixtureResult => ({ name: fixture.name, file, outcome: 'skipped', reason, steps: fixture.steps.map(notRun) });

  if (!fixture.profiles.includes(options.profile)) {
    return skipped(`holds under ${fixture.profiles.join(', ')}; this run follows ${options.profile}`);
  }
  const missing = missingRunVariables(loaded, variables);
  if (missing.length > 0) return skipped(missing.join('; '));
  const withheld = fixture.steps.findIndex((step) => step.request.withheld !== undefined);
  if (withheld !== -1) {
    const body = fixture.steps[withheld]!.request.withheld!;
    return skipped(`step ${withheld + 1}'s request body was withheld from the recording (${body.reason}; ${body.bytes} bytes, sha256 ${body.sha256}): name the file with file: to replay it`);
  }

  const scope = new Scope(variables, fixture.bindings);
  const steps: StepResult[] = [];
  let failed = false;
  for (const [index, step] of fixture.steps.entries()) {
    if (failed) {
      steps.push(notRun(step, index));
      continue;
    }
    const result = await runStep(loaded, index, scope, options);
    steps.push(result);
    const origin: CheckOrigin = { kind: 'fixture', fixture: fixture.name, file, step: index, stepName: step.name };
    const behaviours: readonly BehaviourId[] = step.expect.behaviours ?? fixture.behaviours;
    const ok = result.mismatches.length === 0;
    const attributed = attributeMismatches(behaviours, result.mismatches, {
      expected: step.expect.json,
      actual: result.body,
      matches: (expected, actual) => matchValue(expected, actual, { scope, root: result.body }).length === 0,
    });
    for (const behaviour of behaviours) {
      const own = attributed.get(behaviour) ?? [];
      checks.push({
        behaviour,
        ok: own.length === 0,
        subject: redactSecrets(result.request),
        origin,
        ...(own.length === 0 ? {} : failureText(own)),
      });
    }
    if (!ok) failed = true;
  }
  return { name: fixture.name, file, outcome: failed ? 'failed' : 'passed', steps };
}

/** Run variables the fixture uses that this run's world does not give (a fixture for a tenant it lacks). */
function missingRunVariables(loaded: LoadedFixture, variables: ReadonlyMap<string, RunValue>): string[] {
  const { fixture } = loaded;
  const own = new Set([...Object.keys(fixture.bindings ?? {}), ...fixture.steps.flatMap((s) => Object.keys(s.capture ?? {}))]);
  const texts = [JSON.stringify(fixture.steps), JSON.stringify(fixture.bindings ?? {}), ...[...loaded.files.values()].map((f) => f.text ?? '')];
  const used = new Set(texts.flatMap(referencesIn).filter((name) => RUN_VARIABLE_NAMES.has(name) && !own.has(name)));
  const reasons: string[] = [];
  for (const name of used) {
    const value = variables.get(name);
    if (value !== undefined && !value.ok) reasons.push(`needs \${${name}}, but ${value.reason}`);
  }
  return reasons;
}

function failureText(mismatches: readonly Mismatch[]): { expected: string; actual: string } {
  const where = (m: Mismatch) => (m.path === '' ? '(body)' : m.path);
  return {
    expected: redactSecrets(mismatches.map((m) => `${where(m)}: ${m.expected}`).join('; ')),
    actual: redactSecrets(mismatches.map((m) => `${where(m)}: ${m.actual}`).join('; ')),
  };
}

async function runStep(loaded: LoadedFixture, index: number, scope: Scope, options: ReplayOptions): Promise<StepResult> {
  const step = loaded.fixture.steps[index]!;
  const wire = buildRequest(step.request, loaded.files.get(index), options.headers, scope);
  const label = `${wire.method} ${wire.path}`;
  const base: Omit<StepResult, 'outcome' | 'mismatches'> = { index, name: step.name, request: label, attempts: 0 };

  let answer: Answer | undefined;
  const mismatches: Mismatch[] = [];
  const attempts = step.until ? (step.until.attempts ?? DEFAULT_ATTEMPTS) : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await (options.sleep ?? defaultSleep)(step.until?.intervalMs ?? DEFAULT_INTERVAL_MS);
    base.attempts = attempt;
    const sent = await send(wire, options);
    if (!sent.ok) return { ...base, outcome: 'failed', mismatches: [{ path: 'answer', expected: 'an answer', actual: sent.reason }] };
    answer = sent.answer;
    if (step.until === undefined) break;
    const pointer = substituteText(step.until.pointer, scope);
    const held = valueAtPointer(answer.json, pointer);
    const wanted = substituteValue(step.until.values, scope) as unknown[];
    if (wanted.some((v) => matchValue(v, held, { scope, root: answer?.json }).length === 0)) break;
    if (attempt === attempts) {
      mismatches.push({
        path: pointer,
        expected: `one of ${wanted.map(describeValue).join(', ')} within ${attempts} read${attempts === 1 ? '' : 's'}`,
        actual: describeValue(held),
      });
    }
  }
  if (answer === undefined) throw new Error('unreachable: a step sends at least one request');

  for (const [name, source] of Object.entries(step.capture ?? {})) {
    const from = substituteText(source, scope);
    const value = from.startsWith('header:') ? (answer.headers.get(from.slice('header:'.length)) ?? undefined) : valueAtPointer(answer.json, from);
    if (value === undefined) mismatches.push({ path: from, expected: `a value to capture as \${${name}}`, actual: 'absent' });
    else scope.capture(name, value);
  }
  mismatches.push(...matchAnswer(step, answer, scope));
  return { ...base, status: answer.status, outcome: mismatches.length === 0 ? 'passed' : 'failed', mismatches, body: answer.json };
}

function matchAnswer(step: FixtureStep, answer: Answer, scope: Scope): Mismatch[] {
  const out: Mismatch[] = [];
  const { expect } = step;
  const statuses = Array.isArray(expect.status) ? expect.status : [expect.status];
  if (!statuses.includes(answer.status)) out.push({ path: 'status', expected: statuses.join(' or '), actual: String(answer.status) });
  for (const [name, want] of Object.entries(expect.headers ?? {})) {
    const got = answer.headers.get(name) ?? undefined;
    for (const m of matchValue(want, got, { scope })) out.push({ ...m, path: `header ${name.toLowerCase()}` });
  }
  if (expect.empty === true && answer.text !== '') out.push({ path: '', expected: 'an empty body', actual: describeBody(answer) });
  if (expect.json !== undefined) {
    if (!answer.isJson) out.push({ path: '', expected: 'a JSON body', actual: describeBody(answer) });
    else out.push(...matchValue(expect.json, answer.json, { scope, root: answer.json }));
  }
  return out;
}

function describeBody(answer: Answer): string {
  if (answer.text === '') return 'an empty body';
  return answer.isJson ? describeValue(answer.json) : `text ${describeValue(answer.text)}`;
}

type Sent = { ok: true; answer: Answer } | { ok: false; reason: string };

async function send(wire: WireRequest, options: ReplayOptions): Promise<Sent> {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.url}${wire.path}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  options.log?.(redactSecrets(`→ ${wire.method} ${wire.path}`));
  let response: Response;
  try {
    response = await doFetch(url, {
      method: wire.method,
      headers: wire.headers,
      ...(wire.body !== undefined ? { body: wire.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as { name?: string }).name === 'TimeoutError') return { ok: false, reason: `no answer within ${timeoutMs} ms` };
    if (isUnreachable(error)) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new TargetUnreachable(options.url, cause?.code ?? cause?.message ?? (error as Error).message);
    }
    throw error;
  }
  const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
  let json: unknown;
  let isJson = false;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
      isJson = true;
    } catch {
      json = undefined;
    }
  }
  options.log?.(redactSecrets(`← ${response.status} ${wire.method} ${wire.path}`));
  return { ok: true, answer: { status: response.status, headers: response.headers, text, json, isJson } };
}



/** One line per mismatch of a step, for text output and spec messages. */
export function describeMismatches(step: StepResult): string[] {
  return step.mismatches.map(formatMismatch);
}
