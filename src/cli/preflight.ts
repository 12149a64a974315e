/** `aep-harness preflight FILE...`: what the platform would answer to each payload file, and why. */
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { InputKind, PreflightReport } from '../report/model.js';
import { renderReport } from '../report/index.js';
import { atOrAbove, type Severity } from '../rules/finding.js';
import { ruleCatalog } from '../rules/catalog.js';
import { createPreflightReport, summarisePreflight } from '../report/preflight-report.js';
import { ConfigurationError } from '../rules/streaming/analyse.js';
import { DEFAULT_MAX_FINDINGS } from '../rules/streaming/preflight.js';
import { preflight } from '../rules/streaming/preflight-run.js';
// --- batch files (--dataset) ---
import { INPUT_FORMATS, type InputFormat } from '../contract/batch.js';
import { BatchConfigurationError } from '../rules/batch/analyse-file.js';
import { formatFromExtension, preflightBatchFile } from '../rules/batch/preflight-file.js';
import { progressBar } from './progress.js';
// --- end batch files ---
import { applyConfigToFiles, type ResolvedConfig } from '../config/index.js';
import {
  addReportOptions,
  addWorldOptions,
  loadConfigFor,
  parsePositiveInt,
  parseProfile,
  parseSeverity,
  planOutputs,
  resolveWorld,
  writeOutput,
} from './common.js';
import { runPlan } from './plan.js';
import { EXIT, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

const KINDS = ['auto', 'request', 'message', 'ndjson'] as const;

interface PreflightCliOptions {
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | boolean;
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
  // --- batch upload plan (--plan) ---
  plan?: string;
  chunkBytes?: string;
  // --- batch files (--dataset) ---
  dataset?: string;
  inputFormat?: string;
  multiline?: boolean;
  partialIngestionPercent?: string;
  jobs?: string;
  // --- end batch files ---
}

export function preflightCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('preflight')
    .description('predict what the platform answers, and why: streaming payloads message by message, batch files record by record (--dataset), a batch upload (--plan)')
    .argument('[files...]', 'streaming: request files ({"messages": [...]}), single-message files or NDJSON files (.ndjson, .jsonl); with --dataset: batch files (JSON, NDJSON, Parquet, CSV)')
    .option('--inlet <id>', "the inlet (streaming connection) the files will be sent to; default: the world's only inlet")
    .option('--kind <kind>', `how to read the files: ${KINDS.join(', ')}`, 'auto')
    .option('--max-findings <n>', 'findings kept per file (the rest are counted)', String(DEFAULT_MAX_FINDINGS))
    // --- batch files (--dataset) ---
    .option('--dataset <id>', "batch pre-flight: the files are batch files whose records go to this dataset of the world")
    .option('--input-format <format>', `with --dataset: ${Object.keys(INPUT_FORMATS).join(', ')} (default: from the extension)`)
    .option('--multiline', 'with --dataset: read JSON as one document (isMultiLineJson: true)')
    .option('--partial-ingestion-percent <n>', 'with --dataset: the batch succeeds while at most N% of its records fail')
    .option('--jobs <n>', 'with --dataset: worker threads for large JSON, Parquet and CSV files (default: the cores available)')
    // --- batch upload plan (--plan) ---
    .option('--plan <dir>', 'plan the upload of a directory as one batch: file count, sizes, PUT or chunks with every Content-Range')
    .option('--chunk-bytes <n>', 'with --plan: bytes per part of a chunked file (default: the largest allowed)');
  // --- end batch files ---
  addWorldOptions(cmd);
  addReportOptions(cmd);
  return cmd.action(async (files: string[], opts: PreflightCliOptions) => {
    if (opts.plan !== undefined) {
      if (files.length > 0) throw new UsageError('--plan takes a directory and no files; run pre-flight of files separately');
      const { plan, chunkBytes, dataset, format, output, outDir, failOn, profile } = opts;
      done(await runPlan(plan, { profile, failOn, ...(chunkBytes !== undefined ? { chunkBytes } : {}), ...(dataset !== undefined ? { dataset } : {}), ...(format ? { format } : {}), ...(output ? { output } : {}), ...(outDir !== undefined ? { outDir } : {}) }, io));
      return;
    }
    if (files.length === 0) throw new UsageError("missing required argument 'files' (or --plan DIR)");
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
  // --- batch files (--dataset) ---
  if (opts.dataset !== undefined) return runBatchPreflight(files, opts, io, { profile, failOn, maxFindings, outputs, world });
  // --- end batch files ---
  let report: PreflightReport;
  try {
    report = await preflight(files, { world, profile, inletId: opts.inlet, kind: opts.kind as InputKind | 'auto', maxFindings });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }
  summarise(report, await loadConfigFor(io, opts));

  return writeReports(report, { profile, failOn, outputs, color: opts.color }, io);
}

async function writeReports(
  report: PreflightReport,
  run: { profile: PreflightReport['profile']; failOn: Severity; outputs: ReturnType<typeof planOutputs>; color: boolean | undefined },
  io: CliIo,
): Promise<ExitCode> {
  const { profile, failOn, outputs } = run;
  const opts = { color: run.color };
  const rules = ruleCatalog(profile as Parameters<typeof ruleCatalog>[0]);
  for (const { format, file } of outputs) {
    const color = format === 'text' && file === null && wantsColor(io.stdout, io.env, opts.color);
    const text = renderReport(format, report, { rules, color, cwd: io.cwd, command: 'preflight', failOn });
    if (file === null) io.stdout.write(text);
    else await writeOutput(resolve(io.cwd, file), text);
  }

  if (report.summary.inputErrors > 0) return EXIT.input;
  const failing = report.files.some((f) => f.findings.some((finding) => atOrAbove(finding.severity, failOn)));
  return failing ? EXIT.findings : EXIT.ok;
}

/** Applies the configuration's rule settings and ignores, then counts what is left. */
function summarise(report: PreflightReport, config: ResolvedConfig): void {
  const ignored = applyConfigToFiles(config, report.files);
  if (config.file !== null) report.summary.ignored = ignored;
  summarisePreflight(report);
}

// --- batch files (--dataset) ---

async function runBatchPreflight(
  files: string[],
  opts: PreflightCliOptions,
  io: CliIo,
  run: { profile: ReturnType<typeof parseProfile>; failOn: Severity; maxFindings: number; outputs: ReturnType<typeof planOutputs>; world: Awaited<ReturnType<typeof resolveWorld>> },
): Promise<ExitCode> {
  const datasetId = opts.dataset!;
  let declared: InputFormat | undefined;
  if (opts.inputFormat !== undefined) {
    const name = opts.inputFormat.toLowerCase();
    if (!Object.hasOwn(INPUT_FORMATS, name)) throw new UsageError(`--input-format takes one of: ${Object.keys(INPUT_FORMATS).join(', ')} (got "${opts.inputFormat}")`);
    declared = name as InputFormat;
  }
  let percent: number | undefined;
  if (opts.partialIngestionPercent !== undefined) {
    percent = Number(opts.partialIngestionPercent);
    if (opts.partialIngestionPercent.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new UsageError(`--partial-ingestion-percent takes a number from 0 to 100 (got "${opts.partialIngestionPercent}")`);
    }
  }
  const jobs = opts.jobs === undefined ? undefined : parsePositiveInt('--jobs', opts.jobs);
  if (!run.world.datasets.some((d) => d.id === datasetId)) {
    const known = run.world.datasets.map((d) => d.id).join(', ') || 'none';
    throw new UsageError(`--dataset ${datasetId} is not a dataset of the world (${run.world.source}); known datasets: ${known}`);
  }
  const report = createPreflightReport({ profile: run.profile, world: run.world.source, inlet: null });
  const bar = progressBar(io);
  for (const file of files) {
    const format = declared ?? formatFromExtension(file);
    if (format === undefined) throw new UsageError(`${file}: cannot tell the input format from the extension; pass --input-format ${Object.keys(INPUT_FORMATS).join('|')}`);
    try {
      const result = await preflightBatchFile(resolve(io.cwd, file), {
        world: run.world,
        datasetId,
        profile: run.profile,
        format,
        maxFindings: run.maxFindings,
        ...(opts.multiline === true ? { multiline: true } : {}),
        ...(percent !== undefined ? { partialIngestionPercent: percent } : {}),
        ...(jobs !== undefined ? { jobs } : {}),
        onProgress: (done, total) => bar.update(file, done, total),
      });
      // Reports name the file as the user gave it.
      result.file = file;
      for (const finding of result.findings) finding.file = file;
      report.files.push(result);
    } catch (error) {
      if (error instanceof BatchConfigurationError) throw new UsageError(error.message);
      throw error;
    } finally {
      bar.done();
    }
  }
  summarise(report, await loadConfigFor(io, opts));
  return writeReports(report, { profile: run.profile, failOn: run.failOn, outputs: run.outputs, color: opts.color }, io);
}
// --- end batch files ---
