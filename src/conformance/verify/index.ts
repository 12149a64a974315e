/**
 * `verifyTarget`: generated traffic against a target, as fast-check properties (streaming requests,
 * mutated and oversize requests, the batch life cycle as a model, Campaign triggers as a model). Every
 * case's checks name a documented behaviour; every failure carries the seed, fast-check's path and the
 * shrunk counterexample, and the same seed generates the same cases again.
 */
import type { ProfileName } from '../../contract/profiles.js';
import type { World } from '../../world/types.js';
import type { ConformanceCheck } from '../../report/conformance/model.js';
import { batchLifecycleProperty } from './batch-model.js';
import { campaignTriggerProperty } from './campaign-model.js';
import type { VerifyContext } from './context.js';
import { targetHttp } from './http.js';
import { runnable, VERIFY_GROUPS, type PropertyOutcome, type RunnableProperty, type VerifyFailure, type VerifyGroup } from './property.js';
import { streamingProperties } from './streaming.js';

export { VERIFY_GROUPS, type PropertyOutcome, type VerifyFailure, type VerifyGroup } from './property.js';

export interface VerifyOptions {
  url: string;
  headers: Record<string, string>;
  world: World;
  profile: ProfileName;
  /** Default: a new seed, printed with the results. */
  seed?: number;
  /** Runs per property (properties of costly cases run a stated fraction of it). */
  runs: number;
  /** The whole run stops starting cases after this long. */
  maxTimeMs?: number;
  /** Which groups of properties; default all. */
  only?: readonly VerifyGroup[];
  /** Only the property of this name (`streaming.valid-requests`, `batch.life-cycle`, …). */
  property?: string;
  /** With `property`: replay only this fast-check path of the seed, the shrunk case a failure printed. */
  path?: string;
  /** With `path`, for the command models: fast-check's replayPath, printed with the failure. */
  replayPath?: string;
  /** The inlet streaming traffic goes to; default the world's first. */
  inletId?: string;
  /** One line per property as it ends. */
  log?: (line: string) => void;
}

export interface VerifyResult {
  checks: ConformanceCheck[];
  failures: VerifyFailure[];
  seed: number;
  runs: number;
  properties: PropertyOutcome[];
}

/** Every property's name, for a usage error that lists them. */
export const VERIFY_PROPERTY_NAMES = [
  'streaming.valid-requests',
  'streaming.mutated-requests',
  'streaming.request-size',
  'streaming.not-json',
  'streaming.envelope-invalid',
  'streaming.single-message',
  'batch.life-cycle',
  'campaign.triggers',
] as const;

/** A seed fast-check takes: a 32-bit integer. */
export function newSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
}

function verifyProperties(ctx: VerifyContext, headers: Record<string, string>, only: readonly VerifyGroup[] = VERIFY_GROUPS): RunnableProperty[] {
  const properties: RunnableProperty[] = [];
  if (only.includes('streaming')) {
    properties.push(...streamingProperties(ctx));
  }
  if (only.includes('batch')) properties.push(runnable(batchLifecycleProperty(ctx)));
  // A world without Campaign mappings has nothing to trigger.
  if (only.includes('campaign') && ctx.world.campaignMappings.length > 0) properties.push(runnable(campaignTriggerProperty(ctx, headers)));
  return properties;
}

export async function verifyTarget(options: VerifyOptions): Promise<VerifyResult> {
  const seed = options.seed ?? newSeed();
  const inlet = options.inletId === undefined ? options.world.inlets[0] : options.world.inlets.find((i) => i.id === options.inletId);
  if (inlet === undefined) throw new Error(`the world (${options.world.source}) has no inlet${options.inletId === undefined ? '' : ` ${options.inletId}`} to send streaming traffic to`);
  const ctx: VerifyContext = { http: targetHttp(options.url, options.headers), world: options.world, profile: options.profile, inlet, runs: options.runs };
  const deadline = options.maxTimeMs === undefined ? undefined : Date.now() + options.maxTimeMs;
  const properties: PropertyOutcome[] = [];
  if (options.path !== undefined && options.property === undefined) throw new Error('a path replays one property: name it');
  const selected = verifyProperties(ctx, options.headers, options.only).filter((p) => options.property === undefined || p.name === options.property);
  const replay = options.path === undefined ? undefined : { path: options.path, ...(options.replayPath !== undefined ? { replayPath: options.replayPath } : {}) };
  for (const property of selected) {
    const outcome = await property.run(seed, deadline, replay);
    properties.push(outcome);
    options.log?.(
      `${outcome.failure ? '✖' : '✔'} ${outcome.property}: ${outcome.runs} case${outcome.runs === 1 ? '' : 's'}${outcome.skipped > 0 ? ` (${outcome.skipped} skipped)` : ''}${outcome.interrupted ? ', stopped by --max-time' : ''}`,
    );
  }
  return {
    checks: properties.flatMap((p) => p.checks),
    failures: properties.flatMap((p) => (p.failure ? [p.failure] : [])),
    seed,
    runs: options.runs,
    properties,
  };
}
