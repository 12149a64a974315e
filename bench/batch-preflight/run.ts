/**
 * `npm run bench:batch`: batch pre-flight of NDJSON record files with 1 and with 2 jobs (64 MiB and 256 MiB
 * by default), beside ajv-cli validating the same records, in one run. See bench/README.md, `bench/batch-preflight`.
 *
 *   npm run bench:batch [-- --quick] [--reps N] [--sizes 64,256] [--seed N] [--no-pin] [--keep-peer-inputs]
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { warmPageCache } from '../preflight/generate.js';
import { DATA_DIR, ensureRecordsFile, MiB, type RecordsManifest } from './generate.js';
import { RESULT_PREFIX, type BatchFigures, type BatchRole } from './measure.js';
import { preparePeerInput, probePeer, removePeerInputs, runPeer, type PeerInput } from './peer.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const ROLES: BatchRole[] = ['subject-1', 'subject-2', 'ajv-cli-chunks', 'ajv-cli-array'];
/** Issue #13's aims for 2 jobs over 1: on the largest file, and never slower on the smallest. */
const AIM_LARGE = 1.8;
const AIM_SMALL = 1.0;
/** The subject runs from a `tsc` build of src/ here, so its worker threads load JavaScript as from dist/. */
const BUILD_DIR = join(ROOT, 'node_modules/.cache/batch-bench-build');

interface Options {
  sizesMiB: number[];
  reps: number;
  seed: number;
  pin: boolean;
  keepPeerInputs: boolean;
  quick: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      seed: { type: 'string', default: '1' },
      sizes: { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      'keep-peer-inputs': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  return {
    sizesMiB: values.sizes !== undefined ? values.sizes.split(',').map(Number) : quick ? [32] : [64, 256],
    reps: Number(values.reps ?? (quick ? 1 : 3)),
    seed: Number(values.seed),
    pin: values['no-pin'] !== true,
    keepPeerInputs: values['keep-peer-inputs'] === true,
    quick,
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function tasksetWorks(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

async function runSubject(file: string, jobs: number, cores: number, pin: boolean): Promise<BatchFigures> {
  const node = [process.execPath, '--import', 'tsx', join(HERE, 'subject.ts'), file, String(jobs)];
  // One job on CPU 0; two jobs on CPUs 0 and 1.
  const argv = pin ? ['taskset', '-c', jobs === 1 ? '0' : `0-${Math.min(jobs, cores) - 1}`, ...node] : node;
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BENCH_SRC: BUILD_DIR } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || line === undefined) throw new Error(`subject (jobs ${jobs}) failed with exit ${code}:\n${stderr}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as BatchFigures;
}

/** 2 jobs over 1 job, repetition by repetition (the two ran next to each other). */
function pairedSpeedups(measurements: BatchFigures[], sizeMiB: number): number[] {
  const of = (role: BatchRole) => measurements.filter((m) => m.role === role && m.file.includes(`-${sizeMiB}mib-`) && m.error === undefined);
  const ones = of('subject-1');
  const twos = of('subject-2');
  return ones.slice(0, twos.length).map((one, i) => one.seconds / twos[i]!.seconds);
}

/** Builds src/ with tsc into BUILD_DIR (declarations and source maps left out). */
function buildSubject(): void {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR, '--declaration', 'false', '--sourceMap', 'false'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status === 0) return;
  // tsc still writes the output when some file elsewhere does not type-check; only a missing build stops the run.
  if (!existsSync(join(BUILD_DIR, 'rules/batch/preflight-file.js'))) throw new Error(`tsc could not build the subject:\n${r.stdout}${r.stderr}`);
  log(`tsc reported errors (the build is used anyway):\n${r.stdout}${r.stderr}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Summary {
  sizeMiB: number;
  role: BatchRole;
  runs: number;
  failedRuns: number;
  seconds: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  maxRssMiB: number;
  error?: string;
}

function summarise(sizeMiB: number, role: BatchRole, runs: BatchFigures[]): Summary | undefined {
  if (runs.length === 0) return undefined;
  const ok = runs.filter((r) => r.error === undefined);
  const base = { sizeMiB, role, runs: runs.length, failedRuns: runs.length - ok.length };
  if (ok.length === 0) return { ...base, seconds: median(runs.map((r) => r.seconds)), recordsPerSecond: 0, mbPerSecond: 0, maxRssMiB: median(runs.map((r) => r.maxRssKiB / 1024)), error: runs[0]!.error! };
  return {
    ...base,
    seconds: median(ok.map((r) => r.seconds)),
    recordsPerSecond: median(ok.map((r) => r.records / r.seconds)),
    mbPerSecond: median(ok.map((r) => r.bytes / 1e6 / r.seconds)),
    maxRssMiB: median(ok.map((r) => r.maxRssKiB / 1024)),
  };
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const LABEL: Record<BatchRole, string> = {
  'subject-1': 'preflightBatchFile, jobs 1',
  'subject-2': 'preflightBatchFile, jobs 2',
  'ajv-cli-chunks': 'ajv-cli, 64 MiB JSON arrays',
  'ajv-cli-array': 'ajv-cli, one JSON array',
};

async function main(): Promise<void> {
  const opts = options();
  const cores = availableParallelism();
  const pinned = opts.pin && tasksetWorks();
  log(`batch pre-flight bench: ${cores} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${pinned ? 'pinned with taskset' : 'not pinned'}`);
  log(`building src/ into ${relative(ROOT, BUILD_DIR)} (tsc)`);
  buildSubject();
  const measurements: BatchFigures[] = [];
  const manifests: RecordsManifest[] = [];
  const peerInputs: PeerInput[] = [];
  const checks: { what: string; ok: boolean }[] = [];
  const probe = await probePeer(DATA_DIR);
  checks.push({ what: `ajv-cli probe: a record with an epoch-millisecond timestamp is invalid (${probe.output})`, ok: probe.caught });

  for (const sizeMiB of opts.sizesMiB) {
    const { file, manifest, reused } = await ensureRecordsFile(sizeMiB * MiB, opts.seed, log);
    manifests.push(manifest);
    log(`${reused ? 'reusing' : 'generated'} ${relative(ROOT, file)}: ${manifest.records} records, ${(manifest.bytes / 1e6).toFixed(1)} MB`);
    const chunks = await preparePeerInput(file, 'chunks');
    const array = await preparePeerInput(file, 'array');
    peerInputs.push(chunks, array);
    await warmPageCache(file);
    for (let rep = 0; rep < opts.reps; rep++) {
      const order = rep % 2 === 0 ? ROLES : [...ROLES].reverse();
      for (const role of order) {
        let figures: BatchFigures;
        if (role === 'subject-1') figures = await runSubject(file, 1, cores, pinned);
        else if (role === 'subject-2') figures = await runSubject(file, 2, cores, pinned);
        else if (role === 'ajv-cli-chunks') figures = await runPeer(chunks, file, manifest.bytes, pinned);
        else figures = await runPeer(array, file, manifest.bytes, pinned);
        measurements.push({ ...figures, file: relative(ROOT, file) });
        log(`  ${sizeMiB} MiB rep ${rep + 1} ${role}: ${figures.seconds.toFixed(2)} s, ${(figures.records / figures.seconds).toFixed(0)} records/s, ${(figures.maxRssKiB / 1024).toFixed(0)} MiB RSS${figures.error ? ` (${figures.error})` : ''}`);
        if (role.startsWith('subject')) checks.push({ what: `${sizeMiB} MiB ${role} rep ${rep + 1}: ${figures.records}/${manifest.records} records judged, ${figures.failed} failed`, ok: figures.records === manifest.records && figures.failed === 0 });
        else if (figures.error === undefined) checks.push({ what: `${sizeMiB} MiB ${role} rep ${rep + 1}: ${figures.records}/${manifest.records} records valid`, ok: figures.records === manifest.records });
      }
    }
    if (!opts.keepPeerInputs) await removePeerInputs(file);
  }

  const summaries = opts.sizesMiB.flatMap((size) => ROLES.flatMap((role) => summarise(size, role, measurements.filter((m) => m.role === role && m.file.includes(`-${size}mib-`))) ?? []));
  const rows = summaries.map((s) => [
    `${s.sizeMiB} MiB  ${LABEL[s.role]}`,
    s.error ? 'cannot' : s.recordsPerSecond.toFixed(0),
    s.error ? '-' : s.mbPerSecond.toFixed(1),
    s.seconds.toFixed(2),
    s.maxRssMiB.toFixed(0),
  ]);
  const out: string[] = [table(['file, who', 'records/s', 'MB/s', 'seconds', 'peak RSS MiB'], rows)];
  for (const s of summaries.filter((x) => x.error)) out.push(`  ${s.sizeMiB} MiB ${LABEL[s.role]}: ${s.error}`);
  const speedups: Record<string, number> = {};
  const memory: Record<string, number> = {};
  for (const size of opts.sizesMiB) {
    const one = summaries.find((s) => s.sizeMiB === size && s.role === 'subject-1');
    const two = summaries.find((s) => s.sizeMiB === size && s.role === 'subject-2');
    const peer = summaries.find((s) => s.sizeMiB === size && s.role === 'ajv-cli-chunks');
    if (one && two) {
      const speedup = two.recordsPerSecond / one.recordsPerSecond;
      speedups[`${size}MiB`] = speedup;
      const paired = pairedSpeedups(measurements, size);
      const aim = size === Math.max(...opts.sizesMiB) ? AIM_LARGE : size === Math.min(...opts.sizesMiB) ? AIM_SMALL : undefined;
      out.push(
        `${size} MiB: 2 jobs ÷ 1 job ${speedup.toFixed(2)}× (median of each; per repetition ${paired.map((r) => r.toFixed(2)).join(' ')}; ideal 2×)` +
          `${aim === undefined ? '' : `, aim ≥ ${aim}×: ${speedup >= aim ? 'met' : 'NOT met'}`}` +
          `${peer && !peer.error ? `; jobs 1 ÷ ajv-cli chunks ${(one.recordsPerSecond / peer.recordsPerSecond).toFixed(2)}×` : ''}`,
      );
    }
  }
  if (opts.sizesMiB.length > 1) {
    const [small, large] = [opts.sizesMiB[0]!, opts.sizesMiB[opts.sizesMiB.length - 1]!];
    for (const role of ROLES) {
      const a = summaries.find((s) => s.sizeMiB === small && s.role === role);
      const b = summaries.find((s) => s.sizeMiB === large && s.role === role);
      if (a && b && !a.error && !b.error) {
        memory[role] = b.maxRssMiB / a.maxRssMiB;
        out.push(`peak RSS ${LABEL[role]}: ${a.maxRssMiB.toFixed(0)} MiB at ${small} MiB, ${b.maxRssMiB.toFixed(0)} MiB at ${large} MiB (${(b.maxRssMiB / a.maxRssMiB).toFixed(2)}× for ${large / small}× the file)`);
      }
    }
  }
  const failedChecks = checks.filter((c) => !c.ok);
  out.push(failedChecks.length === 0 ? `count checks: ${checks.length} passed` : `count checks FAILED:\n${failedChecks.map((c) => `  ${c.what}`).join('\n')}`);
  process.stdout.write(`${out.join('\n')}\n`);

  const results = {
    options: opts,
    environment: { node: process.version, cores, cpu: cpus()[0]?.model, totalMemGiB: totalmem() / 1024 ** 3, loadavg: loadavg(), pinned },
    manifests,
    peerInputs: peerInputs.map(({ mode, files, records }) => ({ mode, files, records })),
    measurements,
    summaries,
    speedups,
    memoryGrowth: memory,
    checks,
  };
  await mkdir(DATA_DIR, { recursive: true });
  const resultsFile = join(DATA_DIR, opts.quick ? 'batch-preflight-results-quick.json' : 'batch-preflight-results.json');
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${relative(ROOT, resultsFile)}`);
  if (failedChecks.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
