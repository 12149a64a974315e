/**
 * One property of generated traffic run against a target with fast-check, and what it found: the checks
 * of every case (for the conformance report) and, when a case failed, the failure as fast-check shrank it
 * (seed, path, the shrunk counterexample, the checks it broke). Checks are recorded for the cases of the
 * run itself; the many cases tried while shrinking are not, except the last failing one, which is the
 * shrunk counterexample fast-check reports.
 */
import fc from 'fast-check';
import type { BehaviourId } from '../../contract/behaviours.js';
import { redactDeep, redactSecrets } from '../../report/redact.js';
import type { ConformanceCheck } from '../../report/conformance/model.js';
import { TargetUnreachable } from '../target.js';

export const VERIFY_GROUPS = ['streaming', 'batch', 'campaign'] as const;
export type VerifyGroup = (typeof VERIFY_GROUPS)[number];

/** One thing checked on one generated case, before it is placed in a run. */
export interface CaseCheck {
  behaviour: BehaviourId;
  ok: boolean;
  subject: string;
  expected?: string;
  actual?: string;
}

/** Thrown by a case to stop at a broken invariant (a model run cannot go on once its model is wrong). */
export class InvariantBroken extends Error {}

/** The checks one case makes, in order. */
export class CaseLog {
  readonly checks: CaseCheck[] = [];

  /** Records a check and answers whether it held. */
  check(behaviour: BehaviourId, ok: boolean, subject: string, expected?: unknown, actual?: unknown): boolean {
    const entry: CaseCheck = { behaviour, ok, subject };
    if (!ok) {
      if (expected !== undefined) entry.expected = typeof expected === 'string' ? expected : JSON.stringify(expected);
      if (actual !== undefined) entry.actual = typeof actual === 'string' ? actual : JSON.stringify(actual);
    }
    this.checks.push(entry);
    return ok;
  }

  /** Like `check`, but a broken invariant ends the case. */
  require(behaviour: BehaviourId, ok: boolean, subject: string, expected?: unknown, actual?: unknown): void {
    if (!this.check(behaviour, ok, subject, expected, actual)) throw new InvariantBroken(subject);
  }

  get failed(): CaseCheck[] {
    return this.checks.filter((c) => !c.ok);
  }
}

export interface VerifyProperty<T> {
  /** Stable name, printed with failures: `streaming.valid-requests`, `batch.life-cycle`, … */
  name: string;
  group: VerifyGroup;
  /** The behaviour a case that throws (anything but a broken invariant) is counted against. */
  behaviour: BehaviourId;
  arbitrary: fc.Arbitrary<T>;
  runs: number;
  examine(value: T, log: CaseLog): Promise<void>;
  /**
   * For command sequences: the same arbitrary told which commands fast-check's replay path (`replayPath`)
   * selects, so that a shrunk sequence is replayed alone.
   */
  replaying?(replayPath: string): fc.Arbitrary<T>;
  /** What the counterexample is printed as (a compact form for very large cases); default the value itself. */
  summarise?(value: T): unknown;
}

export interface VerifyFailure {
  property: string;
  group: VerifyGroup;
  seed: number;
  /** fast-check's path to the shrunk case: `--seed` with the same runs reaches it again. */
  path: string;
  /** The run (1-based) that failed first, before shrinking. */
  run: number;
  /** For command sequences: which commands of the path's case ran, as fast-check writes it. */
  replayPath?: string;
  shrinks: number;
  /** The shrunk counterexample, redacted, as text. */
  counterexample: string;
  /** The checks the shrunk case broke. */
  broken: CaseCheck[];
}

export interface PropertyOutcome {
  property: string;
  group: VerifyGroup;
  /** Cases run (fast-check's count, skipped ones excluded). */
  runs: number;
  skipped: number;
  interrupted: boolean;
  checks: ConformanceCheck[];
  failure?: VerifyFailure;
}

export interface RunPropertyOptions {
  seed: number;
  /** The whole run ends by then (a time from Date.now()); cases not started by then are not run. */
  deadline?: number;
  /** Replays only this path of the seed (fast-check's `path`). */
  path?: string;
  /** With `path`, for command sequences: the commands that ran. */
  replayPath?: string;
}

/** Counterexamples are printed and written to reports: big cases are cut, the cut said. */
const MAX_COUNTEREXAMPLE_CHARS = 8_000;

function counterexampleText(value: unknown): string {
  const text = redactSecrets(typeof value === 'string' ? value : (JSON.stringify(redactDeep(value)) ?? String(value)));
  return text.length <= MAX_COUNTEREXAMPLE_CHARS ? text : `${text.slice(0, MAX_COUNTEREXAMPLE_CHARS)}… (${text.length - MAX_COUNTEREXAMPLE_CHARS} more characters)`;
}

/** One check per behaviour a case exercised: the case passes a behaviour when all its checks of it held. */
function foldByBehaviour(checks: readonly CaseCheck[]): CaseCheck[] {
  const byBehaviour = new Map<BehaviourId, CaseCheck>();
  for (const check of checks) {
    const seen = byBehaviour.get(check.behaviour);
    if (seen === undefined || (seen.ok && !check.ok)) byBehaviour.set(check.behaviour, check);
  }
  return [...byBehaviour.values()];
}

export async function runProperty<T>(property: VerifyProperty<T>, opts: RunPropertyOptions): Promise<PropertyOutcome> {
  const checks: ConformanceCheck[] = [];
  let run = 0;
  let failedRun = 0;
  let lastFailing: CaseCheck[] = [];
  let unreachable: TargetUnreachable | undefined;
  const origin = (path?: string) => ({ kind: 'generated' as const, property: property.name, seed: opts.seed, ...(path !== undefined ? { path } : {}) });

  const arbitrary = opts.replayPath !== undefined && property.replaying !== undefined ? property.replaying(opts.replayPath) : property.arbitrary;
  const prop = fc.asyncProperty(arbitrary, async (value) => {
    // Once nothing answers, every case fails at once: shrinking then ends quickly, and the run reports exit 4.
    if (unreachable !== undefined) throw unreachable;
    const log = new CaseLog();
    try {
      await property.examine(value, log);
    } catch (error) {
      if (fc.PreconditionFailure.isFailure(error)) throw error;
      if (error instanceof TargetUnreachable) {
        unreachable = error;
        throw error;
      }
      if (!(error instanceof InvariantBroken)) {
        log.check(property.behaviour, false, 'the case could not be run to its end', 'the target answers every call', error instanceof Error ? error.message : String(error));
      }
    }
    const broken = log.failed;
    if (failedRun === 0) {
      run += 1;
      if (broken.length === 0) for (const c of foldByBehaviour(log.checks)) checks.push({ ...c, origin: { ...origin(), run } });
    }
    if (broken.length > 0) {
      if (failedRun === 0) failedRun = run;
      lastFailing = broken;
      throw new Error(broken.map((c) => c.subject).join('; '));
    }
  });

  const remaining = opts.deadline === undefined ? undefined : Math.max(1, opts.deadline - Date.now());
  const details = await fc.check(prop, {
    seed: opts.seed,
    numRuns: property.runs,
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    ...(remaining !== undefined ? { interruptAfterTimeLimit: remaining, markInterruptAsFailure: false } : {}),
  });
  if (unreachable !== undefined) throw unreachable;

  const outcome: PropertyOutcome = {
    property: property.name,
    group: property.group,
    runs: details.numRuns,
    skipped: details.numSkips,
    interrupted: details.interrupted,
    checks,
  };
  if (details.failed && details.counterexample !== null) {
    const [value] = details.counterexample;
    const path = details.counterexamplePath ?? '';
    const counterexample = counterexampleText(property.summarise ? property.summarise(value) : value);
    // fast-check writes the commands that ran into the printed sequence: /*replayPath="…"*/.
    const replayPath = property.replaying !== undefined ? /replayPath="([^"]*)"/.exec(String(value))?.[1] : undefined;
    outcome.failure = {
      property: property.name,
      group: property.group,
      seed: details.seed,
      path,
      run: failedRun,
      ...(replayPath !== undefined ? { replayPath } : {}),
      shrinks: details.numShrinks,
      counterexample,
      broken: lastFailing,
    };
    for (const c of foldByBehaviour(lastFailing)) checks.push({ ...c, origin: { ...origin(path), run: failedRun }, counterexample });
  }
  return outcome;
}

/** A property whose cases' type is its own business: what the run needs of it. */
export interface RunnableProperty {
  name: string;
  group: VerifyGroup;
  run(seed: number, deadline: number | undefined, replay?: { path: string; replayPath?: string }): Promise<PropertyOutcome>;
}

export function runnable<T>(property: VerifyProperty<T>): RunnableProperty {
  return {
    name: property.name,
    group: property.group,
    run: (seed, deadline, replay) => runProperty(property, { seed, ...(deadline !== undefined ? { deadline } : {}), ...replay }),
  };
}
