/** `aep-harness preflight FILE...`: what the platform would answer to each payload file, and why. */
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import type { FileReport, InputKind, PreflightReport } from '../report/model.js';
import { atOrAbove, type Severity } from '../rules/finding.js';
import { createPreflightReport, summarisePreflight } from '../report/preflight-report.js';
import { ConfigurationError } from '../rules/streaming/analyse.js';
import { DEFAULT_MAX_FINDINGS } from '../rules/streaming/preflight.js';
import { preflight } from '../rules/streaming/preflight-run.js';
// --- batch files (--dataset) ---
import { INPUT_FORMATS, type InputFormat } from '../contract/batch.js';
import { progressBar } from './progress.js';
// --- end batch files ---
import { applyConfigToFiles, type ResolvedConfig } from '../config/index.js';
import {
  addReportOptions,
  addWorldOptions,
  checkOutputsWritable,
  loadConfigFor,
  parsePositiveInt,
  parseProfile,
  parseSeverity,
  planOutputs,
  refuseIn,
  requireWith,
  resolveWorld,
  writeOutput,
} from './common.js';
import { expandInputs, type ExpandedInputs } from './inputs.js';
import { EXIT, textWidth, UsageError, wantsColor, type CliIo, type ExitCode } from './io.js';

const KINDS = ['auto', 'request', 'message', 'ndjson'] as const;

/** What a directory is searched for: streaming payloads, or (with --dataset) batch files. */
const STREAMING_EXTENSIONS = ['.json', '.ndjson', '.jsonl'] as const;
const BATCH_EXTENSIONS = ['.json', '.ndjson', '.jsonl', '.parquet', '.csv'] as const;

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
  quiet?: boolean;
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

/** The options only batch pre-flight (`--dataset`) reads. */
const BATCH_ONLY = ['inputFormat', 'multiline', 'partialIngestionPercent', 'jobs'] as const;
/** The options only streaming pre-flight reads. */
const STREAMING_ONLY = ['inlet', 'kind'] as const;

export function preflightCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  const cmd = new Command('preflight')
    .description(describeCommand('preflight'))
    .argument('[files...]', 'streaming: request files ({"messages": [...]}), single-message files or NDJSON files (.ndjson, .jsonl); with --dataset: batch files (JSON, NDJSON, Parquet, CSV). A directory stands for the files of those kinds below it, a quoted glob for its matches, - for standard input')
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
  return cmd.action(async (files: string[], opts: PreflightCliOptions, self: Command) => {
    checkOptionCombinations(self, files, opts);
    if (opts.plan !== undefined) {
      const { plan, chunkBytes, dataset, format, output, outDir, failOn, profile } = opts;
      const { runPlan } = await import('./plan.js');
      done(await runPlan(plan, { profile, failOn, ...(chunkBytes !== undefined ? { chunkBytes } : {}), ...(dataset !== undefined ? { dataset } : {}), ...(format ? { format } : {}), ...(output ? { output } : {}), ...(outDir !== undefined ? { outDir } : {}) }, io));
      return;
    }
    if (files.length === 0) throw new UsageError("missing required argument 'files' (or --plan DIR)");
    done(await runPreflight(files, opts, io));
  });
}

/** Options that another option decides the meaning of are refused without it, before anything is read. */
function checkOptionCombinations(cmd: Command, files: string[], opts: PreflightCliOptions): void {
  if (opts.plan !== undefined) {
    if (files.length > 0) throw new UsageError('--plan takes a directory and no files; run pre-flight of files separately');
    refuseIn(cmd, 'with --plan (an upload plan reads no file and judges no message)', [...STREAMING_ONLY, 'maxFindings', ...BATCH_ONLY]);
    return;
  }
  requireWith(cmd, { key: 'plan', given: false, words: '--plan DIR (the upload plan of a directory)' }, ['chunkBytes']);
  if (opts.dataset === undefined) {
    requireWith(cmd, { key: 'dataset', given: false, words: '--dataset ID (batch files whose records go to a dataset)' }, BATCH_ONLY);
  } else {
    refuseIn(cmd, 'with --dataset (batch files go to a dataset, not through a streaming inlet)', STREAMING_ONLY);
  }
}

/** Everything the run needs from the options, checked before any input is read. */
interface PreflightRun {
  profile: ReturnType<typeof parseProfile>;
  failOn: Severity;
  maxFindings: number;
  outputs: ReturnType<typeof planOutputs>;
  width: number;
  quiet: boolean;
  color: boolean | undefined;
}

async function runPreflight(names: string[], opts: PreflightCliOptions, io: CliIo): Promise<ExitCode> {
  const profile = parseProfile(opts.profile);
  const failOn: Severity = parseSeverity(opts.failOn);
  if (!(KINDS as readonly string[]).includes(opts.kind)) throw new UsageError(`--kind takes one of: ${KINDS.join(', ')} (got "${opts.kind}")`);
  const maxFindings = parsePositiveInt('--max-findings', opts.maxFindings ?? String(DEFAULT_MAX_FINDINGS));
  const outputs = planOutputs(opts, 'preflight', io);
  const run: PreflightRun = { profile, failOn, maxFindings, outputs, width: textWidth(io.stdout), quiet: opts.quiet === true, color: opts.color };
  // --- batch files (--dataset) ---
  const batch = opts.dataset !== undefined ? parseBatchOptions(opts) : undefined;
  // --- end batch files ---
  await checkOutputsWritable(outputs.map((o) => o.file), io);
  const world = await resolveWorld(opts.world, io);
  // --- batch files (--dataset) ---
  if (batch !== undefined) return runBatchPreflight(names, opts, io, run, batch, world);
  // --- end batch files ---
  const inputs = await expandInputs(names, { extensions: STREAMING_EXTENSIONS, stdinExtension: opts.kind === 'ndjson' ? '.ndjson' : '.json' }, io);
  let report: PreflightReport;
  try {
    report = await preflight(
      inputs.files.map((f) => f.path),
      { world, profile, inletId: opts.inlet, kind: opts.kind as InputKind | 'auto', maxFindings },
    );
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  } finally {
    await inputs.cleanup();
  }
  // Reports name each file as the command line did (a directory's files below its name, `-` for standard input).
  report.files.forEach((fileReport, index) => renameFile(fileReport, inputs.files[index]!.shown));
  report.files.push(...problemReports(inputs));
  summarise(report, await loadConfigFor(io, opts));
  return writeReports(report, run, io);
}

function renameFile(fileReport: FileReport, shown: string): void {
  fileReport.file = shown;
  for (const finding of fileReport.findings) finding.file = shown;
}

/** A directory without a file to check, a glob that matches none: an input error of that name (exit 3). */
function problemReports(inputs: ExpandedInputs): FileReport[] {
  return inputs.problems.map((problem) => ({ file: problem.shown, kind: null, bytes: 0, findings: [], findingsDropped: 0, inputError: { message: problem.message }, predicted: null }));
}

async function writeReports(report: PreflightReport, run: PreflightRun, io: CliIo): Promise<ExitCode> {
  const { profile, failOn, outputs } = run;
  // The text format alone (the usual run at a terminal) loads neither the other formats nor the rule catalogue.
  const textOnly = outputs.every((o) => o.format === 'text');
  const { renderReport } = textOnly ? { renderReport: undefined } : await import('../report/index.js');
  const { renderText } = textOnly ? await import('../report/text.js') : { renderText: undefined };
  const rules = textOnly ? [] : (await import('../rules/catalog.js')).ruleCatalog(profile as Parameters<typeof import('../rules/catalog.js').ruleCatalog>[0]);
  for (const { format, file } of outputs) {
    const color = format === 'text' && file === null && wantsColor(io.stdout, io.env, run.color);
    // The text format wraps to the terminal it is printed on; in a file or a pipe, to 100 columns.
    const width = file === null ? run.width : undefined;
    const ctx = { rules, color, cwd: io.cwd, command: 'preflight', failOn, ...(width !== undefined ? { width } : {}), quiet: run.quiet };
    const text = renderText !== undefined ? renderText(report, ctx) : renderReport!(format, report, ctx);
    if (file === null) io.stdout.write(text);
    else await writeOutput(file, text);
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

interface BatchOptions {
  datasetId: string;
  declared: InputFormat | undefined;
  percent: number | undefined;
  jobs: number | undefined;
}

function parseBatchOptions(opts: PreflightCliOptions): BatchOptions {
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
  return { datasetId: opts.dataset!, declared, percent, jobs };
}

async function runBatchPreflight(
  names: string[],
  opts: PreflightCliOptions,
  io: CliIo,
  run: PreflightRun,
  batch: BatchOptions,
  world: Awaited<ReturnType<typeof resolveWorld>>,
): Promise<ExitCode> {
  const { datasetId, declared, percent, jobs } = batch;
  if (!world.datasets.some((d) => d.id === datasetId)) {
    const known = world.datasets.map((d) => d.id).join(', ') || 'none';
    throw new UsageError(`--dataset ${datasetId} is not a dataset of the world (${world.source}); known datasets: ${known}`);
  }
  const { BatchConfigurationError } = await import('../rules/batch/analyse-file.js');
  const { formatFromExtension, preflightBatchFile } = await import('../rules/batch/preflight-file.js');
  const formatList = Object.keys(INPUT_FORMATS).join('|');
  const inputs = await expandInputs(
    names,
    { extensions: BATCH_EXTENSIONS, stdinExtension: declared === undefined ? undefined : `.${declared}`, stdinHint: `pass --input-format ${formatList}` },
    io,
  );
  // Every file's format is known before the first is read.
  const formats = inputs.files.map((input) => declared ?? formatFromExtension(input.path));
  const unknown = inputs.files.find((_input, index) => formats[index] === undefined);
  if (unknown !== undefined) {
    await inputs.cleanup();
    throw new UsageError(`${unknown.shown}: cannot tell the input format from the extension; pass --input-format ${formatList}`);
  }
  const report = createPreflightReport({ profile: run.profile, world: world.source, inlet: null });
  const bar = run.quiet ? { update() {}, done() {} } : progressBar(io);
  try {
    for (const [index, input] of inputs.files.entries()) {
      const format = formats[index]!;
      try {
        const result = await preflightBatchFile(input.path, {
          world,
          datasetId,
          profile: run.profile,
          format,
          maxFindings: run.maxFindings,
          ...(opts.multiline === true ? { multiline: true } : {}),
          ...(percent !== undefined ? { partialIngestionPercent: percent } : {}),
          ...(jobs !== undefined ? { jobs } : {}),
          onProgress: (done, total) => bar.update(input.shown, done, total),
        });
        // Reports name the file as the user gave it.
        renameFile(result, input.shown);
        report.files.push(result);
      } catch (error) {
        if (error instanceof BatchConfigurationError) throw new UsageError(error.message);
        throw error;
      } finally {
        bar.done();
      }
    }
  } finally {
    await inputs.cleanup();
  }
  report.files.push(...problemReports(inputs));
  summarise(report, await loadConfigFor(io, opts));
  return writeReports(report, run, io);
}
// --- end batch files ---
