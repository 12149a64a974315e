/**
 * Running the client's command for one scenario: its own process group (so a test runner's children stop
 * with it), the scenario's environment, a time limit after which it is stopped (SIGTERM, then SIGKILL), and
 * the tail of what it printed. What it printed is evidence, never the verdict.
 */
import { spawn } from 'node:child_process';

/** The command could not be started at all (not found, not executable): exit code 3. */
export class CommandNotStarted extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`cannot start ${command}: ${reason}`);
  }
}

export interface CommandRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** The last lines of standard output and error, as they came. */
  tail: string[];
}

const TAIL_LINES = 40;
const KILL_GRACE_MS = 2_000;

class Tail {
  private lines: string[] = [];
  private partial = '';
  add(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > TAIL_LINES) this.lines = this.lines.slice(-TAIL_LINES);
  }
  get all(): string[] {
    const lines = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return lines.slice(-TAIL_LINES);
  }
}

export function runCommand(command: readonly string[], opts: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number }): Promise<CommandRun> {
  const [file, ...args] = command;
  if (file === undefined) return Promise.reject(new CommandNotStarted('(nothing)', 'no command was given after --'));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const tail = new Tail();
    let spawned = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    }, opts.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => tail.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => tail.add(chunk));
    child.on('spawn', () => {
      spawned = true;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (!spawned) reject(new CommandNotStarted(file, error.code === 'ENOENT' ? 'no such command' : error.code === 'EACCES' ? 'permission denied' : error.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      // Anything the command left running in its group goes with it.
      signalGroup('SIGKILL');
      resolve({ exitCode: code, signal, timedOut, durationMs: Date.now() - started, tail: tail.all });
    });
  });
}
