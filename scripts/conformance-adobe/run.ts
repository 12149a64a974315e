/**
 * `npm run conformance:adobe`: Adobe's own files as a standing check of the reference server.
 *
 *   1. Adobe's Postman collections (../shared/external/postman/) through newman against `serve` (docs
 *      profile): every request expects the status the documentation gives (expectations.yaml).
 *   2. A Prism validating proxy per OpenAPI file (../shared/external/openapi/) in front of
 *      `serve --profile openapi`; `replay` and `verify` are sent through them; every violation Prism reports
 *      must be a recorded disagreement (or the deliberately invalid request of a documented behaviour).
 *
 * Options: --require-external (fail, not skip, when ../shared/external is absent; .ci/run passes it),
 * --only newman|prism, --runs N (verify runs per property through Prism, default 5), --seed N, --errors (Prism
 * answers its own problem instead of forwarding an invalid request or returning an invalid answer, as
 * `prism proxy FILE URL --errors` does; by default it forwards and reports the same violations in a header,
 * so every answer of the server is validated and replay's later steps still run).
 * AEP_EXTERNAL_DIR points elsewhere than ../shared/external. Exit 0 when every count is as documented,
 * 1 when not, 2 on a usage error or expectations.yaml that does not match the contract or the collections.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RUN_VARIABLES } from '../../src/replay/variables.js';
import { startServer } from '../../src/server/index.js';
import { defaultWorld } from '../../src/world/default.js';
import { ExpectationsError, loadExpectations, type Expectations } from './expectations.js';
import { runCollections, type PostmanRun } from './postman.js';
import { classify, startPrismFront, type ClassifiedViolation, type Exchange } from './prism.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAME = 'conformance:adobe';
const say = (line: string) => process.stdout.write(`${line}\n`);

const { values: opts } = parseArgs({
  options: {
    'require-external': { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20261202' },
    errors: { type: 'boolean', default: false },
  },
});
if (opts.only !== undefined && opts.only !== 'newman' && opts.only !== 'prism') {
  process.stderr.write(`${NAME}: --only is newman or prism\n`);
  process.exit(2);
}
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`${NAME}: --runs is a positive integer\n`);
  process.exit(2);
}

const externalDir = process.env.AEP_EXTERNAL_DIR ?? join(ROOT, '..', 'shared', 'external');
const shownExternal = process.env.AEP_EXTERNAL_DIR ?? '../shared/external';
if (!existsSync(join(externalDir, 'postman')) || !existsSync(join(externalDir, 'openapi'))) {
  const line = `${NAME}: ${opts['require-external'] ? 'failed' : 'skipped'}: ${shownExternal} not found (looked for postman/ and openapi/ in ${externalDir}; set AEP_EXTERNAL_DIR)`;
  say(line);
  process.exit(opts['require-external'] ? 1 : 0);
}

let expectations: Expectations;
try {
  expectations = await loadExpectations();
} catch (error) {
  if (!(error instanceof ExpectationsError)) throw error;
  process.stderr.write(`${NAME}: ${error.message}\n`);
  process.exit(2);
}

const world = defaultWorld();
const values: Record<string, string> = {};
for (const v of RUN_VARIABLES) {
  const value = v.value(world);
  if (value !== undefined) values[v.name] = value;
}

// ---------------------------------------------------------------------------------------------------
// 1. newman

async function newmanPhase(): Promise<PostmanRun> {
  const server = await startServer({ world: defaultWorld(), profile: 'docs' });
  try {
    say(`newman: Adobe's Postman collections (${shownExternal}/postman) against serve (profile docs) at ${server.url}`);
    return await runCollections(externalDir, expectations, server.url, values);
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// 2. Prism

interface CommandRun {
  command: string;
  exitCode: number;
  summary: string;
}

/** Runs `aep-harness <args>` from the sources, with credentials no real platform would take; its output goes to `log`. */
function harness(args: string[], log: string): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AEP_ACCESS_TOKEN: 'conformance-token', AEP_API_KEY: 'conformance-api-key', AEP_ORG_ID: values.orgId ?? '', AEP_SANDBOX_NAME: values.sandbox ?? '' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.once('error', reject);
    child.once('exit', (code) => {
      writeFileSync(log, out);
      const lines = out.trim().split('\n');
      resolve({ command: `aep-harness ${args.join(' ')}`, exitCode: code ?? 1, summary: lines.filter((l) => /^[✔✘] /.test(l)).pop() ?? lines[lines.length - 1] ?? '' });
    });
  });
}

interface PrismRun {
  exchanges: Exchange[];
  direct: number;
  violations: ClassifiedViolation[];
  commands: CommandRun[];
  version: string;
}

async function prismPhase(): Promise<PrismRun> {
  const server = await startServer({ world: defaultWorld(), profile: 'openapi' });
  try {
    const front = await startPrismFront(ROOT, join(externalDir, 'openapi'), server.url, opts.errors);
    try {
      say(
        `prism: Prism ${front.prismVersion} proxies${opts.errors ? ' with --errors' : ''}, one per OpenAPI file of ${shownExternal}/openapi, in front of serve --profile openapi`,
      );
      const commands: CommandRun[] = [];
      const outDir = join(ROOT, 'reports', 'conformance-adobe');
      mkdirSync(outDir, { recursive: true });
      front.by('replay');
      commands.push(await harness(['replay', '--target', front.url, '--profile', 'openapi', '--format', 'json', '--out-dir', outDir], join(outDir, 'replay.log')));
      front.by('verify');
      commands.push(
        await harness(['verify', '--target', front.url, '--profile', 'openapi', '--runs', String(runs), '--seed', opts.seed, '--max-time', '120', '--format', 'json', '--out-dir', outDir], join(outDir, 'verify.log')),
      );
      return { exchanges: front.exchanges, direct: front.direct, violations: classify(front.exchanges, expectations.prism.violations), commands, version: front.prismVersion };
    } finally {
      await front.close();
    }
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------------------------------

let ok = true;
const report: Record<string, unknown> = { externalDir: shownExternal };
let newmanLine: string | undefined;
let prismLine: string | undefined;

if (opts.only !== 'prism') {
  const run = await newmanPhase();
  const served = run.steps.filter((s) => s.notServed === undefined);
  const notServed = run.steps.filter((s) => s.notServed !== undefined);
  for (const s of run.steps) {
    const good = s.failures.length === 0 && s.status === s.expected;
    const mark = good ? '✔' : '✘';
    say(`  ${mark} ${s.collection}: ${s.request} — ${s.name}: ${s.status ?? 'no answer'} (expected ${s.expected}${s.notServed !== undefined ? ', not served' : ''})${s.sent > 1 ? `, ${s.sent} requests` : ''}`);
    if (!good) for (const f of s.failures) say(`      ${f}`);
    if (!good && s.body !== '') say(`      answered: ${s.body.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  const asDocumented = served.filter((s) => s.failures.length === 0 && s.status === s.expected).length;
  const notServedAsExpected = notServed.filter((s) => s.failures.length === 0 && s.status === s.expected).length;
  if (asDocumented !== served.length || notServedAsExpected !== notServed.length) ok = false;
  newmanLine = `newman: ${run.steps.length} requests sent (${run.requests} with polls), ${asDocumented} of ${served.length} answered as documented; ${notServedAsExpected} of ${notServed.length} not served by design answered ${[...new Set(notServed.map((s) => s.expected))].join('/') || '-'}`;
  report.newman = run;
}

if (opts.only !== 'newman') {
  const run = await prismPhase();
  for (const c of run.commands) say(`  ${c.command.replace(ROOT, '')}: exit ${c.exitCode}: ${c.summary}`);
  const outside = run.violations.filter((v) => v.known === undefined);
  const recorded = run.violations.filter((v) => v.known !== undefined);
  for (const v of recorded) {
    const why = v.known!.disagreement ?? v.known!.erratum ?? `invalid on purpose (${v.known!.invalidOnPurpose})`;
    say(`  · ${v.file} ${v.operation} ${v.location} ${v.code}: ${why} (${v.count}×)`);
  }
  for (const v of outside) say(`  ✘ ${v.file} ${v.operation} ${v.location} ${v.code}: ${v.message} (${v.count}×, e.g. ${v.example})`);
  const perFile = new Map<string, number>();
  for (const e of run.exchanges) perFile.set(e.file ?? '-', (perFile.get(e.file ?? '-') ?? 0) + 1);
  say(`  exchanges per file: ${[...perFile].map(([f, n]) => `${f} ${n}`).join(', ')}`);
  const withViolations = run.exchanges.filter((e) => e.violations.some((v) => v.severity === 'Error')).length;
  const unused = expectations.prism.violations.filter((k) => !run.violations.some((v) => v.known === k));
  for (const k of unused) say(`  ? recorded but not seen in this run: ${k.file} ${k.operation} ${k.location} ${k.code}`);
  if (outside.length > 0) ok = false;
  const unvalidated = run.exchanges.filter((e) => e.unvalidated !== undefined);
  for (const e of unvalidated) say(`  ! ${e.by}: ${e.method} ${e.path} → ${e.status}: answer not validated (${e.unvalidated})`);
  prismLine = `prism: ${run.exchanges.length} exchanges through Prism (${withViolations} with violations; ${unvalidated.length} answers Prism could not validate; ${run.direct} to APIs no OpenAPI file describes), ${outside.length} violations outside recorded disagreements (${recorded.length} recorded ones seen)`;
  report.prism = { ...run, exchanges: run.exchanges.length };
}

mkdirSync(join(ROOT, 'reports'), { recursive: true });
const reportFile = join(ROOT, 'reports', 'conformance-adobe.json');
writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
say(`report: ${relative(ROOT, reportFile)}`);
if (newmanLine !== undefined) say(newmanLine);
if (prismLine !== undefined) say(prismLine);
say(`${NAME}: ${ok ? 'passed' : 'failed'}`);
process.exit(ok ? 0 : 1);
