/** Runs `aep-harness` in-process (fast) or as a real child process (to see exit codes and stderr as users do). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean; columns?: number; stdin?: AsyncIterable<Uint8Array | string>; stopSignal?: () => Promise<void>; onStdout?: (text: string) => void } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => { stdout += s; opts.onStdout?.(stdout); }, isTTY: opts.tty ?? false, ...(opts.columns !== undefined ? { columns: opts.columns } : {}) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
  };
  const code = await (opts.stopSignal !== undefined ? main(argv, io, opts.stopSignal) : main(argv, io));
  return { code, stdout, stderr };
}

const ROOT = join(import.meta.dirname, '../..');

/**
 * The text format wraps messages to 100 columns (the terminal's width on a terminal); for looking up a
 * message as one piece, its continuation lines joined back with a space.
 */
export function unwrapped(text: string): string {
  return text.replace(/\n {2,}(?=\S)/g, ' ');
}

/** The command as a user runs it: a node process on the sources (through tsx), no shell. */
export function spawnCli(argv: string[], opts: { cwd?: string; timeoutMs?: number; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), ...argv], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    timeout: opts.timeoutMs ?? 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
