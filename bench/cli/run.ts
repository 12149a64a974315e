/**
 * The command's cold start, as installed users run it (`node dist/cli/bin.js`, no TypeScript loader):
 *
 *   help       aep-harness --help
 *   preflight  aep-harness preflight fixtures/payloads/web-events.json   (the README's quick start)
 *   peer       ajv validate -s <the web-event schema> -d <the three web events' xdmEntity>   (ajv-cli, the
 *              devDependency): one schema compiled and three records validated, with formats; the
 *              pre-flight does that and more (the envelope rules, the predicted 207) on the same events.
 *
 * Each is a fresh process; repetitions alternate the order; medians of wall time are reported, with each
 * subject's ratio to the peer in the same run. dist/ is built first when it is missing (or with --build).
 *
 *   npm run bench:cli                  15 repetitions
 *   npm run bench:cli -- --reps 31 --build
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { reps: { type: 'string', default: '15' }, build: { type: 'boolean', default: false } } });
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps takes a whole number of at least 1 (got ${values.reps})`);

const bin = join(ROOT, 'dist/cli/bin.js');
if (values.build || !existsSync(bin)) {
  process.stdout.write('building dist/ (npm run build)…\n');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(bin)) throw new Error(`npm run build left no ${bin} (exit ${built.status})`);
}

// The peer's inputs: the default world's web-event schema and the quick start's three events.
const work = mkdtempSync(join(tmpdir(), 'aep-bench-cli-'));
const schema = JSON.parse(readFileSync(join(ROOT, 'src/world/default/web-event.schema.json'), 'utf8')) as Record<string, unknown>;
// ajv 8 ships draft-07 and later; the schema's draft-06 keywords are a subset, so its $schema is left out.
delete schema['$schema'];
writeFileSync(join(work, 'schema.json'), JSON.stringify(schema));
const request = JSON.parse(readFileSync(join(ROOT, 'fixtures/payloads/web-events.json'), 'utf8')) as { messages: { body: { xdmEntity: unknown } }[] };
mkdirSync(join(work, 'data'));
const dataFiles = request.messages.map((message, index) => {
  const file = join(work, 'data', `event-${index}.json`);
  writeFileSync(file, JSON.stringify(message.body.xdmEntity));
  return file;
});
const ajvCli = join(ROOT, 'node_modules/ajv-cli/dist/index.js');

interface Case {
  name: string;
  argv: string[];
  /** The exit code a correct run ends with. */
  exit: number;
}

const cases: Case[] = [
  { name: 'aep-harness --help', argv: [bin, '--help'], exit: 0 },
  { name: 'aep-harness preflight web-events.json', argv: [bin, 'preflight', join(ROOT, 'fixtures/payloads/web-events.json')], exit: 0 },
  { name: 'ajv validate (ajv-cli)', argv: [ajvCli, 'validate', '-s', join(work, 'schema.json'), ...dataFiles.flatMap((f) => ['-d', f]), '--strict=false', '-c', 'ajv-formats'], exit: 0 },
];

function once(c: Case): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, c.argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== c.exit) throw new Error(`${c.name} exited ${result.status}, expected ${c.exit}:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

try {
  process.stdout.write(`cold start, ${reps} repetitions each, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  // One warm-up each, so the file cache holds every module for all of them alike.
  for (const c of cases) once(c);
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) times.get(c.name)!.push(once(c));
  }
  const peer = median(times.get(cases[2]!.name)!);
  const rows = cases.map((c) => {
    const ms = times.get(c.name)!;
    return { name: c.name, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), vsPeer: median(ms) / peer };
  });
  for (const row of rows) {
    process.stdout.write(`${row.name.padEnd(40)} median ${row.medianMs.toFixed(0).padStart(5)} ms  (min ${row.minMs.toFixed(0)}, max ${row.maxMs.toFixed(0)})  ${(row.vsPeer).toFixed(2)}× ajv-cli's time\n`);
  }
  const slower = rows.slice(0, 2).filter((row) => row.vsPeer > 1);
  process.stdout.write(slower.length === 0 ? 'aim met: no slower than ajv-cli\n' : `aim not met: ${slower.map((r) => r.name).join(', ')} slower than ajv-cli\n`);
  mkdirSync(join(ROOT, 'bench/.data'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/.data/cli-results.json'), `${JSON.stringify({ reps, loadavg: loadavg(), cores: cpus().length, node: process.version, rows, times: Object.fromEntries(times) }, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
