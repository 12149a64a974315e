/**
 * `aep-harness verify`: generated traffic against a target (a URL, or the reference server in-process),
 * checked against the documented behaviours. A failure prints its seed, fast-check's path, the shrunk case
 * and the command line that replays it; then the conformance summary and report files as for `replay`.
 */
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { TargetUnreachable } from '../conformance/target.js';
import { newSeed, VERIFY_GROUPS, VERIFY_PROPERTY_NAMES, type VerifyFailure, type VerifyGroup } from '../conformance/verify/index.js';
import { DEFAULT_RUNS, verifyAgainst } from '../conformance/verify/runner.js';
import { redactSecrets } from '../report/redact.js';
import { addWorldOptions, collect, parsePositiveInt, parseProfile, resolveWorld } from './common.js';
import { addConformanceOptions, prepareConformanceOutputs, writeConformance, type ConformanceOutputOptions } from './conformance-output.js';
import { UsageError, type CliIo, type ExitCode } from './io.js';
import { openCliTarget, unreachable } from './target.js';

interface VerifyCliOptions extends ConformanceOutputOptions {
  target?: string;
  world?: string;
  profile: string;
  inlet?: string;
  seed?: string;
  runs: string;
  maxTime?: string;
  only?: string[];
  property?: string;
  path?: string;
  replayPath?: string;
}

export function verifyCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('verify')
    .description(describeCommand('verify'))
    .option('--target <url>', 'the server to verify; default: the reference server, started in-process on 127.0.0.1')
    .option('--inlet <id>', "the streaming connection to send to; default: the world's first inlet")
    .option('--seed <n>', 'the seed of the generated cases: the same seed sends the same cases; default: a new one, printed')
    .option('--runs <n>', 'cases per property (the oversize, batch and Campaign properties run a stated fraction of it)', String(DEFAULT_RUNS))
    .option('--max-time <seconds>', 'stop starting new cases after this long')
    .option('--only <group>', `only these properties, repeatable: ${VERIFY_GROUPS.join(', ')}`, collect)
    .option('--property <name>', `only this property: ${VERIFY_PROPERTY_NAMES.join(', ')}`)
    .option('--path <path>', "with --property and --seed: replay only the case of fast-check's path (printed with a failure)")
    .option('--replay-path <commands>', 'with --path, for batch.life-cycle and campaign.triggers: the commands that ran (printed with a failure)');
  addWorldOptions(cmd);
  addConformanceOptions(cmd);
  return cmd.action(async (opts: VerifyCliOptions) => {
    done(await runVerify(opts, io));
  });
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new UsageError(`--seed takes a 32-bit whole number (got "${value}")`);
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--max-time takes a number of seconds above 0 (got "${value}")`);
  return n;
}

function parseGroups(values: readonly string[] | undefined): VerifyGroup[] | undefined {
  if (values === undefined) return undefined;
  for (const value of values) {
    if (!(VERIFY_GROUPS as readonly string[]).includes(value)) throw new UsageError(`--only takes one of: ${VERIFY_GROUPS.join(', ')} (got "${value}")`);
  }
  return [...new Set(values)] as VerifyGroup[];
}

/** A word as a shell reads it back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line that generates the failing property's cases again, up to the failing one and shrinks
 * it again; with `alone`, the one that replays only the shrunk case (its property and path).
 */
export function replayCommand(failure: VerifyFailure, opts: VerifyCliOptions, alone = false): string {
  const words = ['aep-harness', 'verify', '--seed', String(failure.seed), '--only', failure.group, '--runs', opts.runs];
  if (alone) words.push('--property', failure.property, '--path', failure.path, ...(failure.replayPath !== undefined ? ['--replay-path', failure.replayPath] : []));
  if (opts.target !== undefined) words.push('--target', redactSecrets(opts.target));
  if (opts.world !== undefined) words.push('--world', opts.world);
  if (opts.profile !== 'docs') words.push('--profile', opts.profile);
  if (opts.inlet !== undefined) words.push('--inlet', opts.inlet);
  return words.map(shellWord).join(' ');
}

function printFailure(io: CliIo, failure: VerifyFailure, opts: VerifyCliOptions): void {
  const lines = [
    '',
    `✖ ${failure.property}: case ${failure.run} failed (shrunk ${failure.shrinks} times)`,
    `  seed ${failure.seed}, path ${failure.path}`,
    ...failure.broken.flatMap((check) => [
      `  [${check.behaviour}] ${redactSecrets(check.subject)}`,
      ...(check.expected !== undefined ? [`      expected: ${redactSecrets(check.expected)}`] : []),
      ...(check.actual !== undefined ? [`      actual:   ${redactSecrets(check.actual)}`] : []),
    ]),
    `  shrunk case: ${failure.counterexample}`,
    `  replay: ${replayCommand(failure, opts)}`,
    `  the shrunk case alone: ${replayCommand(failure, opts, true)}`,
    '',
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}

async function runVerify(opts: VerifyCliOptions, io: CliIo): Promise<ExitCode> {
  const profile = parseProfile(opts.profile);
  const runs = parsePositiveInt('--runs', opts.runs);
  const seed = opts.seed === undefined ? newSeed() : parseSeed(opts.seed);
  const maxTimeMs = opts.maxTime === undefined ? undefined : parseSeconds(opts.maxTime) * 1000;
  const only = parseGroups(opts.only);
  if (opts.property !== undefined && !(VERIFY_PROPERTY_NAMES as readonly string[]).includes(opts.property)) {
    throw new UsageError(`--property takes one of: ${VERIFY_PROPERTY_NAMES.join(', ')} (got "${opts.property}")`);
  }
  if (opts.path !== undefined && (opts.property === undefined || opts.seed === undefined)) {
    throw new UsageError('--path replays one case of one property: give it with --property and --seed');
  }
  if (opts.replayPath !== undefined && opts.path === undefined) {
    throw new UsageError('--replay-path needs --path (with --property and --seed): it replays the commands of that one case');
  }
  // Every format and file is checked before the first case is generated.
  await prepareConformanceOutputs(opts, 'verify', io);
  const world = await resolveWorld(opts.world, io);
  if (opts.inlet !== undefined && !world.inlets.some((i) => i.id === opts.inlet)) {
    throw new UsageError(`--inlet ${opts.inlet} is not an inlet of the world (${world.source}); its inlets: ${world.inlets.map((i) => i.id).join(', ')}`);
  }

  const quiet = opts.quiet === true;
  const opened = await openCliTarget('verify', opts.target, world, profile, io, quiet);
  if (typeof opened === 'number') return opened;
  const { target, shown } = opened;
  if (!quiet) io.stdout.write(`aep-harness verify: ${shown}, profile ${profile}, seed ${seed}, ${runs} runs per property\n`);
  try {
    const { report, result } = await verifyAgainst(target, {
      shown,
      world,
      profile,
      runs,
      seed,
      ...(maxTimeMs !== undefined ? { maxTimeMs } : {}),
      ...(only !== undefined ? { only } : {}),
      ...(opts.inlet !== undefined ? { inletId: opts.inlet } : {}),
      ...(opts.property !== undefined ? { property: opts.property } : {}),
      ...(opts.path !== undefined ? { path: opts.path } : {}),
      ...(opts.replayPath !== undefined ? { replayPath: opts.replayPath } : {}),
      log: quiet ? () => {} : (line) => io.stdout.write(`${line}\n`),
    });
    for (const failure of result.failures) printFailure(io, failure, opts);
    return await writeConformance(report, opts, 'verify', io);
  } catch (error) {
    if (error instanceof TargetUnreachable) return unreachable('verify', error, io);
    throw error;
  } finally {
    await target.close();
  }
}
