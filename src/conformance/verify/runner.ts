/**
 * A verify run, for the `verify` command and for programs: generated traffic against a target, folded
 * into the `ConformanceReport`. `verifyAgainst` runs against a target already open (the command opens
 * its own, to say what it opened); `verify` opens the target, runs, and closes it.
 */
import type { ProfileName } from '../../contract/profiles.js';
import { buildConformanceReport, type ConformanceReport } from '../../report/conformance/model.js';
import { VERSION } from '../../version.js';
import { defaultWorld } from '../../world/default.js';
import { loadWorld } from '../../world/load.js';
import type { World } from '../../world/types.js';
import { openTarget, shownTarget, type Target } from '../target.js';
import { verifyTarget, type VerifyOptions, type VerifyResult } from './index.js';

/** Cases per property when none is asked for: the command's default. */
export const DEFAULT_RUNS = 100;

export interface VerifyRun {
  report: ConformanceReport;
  /** The failures with their seed, path and shrunk case, and each property's outcome. */
  result: VerifyResult;
}

/** Verifies an open target (left open) and builds the conformance report. */
export async function verifyAgainst(target: Target, options: Omit<VerifyOptions, 'url' | 'headers'> & { shown?: string }): Promise<VerifyRun> {
  const { shown, ...rest } = options;
  const startedAt = new Date();
  const result = await verifyTarget({ ...rest, url: target.url, headers: target.headers });
  const report = buildConformanceReport(
    {
      command: 'verify',
      target: shown ?? shownTarget(target),
      profile: options.profile,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      seed: result.seed,
      runs: options.runs,
    },
    result.checks,
    { version: VERSION },
  );
  return { report, result };
}

export interface VerifyRunOptions extends Partial<Omit<VerifyOptions, 'url' | 'headers' | 'world' | 'profile'>> {
  /** Base URL of the server to verify; default the reference server, started in-process on loopback and closed after. */
  target?: string;
  /** Where a URL target's credentials come from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** A world or a world file's path; default the embedded default world. */
  world?: World | string;
  profile?: ProfileName;
}

/**
 * Sends generated traffic (valid, mutated and oversize requests; batch and Campaign command sequences)
 * and checks every answer against the documented behaviours. The report's `run.seed` generates the same
 * cases again. Throws `TargetUnreachable` when nothing answers, `TypeError` for a target that is not an
 * http(s) URL.
 */
export async function verify(options: VerifyRunOptions = {}): Promise<ConformanceReport> {
  const { target: url, env, world: given, profile = 'docs', runs = DEFAULT_RUNS, ...rest } = options;
  const world = typeof given === 'string' ? await loadWorld(given) : (given ?? defaultWorld());
  const target = await openTarget({ ...(url !== undefined ? { target: url } : {}), world, profile, env: env ?? process.env });
  try {
    const { report } = await verifyAgainst(target, { ...rest, world, profile, runs });
    return report;
  } finally {
    await target.close();
  }
}
