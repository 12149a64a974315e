/**
 * `aep-harness check-trace FILE.har...`: checks recorded calls to the batch, Catalog and Campaign APIs
 * against the life cycles on both sides (the client's calls and the server's answers) and the batch
 * request rules. The report is the pre-flight report's shape with no predicted answer (`kind: null`,
 * `predicted: null`); each finding's `messageIndex` is the HAR entry's index.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { ruleInfo } from '../rules/engine.js';
import { BATCH_REQUEST_RULES } from '../rules/batch/requests/index.js';
import { atOrAbove, type Severity } from '../rules/finding.js';
import { checkHarText, traceRuleInfos } from '../lifecycle/trace/index.js';
import { decodeUtf8, InputError, readInputFile } from '../parse/input.js';
import type { FileReport, PreflightReport } from '../report/model.js';
import { renderReport } from '../report/index.js';
import { VERSION } from '../version.js';
import { applyConfigToFiles } from '../config/index.js';
import { addReportOptions, checkOutputsWritable, loadConfigFor, parseProfile, parseSeverity, planOutputs, writeOutput } from './common.js';
import { EXIT, textWidth, wantsColor, type CliIo, type ExitCode } from './io.js';
import { PROFILE_NAMES, type ProfileName } from '../contract/profiles.js';

/** A HAR is read whole; recordings of API sessions are far smaller than this. */
const MAX_TRACE_BYTES = 512 * 1024 * 1024;

interface CheckTraceOptions {
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | boolean;
  profile: string;
  format?: string[];
  output?: string[];
  outDir?: string;
  failOn: string;
  color?: boolean;
  quiet?: boolean;
}

export function checkTraceCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('check-trace')
    .description(describeCommand('check-trace'))
    .argument('<files...>', 'HAR files (HAR 1.2, as exported by browsers and proxies)')
    .option('--profile <name>', `which reading of disagreeing sources to follow: ${PROFILE_NAMES.join(', ')}`, 'docs');
  addReportOptions(cmd);
  return cmd.action(async (files: string[], opts: CheckTraceOptions) => {
    done(await runCheckTrace(files, opts, io));
  });
}

async function checkFile(file: string, profile: ProfileName, io: CliIo): Promise<FileReport> {
  const report: FileReport = { file, kind: null, bytes: 0, findings: [], findingsDropped: 0, predicted: null };
  try {
    const bytes = await readInputFile(resolve(io.cwd, file), { maxBytes: MAX_TRACE_BYTES });
    report.bytes = bytes.length;
    const { text } = decodeUtf8(bytes, file);
    const result = checkHarText(text, file, profile);
    if (result.ok) report.findings = result.findings;
    else report.inputError = result.error;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    report.inputError = { message: error.message, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) };
  }
  return report;
}

async function runCheckTrace(files: string[], opts: CheckTraceOptions, io: CliIo): Promise<ExitCode> {
  const profile = parseProfile(opts.profile);
  const failOn: Severity = parseSeverity(opts.failOn);
  const outputs = planOutputs(opts, 'check-trace', io);
  await checkOutputsWritable(outputs.map((o) => o.file), io);
  const report: PreflightReport = {
    tool: { name: 'aep-ingest-harness', version: VERSION },
    profile,
    world: 'none (check-trace reads no world)',
    inlet: null,
    files: [],
    summary: { files: 0, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0 },
  };
  for (const file of files) report.files.push(await checkFile(file, profile, io));
  const config = await loadConfigFor(io, opts);
  const ignored = applyConfigToFiles(config, report.files);
  if (config.file !== null) report.summary.ignored = ignored;
  for (const file of report.files) {
    for (const finding of file.findings) report.summary.findings[finding.severity]++;
    if (file.inputError) report.summary.inputErrors++;
  }
  report.summary.files = report.files.length;

  const rules = [...BATCH_REQUEST_RULES.map((rule) => ruleInfo(rule, profile)), ...traceRuleInfos()];
  for (const { format, file } of outputs) {
    const color = format === 'text' && file === null && wantsColor(io.stdout, io.env, opts.color);
    // The text format wraps to the terminal it is printed on; in a file or a pipe, to 100 columns.
    const width = file === null ? { width: textWidth(io.stdout) } : {};
    const text = renderReport(format, report, { rules, color, cwd: io.cwd, command: 'check-trace', failOn, ...width, quiet: opts.quiet === true });
    if (file === null) io.stdout.write(text);
    else await writeOutput(file, text);
  }
  if (report.summary.inputErrors > 0) return EXIT.input;
  const failing = report.files.some((f) => f.findings.some((finding) => atOrAbove(finding.severity, failOn)));
  return failing ? EXIT.findings : EXIT.ok;
}
