/**
 * Runs `aep-harness` commands in a child process for the hostile suite: the parent hands over one
 * argument list at a time and gets the exit code and what was printed. A command that never ends is told
 * by the parent's clock (it kills the process); one that throws or exhausts memory ends the process, and
 * the parent counts it as a crash. A process, not a thread: V8 ends the whole process when some
 * allocations fail (a regular expression's compiler), which a thread's limits cannot contain.
 */
import { main } from '../src/cli/main.js';

interface Job {
  id: number;
  argv: string[];
  cwd: string;
}

process.on('message', (job: Job) => {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env: { NO_COLOR: '1' },
    cwd: job.cwd,
  };
  main(job.argv, io).then(
    (code) => process.send!({ id: job.id, code, stdout: stdout.slice(0, 200_000), stderr: stderr.slice(0, 200_000) }),
    (error: unknown) => process.send!({ id: job.id, thrown: error instanceof Error ? (error.stack ?? error.message) : String(error), stdout, stderr }),
  );
});
