/** `aep-harness preflight FILE...`: what the platform would answer to each payload file, and why. */
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { InputKind, PreflightReport } from '../report/model.js';
import { renderReport } from '../report/index.js';
import { atOrAbove, type Severity } from '../rules/finding.js';
import { ruleCatalog } from '../rules/catalog.js';
import { ConfigurationError, StreamingAnalyser } from '../rules/streaming/analyse.js';
import { DEFAULT_MAX_FINDINGS, preflightFile } from '../rules/streaming/preflight.js';
import { VERSION } from '../version.js';
import {
  addReportOptions,
  addWorldOptions,
  parsePositiveInt,
  parseProfile,
  parseSeverity,
  planOutputs,
  resolveWorld,
  writeOutput,
} from './common.js';
import { EXIT, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

const KINDS = ['auto', 'request', 'message', 'ndjson'] as const;

interface PreflightCliOptions {
  world?: string;
  profile: string;
  inlet?: string;
  kind: string;
  format?: string[];
  output?: string[];
  outDir?: string;
  failOn: string;
  color?: boolean;
  maxFindings?: string;
}

export function preflightCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('preflight')
    .description('predict what the platform answers to streaming payload files, message by message, and why')
    .argument('<files...>', 'request files ({"messages": [...]}), single-message files, or NDJSON files (.ndjson, .jsonl)')
    .option('--inlet <id>', "the inlet (streaming connection) the files will be sent to; default: the world's only inlet")
    .option('--kind <kind>', `how to read the files: ${KINDS.join(', ')}`, 'auto')
    .option('--max-findings <n>', 'findings kept per file (the rest are counted)', String(DEFAULT_MAX_FINDINGS));
  addWorldOptions(cmd);
  addReportOptions(cmd);
  return cmd.action(async (files: string[], opts: PreflightCliOptions) => {
    done(await runPreflight(files, opts, io));
  });
}

async function runPreflight(files: string[], opts: PreflightCliOptions, io: CliIo): Promise<ExitCode> {
  const profile = parseProfile(opts.profile);
  const failOn: Severity = parseSeverity(opts.failOn);
  if (!(KINDS as readonly string[]).includes(opts.kind)) throw new UsageError(`--kind takes one of: ${KINDS.join(', ')} (got "${opts.kind}")`);
  const maxFindings = parsePositiveInt('--max-findings', opts.maxFindings ?? String(DEFAULT_MAX_FINDINGS));
  const outputs = planOutputs(opts, 'preflight', io);
  const world = await resolveWorld(opts.world, io);
  let analyser: StreamingAnalyser;
  try {
    analyser = new StreamingAnalyser({ world, profile, inletId: opts.inlet });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }

  const report: PreflightReport = {
    tool: { name: 'aep-ingest-harness', version: VERSION },
    profile,
    world: world.source,
    inlet: analyser.inlet.id,
    files: [],
    summary: { files: 0, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0 },
  };
  for (const file of files) {
    const result = await preflightFile(file, analyser, { kind: opts.kind as InputKind | 'auto', maxFindings });
    report.files.push(result);
  }
  summarise(report);

  const rules = ruleCatalog(profile);
  for (const { format, file } of outputs) {
    const color = format === 'text' && file === null && wantsColor(io.stdout, io.env, opts.color);
    const text = renderReport(format, report, { rules, color, cwd: io.cwd });
    if (file === null) io.stdout.write(text);
    else await writeOutput(resolve(io.cwd, file), text);
  }

  if (report.summary.inputErrors > 0) return EXIT.input;
  const failing = report.files.some((f) => f.findings.some((finding) => atOrAbove(finding.severity, failOn)));
  return failing ? EXIT.findings : EXIT.ok;
}

function summarise(report: PreflightReport): void {
  const counts = report.summary.findings;
  for (const file of report.files) {
    for (const finding of file.findings) counts[finding.severity]++;
    if (file.inputError) report.summary.inputErrors++;
  }
  report.summary.files = report.files.length;
}
