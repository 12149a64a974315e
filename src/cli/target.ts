/**
 * Opening the target of `replay` and `verify` the same way: a URL (a usage error when it is not one) or
 * the reference server in-process; a note on credential variables left unset; exit code 4 when nothing
 * answers, before or during the run.
 */
import type { ProfileName } from '../contract/profiles.js';
import { missingCredentialsNotice, openTarget, shownTarget, TargetUnreachable, type Target } from '../conformance/target.js';
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

/** The opened target, or the exit code when nothing answers at its URL. */
export async function openCliTarget(command: string, url: string | undefined, world: World, profile: ProfileName, io: CliIo): Promise<OpenedTarget | ExitCode> {
  let target: Target;
  try {
    target = await openTarget({ ...(url !== undefined ? { target: url } : {}), world, profile, env: io.env });
  } catch (error) {
    if (error instanceof TargetUnreachable) return unreachable(command, error, io);
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  const notice = missingCredentialsNotice(target);
  if (notice !== undefined) io.stderr.write(`aep-harness ${command}: note: ${notice}\n`);
  return { target, shown: shownTarget(target) };
}
