/**
 * The findings model of a conformance run: every check that `replay` (documented exchanges) or `verify`
 * (generated traffic) makes against a target is a `ConformanceCheck` naming the documented behaviour it
 * exercises. `buildConformanceReport` folds them into one line per behaviour of the catalogue (pass, fail,
 * or not exercised), which every conformance format beside this file renders.
 */
import { BEHAVIOURS, type BehaviourApi, type BehaviourId } from '../../contract/behaviours.js';
import type { ProfileName } from '../../contract/profiles.js';
import { SOURCES } from '../../contract/sources.js';

/** Where a check came from: a fixture's step, or a generated case of a property. */
export type CheckOrigin =
  | { kind: 'fixture'; fixture: string; file: string; step: number; stepName?: string }
  | { kind: 'generated'; property: string; seed: number; path?: string; run?: number };

export interface ConformanceCheck {
  behaviour: BehaviourId;
  ok: boolean;
  /** One line: what was sent and what was checked ("POST /collection/batch/… with 5 messages: entry 3"). */
  subject: string;
  origin: CheckOrigin;
  /** On failure: what the documentation gives and what the target answered. */
  expected?: string;
  actual?: string;
  /** On a generated failure: the shrunk counterexample, redacted, as JSON text. */
  counterexample?: string;
}

export type BehaviourStatus = 'pass' | 'fail' | 'not-exercised';

export interface BehaviourResult {
  id: BehaviourId;
  api: BehaviourApi;
  title: string;
  status: BehaviourStatus;
  /** How many checks exercised it, and how many of them failed. */
  checks: number;
  failed: number;
  sources: { id: string; title: string; url: string; section: string }[];
  /** The failing checks, first ones first (at most `maxFailuresPerBehaviour`). */
  failures: ConformanceCheck[];
}

export interface ConformanceRun {
  /** `replay`, `verify`, or both when a report merges them. */
  command: string;
  target: string;
  profile: ProfileName;
  startedAt: string;
  durationMs: number;
  /** For generated traffic: the seed that replays the run, and runs per property. */
  seed?: number;
  runs?: number;
  /** Fixtures run, for replay. */
  fixtures?: number;
}

export interface ConformanceReport {
  tool: { name: 'aep-ingest-harness'; version: string };
  run: ConformanceRun;
  behaviours: BehaviourResult[];
  totals: { behaviours: number; pass: number; fail: number; notExercised: number; checks: number; failedChecks: number };
}

export interface BuildOptions {
  version: string;
  maxFailuresPerBehaviour?: number;
}

export function buildConformanceReport(run: ConformanceRun, checks: readonly ConformanceCheck[], opts: BuildOptions): ConformanceReport {
  const keep = opts.maxFailuresPerBehaviour ?? 20;
  const byBehaviour = new Map<BehaviourId, ConformanceCheck[]>();
  for (const check of checks) {
    const list = byBehaviour.get(check.behaviour) ?? [];
    list.push(check);
    byBehaviour.set(check.behaviour, list);
  }
  const behaviours: BehaviourResult[] = BEHAVIOURS.map((b) => {
    const list = byBehaviour.get(b.id) ?? [];
    const failures = list.filter((c) => !c.ok);
    const status: BehaviourStatus = list.length === 0 ? 'not-exercised' : failures.length > 0 ? 'fail' : 'pass';
    return {
      id: b.id,
      api: b.api,
      title: b.title,
      status,
      checks: list.length,
      failed: failures.length,
      sources: b.sources.map((ref) => ({
        id: ref.source,
        title: SOURCES[ref.source].title,
        url: SOURCES[ref.source].url,
        section: ref.section,
      })),
      failures: failures.slice(0, keep),
    };
  });
  const count = (s: BehaviourStatus) => behaviours.filter((b) => b.status === s).length;
  return {
    tool: { name: 'aep-ingest-harness', version: opts.version },
    run,
    behaviours,
    totals: {
      behaviours: behaviours.length,
      pass: count('pass'),
      fail: count('fail'),
      notExercised: count('not-exercised'),
      checks: checks.length,
      failedChecks: checks.filter((c) => !c.ok).length,
    },
  };
}
