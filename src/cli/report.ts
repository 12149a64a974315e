/**
 * `aep-harness report RESULTS.json`: renders the JSON report of an earlier run again, in the formats of
 * its model. The model is told by shape: a pre-flight or check-trace `PreflightReport` (`files`,
 * `summary`), a `ConformanceReport` of replay or verify (`run`, `behaviours`, `totals`), a `ClientReport`
 * of check-client (`run`, `scenarios`, `totals`). Anything else is an input error (exit 3).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { CLIENT_EXTENSIONS, CLIENT_FORMAT_NAMES, renderClient } from '../report/client/index.js';
import type { ClientReport } from '../report/client/model.js';
import { CONFORMANCE_EXTENSIONS, CONFORMANCE_FORMAT_NAMES, renderConformance } from '../report/conformance/index.js';
import type { ConformanceReport } from '../report/conformance/model.js';
import { FORMAT_EXTENSIONS, FORMAT_NAMES, renderReport } from '../report/index.js';
import type { PreflightReport } from '../report/model.js';
import { atOrAbove } from '../rules/finding.js';
import { VERSION } from '../version.js';
import { checkOutputsWritable, collect, pairOutputs, parseSeverity, registerFormats, writeOutput } from './common.js';
import { EXIT, textWidth, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

interface ReportOptions {
  config?: string | boolean;
  format?: string[];
  output?: string[];
  outDir?: string;
  failOn: string;
  color?: boolean;
}

export type RecognisedReport =
  | { model: 'preflight'; command: 'preflight' | 'check-trace'; report: PreflightReport }
  | { model: 'conformance'; command: string; report: ConformanceReport }
  | { model: 'client'; command: 'check-client'; report: ClientReport };

/** Every format some model has: the configuration's `formats` is checked against these. */
const ANY_FORMAT = [...new Set<string>([...FORMAT_NAMES, ...CONFORMANCE_FORMAT_NAMES, ...CLIENT_FORMAT_NAMES])];

export function reportCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('report')
    .description(describeCommand('report'))
    .argument('<results>', 'a report written with --format json')
    .option('--format <fmt>', `output format, repeatable: the formats of the report's command (default: text)`, collect)
    .option('--output <file>', 'file for a format, repeatable: paired with --format in order, or written FMT=FILE', collect)
    .option('--out-dir <dir>', 'write every format to DIR/<command>.<ext>')
    .option('--fail-on <severity>', 'for a pre-flight or check-trace report: exit 1 when a finding is at or above: error, warn, info', 'error')
    .option('--color', 'colour the text format even when not writing to a terminal')
    .option('--no-color', 'never colour the text format');
  registerFormats(cmd, ANY_FORMAT);
  return cmd.action(async (results: string, opts: ReportOptions) => {
    done(await runReport(results, opts, io));
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The model a parsed JSON value is, or why it is none of them. */
export function recogniseReport(value: unknown): RecognisedReport | { problem: string } {
  if (!isObject(value)) return { problem: `the file holds ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not a report object` };
  const tool = value['tool'];
  if (!isObject(tool) || tool['name'] !== 'aep-ingest-harness') return { problem: 'it has no "tool": {"name": "aep-ingest-harness"}' };
  if (Array.isArray(value['files']) && isObject(value['summary'])) {
    const summary = value['summary'];
    if (!isObject(summary['findings'])) return { problem: 'a pre-flight report needs summary.findings' };
    if (!value['files'].every((f) => isObject(f) && typeof f['file'] === 'string' && Array.isArray(f['findings']))) {
      return { problem: 'a pre-flight report needs each of files[] to have "file" and "findings"' };
    }
    const report = value as unknown as PreflightReport;
    const command = typeof report.world === 'string' && report.world.startsWith('none (check-trace') ? 'check-trace' : 'preflight';
    return { model: 'preflight', command, report };
  }
  const run = value['run'];
  if (isObject(run) && Array.isArray(value['behaviours']) && isObject(value['totals'])) {
    if (!value['behaviours'].every((b) => isObject(b) && typeof b['id'] === 'string' && typeof b['status'] === 'string' && Array.isArray(b['failures']))) {
      return { problem: 'a conformance report needs each of behaviours[] to have "id", "status" and "failures"' };
    }
    return { model: 'conformance', command: typeof run['command'] === 'string' ? run['command'] : 'replay', report: value as unknown as ConformanceReport };
  }
  if (isObject(run) && Array.isArray(value['scenarios']) && isObject(value['totals'])) {
    if (!value['scenarios'].every((s) => isObject(s) && typeof s['name'] === 'string' && Array.isArray(s['findings']) && Array.isArray(s['exchanges']))) {
      return { problem: 'a check-client report needs each of scenarios[] to have "name", "findings" and "exchanges"' };
    }
    if (!Array.isArray(value['rules'])) return { problem: 'a check-client report needs "rules"' };
    return { model: 'client', command: 'check-client', report: value as unknown as ClientReport };
  }
  return { problem: 'its shape is none of a pre-flight/check-trace report (files, summary), a conformance report (run, behaviours, totals) or a check-client report (run, scenarios, totals)' };
}

async function runReport(results: string, opts: ReportOptions, io: CliIo): Promise<ExitCode> {
  const failOn = parseSeverity(opts.failOn);
  const path = resolve(io.cwd, results);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`aep-harness: ${results}: cannot be read${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': a directory' : code ? ` (${code})` : ''}\n`);
    return EXIT.input;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    io.stderr.write(`aep-harness: ${results}: not a report of aep-harness: not JSON (${error instanceof Error ? error.message : String(error)})\n`);
    return EXIT.input;
  }
  const found = recogniseReport(value);
  if ('problem' in found) {
    io.stderr.write(`aep-harness: ${results}: not a report of aep-harness: ${found.problem}\n`);
    return EXIT.input;
  }
  const version = found.report.tool.version;
  if (version !== VERSION) {
    io.stderr.write(`aep-harness: warning: ${results} was written by aep-harness ${String(version)}, this is ${VERSION}; fields it lacks or adds may not be shown\n`);
  }

  const names: readonly string[] = found.model === 'preflight' ? FORMAT_NAMES : found.model === 'conformance' ? CONFORMANCE_FORMAT_NAMES : CLIENT_FORMAT_NAMES;
  const extensions: Record<string, string> = found.model === 'preflight' ? FORMAT_EXTENSIONS : found.model === 'conformance' ? CONFORMANCE_EXTENSIONS : CLIENT_EXTENSIONS;
  let plan: { format: string; file: string | null }[];
  try {
    plan = pairOutputs(opts, names, { whenNone: 'text' }).map(({ format, file }) => {
      const chosen = file ?? (opts.outDir !== undefined ? join(opts.outDir, `${found.command}.${extensions[format]}`) : null);
      return { format, file: chosen === null || chosen === '-' ? null : resolve(io.cwd, chosen) };
    });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message} (for a ${found.command} report)`);
    throw error;
  }
  const toStdout = plan.filter((p) => p.file === null);
  if (toStdout.length > 1) {
    throw new UsageError(`${toStdout.map((p) => p.format).join(' and ')} would both go to standard output: give --output for all but one, or --out-dir`);
  }
  await checkOutputsWritable(plan.map((p) => p.file), io);

  for (const { format, file } of plan) {
    const color = format === 'text' && file === null && wantsColor(io.stdout, io.env, opts.color);
    const rendered = renderFound(found, format, { color, cwd: io.cwd, failOn, ...(file === null ? { width: textWidth(io.stdout) } : {}) });
    if (file === null) io.stdout.write(rendered);
    else await writeOutput(file, rendered);
  }
  return failing(found, failOn) ? EXIT.findings : EXIT.ok;
}

/** The report in one format of its model, as its own command renders it. */
export function renderFound(found: RecognisedReport, format: string, ctx: { color: boolean; cwd: string; failOn: import('../rules/finding.js').Severity; width?: number }): string {
  switch (found.model) {
    case 'preflight':
      return renderReport(format as (typeof FORMAT_NAMES)[number], found.report, { color: ctx.color, cwd: ctx.cwd, command: found.command, failOn: ctx.failOn, ...(ctx.width !== undefined ? { width: ctx.width } : {}) });
    case 'conformance':
      return renderConformance(format as (typeof CONFORMANCE_FORMAT_NAMES)[number], found.report, ctx.color ? { color: true } : { color: false, cwd: ctx.cwd });
    case 'client':
      return renderClient(format as (typeof CLIENT_FORMAT_NAMES)[number], found.report, { color: ctx.color });
  }
}

function failing(found: RecognisedReport, failOn: import('../rules/finding.js').Severity): boolean {
  switch (found.model) {
    case 'preflight':
      return found.report.summary.inputErrors > 0 || found.report.files.some((f) => f.findings.some((finding) => atOrAbove(finding.severity, failOn)));
    case 'conformance':
      return found.report.behaviours.some((b) => b.status === 'fail');
    case 'client':
      return found.report.scenarios.some((s) => s.status !== 'pass');
  }
}
