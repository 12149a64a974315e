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

/** A header's value by its name in any case: header names are case-insensitive. */
export function headerNamed(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.entries(headers).find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** The org the platform calls are made for: the one the credentials name, or the world's first. */
export function callerOrg(ctx: VerifyContext, headers: Record<string, string>): string {
  return headerNamed(headers, 'x-gw-ims-org-id') ?? ctx.world.orgs[0]?.id ?? ctx.inlet.org;
}
