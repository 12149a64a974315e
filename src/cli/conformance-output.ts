/**
 * Output of the commands that verify a target (`replay`, `verify`): the terminal summary on standard
 * output, and each requested conformance format written to a file, under `reports/` unless told otherwise.
 */
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ConformanceReport } from '../report/conformance/model.js';
import {
  CONFORMANCE_EXTENSIONS,
  CONFORMANCE_FORMAT_NAMES,
  isConformanceFormat,
  renderConformance,
  type ConformanceFormat,
} from '../report/conformance/index.js';
import { writeOutput } from './common.js';
import { EXIT, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

export const DEFAULT_REPORT_DIR = 'reports';

export interface ConformanceOutputOptions {
  format?: string[];
  output?: string[];
  outDir?: string;
  color?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addConformanceOptions(cmd: Command): Command {
  return cmd
    .option('--format <fmt>', `report format, repeatable: ${CONFORMANCE_FORMAT_NAMES.join(', ')} (text is always printed)`, collect)
    .option('--output <file>', 'file for a format, repeatable: paired with --format in order, or written FMT=FILE', collect)
    .option('--out-dir <dir>', `directory for the report files (<command>.<ext>)`, DEFAULT_REPORT_DIR)
    .option('--color', 'colour the terminal summary even when not writing to a terminal')
    .option('--no-color', 'never colour the terminal summary');
}

export interface ConformancePlan {
  format: ConformanceFormat;
  /** null: standard output. */
  file: string | null;
}

/** Where each format goes; mistakes are usage errors that name the valid choices. */
export function planConformanceOutputs(opts: ConformanceOutputOptions, command: string, io: CliIo): ConformancePlan[] {
  const explicit = new Map<string, string>();
  const positional: string[] = [];
  for (const output of opts.output ?? []) {
    const match = /^([a-z]+)=(.+)$/.exec(output);
    if (match && isConformanceFormat(match[1]!)) explicit.set(match[1]!, match[2]!);
    else positional.push(output);
  }
  const names = [...new Set([...(opts.format ?? []), ...explicit.keys()])];
  for (const name of names) {
    if (!isConformanceFormat(name)) throw new UsageError(`unknown format "${name}"; expected one of: ${CONFORMANCE_FORMAT_NAMES.join(', ')}`);
  }
  const withoutExplicit = names.filter((n) => !explicit.has(n));
  if (positional.length > withoutExplicit.length) {
    throw new UsageError(`${positional.length} --output for ${withoutExplicit.length} --format: give one --output per --format, in the same order, or write --output FMT=FILE`);
  }
  const outDir = opts.outDir ?? DEFAULT_REPORT_DIR;
  const plan = (names as ConformanceFormat[]).map((format): ConformancePlan => {
    const paired = explicit.get(format) ?? positional[withoutExplicit.indexOf(format)];
    // Text without a file of its own is the terminal summary; every other format goes to a file.
    if (paired === undefined && format === 'text') return { format, file: null };
    const file = paired ?? join(outDir, `${command}.${CONFORMANCE_EXTENSIONS[format]}`);
    return { format, file: file === '-' ? null : resolve(io.cwd, file) };
  });
  if (!plan.some((p) => p.format === 'text' && p.file === null)) plan.unshift({ format: 'text', file: null });
  const toStdout = plan.filter((p) => p.file === null && p.format !== 'text');
  if (toStdout.length > 0) {
    throw new UsageError(`${toStdout.map((p) => p.format).join(' and ')} cannot share standard output with the summary: give a file`);
  }
  return plan;
}

/** Prints the summary, writes the report files, and returns the exit code: 1 when a behaviour fails. */
export async function writeConformance(report: ConformanceReport, opts: ConformanceOutputOptions, command: string, io: CliIo): Promise<ExitCode> {
  const plan = planConformanceOutputs(opts, command, io);
  const color = wantsColor(io.stdout, io.env, opts.color);
  const written: string[] = [];
  for (const { format, file } of plan) {
    if (file === null) {
      io.stdout.write(renderConformance(format, report, { color }));
      continue;
    }
    await writeOutput(file, renderConformance(format, report, { color: false }));
    written.push(relative(io.cwd, file) || file);
  }
  if (written.length > 0) io.stdout.write(`reports: ${written.join(', ')}\n`);
  return report.totals.fail > 0 ? EXIT.findings : EXIT.ok;
}
