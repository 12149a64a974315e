/**
 * Output of the commands that verify a target (`replay`, `verify`, `record`): the terminal summary on standard
 * output, and each requested conformance format written to a file, under `reports/` unless told otherwise.
 */
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ConformanceReport } from '../report/conformance/model.js';
import { CONFORMANCE_EXTENSIONS, CONFORMANCE_FORMAT_NAMES, renderConformance, type ConformanceFormat } from '../report/conformance/index.js';
import { checkOutputsWritable, collect, pairOutputs, registerFormats, writeOutput } from './common.js';
import { EXIT, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

export const DEFAULT_REPORT_DIR = 'reports';

export interface ConformanceOutputOptions {
  format?: string[];
  output?: string[];
  outDir?: string;
  color?: boolean;
  /** `--quiet`: no `reports:` line. */
  quiet?: boolean;
}

export function addConformanceOptions(cmd: Command): Command {
  registerFormats(cmd, CONFORMANCE_FORMAT_NAMES);
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
  const outDir = opts.outDir ?? DEFAULT_REPORT_DIR;
  const plan = pairOutputs(opts, CONFORMANCE_FORMAT_NAMES, { someUnpaired: true }).map(({ format, file: paired }): ConformancePlan => {
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

/**
 * The outputs planned and checked before anything is sent: an unknown format, an `--output` without its
 * format, a file that cannot be written (`--out-dir` naming a file) are said at once, not after the run.
 */
export async function prepareConformanceOutputs(opts: ConformanceOutputOptions, command: string, io: CliIo): Promise<ConformancePlan[]> {
  const plan = planConformanceOutputs(opts, command, io);
  await checkOutputsWritable(plan.map((p) => p.file), io);
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
    await writeOutput(file, renderConformance(format, report, { color: false, cwd: io.cwd }));
    written.push(relative(io.cwd, file) || file);
  }
  if (written.length > 0 && opts.quiet !== true) io.stdout.write(`reports: ${written.join(', ')}\n`);
  return report.totals.fail > 0 ? EXIT.findings : EXIT.ok;
}
