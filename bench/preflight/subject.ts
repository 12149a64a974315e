/**
 * The subject: the real NDJSON pre-flight, in its own process.
 *
 *   node --import tsx bench/preflight/subject.ts FILE [INLET_ID]
 *
 * Builds the analyser for the default world before the clock starts (the XDM schema is compiled lazily,
 * on the first message, so its compilation is inside the measured time), then times
 * `preflightFile(file, analyser, { kind: 'ndjson' })` and reports the predicted counts with the figures,
 * so run.ts can check that every message was judged.
 */
import { stat } from 'node:fs/promises';
import { preflightFile } from '../../src/rules/streaming/preflight.js';
import { StreamingAnalyser } from '../../src/rules/streaming/analyse.js';
import { defaultWorld } from '../../src/world/default.js';
import { emit, maxRssKiB, seconds, startHeapSampler, type Figures } from './measure.js';
import { INLET_ID } from './generate.js';

async function main(): Promise<void> {
  const [file, inletId = INLET_ID] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: subject.ts FILE [INLET_ID]\n');
    process.exitCode = 2;
    return;
  }
  const { size } = await stat(file);
  const analyser = new StreamingAnalyser({ world: defaultWorld(), inletId });
  const sampler = startHeapSampler();
  const started = process.hrtime.bigint();
  const report = await preflightFile(file, analyser, { kind: 'ndjson' });
  const elapsed = seconds(started);
  const heap = sampler.stop();
  const predicted = report.predicted;
  if (predicted === null || predicted.kind !== 'message-stream') {
    throw new Error(`expected a message-stream prediction, got ${JSON.stringify(predicted)} (input error: ${report.inputError?.message ?? 'none'})`);
  }
  // Lines that did not parse are counted in the input error's message ("N lines could not be read …").
  const unreadable = Number(/^(\d+) lines? could not be read/.exec(report.inputError?.message ?? '')?.[1] ?? 0);
  const figures: Figures = {
    role: 'subject',
    file,
    bytes: size,
    messages: predicted.counts.messages,
    unreadable,
    seconds: elapsed,
    maxRssKiB: maxRssKiB(),
    peakHeapUsed: heap.peakHeapUsed,
    endHeapUsed: heap.endHeapUsed,
    counts: { ...predicted.counts },
    findings: report.findings.length,
    findingsDropped: report.findingsDropped,
  };
  if (report.inputError) figures.inputError = report.inputError.message;
  emit(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
