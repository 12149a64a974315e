/**
 * A replay run, for the `replay` command and for programs: the documented exchanges (fixtures) sent to a
 * target and folded into the `ConformanceReport`, one line per documented behaviour. `replayAgainst`
 * runs loaded fixtures against a target already open (the command opens its own, to say what it opened);
 * `replay` does everything: loads the fixtures, opens the target, runs them, closes it.
 */
import { fileURLToPath } from 'node:url';
import type { ProfileName } from '../contract/profiles.js';
import { openTarget, shownTarget, type Target } from '../conformance/target.js';
import { buildConformanceReport, type ConformanceReport } from '../report/conformance/model.js';
import { VERSION } from '../version.js';
import { defaultWorld } from '../world/default.js';
import { loadWorld } from '../world/load.js';
import type { World } from '../world/types.js';
import { loadFixtures, type LoadedFixture } from './load.js';
import { replayFixtures, type ReplayResult } from './run.js';

/** The package's documented exchanges: `fixtures/exchanges`, two levels above this module in src/ and dist/. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/exchanges', import.meta.url));

export interface ReplayRun {
  report: ConformanceReport;
  /** Per fixture and step, for the command's terminal listing. */
  result: ReplayResult;
}

export interface ReplayAgainstOptions {
  world: World;
  profile: ProfileName;
  /** How the report names the target; default `shownTarget(target)`. */
  shown?: string;
  log?: (line: string) => void;
  /** How long one request may take before its step fails; default 30 s. */
  timeoutMs?: number;
}

/** Replays loaded fixtures against an open target (left open) and builds the conformance report. */
export async function replayAgainst(target: Target, fixtures: readonly LoadedFixture[], options: ReplayAgainstOptions): Promise<ReplayRun> {
  const startedAt = new Date();
  const result = await replayFixtures([...fixtures], {
    url: target.url,
    headers: target.headers,
    profile: options.profile,
    world: options.world,
    ...(options.log ? { log: options.log } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const report = buildConformanceReport(
    {
      command: 'replay',
      target: options.shown ?? shownTarget(target),
      profile: options.profile,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      fixtures: fixtures.length,
    },
    result.checks,
    { version: VERSION },
  );
  return { report, result };
}

export interface ReplayRunOptions {
  /** Base URL of the server to check; default the reference server, started in-process on loopback and closed after. */
  target?: string;
  /** Where a URL target's credentials come from (`AEP_ACCESS_TOKEN`, `AEP_API_KEY`, `AEP_ORG_ID`, `AEP_SANDBOX_NAME`); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The tenant the fixtures are written for: a world or a world file's path; default the embedded default world. */
  world?: World | string;
  profile?: ProfileName;
  /** Fixture files or directories of them; default the package's documented exchanges. */
  fixtures?: readonly string[];
  /** Relative fixture paths are read from here; default the process's working directory. */
  cwd?: string;
  /** One line per request and answer, secrets redacted. */
  log?: (line: string) => void;
  timeoutMs?: number;
}

/**
 * Replays the documented exchanges against a server and says, per documented behaviour, whether it
 * answered as documented. Throws `FixtureError` (every problem of every fixture file, with its place)
 * before anything is sent, `TargetUnreachable` when nothing answers, and `TypeError` for a target that
 * is not an http(s) URL.
 */
export async function replay(options: ReplayRunOptions = {}): Promise<ConformanceReport> {
  const world = typeof options.world === 'string' ? await loadWorld(options.world) : (options.world ?? defaultWorld());
  const profile = options.profile ?? 'docs';
  const fixtures = await loadFixtures(options.fixtures ?? [DEFAULT_FIXTURES_DIR], options.cwd !== undefined ? { cwd: options.cwd } : {});
  const target = await openTarget({ ...(options.target !== undefined ? { target: options.target } : {}), world, profile, env: options.env ?? process.env });
  try {
    const { report } = await replayAgainst(target, fixtures, {
      world,
      profile,
      ...(options.log ? { log: options.log } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return report;
  } finally {
    await target.close();
  }
}
