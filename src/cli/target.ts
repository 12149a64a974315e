/**
 * Opening the target of `replay` and `verify` the same way: a URL (a usage error when it is not one) or
 * the reference server in-process; a note on credential variables left unset; exit code 4 when nothing
 * answers, before or during the run.
 */
import type { ProfileName } from '../contract/profiles.js';
import { missingCredentialsNotice, openTarget, shownTarget, TargetUnreachable, type CredentialVariable, type Target } from '../conformance/target.js';
import { redactSecrets } from '../report/redact.js';
import type { World } from '../world/types.js';
import { EXIT, UsageError, type CliIo, type ExitCode } from './io.js';

export interface OpenedTarget {
  target: Target;
  /** How reports and the terminal name it (a URL's credentials redacted). */
  shown: string;
}

/** Says that nothing answered, and gives the exit code for it. */
export function unreachable(command: string, error: TargetUnreachable, io: CliIo): ExitCode {
  io.stderr.write(`aep-harness ${command}: ${redactSecrets(error.message)}\n`);
  return EXIT.unreachable;
}

/** Variables whose value the reference server does not judge (it holds no platform tokens or keys). */
const ANY_VALUE: readonly CredentialVariable[] = ['AEP_ACCESS_TOKEN', 'AEP_API_KEY'];

/**
 * What to do about unset credential variables: which to set, and the values the reference server takes
 * (any token and key; an org and a sandbox of its world), as a line to paste.
 */
export function credentialsAdvice(missing: readonly CredentialVariable[], world: World): string[] {
  const org = world.orgs[0];
  const value = (name: CredentialVariable): string => {
    if (name === 'AEP_ORG_ID') return org?.id ?? 'YOUR_ORG@AdobeOrg';
    if (name === 'AEP_SANDBOX_NAME') return org?.sandboxes[0] ?? 'prod';
    return 'any-value';
  };
  const anyValue = missing.filter((name) => ANY_VALUE.includes(name));
  const fromWorld = missing.filter((name) => !ANY_VALUE.includes(name));
  const against = [
    ...(anyValue.length > 0 ? [`any value works for ${anyValue.join(' and ')}`] : []),
    ...(fromWorld.length > 0 ? [`${fromWorld.join(' and ')} must name ${fromWorld.length === 2 ? 'an org and a sandbox' : fromWorld[0] === 'AEP_ORG_ID' ? 'an org' : 'a sandbox'} of its world (${world.source})`] : []),
  ];
  return [
    `set ${missing.join(', ')} in the environment, for example:`,
    `  export ${missing.map((name) => `${name}=${value(name)}`).join(' ')}`,
    `against the reference server (aep-harness serve) ${against.join('; ')}`,
  ];
}

/** The opened target, or the exit code when nothing answers at its URL. */
export async function openCliTarget(command: string, url: string | undefined, world: World, profile: ProfileName, io: CliIo, quiet = false): Promise<OpenedTarget | ExitCode> {
  let target: Target;
  try {
    target = await openTarget({ ...(url !== undefined ? { target: url } : {}), world, profile, env: io.env });
  } catch (error) {
    if (error instanceof TargetUnreachable) return unreachable(command, error, io);
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  const notice = missingCredentialsNotice(target);
  if (notice !== undefined && !quiet) {
    io.stderr.write(`aep-harness ${command}: note: ${notice}\n`);
    for (const line of credentialsAdvice(target.missingCredentials, world)) io.stderr.write(`  ${line}\n`);
  }
  return { target, shown: shownTarget(target) };
}
