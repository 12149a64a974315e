/**
 * The pre-flight benchmark: the real NDJSON pre-flight against plain JSON.parse-per-line loops, in the
 * same run, on the same generated file.
 *
 *   npm run bench                      200 MiB, 3 repetitions
 *   npm run bench -- --quick           20 MiB, 1 repetition (a smoke run)
 *   npm run bench -- --mb 500 --reps 5 [--seed 1] [--invalid-every 100] [--no-pin]
 *
 * Scenarios:
 *   throughput  subject, peer (a) readline, peer (b) buffer split, on an all-valid file of --mb MiB,
 *               --reps times, the order alternating (forward, then reversed, …);
 *   memory      the three again on an all-valid file of a quarter of the size: the subject's peak RSS and
 *               retained heap must not grow with the file (beyond what a plain loop's do);
 *   invalid     the three again on a quarter-size file where every K-th message is broken
 *               (--invalid-every K, default 100; 0 skips the scenario).
 * Every measurement is a fresh child process, pinned to CPU 0 with `taskset -c 0` when taskset exists.
 * Figures are medians over the repetitions. Results are also written to bench/.data/preflight-results.json.
 *
 * Counts are checked: the subject must predict exactly the verdicts the generator recorded, and the peers
 * must parse exactly the lines that parse. A mismatch exits 1. Speed never fails the run: it is reported.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATA_DIR, ensureDataFile, MiB, warmPageCache, type Manifest } from './generate.js';
import { RESULT_PREFIX, type Figures, type Role } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const RESULTS_FILE = join(DATA_DIR, 'preflight-results.json');
/** The first aim: at least this fraction of the readline loop's speed. */
const AIM = 0.7;
/** Against the strongest plain loop, peer (b), on valid input. */
const AIM_BUFFER = 0.8;
/** With broken messages, at least this fraction of the subject's own speed on valid input of the same size. */
const AIM_BROKEN = 0.9;

const LABEL: Record<Role, string> = {
  subject: 'subject: preflightFile (ndjson)',
  'peer-readline': 'peer (a): readline + JSON.parse',
  'peer-buffer': 'peer (b): Buffer split + JSON.parse',
};

interface Options {
  bytes: number;
  /** The large file of the memory check, bytes; 0 skips it. */
  largeBytes: number;
  reps: number;
  seed: number;
  invalidEvery: number;
  pin: boolean;
  quick: boolean;
}

interface Measurement {
  scenario: Scenario;
  rep: number;
  /** Position in this repetition's order, from 1. */
  position: number;
  pinned: boolean;
  /** Seconds from spawn to exit, start-up included: for information only. */
  wallSeconds: number;
  loadBefore: number;
  figures: Figures;
}

type Scenario = 'throughput' | 'memory' | 'invalid' | 'large';

interface Summary {
  role: Role;
  runs: number;
  seconds: number;
  messagesPerSecond: number;
  /** Messages per CPU second of the process (null when a child did not report CPU time). */
  messagesPerCpuSecond: number | null;
  mbPerSecond: number;
  maxRssMiB: number;
  peakHeapMiB: number;
  /** heapUsed after a full GC at the end, the result still held; null if not measured. */
  retainedHeapMiB: number | null;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string' },
      reps: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'invalid-every': { type: 'string', default: '100' },
      'large-mb': { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const mb = Number(values.mb ?? (quick ? 20 : 200));
  const reps = Number(values.reps ?? (quick ? 1 : 3));
  const seed = Number(values.seed);
  const invalidEvery = Number(values['invalid-every']);
  const largeMb = Number(values['large-mb'] ?? (quick ? 0 : 1024));
  const fail = (what: string): never => {
    process.stderr.write(`bench: ${what}\n`);
    process.exit(2);
  };
  if (!(mb >= 1)) fail(`--mb must be a number of MiB, at least 1; got ${values.mb}`);
  if (!Number.isInteger(reps) || reps < 1) fail(`--reps must be a positive integer; got ${values.reps}`);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer; got ${values.seed}`);
  if (!Number.isInteger(invalidEvery) || invalidEvery < 0) fail(`--invalid-every must be 0 or a positive integer; got ${values['invalid-every']}`);
  if (!(largeMb >= 0)) fail(`--large-mb must be 0 or a number of MiB; got ${values['large-mb']}`);
  return { bytes: Math.round(mb * MiB), largeBytes: Math.round(largeMb * MiB), reps, seed, invalidEvery, pin: values['no-pin'] !== true, quick };
}

function tasksetWorks(): boolean {
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function measure(role: Role, file: string, pin: boolean): Promise<{ figures: Figures; wallSeconds: number }> {
  const script = role === 'subject' ? [join(HERE, 'subject.ts'), file] : [join(HERE, 'peer.ts'), role === 'peer-readline' ? 'readline' : 'buffer', file];
  // --expose-gc only lets the child force one full GC after the clock stops, to measure what it retains.
  const node = [process.execPath, '--expose-gc', '--import', 'tsx', ...script];
  const [command, ...args] = pin ? ['taskset', '-c', '0', ...node] : node;
  const started = process.hrtime.bigint();
  const child = spawn(command!, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((done, failed) => {
    child.once('error', failed);
    child.once('close', done);
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || line === undefined) {
    throw new Error(`${LABEL[role]} on ${file} failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`);
  }
  return { figures: JSON.parse(line.slice(RESULT_PREFIX.length)) as Figures, wallSeconds };
}

async function runScenario(scenario: Scenario, roles: Role[], file: string, opts: Options, pinned: boolean, into: Measurement[], reps = opts.reps): Promise<void> {
  for (let rep = 1; rep <= reps; rep++) {
    const order = rep % 2 === 1 ? roles : [...roles].reverse();
    for (let i = 0; i < order.length; i++) {
      const role = order[i]!;
      const loadBefore = loadavg()[0]!;
      const { figures, wallSeconds } = await measure(role, file, pinned);
      into.push({ scenario, rep, position: i + 1, pinned, wallSeconds, loadBefore, figures });
      log(
        `  [${`${scenario} ${rep}/${reps}`.padEnd(16)}] ${LABEL[role].padEnd(36)} ${figures.seconds.toFixed(2).padStart(7)} s` +
          `  ${fmt(figures.messages / figures.seconds, 0).padStart(9)} msg/s  ${figures.cpuSeconds === undefined ? '' : `${figures.cpuSeconds.toFixed(2)} CPU s  `}${(figures.maxRssKiB / 1024).toFixed(0).padStart(4)} MiB RSS`,
      );
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(measurements: Measurement[], scenario: Scenario, role: Role): Summary | undefined {
  const runs = measurements.filter((m) => m.scenario === scenario && m.figures.role === role).map((m) => m.figures);
  if (runs.length === 0) return undefined;
  return {
    role,
    runs: runs.length,
    seconds: median(runs.map((f) => f.seconds)),
    messagesPerSecond: median(runs.map((f) => f.messages / f.seconds)),
    messagesPerCpuSecond: runs.every((f) => f.cpuSeconds !== undefined) ? median(runs.map((f) => f.messages / f.cpuSeconds!)) : null,
    mbPerSecond: median(runs.map((f) => f.bytes / 1e6 / f.seconds)),
    maxRssMiB: median(runs.map((f) => f.maxRssKiB / 1024)),
    peakHeapMiB: median(runs.map((f) => f.peakHeapUsed / MiB)),
    retainedHeapMiB: runs.every((f) => f.retainedHeapUsed != null) ? median(runs.map((f) => f.retainedHeapUsed! / MiB)) : null,
  };
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Per repetition, the subject's messages/s over this peer's in the same repetition. */
function pairedRatios(measurements: Measurement[], scenario: Scenario, peer: Role): number[] {
  const ratios: number[] = [];
  const of = (rep: number, role: Role) => measurements.find((m) => m.scenario === scenario && m.rep === rep && m.figures.role === role)?.figures;
  for (const rep of new Set(measurements.filter((m) => m.scenario === scenario).map((m) => m.rep))) {
    const s = of(rep, 'subject');
    const p = of(rep, peer);
    if (s && p) ratios.push(s.messages / s.seconds / (p.messages / p.seconds));
  }
  return ratios;
}

interface SpeedTable {
  text: string;
  /** The subject's median messages/s over each peer's. */
  ratios: Record<string, number>;
  /** The same from messages per CPU second: what the ratio is with the time other processes held the core left out. */
  cpuRatios: Record<string, number>;
  /** The same ratio, repetition by repetition. */
  perRep: Record<string, number[]>;
}

function speedTable(summaries: Summary[], measurements: Measurement[], scenario: Scenario): SpeedTable {
  const subject = summaries.find((s) => s.role === 'subject');
  const ratios: Record<string, number> = {};
  const cpuRatios: Record<string, number> = {};
  const perRep: Record<string, number[]> = {};
  const rows = summaries.map((s) => {
    let ratio = '';
    let cpuRatio = '';
    let paired = '';
    if (subject && s.role !== 'subject') {
      ratios[s.role] = subject.messagesPerSecond / s.messagesPerSecond;
      perRep[s.role] = pairedRatios(measurements, scenario, s.role);
      ratio = `${ratios[s.role]!.toFixed(3)}×`;
      paired = perRep[s.role]!.map((r) => r.toFixed(2)).join(' ');
      if (subject.messagesPerCpuSecond !== null && s.messagesPerCpuSecond !== null) {
        cpuRatios[s.role] = subject.messagesPerCpuSecond / s.messagesPerCpuSecond;
        cpuRatio = `${cpuRatios[s.role]!.toFixed(3)}×`;
      }
    }
    const perCpu = s.messagesPerCpuSecond === null ? '?' : fmt(s.messagesPerCpuSecond, 0);
    return [LABEL[s.role], fmt(s.messagesPerSecond, 0), fmt(s.mbPerSecond, 1), fmt(s.seconds, 2), ratio, paired, perCpu, cpuRatio, fmt(s.maxRssMiB, 0), fmt(s.peakHeapMiB, 0)];
  });
  return {
    text: table(['', 'messages/s', 'MB/s', 'seconds', 'subject ÷ peer', 'per rep', 'msg per CPU s', '÷ peer (CPU)', 'peak RSS MiB', 'peak heap MiB'], rows),
    ratios,
    cpuRatios,
    perRep,
  };
}

interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

/** The subject must predict the generator's verdicts exactly; the peers must parse the lines that parse. */
function checkCounts(measurements: Measurement[], scenario: Scenario, manifest: Manifest): Check[] {
  const checks: Check[] = [];
  const e = manifest.expected;
  for (const m of measurements.filter((x) => x.scenario === scenario)) {
    const f = m.figures;
    const want = f.role === 'subject' ? { ...e } : { messages: e.messages, unreadable: e.unreadable };
    const got =
      f.role === 'subject'
        ? { messages: f.counts?.messages, accepted: f.counts?.accepted, rejected: f.counts?.rejected, errorBatch: f.counts?.errorBatch, unreadable: f.unreadable }
        : { messages: f.messages, unreadable: f.unreadable };
    const ok = JSON.stringify(got) === JSON.stringify(want);
    checks.push({
      what: `${scenario} rep ${m.rep}: ${LABEL[f.role]}`,
      ok,
      detail: ok ? JSON.stringify(got) : `expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
    });
  }
  return checks;
}

function gitCommit(): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function main(): Promise<void> {
  const opts = options();
  const pinned = opts.pin && tasksetWorks();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const quarterBytes = Math.round(opts.bytes / 4);
  const mib = (bytes: number) => fmt(bytes / MiB, bytes % MiB === 0 ? 0 : 1);

  log(`pre-flight benchmark: ${mib(opts.bytes)} MiB, ${opts.reps} repetition${opts.reps === 1 ? '' : 's'}, seed ${opts.seed}, ${pinned ? 'pinned to CPU 0 (taskset -c 0)' : 'not pinned'}`);
  const genLog = (line: string) => log(line);
  const full = await ensureDataFile({ bytes: opts.bytes, seed: opts.seed, invalidEvery: 0, log: genLog });
  log(`${full.reused ? 'reusing' : 'generated'} ${relative(ROOT, full.file)} (${fmt(full.manifest.lines, 0)} lines${full.reused ? '' : `, ${full.manifest.seconds.toFixed(1)} s`})`);
  const quarter = await ensureDataFile({ bytes: quarterBytes, seed: opts.seed, invalidEvery: 0, log: genLog });
  log(`${quarter.reused ? 'reusing' : 'generated'} ${relative(ROOT, quarter.file)} (${fmt(quarter.manifest.lines, 0)} lines)`);
  const invalid =
    opts.invalidEvery > 0 ? await ensureDataFile({ bytes: quarterBytes, seed: opts.seed, invalidEvery: opts.invalidEvery, log: genLog }) : undefined;
  if (invalid) log(`${invalid.reused ? 'reusing' : 'generated'} ${relative(ROOT, invalid.file)} (${fmt(invalid.manifest.lines, 0)} lines)`);
  const large = opts.largeBytes > 0 ? await ensureDataFile({ bytes: opts.largeBytes, seed: opts.seed, invalidEvery: 0, log: genLog }) : undefined;
  if (large) log(`${large.reused ? 'reusing' : 'generated'} ${relative(ROOT, large.file)} (${fmt(large.manifest.lines, 0)} lines)`);

  const measurements: Measurement[] = [];
  const roles: Role[] = ['subject', 'peer-readline', 'peer-buffer'];
  await warmPageCache(full.file);
  await runScenario('throughput', roles, full.file, opts, pinned, measurements);
  await warmPageCache(quarter.file);
  await runScenario('memory', roles, quarter.file, opts, pinned, measurements);
  if (invalid) {
    await warmPageCache(invalid.file);
    await runScenario('invalid', roles, invalid.file, opts, pinned, measurements);
  }
  if (large) {
    // Memory only: the subject and the strongest plain loop once each on the large file.
    await warmPageCache(large.file);
    await runScenario('large', ['subject', 'peer-buffer'], large.file, opts, pinned, measurements, 1);
  }

  // ---- report
  const out: string[] = [];
  const throughput = roles.map((r) => summarise(measurements, 'throughput', r)).filter((s): s is Summary => s !== undefined);
  const speed = speedTable(throughput, measurements, 'throughput');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  out.push('');
  out.push(`Pre-flight NDJSON benchmark — node ${process.version}, ${cpu}, ${cpus().length} cores, ${pinned ? 'each process pinned to CPU 0' : 'not pinned'}`);
  out.push(`load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}: other work on the machine makes these figures noisy`);
  out.push('');
  out.push(
    `Throughput: ${relative(ROOT, full.file)}, ${mib(full.manifest.bytes)} MiB (${fmt(full.manifest.bytes / 1e6, 1)} MB), ` +
      `${fmt(full.manifest.lines, 0)} messages of ${fmt(full.manifest.bytes / full.manifest.lines, 0)} B on average, all valid; median of ${opts.reps}`,
  );
  out.push(speed.text);
  const ratioA = speed.ratios['peer-readline'];
  const ratioB = speed.ratios['peer-buffer'];
  if (ratioA !== undefined) {
    out.push(
      `aim (≥ ${AIM}× the plain readline loop): ${ratioA >= AIM ? 'met' : 'NOT met'} at ${ratioA.toFixed(3)}× (ratio of medians); ` +
        `against the strongest plain loop ${ratioB?.toFixed(3) ?? '?'}×`,
    );
  }
  const cpuB = speed.cpuRatios['peer-buffer'];
  if (ratioB !== undefined) {
    out.push(
      `aim (≥ ${AIM_BUFFER}× the Buffer-split loop on valid input): ${ratioB >= AIM_BUFFER ? 'met' : 'NOT met'} at ${ratioB.toFixed(3)}× by wall time` +
        `${cpuB === undefined ? '' : `, ${cpuB.toFixed(3)}× by CPU time (${cpuB >= AIM_BUFFER ? 'met' : 'NOT met'})`}`,
    );
  }

  // Memory: every role on the quarter file and on the full one. A plain loop's peak RSS also rises a little
  // with a longer run (V8 sizes its heap to the allocation rate), so the subject's growth is read beside the
  // peers'; the retained heap (after a full GC, the result still held) is what would grow with a leak.
  const memoryRows: string[][] = [];
  const memory: Record<string, unknown>[] = [];
  for (const role of roles) {
    const big = summarise(measurements, 'throughput', role);
    const small = summarise(measurements, 'memory', role);
    if (!big || !small) continue;
    const row = {
      role,
      quarterPeakRssMiB: small.maxRssMiB,
      fullPeakRssMiB: big.maxRssMiB,
      rssGrowthMiB: big.maxRssMiB - small.maxRssMiB,
      quarterPeakHeapMiB: small.peakHeapMiB,
      fullPeakHeapMiB: big.peakHeapMiB,
      quarterRetainedHeapMiB: small.retainedHeapMiB,
      fullRetainedHeapMiB: big.retainedHeapMiB,
    };
    memory.push(row);
    const retained = (v: number | null) => (v === null ? '?' : fmt(v, 1));
    memoryRows.push([
      LABEL[role],
      fmt(row.quarterPeakRssMiB, 0),
      fmt(row.fullPeakRssMiB, 0),
      `${row.rssGrowthMiB >= 0 ? '+' : ''}${fmt(row.rssGrowthMiB, 1)}`,
      `${fmt(row.quarterPeakHeapMiB, 0)} → ${fmt(row.fullPeakHeapMiB, 0)}`,
      `${retained(row.quarterRetainedHeapMiB)} → ${retained(row.fullRetainedHeapMiB)}`,
    ]);
  }
  const largeRows: string[][] = [];
  const largeMemory: Record<string, unknown>[] = [];
  if (large) {
    for (const role of ['subject', 'peer-buffer'] as const) {
      const small = summarise(measurements, 'memory', role);
      const big = summarise(measurements, 'large', role);
      if (!small || !big) continue;
      largeMemory.push({ role, smallPeakRssMiB: small.maxRssMiB, largePeakRssMiB: big.maxRssMiB, rssGrowthMiB: big.maxRssMiB - small.maxRssMiB, smallRetainedHeapMiB: small.retainedHeapMiB, largeRetainedHeapMiB: big.retainedHeapMiB, largeMessagesPerSecond: big.messagesPerSecond });
      const retained = (v: number | null) => (v === null ? '?' : fmt(v, 1));
      largeRows.push([
        LABEL[role],
        fmt(small.maxRssMiB, 0),
        fmt(big.maxRssMiB, 0),
        `${big.maxRssMiB - small.maxRssMiB >= 0 ? '+' : ''}${fmt(big.maxRssMiB - small.maxRssMiB, 1)}`,
        `${retained(small.retainedHeapMiB)} → ${retained(big.retainedHeapMiB)}`,
        fmt(big.messagesPerSecond, 0),
      ]);
    }
  }
  if (memoryRows.length > 0) {
    out.push('');
    out.push(`Memory: peak RSS on ${mib(quarter.manifest.bytes)} MiB and on ${mib(full.manifest.bytes)} MiB, all valid (median of ${opts.reps})`);
    out.push(
      table(
        ['', `RSS ${mib(quarter.manifest.bytes)} MiB`, `RSS ${mib(full.manifest.bytes)} MiB`, 'RSS growth', 'peak heap MiB', 'retained heap MiB'],
        memoryRows,
      ),
    );
    const subject = memory.find((m) => m['role'] === 'subject');
    const plain = memory.find((m) => m['role'] === 'peer-buffer');
    if (subject && plain) {
      const extra = (subject['rssGrowthMiB'] as number) - (plain['rssGrowthMiB'] as number);
      const retainedGrowth =
        subject['fullRetainedHeapMiB'] != null && subject['quarterRetainedHeapMiB'] != null
          ? (subject['fullRetainedHeapMiB'] as number) - (subject['quarterRetainedHeapMiB'] as number)
          : undefined;
      out.push(
        `4× the file: the subject's peak RSS ${(subject['rssGrowthMiB'] as number) >= 0 ? '+' : ''}${fmt(subject['rssGrowthMiB'] as number, 1)} MiB ` +
          `(peer (b) ${(plain['rssGrowthMiB'] as number) >= 0 ? '+' : ''}${fmt(plain['rssGrowthMiB'] as number, 1)} MiB, so ${extra >= 0 ? '+' : ''}${fmt(extra, 1)} MiB beyond a plain loop's); ` +
          `retained heap ${retainedGrowth === undefined ? '?' : `${retainedGrowth >= 0 ? '+' : ''}${fmt(retainedGrowth, 2)} MiB`}`,
      );
    }
  }

  if (large && largeRows.length > 0) {
    const subject = largeMemory.find((m) => m['role'] === 'subject');
    const grown = subject ? (subject['rssGrowthMiB'] as number) : Number.NaN;
    const flat = Math.max(8, 0.1 * (subject ? (subject['smallPeakRssMiB'] as number) : 0));
    out.push('');
    out.push(`Memory from ${mib(quarter.manifest.bytes)} MiB (${fmt(quarter.manifest.bytes / 1e6, 0)} MB) to ${mib(large.manifest.bytes)} MiB (${fmt(large.manifest.bytes / 1e6, 0)} MB), all valid (one run on the large file)`);
    out.push(table(['', `RSS ${mib(quarter.manifest.bytes)} MiB`, `RSS ${mib(large.manifest.bytes)} MiB`, 'RSS growth', 'retained heap MiB', `messages/s on ${mib(large.manifest.bytes)} MiB`], largeRows));
    out.push(`memory flat (subject's peak RSS within max(8 MiB, 10 %) of its ${mib(quarter.manifest.bytes)} MiB run): ${Math.abs(grown) <= flat ? 'yes' : 'NO'} (${grown >= 0 ? '+' : ''}${fmt(grown, 1)} MiB)`);
  }

  let invalidSpeed: ReturnType<typeof speedTable> | undefined;
  if (invalid) {
    const summaries = roles.map((r) => summarise(measurements, 'invalid', r)).filter((s): s is Summary => s !== undefined);
    invalidSpeed = speedTable(summaries, measurements, 'invalid');
    const e = invalid.manifest.expected;
    out.push('');
    out.push(
      `With broken messages: ${relative(ROOT, invalid.file)}, every ${opts.invalidEvery}th message broken ` +
        `(${fmt(e.rejected, 0)} rejected, ${fmt(e.errorBatch, 0)} error batch, ${fmt(e.unreadable, 0)} unreadable lines); median of ${opts.reps}`,
    );
    out.push(invalidSpeed.text);
  }
  // Broken against valid at the same size: the invalid file is a quarter-size one, so its peer is the
  // memory scenario's all-valid quarter-size file (against the full file, fixed costs such as compiling
  // the XDM schema would be spread over four times the messages and make broken input look slower).
  const broken: Record<string, { wall: number; cpu: number | null }> = {};
  if (invalid) {
    const rows: string[][] = [];
    for (const role of roles) {
      const bad = summarise(measurements, 'invalid', role);
      const good = summarise(measurements, 'memory', role);
      if (!bad || !good) continue;
      const cpu = bad.messagesPerCpuSecond !== null && good.messagesPerCpuSecond !== null ? bad.messagesPerCpuSecond / good.messagesPerCpuSecond : null;
      broken[role] = { wall: bad.messagesPerSecond / good.messagesPerSecond, cpu };
      rows.push([LABEL[role], fmt(good.messagesPerSecond, 0), fmt(bad.messagesPerSecond, 0), `${broken[role]!.wall.toFixed(3)}×`, cpu === null ? '?' : `${cpu.toFixed(3)}×`]);
    }
    out.push('');
    out.push(`Broken ÷ valid, both ${mib(quarter.manifest.bytes)} MiB (median of ${opts.reps})`);
    out.push(table(['', 'valid msg/s', 'broken msg/s', 'broken ÷ valid', 'by CPU time'], rows));
    const s = broken['subject'];
    if (s) {
      out.push(
        `aim (≥ ${AIM_BROKEN}× its own speed on valid input): ${s.wall >= AIM_BROKEN ? 'met' : 'NOT met'} at ${s.wall.toFixed(3)}× by wall time` +
          `${s.cpu === null ? '' : `, ${s.cpu.toFixed(3)}× by CPU time (${s.cpu >= AIM_BROKEN ? 'met' : 'NOT met'})`}`,
      );
    }
  }

  const checks = [
    ...checkCounts(measurements, 'throughput', full.manifest),
    ...checkCounts(measurements, 'memory', quarter.manifest),
    ...(invalid ? checkCounts(measurements, 'invalid', invalid.manifest) : []),
    ...(large ? checkCounts(measurements, 'large', large.manifest) : []),
  ];
  const failed = checks.filter((c) => !c.ok);
  out.push('');
  out.push(
    failed.length === 0
      ? `Counts: all ${checks.length} runs judged or parsed exactly the messages the generator wrote (subject: accepted/rejected/error batch as recorded).`
      : `Counts: ${failed.length} of ${checks.length} runs DISAGREE with the generator:\n${failed.map((c) => `  ${c.what}: ${c.detail}`).join('\n')}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  const results = {
    benchmark: 'preflight-ndjson',
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      cpu,
      cores: cpus().length,
      pinned,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
      commit: gitCommit(),
    },
    options: { mib: opts.bytes / MiB, largeMib: opts.largeBytes / MiB, reps: opts.reps, seed: opts.seed, invalidEvery: opts.invalidEvery, quick: opts.quick },
    units: {
      mbPerSecond: '10^6 bytes per second',
      rss: 'MiB, process.resourceUsage().maxRSS',
      peakHeap: 'MiB, highest heapUsed sampled every 25 ms',
      retainedHeap: 'MiB, heapUsed after a forced full GC at the end, the result still held',
    },
    aim: { ratioToReadline: AIM, ratioToBuffer: AIM_BUFFER, brokenToValid: AIM_BROKEN },
    files: { throughput: full.manifest, memory: quarter.manifest, ...(invalid ? { invalid: invalid.manifest } : {}), ...(large ? { large: large.manifest } : {}) },
    summary: {
      throughput: { medians: throughput, ratios: speed.ratios, cpuRatios: speed.cpuRatios, perRepRatios: speed.perRep, aimMet: ratioA !== undefined && ratioA >= AIM },
      memory,
      ...(large ? { large: largeMemory } : {}),
      ...(invalidSpeed ? { invalid: { medians: roles.map((r) => summarise(measurements, 'invalid', r)), ratios: invalidSpeed.ratios, cpuRatios: invalidSpeed.cpuRatios, perRepRatios: invalidSpeed.perRep, brokenToValid: broken } } : {}),
    },
    checks,
    measurements,
  };
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults written to ${relative(ROOT, RESULTS_FILE)}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
