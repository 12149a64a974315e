/**
 * bench/check-client: what `check-client` costs beside the client's own run.
 *
 * For each scenario without faults, the same client is run twice in the same process, alternately:
 *   subject  `checkClient` with that one scenario: fresh server, the recording front, the command, judging;
 *   peer     the command alone against a fresh reference server with the same inputs and environment
 *            (no front, no recording, no judging).
 * The difference is the harness's overhead. A whole default run is then timed once, with the time its
 * commands ran and the time they spent waiting (back-off, Retry-After, polling) between exchanges.
 *
 *   npm run bench:check-client [-- --reps 3] [-- --client "node --import tsx src/client/bin.ts"]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkClient, SCENARIOS, type ScenarioName } from '../../src/conformance/client/index.js';
import { runCommand } from '../../src/conformance/client/process.js';
import { streamableDatasets } from '../../src/generate/index.js';
import { startServer } from '../../src/server/index.js';
import { defaultWorld } from '../../src/world/default.js';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' }, client: { type: 'string', default: 'node --import tsx src/client/bin.ts' } } });
const reps = Number(values.reps);
const command = values.client.split(/\s+/);
const NO_FAULTS: ScenarioName[] = ['streaming.happy', 'streaming.partial-failure', 'batch.happy', 'batch.failed'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function peer(name: ScenarioName): Promise<number> {
  const world = defaultWorld();
  const inlet = world.inlets[0]!;
  const dir = await mkdtemp(join(tmpdir(), 'bench-check-client-'));
  try {
    const prepared = await SCENARIOS[name].prepare({ world, profile: 'docs', seed: 1, dir, inlet, dataset: streamableDatasets(world)[0]! });
    const started = Date.now();
    const server = await startServer({ world: prepared.world });
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AEP_'))),
      AEP_STREAMING_URL: server.url,
      AEP_PLATFORM_URL: server.url,
      AEP_CAMPAIGN_URL: server.url,
      AEP_INLET_ID: inlet.id,
      AEP_ORG_ID: inlet.org,
      AEP_SANDBOX_NAME: 'prod',
      AEP_ACCESS_TOKEN: 'bench-token',
      AEP_API_KEY: 'bench-key',
      AEP_SCENARIO: name,
      ...prepared.env,
    };
    await runCommand(command, { env, cwd: process.cwd(), timeoutMs: 60_000 });
    await server.close();
    return Date.now() - started;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function subject(name: ScenarioName): Promise<number> {
  const started = Date.now();
  const report = await checkClient({ command, scenarios: [name] });
  if (report.scenarios[0]!.status !== 'pass') throw new Error(`${name}: the client did not pass (${report.scenarios[0]!.status}); the bench needs a passing client`);
  return Date.now() - started;
}

console.log(`client: ${command.join(' ')}; ${reps} repetitions, alternating, median\n`);
console.log('scenario                     check-client   client alone   overhead');
for (const name of NO_FAULTS) {
  const s: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < reps; i++) {
    s.push(await subject(name));
    p.push(await peer(name));
  }
  const ms = (n: number) => `${n} ms`.padStart(12);
  console.log(`${name.padEnd(28)} ${ms(median(s))}   ${ms(median(p))}   ${ms(median(s) - median(p))}`);
}

const started = Date.now();
const report = await checkClient({ command });
const total = Date.now() - started;
let commandMs = 0;
let waitingMs = 0;
for (const s of report.scenarios) {
  commandMs += s.command.durationMs;
  for (let i = 1; i < s.exchanges.length; i++) {
    const prev = s.exchanges[i - 1]!;
    waitingMs += Math.max(0, s.exchanges[i]!.atMs - (prev.atMs + prev.durationMs));
  }
}
const failed = report.scenarios.filter((s) => s.status !== 'pass').map((s) => s.name);
console.log(
  `\nwhole default run: ${(total / 1000).toFixed(1)} s for ${report.scenarios.length} scenarios (${report.totals.exchanges} exchanges); ` +
    `commands ran ${(commandMs / 1000).toFixed(1)} s, of which ${(waitingMs / 1000).toFixed(1)} s waiting between exchanges` +
    (failed.length > 0 ? `; not passed: ${failed.join(', ')}` : '; every scenario passed'),
);
