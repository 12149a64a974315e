/**
 * `checkClient`: runs a client's command once per scenario against a fresh reference server in-process on
 * 127.0.0.1, behind the scenario's front (faults, recording), and judges the recorded traffic with the
 * client rules. The command's exit code and output are reported as evidence; the traffic is the verdict.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEnvironment } from '../../client/environment.js';
import type { ProfileName } from '../../contract/profiles.js';
import { streamableDatasets } from '../../generate/index.js';
import { createRedactor, type Redactor } from '../../report/redact.js';
import type { ClientFinding, ClientReport, CommandOutcome, ExchangeSummary, ScenarioResult, ScenarioStatus } from '../../report/client/model.js';
import { clientRule, clientRuleInfo, judgeTraffic, readTraffic, type ClientTraffic } from '../../rules/client/index.js';
import { atOrAbove, type RuleInfo, type Severity } from '../../rules/finding.js';
import { StreamingAnalyser } from '../../rules/streaming/analyse.js';
import { settleBatches } from '../../server/batch-processing.js';
import { startServer } from '../../server/index.js';
import { VERSION } from '../../version.js';
import { defaultWorld } from '../../world/default.js';
import type { Inlet, World } from '../../world/types.js';
import { startFront, type FrontExchange } from './front.js';
import { runCommand } from './process.js';
import { SCENARIO_NAMES, SCENARIOS, type ScenarioBase, type ScenarioName } from './scenarios.js';

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_SEED = 1;

/**
 * A finding as a configuration may change it: re-graded, dropped because its rule is `off`, or dropped by
 * an ignore (counted in the scenario's `ignored`, so it never vanishes silently).
 */
export type FindingFilter = (finding: ClientFinding) => ClientFinding | 'off' | 'ignored';

export interface CheckClientOptions {
  /** The client's command and its arguments. */
  command: readonly string[];
  /** Default: every scenario, in the documented order. */
  scenarios?: readonly ScenarioName[];
  world?: World;
  profile?: ProfileName;
  /** Seeds the generated inputs; the same seed hands over the same bytes. */
  seed?: number;
  timeoutSeconds?: number;
  failOn?: Severity;
  /** The command's working directory. */
  cwd?: string;
  /** The environment the command starts from (default: this process's); AEP_* variables in it are replaced. */
  env?: NodeJS.ProcessEnv;
  /** The streaming inlet to point the client at; default the world's first inlet without authentication. */
  inletId?: string;
  /** Called as each scenario starts and ends, for progress lines. */
  onScenario?(event: { phase: 'start'; name: ScenarioName } | { phase: 'end'; result: ScenarioResult }): void;
  filter?: FindingFilter;
}

/** A world the scenarios cannot be run on, said plainly (a usage error for the command line). */
export class ScenarioWorldError extends Error {}

function pickInlet(world: World, inletId: string | undefined): Inlet {
  if (inletId !== undefined) {
    const inlet = world.inlets.find((i) => i.id === inletId);
    if (inlet === undefined) throw new ScenarioWorldError(`--inlet ${inletId} is not an inlet of the world (${world.source})`);
    return inlet;
  }
  const open = world.inlets.find((i) => !i.authenticationRequired) ?? world.inlets[0];
  if (open === undefined) throw new ScenarioWorldError(`the world (${world.source}) has no inlet; check-client needs one under "inlets"`);
  return open;
}

const CALL_LABELS: Record<string, string> = {
  'create-batch': 'batch.create',
  upload: 'batch.upload',
  'batch-action': 'batch.action',
  'batch-status': 'batch.status',
  'campaign-trigger': 'campaign.trigger',
  'campaign-status': 'campaign.status',
};

function summarise(traffic: ClientTraffic, started: number, redact: Redactor): ExchangeSummary[] {
  return traffic.exchanges.map((e): ExchangeSummary => {
    const messages = e.streaming?.messages;
    const path = e.url.pathname + e.url.search;
    const call = e.streaming ? 'streaming' : /\/export\/batches\/[^/]+\/failed/.test(e.url.pathname) ? 'export.failed' : (CALL_LABELS[e.call.kind] ?? 'other');
    return {
      index: e.index,
      atMs: e.startedMs - started,
      durationMs: e.endedMs - e.startedMs,
      method: e.method,
      path: redact(path),
      status: e.status,
      call,
      requestBytes: e.requestBytes,
      ...(messages
        ? {
            messages: {
              sent: messages.length,
              accepted: messages.filter((m) => m.outcome.kind === 'accepted').length,
              rejected: messages.filter((m) => m.outcome.kind === 'rejected').length,
            },
          }
        : {}),
      ...(e.fault !== undefined ? { fault: e.fault } : {}),
      ...(e.retryAfterRaw !== undefined ? { retryAfter: e.retryAfterRaw } : {}),
    };
  });
}

/** Final statuses of the batches the client created, once the server has finished processing them. */
async function batchStatuses(exchanges: readonly FrontExchange[], server: Awaited<ReturnType<typeof startServer>>): Promise<Map<string, string>> {
  await settleBatches(server.context);
  const statuses = new Map<string, string>();
  for (const e of exchanges) {
    if (e.request.method !== 'POST' || !/\/data\/foundation\/import\/batches\/?$/.test(new URL(e.request.url).pathname)) continue;
    let id: unknown;
    try {
      id = (JSON.parse(e.response.body.toString('utf8')) as { id?: unknown }).id;
    } catch {
      continue;
    }
    if (typeof id !== 'string') continue;
    const batch = server.context.store.getBatch(id);
    if (batch !== undefined) statuses.set(id, batch.status);
  }
  return statuses;
}

function clientEnvironment(base: NodeJS.ProcessEnv, scenario: ClientEnvironment): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Variables of the user's own shell that share our names would mislead the client: the scenario's replace them.
  for (const [name, value] of Object.entries(base)) if (!name.startsWith('AEP_')) env[name] = value;
  for (const [name, value] of Object.entries(scenario)) if (value !== undefined) env[name] = value;
  return env;
}

export async function checkClient(opts: CheckClientOptions): Promise<ClientReport> {
  const world = opts.world ?? defaultWorld();
  const profile = opts.profile ?? 'docs';
  const seed = opts.seed ?? DEFAULT_SEED;
  const timeoutSeconds = opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const failOn = opts.failOn ?? 'error';
  const names = opts.scenarios && opts.scenarios.length > 0 ? [...new Set(opts.scenarios)] : [...SCENARIO_NAMES];
  const inlet = pickInlet(world, opts.inletId);
  const streamable = streamableDatasets(world)[0];
  if (streamable === undefined) throw new ScenarioWorldError(`the world (${world.source}) has no dataset whose schema is an ExperienceEvent or a Profile schema`);
  const dataset = streamable;

  // The credentials handed to the client are made for this run; the report never shows them.
  const token = `aep-harness-${randomBytes(18).toString('base64url')}`;
  const apiKey = `aep-harness-client-${randomBytes(6).toString('hex')}`;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const redact = createRedactor([new RegExp(escape(token), 'g'), new RegExp(escape(apiKey), 'g')]);

  const startedAt = new Date();
  const scenarios: ScenarioResult[] = [];
  for (const name of names) {
    opts.onScenario?.({ phase: 'start', name });
    scenarios.push(await runScenario(name));
  }

  const ruleIds = [...new Set(scenarios.flatMap((s) => s.rules))];
  const rules: RuleInfo[] = ruleIds.map((id) => clientRule(id)).flatMap((r) => (r ? [clientRuleInfo(r)] : []));
  const count = (s: ScenarioStatus) => scenarios.filter((r) => r.status === s).length;
  const findings: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  for (const s of scenarios) for (const f of s.findings) findings[f.severity]++;
  return {
    tool: { name: 'aep-ingest-harness', version: VERSION },
    run: {
      command: opts.command.map((arg) => redact(arg)),
      world: world.source,
      profile,
      failOn,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      timeoutSeconds,
    },
    scenarios,
    rules,
    totals: {
      scenarios: scenarios.length,
      pass: count('pass'),
      fail: count('fail'),
      notExercised: count('not-exercised'),
      findings,
      exchanges: scenarios.reduce((n, s) => n + s.exchanges.length, 0),
    },
  };

  async function runScenario(name: ScenarioName): Promise<ScenarioResult> {
    const scenario = SCENARIOS[name];
    const dir = await mkdtemp(join(tmpdir(), `aep-check-client-${name}-`));
    try {
      const base: ScenarioBase = { world, profile, seed, dir, inlet, dataset };
      const prepared = await scenario.prepare(base);
      const server = await startServer({ world: prepared.world, profile });
      let front: Awaited<ReturnType<typeof startFront>> | undefined;
      try {
        const orgId = inlet.org;
        const sandbox = world.orgs.find((o) => o.id === orgId)?.sandboxes[0] ?? 'prod';
        await prepared.before?.({
          url: server.url,
          headers: { Authorization: `Bearer ${token}`, 'x-api-key': apiKey, 'x-gw-ims-org-id': orgId, 'x-sandbox-name': sandbox },
        });
        front = await startFront({ upstream: server.url, ...(prepared.plan ? { plan: prepared.plan } : {}) });
        const env = clientEnvironment(opts.env ?? process.env, {
          AEP_STREAMING_URL: front.url,
          AEP_PLATFORM_URL: front.url,
          AEP_CAMPAIGN_URL: front.url,
          AEP_INLET_ID: inlet.id,
          AEP_ORG_ID: orgId,
          AEP_SANDBOX_NAME: sandbox,
          AEP_ACCESS_TOKEN: token,
          AEP_API_KEY: apiKey,
          AEP_SCENARIO: name,
          ...prepared.env,
        });
        const started = Date.now();
        const run = await runCommand(opts.command, { env, cwd: opts.cwd ?? process.cwd(), timeoutMs: timeoutSeconds * 1000 });
        await front.close();
        const exchanges = front.exchanges;
        front = undefined;
        const statuses = await batchStatuses(exchanges, server);
        const analysers = new Map<string, StreamingAnalyser>();
        const traffic = readTraffic(exchanges, {
          scenario: name,
          profile,
          world: prepared.world,
          inletId: prepared.inletId,
          inputs: prepared.inputs,
          batchStatuses: statuses,
          analyser(inletId) {
            if (!prepared.world.inlets.some((i) => i.id === inletId)) return undefined;
            let analyser = analysers.get(inletId);
            if (analyser === undefined) analysers.set(inletId, (analyser = new StreamingAnalyser({ world: prepared.world, profile, inletId })));
            return analyser;
          },
        });
        const notExercised = scenario.exercised(traffic);
        if (notExercised !== undefined) traffic.notExercised = notExercised;
        let ignored = 0;
        const findings: ClientFinding[] = [];
        for (const f of judgeTraffic(traffic, scenario.rules)) {
          const finding: ClientFinding = { ...f, message: redact(f.message), scenario: name };
          const kept = opts.filter ? opts.filter(finding) : finding;
          if (kept === 'ignored') ignored++;
          else if (kept !== 'off') findings.push(kept);
        }
        const command: CommandOutcome = {
          exitCode: run.exitCode,
          signal: run.signal,
          timedOut: run.timedOut,
          durationMs: run.durationMs,
          outputTail: run.tail.map((line) => redact(line)),
        };
        const failing = findings.some((f) => atOrAbove(f.severity, failOn));
        const status: ScenarioStatus = notExercised !== undefined ? 'not-exercised' : failing ? 'fail' : 'pass';
        const result: ScenarioResult = {
          name,
          title: scenario.title,
          description: scenario.description,
          status,
          ...(notExercised !== undefined ? { notExercised } : {}),
          command,
          exchanges: summarise(traffic, started, redact),
          findings,
          ...(ignored > 0 ? { ignored } : {}),
          rules: [...scenario.rules],
        };
        opts.onScenario?.({ phase: 'end', result });
        return result;
      } finally {
        await front?.close();
        await server.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
