/**
 * The subject: batch pre-flight of one NDJSON file of records, in its own process.
 *
 *   node --import tsx bench/batch-preflight/subject.ts FILE JOBS
 *
 * Times `preflightBatchFile(file, { world: defaultWorld(), datasetId, profile: 'docs', jobs })`: every line
 * read, parsed and judged against the dataset's XDM schema, on JOBS worker threads (1: on the calling
 * thread). The world is built before the clock starts. Peak RSS is the whole process's, workers included.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuNow, cpuSecondsSince, maxRssKiB, seconds, startHeapSampler } from '../preflight/measure.js';
import { DATASET_ID } from './generate.js';
import { emitBatch, type BatchFigures } from './measure.js';

type PreflightFileModule = typeof import('../../src/rules/batch/preflight-file.js');
type DefaultWorldModule = typeof import('../../src/world/default.js');

/**
 * With BENCH_SRC=DIR (run.ts sets it) the modules come from DIR, a `tsc` build of src/: the worker threads
 * then load JavaScript, as they do from dist/, instead of registering tsx and compiling TypeScript each.
 */
async function load(): Promise<{ preflightBatchFile: PreflightFileModule['preflightBatchFile']; defaultWorld: DefaultWorldModule['defaultWorld'] }> {
  const build = process.env['BENCH_SRC'];
  if (build) {
    const base = `${pathToFileURL(resolve(build)).href}/`;
    const [p, w] = await Promise.all([import(`${base}rules/batch/preflight-file.js`) as Promise<PreflightFileModule>, import(`${base}world/default.js`) as Promise<DefaultWorldModule>]);
    return { preflightBatchFile: p.preflightBatchFile, defaultWorld: w.defaultWorld };
  }
  const [p, w] = await Promise.all([import('../../src/rules/batch/preflight-file.js'), import('../../src/world/default.js')]);
  return { preflightBatchFile: p.preflightBatchFile, defaultWorld: w.defaultWorld };
}

async function main(): Promise<void> {
  const { preflightBatchFile, defaultWorld } = await load();
  const [file, jobsArg] = process.argv.slice(2);
  if (file === undefined || jobsArg === undefined) {
    process.stderr.write('usage: subject.ts FILE JOBS\n');
    process.exitCode = 2;
    return;
  }
  const jobs = Number(jobsArg);
  const { size } = await stat(file);
  const world = defaultWorld();
  const sampler = startHeapSampler();
  const cpu = cpuNow();
  const started = process.hrtime.bigint();
  const report = await preflightBatchFile(file, { world, datasetId: DATASET_ID, profile: 'docs', jobs });
  const elapsed = seconds(started);
  const cpuSeconds = cpuSecondsSince(cpu);
  const heap = sampler.stop();
  const predicted = report.predicted;
  if (predicted === null || predicted.kind !== 'batch-file') throw new Error(`expected a batch-file prediction, got ${JSON.stringify(predicted)}`);
  const figures: BatchFigures = {
    role: jobs === 1 ? 'subject-1' : 'subject-2',
    jobs,
    file,
    bytes: size,
    records: predicted.counts.records,
    failed: predicted.counts.failed,
    seconds: elapsed,
    cpuSeconds,
    maxRssKiB: maxRssKiB(),
    peakHeapUsed: heap.peakHeapUsed,
    findings: report.findings.length,
  };
  if (report.inputError) figures.error = report.inputError.message;
  emitBatch(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
