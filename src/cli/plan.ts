/**
 * `aep-harness preflight --plan DIR`: the upload plan of a directory as one batch. The command wiring is
 * in `preflight.ts`; this file owns the run: options, the plan, its outputs and the exit code.
 */
import { join, relative, resolve } from 'node:path';
import { renderPlanJson } from '../report/plan-json.js';
import { renderPlanText } from '../report/plan-text.js';
import { planBatchUpload, PlanInputError, PlanOptionError, type PlanReport } from '../rules/batch/plan.js';
import { atOrAbove } from '../rules/finding.js';
import { applyConfig } from '../config/index.js';
import { checkOutputsWritable, loadConfigFor, parseProfile, parseSeverity, planOutputs, writeOutput } from './common.js';
import { EXIT, UsageError, type CliIo, type ExitCode } from './io.js';

export interface PlanCliOptions {
  /** `--config FILE`, false for `--no-config`; unset: the configuration of the run's command line. */
  config?: string | boolean;
  profile?: string;
  /** `--chunk-bytes N`: bytes per part of a chunked file. */
  chunkBytes?: string;
  /** `--dataset ID`: written into the paths instead of `{DATASET_ID}`. */
  dataset?: string;
  format?: string[];
  output?: string[];
  outDir?: string;
  failOn?: string;
}

const PLAN_FORMATS = { text: renderPlanText, json: renderPlanJson } as const satisfies Record<string, (plan: PlanReport) => string>;

function isPlanFormat(name: string): name is keyof typeof PLAN_FORMATS {
  return Object.hasOwn(PLAN_FORMATS, name);
}

function parseChunkBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`--chunk-bytes takes a whole number of bytes (got "${value}")`);
  return n;
}

/**
 * Plans DIR and writes the plan. Exit codes as every command: 0 nothing at or above `--fail-on`, 1 findings
 * at or above it, 2 a usage error, 3 DIR (or an entry in it) could not be read.
 */
export async function runPlan(dir: string, opts: PlanCliOptions, io: CliIo): Promise<ExitCode> {
  try {
    return await plan(dir, opts, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PlanOptionError) {
      io.stderr.write(`aep-harness: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof PlanInputError) {
      io.stderr.write(`aep-harness: ${error.message}\n`);
      return EXIT.input;
    }
    throw error;
  }
}

async function plan(dir: string, opts: PlanCliOptions, io: CliIo): Promise<ExitCode> {
  const profile = parseProfile(opts.profile ?? 'docs');
  const failOn = parseSeverity(opts.failOn ?? 'error');
  const chunkBytes = parseChunkBytes(opts.chunkBytes);
  const outputs = planOutputs(opts, 'plan', io);
  for (const { format } of outputs) {
    if (!isPlanFormat(format)) throw new UsageError(`the upload plan is written as ${Object.keys(PLAN_FORMATS).join(' or ')}, not ${format}`);
  }
  await checkOutputsWritable(outputs.map((o) => o.file), io);
  const absolute = resolve(io.cwd, dir);
  const report = await planBatchUpload(absolute, { profile, ...(chunkBytes !== undefined ? { chunkBytes } : {}), ...(opts.dataset !== undefined ? { datasetId: opts.dataset } : {}) });
  // Findings name files as the user did, relative to where the command ran.
  const named = report.findings.map((f) => ({ ...f, file: join(dir, relative(absolute, f.file)) }));
  // The configuration file's rule settings and ignores (aep-harness.config.yaml).
  const config = await loadConfigFor(io, opts);
  const applied = applyConfig(config, named);
  const counts = { error: 0, warn: 0, info: 0 };
  for (const f of applied.findings) counts[f.severity]++;
  const summary = { ...report.summary, findings: counts, ...(config.file !== null ? { ignored: applied.ignored } : {}) };
  const shown: PlanReport = { ...report, dir, findings: applied.findings, summary };
  for (const { format, file } of outputs) {
    const text = PLAN_FORMATS[format as keyof typeof PLAN_FORMATS](shown);
    if (file === null) io.stdout.write(text);
    else await writeOutput(file, text);
  }
  if (report.unreadable.length > 0) return EXIT.input;
  return shown.findings.some((f) => atOrAbove(f.severity, failOn)) ? EXIT.findings : EXIT.ok;
}
