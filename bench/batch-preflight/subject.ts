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
import { preflightBatchFile } from '../../src/rules/batch/preflight-file.js';
import { defaultWorld } from '../../src/world/default.js';
import { maxRssKiB, seconds, startHeapSampler } from '../preflight/measure.js';
import { DATASET_ID } from './generate.js';
import { emitBatch, type BatchFigures } from './measure.js';

async function main(): Promise<void> {
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
  const started = process.hrtime.bigint();
  const report = await preflightBatchFile(file, { world, datasetId: DATASET_ID, profile: 'docs', jobs });
  const elapsed = seconds(started);
  const heap = sampler.stop();
  const predicted = report.predicted;
  if (predicted === null || predicted.kind !== 'batch-file') throw new Error(`expected a batch-file prediction, got ${JSON.stringify(predicted)}`);
  const figures: BatchFigures = {
    role: jobs === 1 ? 'subject-1' : 'subject-all',
    jobs,
    file,
    bytes: size,
    records: predicted.counts.records,
    failed: predicted.counts.failed,
    seconds: elapsed,
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
