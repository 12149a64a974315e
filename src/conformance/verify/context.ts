/** What every property of a verify run shares: the target, the tenant, the profile, and the runs asked for. */
import type { ProfileName } from '../../contract/profiles.js';
import type { Inlet, World } from '../../world/types.js';
import type { TargetHttp } from './http.js';

export interface VerifyContext {
  http: TargetHttp;
  world: World;
  profile: ProfileName;
  /** The streaming connection generated requests are sent to. */
  inlet: Inlet;
  /** Runs per property, as asked; a property of costly cases may run fewer (it says so in its definition). */
  runs: number;
  /** Time spent waiting between status reads while the platform processes, added up (benchmarks subtract it). */
  waited?: { ms: number };
}

/** Waits between two reads of a status the platform is still moving, and counts the wait. */
export async function pause(ctx: VerifyContext, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (ctx.waited !== undefined) ctx.waited.ms += ms;
}

/** The org the platform calls are made for: the one the credentials name, or the world's first. */
export function callerOrg(ctx: VerifyContext, headers: Record<string, string>): string {
  const named = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-gw-ims-org-id')?.[1];
  return named ?? ctx.world.orgs[0]?.id ?? ctx.inlet.org;
}
