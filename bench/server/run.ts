/**
 * The server benchmark: the reference server's streaming endpoint (`POST /collection/batch/{CONNECTION_ID}`)
 * against the Prism mock server serving Adobe's streaming-ingestion.yaml, side by side in one run, at 100
 * and at 500 messages per request.
 *
 *   npm run bench:server                       3 repetitions, 3000 requests or 10 s per measurement
 *   npm run bench:server -- --quick            1 repetition, 300 requests or 3 s: a smoke run
 *   npm run bench:server -- --reps 5 --requests 5000 --seconds 15 --concurrency 16 [--warmup-seconds 3] [--no-pin]
 *
 * For each size (messages per request), four servers run, each a child process pinned to CPU 0 with
 * `taskset -c 0` when taskset exists:
 *   subject     bench/server/serve-subject.ts: startServer({ port: 0, dataDir: <fresh temp dir> }), the
 *               rule engine on every message and the durable file store;
 *   Prism       @stoplight/prism-cli `mock` on ../shared/external/openapi/streaming-ingestion.yaml with
 *               `--verboseLevel error` (its fastest: no per-request log), the peer of the headline ratio;
 *   Prism info  the same at Prism's default log level (info), as `prism mock FILE` runs;
 *   sink        bench/server/sink.ts: reads the body and answers 207 at once: the generator's ceiling.
 * Each is probed (it must catch one broken message), warmed up, then measured --reps times, the order
 * alternating (subject, Prism, Prism info, sink; then the reverse; …). Every measurement is a fresh
 * load-generator child (bench/server/load.ts) pinned to CPU 1. Figures are medians over the repetitions;
 * results go to bench/.data/server-results.json.
 *
 * Any request not answered 207 (or, from the subject and the sink, a 207 that does not accept every
 * message) is an error: it is reported and makes the run exit 1, as does a probe not caught. Speed never
 * fails the run. Every child is killed at the end, on an error, and on SIGINT/SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { get, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { batchPath, buildBodies, REQUEST_HEADERS } from './bodies.js';
import { RESULT_PREFIX, type Check, type LoadResult } from './load.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const DATA_DIR = join(ROOT, 'bench', '.data');
const RESULTS_FILE = join(DATA_DIR, 'server-results.json');
const OPENAPI = resolve(ROOT, '..', 'shared', 'external', 'openapi', 'streaming-ingestion.yaml');
const PRISM_PACKAGE = join(ROOT, 'node_modules', '@stoplight', 'prism-cli');
const SIZES = [100, 500] as const;
/** The aim: twice Prism's throughput (log error), and at least MINIMUM times it. */
const AIM = 2;
const MINIMUM = 1.2;
/** p99 latency the subject must stay under at 100 messages per request, in ms. */
const P99_TARGET_MS = 50;
/** Bytes the subject's data directory may grow by per message byte it received. */
const DISK_TARGET = 1.3;
/** Below this many times the fastest server, the generator may be what limits a figure. */
const HEADROOM = 1.5;
const START_TIMEOUT_MS = 90_000;

type Target = 'subject' | 'prism' | 'prism-info' | 'sink';
type Peer = 'prism' | 'prism-info';
const PEERS: readonly Peer[] = ['prism', 'prism-info'];
/** Prism's --verboseLevel for each peer: its quietest useful level, and its default. */
const PRISM_LEVEL: Record<Peer, string> = { prism: 'error', 'prism-info': 'info' };
const LABEL: Record<Target, string> = {
  subject: 'subject: reference server',
  prism: 'peer: Prism (log: error)',
  'prism-info': 'peer: Prism (log: info, default)',
  sink: 'ceiling: 207 sink',
};
const CHECK: Record<Target, Check> = { subject: 'accepted', prism: 'status', 'prism-info': 'status', sink: 'accepted' };

interface Options {
  reps: number;
  requests: number;
  seconds: number;
  concurrency: number;
  warmupSeconds: number;
  pin: boolean;
  quick: boolean;
}

function fail(what: string): never {
  process.stderr.write(`bench:server: ${what}\n`);
  process.exit(2);
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string' },
      requests: { type: 'string' },
      seconds: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      'warmup-seconds': { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const reps = Number(values.reps ?? (quick ? 1 : 3));
  const requests = Number(values.requests ?? (quick ? 300 : 3000));
  const seconds = Number(values.seconds ?? (quick ? 3 : 10));
  const concurrency = Number(values.concurrency);
  const warmupSeconds = Number(values['warmup-seconds'] ?? (quick ? 1 : 3));
  if (!Number.isInteger(reps) || reps < 1) fail(`--reps must be a positive integer; got ${values.reps}`);
  if (!Number.isInteger(requests) || requests < 1) fail(`--requests must be a positive integer; got ${values.requests}`);
  if (!(seconds > 0)) fail(`--seconds must be a positive number; got ${values.seconds}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) fail(`--concurrency must be a positive integer; got ${values.concurrency}`);
  if (!(warmupSeconds > 0)) fail(`--warmup-seconds must be a positive number; got ${values['warmup-seconds']}`);
  return { reps, requests, seconds, concurrency, warmupSeconds, pin: values['no-pin'] !== true, quick };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function tasksetWorks(cpu: number): boolean {
  const probe = spawnSync('taskset', ['-c', String(cpu), 'true'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

// ---------------------------------------------------------------------------------------------------
// Children: every one is tracked and killed at the end, on error, and on SIGINT/SIGTERM.

const children = new Set<ChildProcess>();
/** The subject's data directories not yet removed. */
const tempDirs = new Set<string>();

function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function launch(argv: string[], cpu: number | undefined): ChildProcess {
  const [command, ...args] = cpu === undefined ? argv : ['taskset', '-c', String(cpu), ...argv];
  // taskset execs the command: the child's pid is the pinned process itself.
  const child = spawn(command!, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stop(child: ChildProcess): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (alive(child)) child.kill('SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

async function stopAll(): Promise<void> {
  await Promise.all([...children].map(stop));
}

process.once('exit', () => {
  for (const child of children) if (alive(child)) child.kill('SIGKILL');
  removeTempDirs();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\nbench:server: ${signal}: stopping ${children.size} child process${children.size === 1 ? '' : 'es'}`);
    void stopAll().finally(() => {
      removeTempDirs();
      process.exit(130);
    });
  });
}

/** Collects a child's output; resolves with the URL once it prints `LISTENING url`. */
function listening(child: ChildProcess, name: string): Promise<string> {
  return new Promise((done, failed) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => failed(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${stderr.trim()}`)), START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-8000)));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const url = /^LISTENING (\S+)$/m.exec(stdout)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        stdout = '';
        done(url);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      failed(new Error(`${name} exited (${signal ?? `code ${code}`}) before listening:\n${stderr.trim() || stdout.trim()}`));
    });
    child.once('error', failed);
  });
}

function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const probe = createServer();
    probe.once('error', failed);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** Resolves once something answers HTTP on the URL (any status). */
async function answering(url: string, child: ChildProcess, name: string, stderr: () => string): Promise<void> {
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until) {
    if (!alive(child)) throw new Error(`${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before listening:\n${stderr().trim()}`);
    const ok = await new Promise<boolean>((done) => {
      const req = get(url, { agent: false, timeout: 1_000 }, (res) => {
        res.resume();
        done(true);
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${stderr().trim()}`);
}

interface Running {
  target: Target;
  url: string;
  child: ChildProcess;
  /** The subject's data directory. */
  dataDir?: string;
}

const node = (...args: string[]) => [process.execPath, ...args];

async function startSubject(cpu: number | undefined): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aep-bench-server-'));
  tempDirs.add(dataDir);
  const child = launch(node('--import', 'tsx', join(HERE, 'serve-subject.ts'), dataDir), cpu);
  return { target: 'subject', url: await listening(child, 'the subject (serve-subject.ts)'), child, dataDir };
}

async function startSink(messages: number, cpu: number | undefined): Promise<Running> {
  const child = launch(node('--import', 'tsx', join(HERE, 'sink.ts'), String(messages)), cpu);
  return { target: 'sink', url: await listening(child, 'the sink (sink.ts)'), child };
}

function prismEntry(): { script: string; version: string } {
  const bin = join(ROOT, 'node_modules', '.bin', 'prism');
  if (!existsSync(bin)) throw new Error(`Prism is not installed (${relative(ROOT, bin)} is missing): run npm ci`);
  const version = (JSON.parse(readFileSync(join(PRISM_PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
  return { script: realpathSync(bin), version };
}

async function startPrism(cpu: number | undefined, target: Peer): Promise<Running> {
  const { script } = prismEntry();
  const port = await freePort();
  // Prism's CLI runs the mock server in its own process unless --multiprocess: one process, one pid.
  const child = launch(node(script, 'mock', '-p', String(port), '-h', '127.0.0.1', '--verboseLevel', PRISM_LEVEL[target], OPENAPI), cpu);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-8000)));
  child.stdout!.resume(); // Prism's log (on stdout), drained through the pipe as a terminal would take it
  const url = `http://127.0.0.1:${port}`;
  await answering(url, child, LABEL[target], () => stderr);
  return { target, url, child };
}

// ---------------------------------------------------------------------------------------------------
// Validation probes: before any load, each server must catch one broken message in a body of `size`,
// the way it validates (so a fast answer is not a skipped check).

interface Probe {
  target: Target;
  messagesPerRequest: number;
  broken: string;
  expected: string;
  status: number;
  got: string;
  ok: boolean;
}

function postOnce(url: string, body: Buffer): Promise<{ status: number; body: string; violations?: string }> {
  return new Promise((done, failed) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, method: 'POST', path: batchPath(), agent: false, headers: { ...REQUEST_HEADERS, 'content-length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.once('end', () => {
          const violations = res.headers['sl-violations'];
          done({ status: res.statusCode ?? 0, body: text, ...(typeof violations === 'string' ? { violations } : {}) });
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.once('error', failed);
    req.end(body);
  });
}

async function validationProbe(run: Running, size: number): Promise<Probe | undefined> {
  if (run.target === 'sink') return undefined;
  const parsed = JSON.parse(buildBodies(size, 1, 99).bodies[0]!.toString('utf8')) as { messages: { header: Record<string, unknown> }[] };
  const last = parsed.messages.length - 1;
  let broken: string;
  let expected: string;
  if (run.target === 'subject') {
    // What the platform rejects and a schema cannot know: an org that is not the inlet's.
    parsed.messages[last]!.header['imsOrgId'] = '0A1B2C3D4E5F60718293A4B5@AdobeOrg';
    broken = `message ${last}: imsOrgId of another org`;
    expected = `207, message ${last} rejected (400 entry), the others accepted`;
  } else {
    // What the OpenAPI's schema requires: the batch message header's flowId.
    delete parsed.messages[last]!.header['flowId'];
    broken = `message ${last}: header without flowId (required by the OpenAPI)`;
    expected = 'a 4xx answer naming the violation';
  }
  const answer = await postOnce(run.url, Buffer.from(JSON.stringify(parsed)));
  let ok: boolean;
  let got: string;
  if (run.target === 'subject') {
    const responses = answer.status === 207 ? ((JSON.parse(answer.body) as { responses?: { statusCode?: number; xactionId?: string }[] }).responses ?? []) : [];
    const rejected = responses.map((r, i) => (r.statusCode === 400 ? i : -1)).filter((i) => i >= 0);
    ok = answer.status === 207 && responses.length === size && rejected.length === 1 && rejected[0] === last;
    got = `${answer.status}, rejected entries ${JSON.stringify(rejected)}${rejected.length > 0 ? `: ${JSON.stringify(responses[rejected[0]!])}` : ''}`;
  } else {
    ok = answer.status >= 400 && answer.status < 500 && (answer.violations ?? answer.body).includes('flowId');
    got = `${answer.status} ${answer.violations ?? answer.body.slice(0, 300)}`;
  }
  return { target: run.target, messagesPerRequest: size, broken, expected, status: answer.status, got, ok };
}

// ---------------------------------------------------------------------------------------------------
// Measuring

interface Measurement {
  target: Target;
  messagesPerRequest: number;
  rep: number;
  /** Position in this repetition's order, from 1. */
  position: number;
  loadBefore: number;
  result: LoadResult;
  /** The subject only: how much its data directory grew during this measurement, against what it received. */
  disk?: DiskGrowth;
}

interface DiskGrowth {
  /** Bytes and files the data directory gained. */
  bytes: number;
  files: number;
  /** Message bytes in the requests answered 207 (measured and warm-up). */
  messageBytes: number;
  /** bytes ÷ messageBytes. */
  perMessageByte: number;
}

async function load(
  run: Running,
  messages: number,
  opts: { concurrency: number; requests: number; seconds: number; warmup: number },
  cpu: number | undefined,
): Promise<LoadResult> {
  const argv = node(
    '--import',
    'tsx',
    join(HERE, 'load.ts'),
    '--url',
    run.url,
    '--messages',
    String(messages),
    '--concurrency',
    String(opts.concurrency),
    '--requests',
    String(opts.requests),
    '--seconds',
    String(opts.seconds),
    '--warmup',
    String(opts.warmup),
    '--check',
    CHECK[run.target],
    '--label',
    run.target,
  );
  const child = launch(argv, cpu);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // The generator stops by itself; this is only a guard against a hung child.
  const guard = setTimeout(() => void stop(child), (opts.seconds + 120) * 1000);
  const code = await new Promise<number | null>((done, failed) => {
    child.once('error', failed);
    child.once('close', done);
  });
  clearTimeout(guard);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || line === undefined) throw new Error(`the load generator against ${LABEL[run.target]} failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as LoadResult;
}

async function dirBytes(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files++;
  }
  return { bytes, files };
}

// ---------------------------------------------------------------------------------------------------
// Reporting

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

interface Summary {
  target: Target;
  messagesPerRequest: number;
  runs: number;
  messagesPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
}

function summarise(measurements: Measurement[], target: Target, messages: number): Summary | undefined {
  const runs = measurements.filter((m) => m.target === target && m.messagesPerRequest === messages).map((m) => m.result);
  if (runs.length === 0) return undefined;
  const errorKinds: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.errorKinds)) errorKinds[k] = (errorKinds[k] ?? 0) + v;
  return {
    target,
    messagesPerRequest: messages,
    runs: runs.length,
    messagesPerSecond: median(runs.map((r) => r.messagesPerSecond)),
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.latencyMs.p50)),
    p99Ms: median(runs.map((r) => r.latencyMs.p99)),
    requests: runs.reduce((a, r) => a + r.requests, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    errorKinds,
  };
}

/** Per repetition, the subject's messages/s over Prism's in the same repetition. */
function pairedRatios(measurements: Measurement[], messages: number, peer: Peer): number[] {
  const of = (rep: number, target: Target) => measurements.find((m) => m.rep === rep && m.target === target && m.messagesPerRequest === messages)?.result;
  const ratios: number[] = [];
  for (const rep of new Set(measurements.filter((m) => m.messagesPerRequest === messages).map((m) => m.rep))) {
    const s = of(rep, 'subject');
    const p = of(rep, peer);
    if (s && p) ratios.push(s.messagesPerSecond / p.messagesPerSecond);
  }
  return ratios;
}

function gitCommit(): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = options();
  if (!existsSync(OPENAPI)) {
    fail(`the peer's OpenAPI file is missing: ${OPENAPI}\n(Prism serves Adobe's streaming-ingestion.yaml from ../shared/external/openapi/ beside the project)`);
  }
  const prism = prismEntry();
  const serverCpu = opts.pin && tasksetWorks(0) ? 0 : undefined;
  const loadCpu = serverCpu !== undefined && cpus().length >= 2 && tasksetWorks(1) ? 1 : undefined;
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const pinning =
    serverCpu === undefined
      ? 'not pinned'
      : `servers pinned to CPU 0, ${loadCpu === undefined ? 'load generator not pinned (one CPU)' : 'load generator to CPU 1'} (taskset -c)`;
  log(
    `server benchmark: ${SIZES.join(' and ')} messages per request, ${opts.reps} repetition${opts.reps === 1 ? '' : 's'}, ` +
      `${opts.requests} requests or ${opts.seconds} s per measurement, concurrency ${opts.concurrency}, ${pinning}`,
  );
  log(`peers: Prism ${prism.version} mock on ${relative(ROOT, OPENAPI)}, twice: --verboseLevel error and the default (info)`);

  const bodyInfo: Record<number, Omit<ReturnType<typeof buildBodies>, 'bodies'>> = {};
  for (const size of SIZES) {
    const { bodies: _bodies, ...info } = buildBodies(size, 8);
    bodyInfo[size] = info;
    log(
      `  ${size} messages/request: bodies of ${fmt(info.minBytes, 0)}–${fmt(info.maxBytes, 0)} bytes, ` +
        `${fmt(info.meanMessageBytes, 0)} B per message, ${fmt(info.validated, 0)} entities valid against the web-event schema`,
    );
  }

  const measurements: Measurement[] = [];
  const warmups: { target: Target; messagesPerRequest: number; result: LoadResult }[] = [];
  const stored: Record<number, { bytes: number; files: number }> = {};
  const probes: Probe[] = [];
  const loadOpts = { concurrency: opts.concurrency, requests: opts.requests, seconds: opts.seconds, warmup: 2 * opts.concurrency };

  for (const size of SIZES) {
    log(`\n${size} messages per request: starting the subject, the two Prism peers and the sink`);
    const running: Running[] = [];
    try {
      running.push(await startSubject(serverCpu));
      for (const peer of PEERS) running.push(await startPrism(serverCpu, peer));
      running.push(await startSink(size, serverCpu));
      for (const run of running) {
        const probe = await validationProbe(run, size);
        if (!probe) continue;
        probes.push(probe);
        log(`  [probe ${size}] ${LABEL[run.target].padEnd(34)} ${probe.ok ? 'caught' : 'DID NOT CATCH'} ${probe.broken}: ${probe.got.slice(0, 200)}`);
      }
      for (const run of running) {
        const result = await load(run, size, { ...loadOpts, requests: 1_000_000, seconds: opts.warmupSeconds }, loadCpu);
        warmups.push({ target: run.target, messagesPerRequest: size, result });
        log(`  [warm-up ${size}] ${LABEL[run.target].padEnd(34)} ${fmt(result.messagesPerSecond, 0).padStart(9)} msg/s  ${result.errors} errors`);
      }
      for (let rep = 1; rep <= opts.reps; rep++) {
        const order = rep % 2 === 1 ? running : [...running].reverse();
        for (let i = 0; i < order.length; i++) {
          const run = order[i]!;
          const loadBefore = loadavg()[0]!;
          const before = run.dataDir === undefined ? undefined : await dirBytes(run.dataDir);
          const result = await load(run, size, loadOpts, loadCpu);
          let disk: DiskGrowth | undefined;
          if (before !== undefined && run.dataDir !== undefined) {
            // The load generator has exited: every request it sent was answered, so what was acknowledged is on disk.
            const after = await dirBytes(run.dataDir);
            const messageBytes = (result.ok + loadOpts.warmup) * size * bodyInfo[size]!.meanMessageBytes;
            disk = { bytes: after.bytes - before.bytes, files: after.files - before.files, messageBytes, perMessageByte: (after.bytes - before.bytes) / messageBytes };
          }
          measurements.push({ target: run.target, messagesPerRequest: size, rep, position: i + 1, loadBefore, result, ...(disk ? { disk } : {}) });
          log(
            `  [${`${size} rep ${rep}/${opts.reps}`.padEnd(14)}] ${LABEL[run.target].padEnd(34)} ${fmt(result.messagesPerSecond, 0).padStart(9)} msg/s ` +
              `${fmt(result.requestsPerSecond, 1).padStart(8)} req/s  p50 ${fmt(result.latencyMs.p50, 1).padStart(7)} ms  p99 ${fmt(result.latencyMs.p99, 1).padStart(7)} ms  ` +
              `${result.requests} requests in ${result.seconds.toFixed(2)} s  ${result.errors} errors` +
              (disk ? `  disk +${fmt(disk.bytes / 1e6, 1)} MB (${disk.perMessageByte.toFixed(2)}× the message bytes), +${disk.files} files` : ''),
          );
        }
      }
    } finally {
      await Promise.all(running.map((r) => stop(r.child)));
      const subject = running.find((r) => r.dataDir !== undefined);
      if (subject?.dataDir) {
        stored[size] = await dirBytes(subject.dataDir).catch(() => ({ bytes: NaN, files: NaN }));
        await rm(subject.dataDir, { recursive: true, force: true });
        tempDirs.delete(subject.dataDir);
      }
    }
  }

  // ---- report
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const out: string[] = [];
  out.push('');
  out.push(`Streaming endpoint benchmark — node ${process.version}, ${cpu}, ${cpus().length} cores, ${pinning}`);
  out.push(`load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}: other work on the machine makes these figures noisy`);
  out.push(
    `POST /collection/batch/{CONNECTION_ID}, concurrency ${opts.concurrency}, ${opts.requests} requests or ${opts.seconds} s per measurement, ` +
      `median of ${opts.reps}; subject = reference server (rules + durable file store), peers = Prism ${prism.version} mock at log level error and at its default, info`,
  );
  out.push('');
  const rows: string[][] = [];
  const summaries: Summary[] = [];
  interface PeerRatio {
    /** The subject's median msgs/s over this peer's. */
    messagesPerSecond: number;
    /** The same, repetition by repetition. */
    perRep: number[];
    /** This peer's median p99 over the subject's (above 1: the subject answers faster). */
    p99: number;
  }
  const ratios: Record<number, { vs: Partial<Record<Peer, PeerRatio>>; ceilingHeadroom?: number }> = {};
  for (const size of SIZES) {
    const of = (t: Target) => summarise(measurements, t, size);
    const subject = of('subject');
    const sink = of('sink');
    const peers = PEERS.map(of).filter((p): p is Summary => p !== undefined);
    const entry: (typeof ratios)[number] = { vs: {} };
    for (const s of [subject, ...peers, sink]) {
      if (!s) continue;
      summaries.push(s);
      let ratio = '';
      if (subject && (s.target === 'prism' || s.target === 'prism-info')) {
        entry.vs[s.target] = {
          messagesPerSecond: subject.messagesPerSecond / s.messagesPerSecond,
          perRep: pairedRatios(measurements, size, s.target),
          p99: s.p99Ms / subject.p99Ms,
        };
        ratio = `${entry.vs[s.target]!.messagesPerSecond.toFixed(2)}×`;
      }
      rows.push([LABEL[s.target], String(size), fmt(s.messagesPerSecond, 0), fmt(s.requestsPerSecond, 1), fmt(s.p50Ms, 1), fmt(s.p99Ms, 1), fmt(s.errors, 0), ratio]);
    }
    if (subject && sink) entry.ceilingHeadroom = sink.messagesPerSecond / Math.max(subject.messagesPerSecond, ...peers.map((p) => p.messagesPerSecond));
    ratios[size] = entry;
  }
  out.push(table(['server', 'msgs/request', 'msgs/s', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'subject ÷ peer'], rows));
  out.push('');
  for (const size of SIZES) {
    const r = ratios[size]!;
    for (const peer of PEERS) {
      const v = r.vs[peer];
      if (!v) continue;
      out.push(
        `${size} messages/request, subject ÷ ${LABEL[peer].replace('peer: ', '')}: ${v.messagesPerSecond.toFixed(2)}× messages/s ` +
          `(per rep ${v.perRep.map((x) => x.toFixed(2)).join(' ')}), its p99 ÷ the subject's ${v.p99.toFixed(2)}×` +
          (peer === 'prism' ? `; aim ${AIM}× ${v.messagesPerSecond >= AIM ? 'met' : 'not met'}, at least ${MINIMUM}× ${v.messagesPerSecond >= MINIMUM ? 'met' : 'NOT met'}` : ''),
      );
    }
    if (r.ceilingHeadroom !== undefined) {
      out.push(
        `${size} messages/request, generator ceiling (sink): ${r.ceilingHeadroom.toFixed(1)}× the fastest server` +
          `${r.ceilingHeadroom < HEADROOM ? ' — TOO CLOSE: the generator may be limiting these figures' : ''}`,
      );
    }
  }
  const diskMedians: Record<number, number> = {};
  for (const size of SIZES) {
    const subject = summaries.find((x) => x.target === 'subject' && x.messagesPerRequest === size);
    if (subject && size === 100) out.push(`${size} messages/request, subject p99 ${fmt(subject.p99Ms, 1)} ms: target < ${P99_TARGET_MS} ms ${subject.p99Ms < P99_TARGET_MS ? 'met' : 'NOT met'}`);
    const growth = measurements.filter((m) => m.messagesPerRequest === size && m.disk !== undefined).map((m) => m.disk!.perMessageByte);
    if (growth.length === 0) continue;
    diskMedians[size] = median(growth);
    out.push(
      `${size} messages/request, subject's bytes on disk per message byte received: ${diskMedians[size]!.toFixed(2)}× ` +
        `(per rep ${growth.map((x) => x.toFixed(2)).join(' ')}): target ≤ ${DISK_TARGET}× ${diskMedians[size]! <= DISK_TARGET ? 'met' : 'NOT met'}`,
    );
  }
  for (const size of SIZES) {
    const s = stored[size];
    if (s) out.push(`subject's data directory at ${size} messages/request: ${fmt(s.bytes / 1e6, 1)} MB in ${fmt(s.files, 0)} files when it stopped (then removed)`);
  }
  const failed = summaries.filter((s) => s.errors > 0);
  out.push(
    failed.length === 0
      ? `Errors: none: every measured request was answered 207${measurements.some((m) => m.result.check === 'accepted') ? ' (the subject\'s and the sink\'s with every message accepted)' : ''}.`
      : `Errors: ${failed.map((s) => `${LABEL[s.target]} at ${s.messagesPerRequest}: ${s.errors} of ${s.requests} (${JSON.stringify(s.errorKinds)})`).join('; ')}`,
  );
  const missed = probes.filter((p) => !p.ok);
  out.push(
    missed.length === 0
      ? `Validation probes: each server caught the broken message it was sent (subject: another org's imsOrgId, rejected in the 207; Prism: a header without flowId, ${[...new Set(probes.filter((p) => p.target !== 'subject').map((p) => p.status))].join('/')}).`
      : `Validation probes: ${missed.map((p) => `${LABEL[p.target]} at ${p.messagesPerRequest} did NOT catch ${p.broken} (expected ${p.expected}; got ${p.got})`).join('; ')}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  const results = {
    benchmark: 'server-streaming',
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      cpu,
      cores: cpus().length,
      serverCpu: serverCpu ?? null,
      loadGeneratorCpu: loadCpu ?? null,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
      commit: gitCommit(),
      prism: { version: prism.version, openapi: relative(ROOT, OPENAPI), verboseLevel: PRISM_LEVEL },
    },
    options: { ...opts, sizes: SIZES },
    units: {
      messagesPerSecond: 'messages in requests answered 207 (subject, sink: every message accepted) per second of the measured run',
      latency: 'milliseconds from sending a request to the end of its answer, nearest-rank percentiles per run; the table shows medians over repetitions',
    },
    aim: { subjectOverPrism: AIM, subjectOverPrismAtLeast: MINIMUM, p99MsAt100: P99_TARGET_MS, diskPerMessageByte: DISK_TARGET, generatorHeadroom: HEADROOM },
    bodies: bodyInfo,
    summary: { medians: summaries, ratios, diskPerMessageByte: diskMedians, subjectDataDir: stored },
    probes,
    measurements,
    warmups,
  };
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults written to ${relative(ROOT, RESULTS_FILE)}\n`);
  if (failed.length > 0 || missed.length > 0) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench:server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
