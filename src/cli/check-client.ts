/**
 * `aep-harness check-client [options] -- COMMAND ARGS...`: runs a client (or a client's test suite) once per
 * scenario against the reference server in-process, records what it sent, and says which documented
 * obligations its traffic breaks. The summary goes to standard output, progress to standard error, and
 * each other format to a file under `reports/` unless told otherwise.
 */
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { PROFILE_NAMES } from '../contract/profiles.js';
import { checkClient, DEFAULT_SEED, DEFAULT_TIMEOUT_SECONDS, ScenarioWorldError } from '../conformance/client/run.js';
import { CommandNotStarted } from '../conformance/client/process.js';
import { isScenarioName, SCENARIO_NAMES, SCENARIOS, type ScenarioName } from '../conformance/client/scenarios.js';
import { CLIENT_EXTENSIONS, CLIENT_FORMAT_NAMES, renderClient, type ClientFormat } from '../report/client/index.js';
import { applyConfig, ignoreFor, ruleSettingFor } from '../config/index.js';
import { checkOutputsWritable, collect, loadConfigFor, pairOutputs, parseProfile, parseSeverity, registerFormats, resolveWorld, writeOutput } from './common.js';
import { DEFAULT_REPORT_DIR } from './conformance-output.js';
import { EXIT, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

interface CheckClientCliOptions {
  scenario?: string[];
  world?: string;
  profile: string;
  inlet?: string;
  seed?: string;
  timeout: string;
  format?: string[];
  output?: string[];
  outDir?: string;
  failOn: string;
  color?: boolean;
  listScenarios?: boolean;
  quiet?: boolean;
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | boolean;
}

export function checkClientCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('check-client')
    .description(describeCommand('check-client'))
    .usage('[options] -- <command> [args...]')
    .argument('[command...]', 'the client to run, after --; it finds the server through AEP_STREAMING_URL, AEP_PLATFORM_URL, AEP_CAMPAIGN_URL and the other AEP_* variables')
    .option('--scenario <name>', `a scenario to run, repeatable (default: all): ${SCENARIO_NAMES.join(', ')}`, collect)
    .option('--list-scenarios', 'print every scenario with what it does and expects, and exit')
    .option('--world <file>', 'world file (YAML or JSON); default: the embedded default world')
    .option('--profile <name>', `which reading of disagreeing sources to follow: ${PROFILE_NAMES.join(', ')}`, 'docs')
    .option('--inlet <id>', "the streaming connection the client is pointed at; default: the world's first inlet without authentication")
    .option('--seed <n>', `seed of the inputs handed over (the same seed, the same bytes); default ${DEFAULT_SEED}`)
    .option('--timeout <seconds>', 'seconds a scenario\'s command may run before it is stopped', String(DEFAULT_TIMEOUT_SECONDS))
    .option('--format <fmt>', `report format, repeatable: ${CLIENT_FORMAT_NAMES.join(', ')} (text is always printed)`, collect)
    .option('--output <file>', 'file for a format, repeatable: paired with --format in order, or written FMT=FILE', collect)
    .option('--out-dir <dir>', 'directory for the report files (check-client.<ext>)', DEFAULT_REPORT_DIR)
    .option('--fail-on <severity>', 'a scenario fails on a finding at or above: error, warn, info', 'error')
    .option('--color', 'colour the summary even when not writing to a terminal')
    .option('--no-color', 'never colour the summary');
  registerFormats(cmd, CLIENT_FORMAT_NAMES);
  return cmd.action(async (command: string[], opts: CheckClientCliOptions) => {
    done(await runCheckClient(command, opts, io));
  });
}

function parseScenarios(values: readonly string[] | undefined): ScenarioName[] | undefined {
  if (values === undefined) return undefined;
  for (const value of values) {
    if (!isScenarioName(value)) throw new UsageError(`unknown scenario "${value}"; expected one of: ${SCENARIO_NAMES.join(', ')}`);
  }
  return values as ScenarioName[];
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError(`--timeout takes a number of seconds above 0, at most 3600 (got "${value}")`);
  return n;
}

function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new UsageError(`--seed takes a 32-bit whole number (got "${value}")`);
  return n;
}

function listScenarios(io: CliIo): ExitCode {
  for (const name of SCENARIO_NAMES) {
    const s = SCENARIOS[name];
    io.stdout.write(`${name}\n  ${s.title}\n  ${s.description}\n\n`);
  }
  return EXIT.ok;
}

async function runCheckClient(command: string[], opts: CheckClientCliOptions, io: CliIo): Promise<ExitCode> {
  if (opts.listScenarios) return listScenarios(io);
  // Everything is checked before the first scenario runs: a mistake is said at once, not after minutes.
  const scenarios = parseScenarios(opts.scenario);
  const profile = parseProfile(opts.profile);
  const failOn = parseSeverity(opts.failOn);
  const timeoutSeconds = parseTimeout(opts.timeout);
  const seed = parseSeed(opts.seed);
  const plan = pairOutputs(opts, CLIENT_FORMAT_NAMES, { someUnpaired: true }).map(({ format, file }): { format: ClientFormat; file: string | null } => {
    if (file === undefined && format === 'text') return { format, file: null };
    const path = file ?? join(opts.outDir ?? DEFAULT_REPORT_DIR, `check-client.${CLIENT_EXTENSIONS[format]}`);
    return { format, file: path === '-' ? null : resolve(io.cwd, path) };
  });
  if (!plan.some((p) => p.format === 'text' && p.file === null)) plan.unshift({ format: 'text', file: null });
  const toStdout = plan.filter((p) => p.file === null && p.format !== 'text');
  if (toStdout.length > 0) throw new UsageError(`${toStdout.map((p) => p.format).join(' and ')} cannot share standard output with the summary: give a file`);
  await checkOutputsWritable(plan.map((p) => p.file), io);
  if (command.length === 0) throw new UsageError('no client command: give it after --, as in: aep-harness check-client -- node my-client.js');
  const world = await resolveWorld(opts.world, io);
  // The configuration's `rules` re-grade or switch off client rules; its `ignores` (by rule) drop findings, counted.
  const config = await loadConfigFor(io, opts);

  let report;
  try {
    report = await checkClient({
      command,
      ...(scenarios ? { scenarios } : {}),
      world,
      profile,
      failOn,
      timeoutSeconds,
      ...(seed !== undefined ? { seed } : {}),
      ...(opts.inlet !== undefined ? { inletId: opts.inlet } : {}),
      cwd: io.cwd,
      env: io.env,
      ...(config.file !== null
        ? {
            filter(finding) {
              if (ruleSettingFor(config, finding.ruleId) === 'off') return 'off';
              if (ignoreFor(config, finding) !== undefined) return 'ignored';
              return applyConfig(config, [finding]).findings[0] ?? 'off';
            },
          }
        : {}),
      onScenario(event) {
        if (opts.quiet === true) return;
        if (event.phase === 'start') io.stderr.write(`check-client: ${event.name} …\n`);
        else {
          const r = event.result;
          const timed = r.command.timedOut ? `, stopped after ${timeoutSeconds} s` : '';
          io.stderr.write(`check-client: ${r.name}: ${r.status} (${r.exchanges.length} exchange${r.exchanges.length === 1 ? '' : 's'}, ${(r.command.durationMs / 1000).toFixed(1)} s${timed})\n`);
        }
      },
    });
  } catch (error) {
    if (error instanceof CommandNotStarted) {
      io.stderr.write(`aep-harness: ${error.message}\n`);
      return EXIT.input;
    }
    if (error instanceof ScenarioWorldError) throw new UsageError(error.message);
    throw error;
  }

  const color = wantsColor(io.stdout, io.env, opts.color);
  const written: string[] = [];
  for (const { format, file } of plan) {
    if (file === null) {
      io.stdout.write(renderClient(format, report, { color }));
      continue;
    }
    await writeOutput(file, renderClient(format, report, { color: false }));
    written.push(relative(io.cwd, file) || file);
  }
  if (written.length > 0 && opts.quiet !== true) io.stdout.write(`reports: ${written.join(', ')}\n`);
  return report.scenarios.some((s) => s.status !== 'pass') ? EXIT.findings : EXIT.ok;
}
