/** What a command may touch of the process, passed in so that specs run commands in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Exit codes promised in DESIGN.md. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  unreachable: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A usage or configuration error: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Colour when writing to a terminal, unless NO_COLOR says otherwise; FORCE_COLOR forces it. */
export function wantsColor(stream: CliIo['stdout'], env: CliIo['env'], flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}
