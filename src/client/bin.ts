#!/usr/bin/env node
/**
 * The reference client as a command: `node dist/client/bin.js` (or `node --import tsx src/client/bin.ts`).
 * It does the jobs the environment hands over (runClientFromEnv), prints a short summary to standard output
 * and, with `--verbose`, progress to standard error (neither ever shows the token), and exits 0 when everything was dealt with
 * as documented (rejected messages and a failed batch are reported, not failures), 1 when it gave up.
 */
import { runClientFromEnv } from './env.js';
import { formatSummary } from './summary.js';

// `--verbose`: progress lines (retries, ids, statuses) on standard error.
const verbose = process.argv.slice(2).includes('--verbose');

try {
  const summary = await runClientFromEnv(process.env, verbose ? { log: (line) => process.stderr.write(`${line}\n`) } : {});
  process.stdout.write(`${formatSummary(summary)}\n`);
  process.exitCode = summary.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`aep reference client: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
