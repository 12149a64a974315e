/** Options every command shares (DESIGN.md, "The command"), and the pieces that turn them into things. */
import { access, constants, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, formatsFor, resolveConfigIn, type ResolvedConfig } from '../config/index.js';
import { ALL_FORMAT_NAMES, CONFIG_FILE_NAMES } from '../config/schema.js';
import { isProfileName, PROFILE_NAMES, type ProfileName } from '../contract/profiles.js';
import { FORMAT_EXTENSIONS, FORMAT_NAMES, type FormatName } from '../report/index.js';
import type { Severity } from '../rules/finding.js';
import { defaultWorld, loadWorld, WorldError } from '../world/index.js';
import type { World } from '../world/types.js';
import { describeSystemError, EnvironmentError, isSystemError, UsageError, type CliIo } from './io.js';

const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info'];

/** Commander's reducer for a repeatable option: every value, in order. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addWorldOptions(cmd: Command): Command {
  return cmd
    .option('--world <file>', 'world file (YAML or JSON); default: the embedded default world')
    .option('--profile <name>', `which reading of disagreeing sources to follow: ${PROFILE_NAMES.join(', ')}`, 'docs');
}

export function addReportOptions(cmd: Command): Command {
  registerFormats(cmd, FORMAT_NAMES);
  return cmd
    .option('--format <fmt>', `output format, repeatable: ${FORMAT_NAMES.join(', ')} (default: text)`, collect)
    .option('--output <file>', 'file for a format, repeatable: paired with --format in order, or written FMT=FILE', collect)
    .option('--out-dir <dir>', 'write every format to DIR/<command>.<ext>')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above: ${SEVERITIES.join(', ')}`, 'error')
    .option('--color', 'colour the text format even when not writing to a terminal')
    .option('--no-color', 'never colour the text format');
}

export function parseProfile(name: string): ProfileName {
  if (!isProfileName(name)) throw new UsageError(`unknown profile "${name}"; expected one of: ${PROFILE_NAMES.join(', ')}`);
  return name;
}

export function parseSeverity(name: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(name)) {
    throw new UsageError(`--fail-on takes one of: ${SEVERITIES.join(', ')} (got "${name}")`);
  }
  return name as Severity;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535 (got "${value}")`);
  return port;
}

export function parsePositiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number of at least 1 (got "${value}")`);
  return n;
}

export async function resolveWorld(file: string | undefined, io: CliIo): Promise<World> {
  if (file === undefined) return defaultWorld();
  try {
    const world = await loadWorld(resolve(io.cwd, file));
    for (const notice of world.notices ?? []) io.stderr.write(`aep-harness: note: ${notice.message}\n`);
    return world;
  } catch (error) {
    // A world that does not hold together is a usage error (2); one whose files cannot be read as text, an input error (3).
    if (error instanceof WorldError) throw error.unreadable ? new EnvironmentError(error.message) : new UsageError(error.message);
    throw error;
  }
}

/** Where each format goes: a file path, or null for standard output. */
export interface OutputPlan {
  format: FormatName;
  file: string | null;
}

/** A format the user asked for, with the file `--output` pairs it with (none: the command's default place). */
export interface PairedOutput<F extends string> {
  format: F;
  file: string | undefined;
}

/**
 * The formats named by `--format`, then those only named by `--output FMT=FILE`, each with its file:
 * `FMT=FILE`, or the positional `--output` in the same order as the `--format`s without one. Unknown
 * formats and `--output`s that pair with no format are usage errors naming the valid choices.
 */
export function pairOutputs<F extends string>(
  opts: { format?: string[]; output?: string[] },
  valid: readonly F[],
  rules: {
    /** The format when none is named. */
    whenNone?: F;
    /** Whether some `--format`s may go without a positional `--output` (to their default place). */
    someUnpaired?: boolean;
  } = {},
): PairedOutput<F>[] {
  const isValid = (name: string): name is F => (valid as readonly string[]).includes(name);
  const explicit = new Map<string, string>();
  const positional: string[] = [];
  for (const output of opts.output ?? []) {
    const match = /^([a-z]+)=(.+)$/.exec(output);
    if (match && isValid(match[1]!)) explicit.set(match[1]!, match[2]!);
    else positional.push(output);
  }
  const names = [...new Set([...(opts.format ?? []), ...explicit.keys()])];
  if (names.length === 0 && rules.whenNone !== undefined) names.push(rules.whenNone);
  for (const name of names) {
    if (!isValid(name)) throw new UsageError(`unknown format "${name}"; expected one of: ${valid.join(', ')}`);
  }
  const withoutExplicit = names.filter((n) => !explicit.has(n));
  const mismatched = rules.someUnpaired === true ? positional.length > withoutExplicit.length : positional.length > 0 && positional.length !== withoutExplicit.length;
  if (mismatched) {
    throw new UsageError(
      `${positional.length} --output for ${withoutExplicit.length} --format: give one --output per --format, in the same order, or write --output FMT=FILE`,
    );
  }
  return (names as F[]).map((format) => ({ format, file: explicit.get(format) ?? positional[withoutExplicit.indexOf(format)] }));
}

export function planOutputs(
  opts: { format?: string[]; output?: string[]; outDir?: string },
  command: string,
  io: CliIo,
): OutputPlan[] {
  const plan = pairOutputs(opts, FORMAT_NAMES, { whenNone: 'text' }).map(({ format, file: paired }): OutputPlan => {
    const file = paired ?? (opts.outDir ? join(opts.outDir, `${command}.${FORMAT_EXTENSIONS[format]}`) : null);
    return { format, file: file === null ? null : resolve(io.cwd, file) };
  });
  const toStdout = plan.filter((p) => p.file === null);
  if (toStdout.length > 1) {
    throw new UsageError(
      `${toStdout.map((p) => p.format).join(' and ')} would both go to standard output: give --output for all but one, or --out-dir`,
    );
  }
  return plan;
}

/**
 * Writes a report file, making its directory. The machine refusing (a part of the path is a file, no
 * permission, a full disk) is an `EnvironmentError` (exit 3) naming the file, never a defect.
 */
export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    if (isSystemError(error)) throw new EnvironmentError(`cannot write ${file}: ${outputProblem(error)}`);
    throw error;
  }
}

function outputProblem(error: NodeJS.ErrnoException & { code: string; syscall: string }): string {
  if (error.code === 'ENOTDIR' || error.code === 'EEXIST') return 'a part of its path is a file, not a directory';
  if (error.code === 'EISDIR') return 'it is a directory';
  return describeSystemError(error);
}

/** Not there, or below a file (`ENOTDIR`): either way, the nearest part of the path that exists says why. */
const isMissing = (error: unknown) => isSystemError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR');

/**
 * Checks, before any work starts, that every report file can be written: not a directory, below
 * directories (or places where they can be made) that are not files, in a directory that may be written.
 * A problem is an `EnvironmentError` (exit 3) naming the file and the part of its path at fault, said
 * before a run of minutes rather than after it.
 */
export async function checkOutputsWritable(files: readonly (string | null)[], io: CliIo): Promise<void> {
  const shown = (path: string) => {
    const rel = relative(io.cwd, path);
    return rel !== '' && !rel.startsWith('..') ? rel : path;
  };
  for (const file of files) {
    if (file === null) continue;
    try {
      const found = await stat(file);
      if (found.isDirectory()) throw new EnvironmentError(`cannot write ${shown(file)}: it is a directory`);
      await access(file, constants.W_OK);
      continue;
    } catch (error) {
      if (error instanceof EnvironmentError) throw error;
      if (!isMissing(error)) throw new EnvironmentError(`cannot write ${shown(file)}: ${isSystemError(error) ? outputProblem(error) : String(error)}`);
    }
    // The file is to be made: the nearest part of its path that exists must be a directory we may write to.
    let dir = dirname(file);
    for (;;) {
      try {
        const found = await stat(dir);
        if (!found.isDirectory()) throw new EnvironmentError(`cannot write ${shown(file)}: ${shown(dir)} is a file, not a directory`);
        await access(dir, constants.W_OK);
        break;
      } catch (error) {
        if (error instanceof EnvironmentError) throw error;
        if (isMissing(error) && dirname(dir) !== dir) {
          dir = dirname(dir);
          continue;
        }
        throw new EnvironmentError(`cannot write ${shown(file)}: ${shown(dir)} ${isSystemError(error) && error.code === 'EACCES' ? 'may not be written to' : isSystemError(error) ? outputProblem(error) : String(error)}`);
      }
    }
  }
}

/** Checks that a directory the run writes into (`record --out`) is one, or can be made, and may be written to. */
export async function checkDirectoryWritable(dir: string, option: string, io: CliIo): Promise<void> {
  const rel = relative(io.cwd, dir);
  const shown = rel !== '' && !rel.startsWith('..') ? rel : dir;
  let at = dir;
  for (;;) {
    try {
      const found = await stat(at);
      if (!found.isDirectory()) {
        throw new EnvironmentError(at === dir ? `${option} ${shown} is a file, not a directory` : `${option} ${shown} cannot be made: ${relative(io.cwd, at) || at} is a file, not a directory`);
      }
      await access(at, constants.W_OK);
      return;
    } catch (error) {
      if (error instanceof EnvironmentError) throw error;
      if (isMissing(error) && dirname(at) !== at) {
        at = dirname(at);
        continue;
      }
      throw new EnvironmentError(`${option} ${shown} cannot be written: ${isSystemError(error) ? describeSystemError(error) : String(error)}`);
    }
  }
}

/** Whether the command line (or a configuration file) gave an option, as opposed to its built-in default. */
export function optionGiven(cmd: Command, key: string): boolean {
  const source = cmd.getOptionValueSource(key);
  return source !== undefined && source !== 'default';
}

/** How the help writes an option, from its attribute name: `multiline` → `--multiline`. */
export function optionFlag(cmd: Command, key: string): string {
  return cmd.options.find((o) => o.attributeName() === key)?.long ?? `--${key}`;
}

/**
 * Options that only mean something with another (`--multiline` with `--dataset`): given without it, a
 * usage error naming both, so that an option is never ignored silently.
 */
export function requireWith(cmd: Command, needed: { key: string; given: boolean; words?: string }, dependents: readonly string[]): void {
  if (needed.given) return;
  const stray = dependents.filter((key) => optionGiven(cmd, key));
  if (stray.length === 0) return;
  const flags = stray.map((key) => optionFlag(cmd, key));
  throw new UsageError(`${flags.join(', ')} ${flags.length === 1 ? 'needs' : 'need'} ${needed.words ?? optionFlag(cmd, needed.key)}; without it ${flags.length === 1 ? 'it would be' : 'they would be'} ignored`);
}

/** Options that mean nothing in a mode of a command (`--inlet` with `--dataset`): a usage error naming the mode. */
export function refuseIn(cmd: Command, mode: string, keys: readonly string[]): void {
  const stray = keys.filter((key) => optionGiven(cmd, key));
  if (stray.length === 0) return;
  const flags = stray.map((key) => optionFlag(cmd, key));
  throw new UsageError(`${flags.join(', ')} ${flags.length === 1 ? 'has' : 'have'} no meaning ${mode}; leave ${flags.length === 1 ? 'it' : 'them'} out`);
}

// --- the configuration file (aep-harness.config.yaml) ---

/** Where `--help` says the configuration file is looked for. */
export const CONFIG_DISCOVERY = `${CONFIG_FILE_NAMES.join(', ')}: the first found in the working directory or a directory above it, up to the filesystem root`;

/** The command's options a configuration file gives defaults for: the option's key, and the file's key. */
const CONFIGURED_OPTIONS = [
  { option: 'world', key: 'world' },
  { option: 'profile', key: 'profile' },
  { option: 'format', key: 'formats' },
  { option: 'outDir', key: 'outDir' },
  { option: 'failOn', key: 'failOn' },
] as const;

const formatsByCommand = new WeakMap<Command, readonly string[]>();

/** Says which formats a command writes, so that a configuration's `formats` is checked against them. */
export function registerFormats(cmd: Command, formats: readonly string[]): void {
  formatsByCommand.set(cmd, formats);
}

const hasOption = (cmd: Command, key: string) => cmd.options.some((o) => o.attributeName() === key);

export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', `configuration file; default: ${CONFIG_DISCOVERY}`)
    .option('--no-config', 'use no configuration file, only the options given and the built-in defaults');
}

const loaded = new WeakMap<object, Promise<ResolvedConfig>>();
/** The configuration the command line of a run resolved, by the run's `CliIo`. */
const loadedForRun = new WeakMap<CliIo, Promise<ResolvedConfig>>();

/**
 * The configuration of a run, resolved once per parsed command line (`opts` is the command's options):
 * the file `--config` names, none with `--no-config`, else the one found from the working directory up.
 * Options that do not say (`config` unset, as in an object a command builds for a helper) get the
 * configuration the run's command line resolved. A file that cannot be used is a usage error (exit 2)
 * listing every problem with file:line:column.
 */
export function loadConfigFor(io: CliIo, opts: { config?: string | boolean }): Promise<ResolvedConfig> {
  let config = loaded.get(opts) ?? (opts.config === undefined ? loadedForRun.get(io) : undefined);
  if (config === undefined) {
    const choice = opts.config === false ? false : typeof opts.config === 'string' ? opts.config : undefined;
    config = resolveConfigIn(io.cwd, choice).catch((error: unknown) => {
      if (error instanceof ConfigError) throw error.unreadable ? new EnvironmentError(error.message) : new UsageError(error.message);
      throw error;
    });
    loaded.set(opts, config);
  }
  return config;
}

/**
 * Gives a command's options their values from the configuration where the command line gave none
 * (flag > configuration > built-in default). `formats` stands in for `--format` only when neither
 * `--format` nor an `--output FMT=FILE` names one.
 */
export function applyConfigDefaults(cmd: Command, config: ResolvedConfig): void {
  if (config.file === null) return;
  const given = (key: string) => {
    const source = cmd.getOptionValueSource(key);
    return source !== undefined && source !== 'default';
  };
  for (const { option, key } of CONFIGURED_OPTIONS) {
    if (!hasOption(cmd, option) || given(option)) continue;
    if (key === 'formats') {
      const outputs = (cmd.getOptionValue('output') as string[] | undefined) ?? [];
      if (outputs.some((o) => /^[a-z]+=/.test(o))) continue;
      // A command that did not register its formats checks them itself, as it checks --format.
      const formats = formatsFor(config, cmd.name(), formatsByCommand.get(cmd) ?? ALL_FORMAT_NAMES);
      if (formats !== undefined) cmd.setOptionValueWithSource('format', formats, 'config');
      continue;
    }
    const value = config[key];
    if (value !== undefined) cmd.setOptionValueWithSource(option, value, 'config');
  }
}

/**
 * Gives every subcommand of `program` that has an option a configuration sets `--config` and
 * `--no-config`, and applies the configuration before its action runs.
 */
export function installConfig(program: Command, io: CliIo): void {
  for (const cmd of program.commands) {
    if (CONFIGURED_OPTIONS.some(({ option }) => hasOption(cmd, option)) && !hasOption(cmd, 'config')) addConfigOptions(cmd);
  }
  program.hook('preAction', async (_program, cmd) => {
    if (!hasOption(cmd, 'config')) return;
    const resolving = loadConfigFor(io, cmd.opts());
    loadedForRun.set(io, resolving);
    const config = await resolving;
    try {
      applyConfigDefaults(cmd, config);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
  });
}
