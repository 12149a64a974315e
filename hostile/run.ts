/**
 * The standing hostile-input suite (`npm run test:hostile`): the bad-input corpus over every command and
 * input kind, special files, a seeded fuzzer against the reference server, and a planted-secrets run of
 * `record`, `preflight` and `check-trace`. Bounded (counts and deadlines below) and seeded: the same seed
 * gives the same inputs and requests. It prints its figures at the end and exits 1 when any is not 0.
 *
 *   node --import tsx hostile/run.ts [--seed N] [--requests N] [--mutants N] [--parts corpus,special,fuzz,secrets] [--plant-leak]
 *
 * `--plant-leak` writes one planted secret into one report after the run, as a defective writer would:
 * the run must then report 1 secret found and exit 1 (the proof that the search finds a leak).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CliPool, type CliOutcome } from './cli-pool.js';
import { corpusJobs, looksLikeCrash, ROOT } from './corpus.js';
import { escapeMarker, fuzzServer } from './fuzz-server.js';
import { plantedSecretsRun } from './planted-secrets.js';
import { Random } from './random.js';
import { specialFiles } from './special-files.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261202' },
    requests: { type: 'string', default: '2000' },
    mutants: { type: 'string', default: '4' },
    parts: { type: 'string', default: 'corpus,special,fuzz,secrets' },
    'plant-leak': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const requests = Number(values.requests);
const mutants = Number(values.mutants);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(requests) || !Number.isSafeInteger(mutants)) {
  process.stderr.write('hostile: --seed, --requests and --mutants take integers\n');
  process.exit(2);
}

/** Deadlines: one command, one request; both far above what a sound run takes. */
const COMMAND_DEADLINE_MS = 30_000;
const REQUEST_DEADLINE_MS = 10_000;

const parts = new Set(values.parts.split(',').map((p) => p.trim()));
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'aep-hostile-'));
const defects: string[] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`hostile-input suite, seed ${seed} (rerun: npm run test:hostile -- --seed ${seed})`);

// 1. Files that are not regular files, as real processes, first: on a machine still busy with the corpus they are slow to start.
mkdirSync(join(work, 'corpus'), { recursive: true });
const special = parts.has('special') ? await specialFiles(join(work, 'corpus'), COMMAND_DEADLINE_MS) : [];
const specialCount = (kind: string) => special.filter((s) => s.kind === kind).length;
for (const s of special) if (s.kind !== 'ok') defects.push(`${s.kind === 'wrong' ? 'wrong verdict' : s.kind}: ${s.label}: ${s.detail}`);
say(`  [${((Date.now() - started) / 1000).toFixed(0)} s] special files: ${special.length} (FIFO, /dev/zero): ${specialCount('crash')} crashes, ${specialCount('hang')} hangs, ${specialCount('wrong')} wrong verdicts`);

// 2. The bad-input corpus, in two child processes.
const random = new Random(seed);
const jobs = parts.has('corpus') ? corpusJobs(join(work, 'corpus'), random, mutants) : [];
const pool = new CliPool(2);
let corpusCrashes = 0;
let corpusHangs = 0;
let wrongVerdicts = 0;
const NOT_TEXT = /: (invalid UTF-8|UTF-16LE with BOM|random bytes)$/;
await pool.runAll(jobs, COMMAND_DEADLINE_MS, (job, outcome: CliOutcome) => {
  const where = `${job.label} (aep-harness ${job.argv.map((a) => relative(work, a).startsWith('..') ? a : relative(work, a)).join(' ')})`;
  if (outcome.kind === 'hang') {
    corpusHangs++;
    defects.push(`hang: ${where}: no exit within ${outcome.afterMs} ms`);
  } else if (outcome.kind === 'crash') {
    corpusCrashes++;
    defects.push(`crash: ${where}: ${outcome.detail}`);
  } else if (outcome.code < 0 || outcome.code > 4 || looksLikeCrash(outcome.stdout) || looksLikeCrash(outcome.stderr)) {
    corpusCrashes++;
    const line = [...outcome.stderr.split('\n'), ...outcome.stdout.split('\n')].find((l) => /internal error|^\s+at /.test(l)) ?? '';
    defects.push(`crash: ${where}: exit ${outcome.code}, ${line.trim().slice(0, 200)}`);
  } else if (NOT_TEXT.test(job.label) && outcome.code === 0) {
    wrongVerdicts++;
    defects.push(`wrong verdict: ${where}: input that is not UTF-8 text passed with exit 0`);
  }
});
pool.close();
say(`  [${((Date.now() - started) / 1000).toFixed(0)} s] bad-input corpus: ${jobs.length} inputs over 13 commands and input kinds: ${corpusCrashes} crashes, ${corpusHangs} hangs, ${wrongVerdicts} wrong verdicts`);

// 3. The server fuzzer. The data directory sits deep in its own tree, so a traversal lands where it is seen.
const fuzzRoot = join(work, 'fuzz');
const dataDir = join(fuzzRoot, 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'data');
mkdirSync(dataDir, { recursive: true });
const fuzz = await fuzzServer({ random: new Random(seed + 1), dataDir, requests: parts.has('fuzz') ? requests : 0, deadlineMs: REQUEST_DEADLINE_MS, concurrency: 6 });
await fuzz.stop();
for (const d of fuzz.defects.slice(0, 20)) defects.push(`server: request ${d.request}: ${d.what}${d.call !== '' ? `: ${d.call}` : ''}`);
if (fuzz.defects.length > 20) defects.push(`server: … and ${fuzz.defects.length - 20} more`);
if (fuzz.stackTraceLines > 0) defects.push(`server: ${fuzz.stackTraceLines} stack-trace lines in the server's log`);

/** Every file under `dir`, but not under `except`. */
function filesOutside(dir: string, except: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === except) continue;
    if (entry.isDirectory()) out.push(...filesOutside(path, except));
    else out.push(path);
  }
  return out;
}
const marker = escapeMarker(seed + 1);
const outside = [
  ...filesOutside(fuzzRoot, dataDir),
  ...[tmpdir(), ROOT, work].flatMap((dir) => readdirSync(dir).filter((name) => name.includes(marker)).map((name) => join(dir, name))),
];
for (const path of outside) defects.push(`server: a file written outside the data directory: ${path}`);
say(`  [${((Date.now() - started) / 1000).toFixed(0)} s] server fuzzer: ${fuzz.requests} requests (${fuzz.aborted} uploads aborted): ${fuzz.undocumented5xx} undocumented 5xx, ${fuzz.hangs} hangs, ${fuzz.crashes} crashes, ${fuzz.stackTraceLines} stack-trace lines in the log, ${outside.length} files outside the data dir`);

// 4. Planted secrets.
const secrets = parts.has('secrets') ? await plantedSecretsRun({ random: new Random(seed + 2), work, plantLeak: values['plant-leak'] }) : { planted: 0, found: [], filesSearched: 0, bytesSearched: 0 };
for (const f of secrets.found) defects.push(`secret in output: ${f.secret}: ${f.where}`);
say(`  [${((Date.now() - started) / 1000).toFixed(0)} s] planted secrets: ${secrets.planted} planted in record, preflight, check-trace and report traffic; ${secrets.filesSearched} files and the printed output (${(secrets.bytesSearched / 1024).toFixed(0)} KiB) searched; ${secrets.found.length} found`);

if (defects.length > 0) {
  say('');
  say(`defects (seed ${seed}):`);
  for (const d of defects) say(`  ${d}`);
}
const inputs = jobs.length + special.length + fuzz.requests + secrets.planted;
const crashes = corpusCrashes + specialCount('crash') + fuzz.crashes;
const hangs = corpusHangs + specialCount('hang') + fuzz.hangs;
say('');
say(
  `inputs tried ${inputs}, crashes ${crashes}, hangs ${hangs}, wrong verdicts ${wrongVerdicts + specialCount('wrong')}, undocumented 5xx ${fuzz.undocumented5xx}, stack traces in the server log ${fuzz.stackTraceLines}, files outside the data dir ${outside.length}, secrets found in output ${secrets.found.length} of ${secrets.planted} planted (${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
if (values.keep) say(`kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
// A blocked read of a special file must not keep the suite alive.
process.exit(defects.length > 0 ? 1 : 0);
