/**
 * The verify benchmark: generated-and-checked cases per second against the reference server (in-process,
 * loopback), beside a plain fetch replay of the very requests those cases sent, so that what generation,
 * shrinking-ready bookkeeping and checking cost shows. Bounded by a case count and a time per measurement.
 *
 *   npm run bench:verify                      streaming 100 cases, batch 100 runs, Campaign 200 runs
 *   npm run bench:verify -- --quick           a tenth of it: a smoke run
 *   npm run bench:verify -- --cases 300 --seconds 60 --seed 7
 *
 * For each property:
 *   generation  fc.sample of the same number of cases, same seed: generating alone, no HTTP;
 *   subject     runProperty (what `verify` runs): generate, send, check every answer, record the checks;
 *               the waits between status reads of a batch being processed are counted apart;
 *   peer        the requests the subject sent, recorded as sent (method, path, headers, body), replayed with
 *               a plain sequential fetch loop that reads each answer and checks nothing; batch ids the
 *               target makes up are carried from each create answer into the calls that follow.
 * Both talk to the same server one request at a time, after a warm-up of the subject on another seed. A
 * subject that finds a failure makes the run exit 1.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { openTarget } from '../../src/conformance/target.js';
import { batchLifecycleProperty } from '../../src/conformance/verify/batch-model.js';
import { campaignTriggerProperty } from '../../src/conformance/verify/campaign-model.js';
import type { VerifyContext } from '../../src/conformance/verify/context.js';
import { targetHttp, type TargetHttp } from '../../src/conformance/verify/http.js';
import { runProperty, type VerifyProperty } from '../../src/conformance/verify/property.js';
import { mutatedRequestsProperty, validRequestsProperty } from '../../src/conformance/verify/streaming.js';
import { defaultWorld } from '../../src/world/index.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    cases: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '20241123' },
  },
});
const scale = values.quick ? 0.1 : 1;
const seconds = Number(values.seconds);
const seed = Number(values.seed);

interface SentRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The batch id a create answered, to carry into the replay. */
  createdId?: string;
}

/** The target's calls, recorded as sent. */
function recording(http: TargetHttp, sent: SentRequest[]): TargetHttp {
  return {
    url: http.url,
    async call(method, path, opts = {}) {
      const answer = await http.call(method, path, opts);
      const entry: SentRequest = { method, path, ...opts };
      const id = (answer.json as { id?: unknown } | undefined)?.id;
      if (method === 'POST' && path.endsWith('/batches') && typeof id === 'string') entry.createdId = id;
      sent.push(entry);
      return answer;
    },
  };
}

/** The plain loop: every request in order, each answer read whole, nothing checked. */
async function replay(url: string, headers: Record<string, string>, sent: readonly SentRequest[]): Promise<number> {
  const ids = new Map<string, string>();
  const started = performance.now();
  for (const request of sent) {
    let path = request.path;
    for (const [recorded, fresh] of ids) path = path.split(recorded).join(fresh);
    const query = request.query === undefined ? '' : `?${new URLSearchParams(request.query).toString()}`;
    const response = await fetch(`${url}${path}${query}`, {
      method: request.method,
      headers: { ...headers, ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const text = await response.text();
    if (request.createdId !== undefined) ids.set(request.createdId, (JSON.parse(text) as { id: string }).id);
  }
  return (performance.now() - started) / 1000;
}

interface Row {
  property: string;
  cases: number;
  requests: number;
  generationS: number;
  subjectS: number;
  waitedS: number;
  peerS: number;
  checks: number;
}

type Build = (ctx: VerifyContext, headers: Record<string, string>) => VerifyProperty<unknown>;

async function measure(name: string, build: Build, runs: number): Promise<Row> {
  const world = defaultWorld();
  const target = await openTarget({ world, profile: 'docs', env: {} });
  try {
    const sent: SentRequest[] = [];
    const ctx: VerifyContext = { http: recording(targetHttp(target.url, target.headers), sent), world, profile: 'docs', inlet: world.inlets[0]!, runs, waited: { ms: 0 } };
    const property = { ...build(ctx, target.headers), runs };

    // Warm-up on another seed: the server's validators compiled, both sides' code paths hot.
    await runProperty({ ...property, runs: Math.min(runs, 20) }, { seed: seed + 1 });
    sent.length = 0;
    ctx.waited!.ms = 0;

    const generationStarted = performance.now();
    fc.sample(property.arbitrary, { seed, numRuns: runs });
    const generationS = (performance.now() - generationStarted) / 1000;

    const started = performance.now();
    const outcome = await runProperty(property, { seed, deadline: Date.now() + seconds * 1000 });
    const subjectS = (performance.now() - started) / 1000;
    if (outcome.failure !== undefined) {
      console.error(`${name}: the subject found a failure: ${JSON.stringify(outcome.failure).slice(0, 500)}`);
      process.exitCode = 1;
    }
    const peerS = await replay(target.url, target.headers, sent);
    return { property: name, cases: outcome.runs, requests: sent.length, generationS, subjectS, waitedS: ctx.waited!.ms / 1000, peerS, checks: outcome.checks.length };
  } finally {
    await target.close();
  }
}

const cases = values.cases === undefined ? undefined : Number(values.cases);
const plan: [string, Build, number][] = [
  ['streaming valid requests (1–500 messages)', validRequestsProperty as Build, Math.ceil((cases ?? 100) * scale)],
  ['streaming mutated requests (1–12 messages)', mutatedRequestsProperty as Build, Math.ceil((cases ?? 500) * scale)],
  ['batch life-cycle model (≤ 12 commands)', batchLifecycleProperty as Build, Math.ceil((cases ?? 100) * scale)],
  ['Campaign trigger model (≤ 8 commands)', campaignTriggerProperty as Build, Math.ceil((cases ?? 200) * scale)],
];

const rows: Row[] = [];
for (const [name, build, runs] of plan) {
  rows.push(await measure(name, build, runs));
  console.error(`measured ${name}`);
}

const f = (n: number, digits = 1) => n.toFixed(digits);
const header = ['property', 'cases', 'requests', 'generation alone (cases/s)', 'subject cases/s', 'subject req/s', 'subject excl. poll waits (req/s)', 'peer replay req/s', 'subject ÷ peer time (excl. waits)'];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const r of rows) {
  const busy = r.subjectS - r.waitedS;
  console.log(
    `| ${[
      r.property,
      r.cases,
      r.requests,
      f(r.cases / r.generationS),
      f(r.cases / r.subjectS),
      f(r.requests / r.subjectS),
      f(r.requests / busy),
      f(r.requests / r.peerS),
      `${f(busy / r.peerS, 2)}×`,
    ].join(' | ')} |`,
  );
}
console.log(`\nseed ${seed}; node ${process.version}; one request at a time over loopback to an in-process reference server (memory store).`);
