/**
 * A pool of child processes that run `aep-harness` commands (`cli-worker.ts`) with a deadline each. A
 * command past its deadline is a hang: its process is killed and replaced, and the next command runs on
 * a fresh one. A process that dies (an exception nobody caught, memory exhausted) is a crash.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface CliJob {
  argv: string[];
  cwd: string;
  /** What the input is, for the report of a defect. */
  label: string;
}

export type CliOutcome =
  | { kind: 'done'; code: number; stdout: string; stderr: string }
  | { kind: 'crash'; detail: string; stdout?: string; stderr?: string }
  | { kind: 'hang'; afterMs: number };

interface Pending {
  resolve(outcome: CliOutcome): void;
  timer: NodeJS.Timeout;
}

const WORKER = new URL('./cli-worker.ts', import.meta.url);

class Slot {
  private worker!: ChildProcess;
  private pending: Pending | undefined;
  private next = 0;

  constructor(private readonly memoryMb: number) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = fork(WORKER, [], { execArgv: ['--import', 'tsx', `--max-old-space-size=${this.memoryMb}`], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, NO_COLOR: '1' } });
    // What a command writes to the real process streams (it should write nothing there) is kept for a crash's report.
    let printed = '';
    const keep = (c: Buffer) => (printed = (printed + c.toString()).slice(-2000));
    this.worker.stdout!.on('data', keep);
    this.worker.stderr!.on('data', keep);
    this.worker.on('message', (message: { code?: number; thrown?: string; stdout: string; stderr: string }) => {
      const pending = this.take();
      if (pending === undefined) return;
      if (message.thrown !== undefined) pending.resolve({ kind: 'crash', detail: `main() rejected: ${message.thrown.split('\n')[0]}`, stdout: message.stdout, stderr: message.stderr });
      else pending.resolve({ kind: 'done', code: message.code!, stdout: message.stdout, stderr: message.stderr });
    });
    const died = (detail: string) => {
      const pending = this.take();
      pending?.resolve({ kind: 'crash', detail });
    };
    this.worker.on('error', (error) => died(`the command's process failed: ${error.message.split('\n')[0]}`));
    this.worker.on('exit', (code, signal) => {
      const fatal = printed.split('\n').find((l) => /FATAL ERROR|Error:/.test(l));
      died(`the command's process exited with ${code ?? signal}${fatal !== undefined ? ` (${fatal.trim().slice(0, 160)})` : ''}`);
    });
  }

  private take(): Pending | undefined {
    const pending = this.pending;
    if (pending !== undefined) clearTimeout(pending.timer);
    this.pending = undefined;
    return pending;
  }

  run(job: CliJob, timeoutMs: number): Promise<CliOutcome> {
    return new Promise<CliOutcome>((resolve) => {
      const started = Date.now();
      const timer = setTimeout(() => {
        this.pending = undefined;
        const old = this.worker;
        old.removeAllListeners('exit');
        old.removeAllListeners('error');
        old.removeAllListeners('message');
        old.kill('SIGKILL');
        this.spawn();
        resolve({ kind: 'hang', afterMs: Date.now() - started });
      }, timeoutMs);
      this.pending = {
        timer,
        resolve: (outcome) => {
          // A thread that died is replaced before the next command.
          if (outcome.kind === 'crash' && !('stdout' in outcome && outcome.stdout !== undefined)) this.replace();
          resolve(outcome);
        },
      };
      this.worker.send({ id: this.next++, argv: job.argv, cwd: job.cwd });
    });
  }

  private replace(): void {
    const old = this.worker;
    old.removeAllListeners();
    old.kill('SIGKILL');
    this.spawn();
  }

  close(): void {
    this.worker.removeAllListeners();
    this.worker.kill('SIGKILL');
  }
}

export class CliPool {
  private readonly slots: Slot[];

  constructor(size: number, memoryMb = 1024) {
    this.slots = Array.from({ length: size }, () => new Slot(memoryMb));
  }

  /** Runs every job, `size` at a time, each with its deadline; outcomes in the jobs' order. */
  async runAll(jobs: readonly CliJob[], timeoutMs: number, onOutcome?: (job: CliJob, outcome: CliOutcome) => void): Promise<CliOutcome[]> {
    const outcomes: CliOutcome[] = new Array<CliOutcome>(jobs.length);
    let next = 0;
    await Promise.all(
      this.slots.map(async (slot) => {
        while (next < jobs.length) {
          const index = next++;
          const outcome = await slot.run(jobs[index]!, timeoutMs);
          outcomes[index] = outcome;
          onOutcome?.(jobs[index]!, outcome);
        }
      }),
    );
    return outcomes;
  }

  close(): void {
    for (const slot of this.slots) slot.close();
  }
}
