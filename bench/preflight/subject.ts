/**
 * The subject: the real NDJSON pre-flight, in its own process.
 *
 *   node --import tsx bench/preflight/subject.ts FILE [INLET_ID]
 *
 * Builds the analyser for the default world before the clock starts (the XDM schema is compiled lazily,
 * on the first message, so its compilation is inside the measured time), then times
 * `preflightFile(file, analyser, { kind: 'ndjson' })` and reports the predicted counts with the figures,
 * so run.ts can check that every message was judged.
 *
 * With BENCH_SRC=DIR the pre-flight modules are loaded from DIR, a `tsc` build of src/, instead of src/
 * through tsx: for profiles whose line numbers are the source's (see bench/README.md, Profiling).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuNow, cpuSecondsSince, emit, maxRssKiB, retainedHeapUsed, seconds, startHeapSampler, type Figures } from './measure.js';
import { INLET_ID } from './generate.js';

type PreflightModule = typeof import('../../src/rules/streaming/preflight.js');
type AnalyseModule = typeof import('../../src/rules/streaming/analyse.js');
type DefaultWorldModule = typeof import('../../src/world/default.js');

async function load(): Promise<{ preflightFile: PreflightModule['preflightFile']; StreamingAnalyser: AnalyseModule['StreamingAnalyser']; defaultWorld: DefaultWorldModule['defaultWorld'] }> {
  const build = process.env['BENCH_SRC'];
  if (build) {
    const base = `${pathToFileURL(resolve(build)).href}/`;
    const [p, a, w] = await Promise.all([
      import(`${base}rules/streaming/preflight.js`) as Promise<PreflightModule>,
      import(`${base}rules/streaming/analyse.js`) as Promise<AnalyseModule>,
      import(`${base}world/default.js`) as Promise<DefaultWorldModule>,
    ]);
    return { preflightFile: p.preflightFile, StreamingAnalyser: a.StreamingAnalyser, defaultWorld: w.defaultWorld };
  }
  const [p, a, w] = await Promise.all([
    import('../../src/rules/streaming/preflight.js'),
    import('../../src/rules/streaming/analyse.js'),
    import('../../src/world/default.js'),
  ]);
  return { preflightFile: p.preflightFile, StreamingAnalyser: a.StreamingAnalyser, defaultWorld: w.defaultWorld };
}

async function main(): Promise<void> {
  const { preflightFile, StreamingAnalyser, defaultWorld } = await load();
  const [file, inletId = INLET_ID] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: subject.ts FILE [INLET_ID]\n');
    process.exitCode = 2;
    return;
  }
  const { size } = await stat(file);
  const analyser = new StreamingAnalyser({ world: defaultWorld(), inletId });
  const sampler = startHeapSampler();
  const cpu = cpuNow();
  const started = process.hrtime.bigint();
  const report = await preflightFile(file, analyser, { kind: 'ndjson' });
  const elapsed = seconds(started);
  const cpuSeconds = cpuSecondsSince(cpu);
  const heap = sampler.stop();
  const retained = retainedHeapUsed();
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
    cpuSeconds,
    maxRssKiB: maxRssKiB(),
    peakHeapUsed: heap.peakHeapUsed,
    endHeapUsed: heap.endHeapUsed,
    retainedHeapUsed: retained,
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
