/** What a command may touch of the process, passed in so that specs run commands in-process. */
export interface CliIo {
  /** `columns`: the terminal's width when standard output is one (the text format wraps to it). */
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** What `preflight -` reads; absent, `-` is refused as a usage error. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** Exit codes promised in DESIGN.md. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  unreachable: 4,
  /** A defect of aep-harness itself, never a mistake of the user or of the machine (sysexits' EX_SOFTWARE). */
  defect: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A usage or configuration error: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * The machine refused what the run needs: a port in use, a data directory another process holds, an
 * output that cannot be written. Printed as one line, exit code 3 (the input-or-environment code).
 */
export class EnvironmentError extends Error {}

/** A failed system call (it has an errno `code` and the `syscall` that met it): a fact about the machine, not a defect. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string; syscall: string } {
  const e = error as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EADDRINUSE: 'the address is in use by another program',
  EADDRNOTAVAIL: 'the address is not one of this machine',
};

/** A system error in words a person can act on: what was being done, to which path, and why it failed. */
export function describeSystemError(error: NodeJS.ErrnoException & { code: string; syscall: string }): string {
  const reason = ERRNO_WORDS[error.code] ?? error.code;
  const what = error.path !== undefined ? `${error.syscall} ${error.path}` : error.syscall;
  return `${what}: ${reason} (${error.code})`;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin };
}

/** Colour when writing to a terminal, unless NO_COLOR says otherwise; FORCE_COLOR forces it. */
export function wantsColor(stream: CliIo['stdout'], env: CliIo['env'], flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

/** The width the text format wraps to: the terminal's columns when writing to one, else 100. */
export const DEFAULT_TEXT_WIDTH = 100;

export function textWidth(stream: CliIo['stdout']): number {
  // A very narrow terminal still gets 40 columns: below that a location and a rule id no longer fit a line.
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return Math.max(40, stream.columns);
  return DEFAULT_TEXT_WIDTH;
}
