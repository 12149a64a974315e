/**
 * `aep-harness record`: a recording proxy in front of an upstream (`--upstream URL`), or the same checks
 * over a HAR captured elsewhere (`--from-har FILE`). Every exchange is redacted, checked against the
 * contract (requests and answers), told on the terminal as it is found, and written as fixtures that
 * replay; `--har FILE` also exports the exchanges as HAR 1.2. The proxy runs until SIGINT or SIGTERM.
 */
import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { buildConformanceReport } from '../report/conformance/model.js';
import { probeTarget, TargetUnreachable, normaliseTargetUrl } from '../conformance/target.js';
import { TraceError } from '../lifecycle/trace/model.js';
import { decodeUtf8, InputError, readInputFile } from '../parse/input.js';
import { createRedactor, type Redactor } from '../report/redact.js';
import { atOrAbove, type Severity } from '../rules/finding.js';
import { exchangesFromHar } from '../replay/har-io.js';
import { recordExchanges, startProxySession, type RecordingResult, type SessionOptions } from '../replay/record/session.js';
import { VERSION } from '../version.js';
import { addWorldOptions, collect, parsePort, parseProfile, parseSeverity, refuseIn, resolveWorld, writeOutput } from './common.js';
import { addConformanceOptions, prepareConformanceOutputs, writeConformance, type ConformanceOutputOptions } from './conformance-output.js';
import { listenError } from './environment.js';
import { checkDirectoryWritable, checkOutputsWritable } from './common.js';
import { EXIT, UsageError, type CliIo, type ExitCode } from './io.js';

/** A HAR is read whole; recordings of API sessions are far smaller than this. */
const MAX_HAR_BYTES = 512 * 1024 * 1024;

interface RecordOptions extends ConformanceOutputOptions {
  upstream?: string;
  fromHar?: string;
  port: string;
  host: string;
  out: string;
  har?: string;
  redact?: string[];
  world?: string;
  profile: string;
  failOn: string;
}


export function recordCommand(io: CliIo, done: (code: ExitCode) => void, stopSignal: () => Promise<void>): Command {
  const cmd = new Command('record')
    .description(describeCommand('record'))
    .option('--upstream <url>', 'the server to forward to (the platform, a gateway, a reference server)')
    .option('--from-har <file>', 'no proxy: check and write the exchanges of a HAR captured elsewhere')
    .option('--port <n>', 'port the proxy listens on; 0 picks a free one', '0')
    .option('--host <address>', 'address the proxy listens on', '127.0.0.1')
    .option('--out <dir>', 'directory for the recorded fixtures', 'fixtures/recorded')
    .option('--har <file>', 'also write the exchanges as HAR 1.2')
    .option('--redact <regex>', 'also redact what matches this regular expression, repeatable', collect);
  addWorldOptions(cmd).option('--fail-on <severity>', 'exit 1 when a finding is at or above: error, warn, info', 'error');
  addConformanceOptions(cmd);
  return cmd.action(async (opts: RecordOptions, self: Command) => {
    // A HAR captured elsewhere needs no proxy: its address options would be ignored.
    if (opts.fromHar !== undefined) refuseIn(self, 'with --from-har (no proxy listens: the exchanges come from the HAR)', ['port', 'host']);
    done(await runRecord(opts, io, stopSignal));
  });
}

function parseRedactions(patterns: readonly string[]): RegExp[] {
  return patterns.map((source) => {
    try {
      return new RegExp(source, 'g');
    } catch (error) {
      throw new UsageError(`--redact ${JSON.stringify(source)} is not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

async function runRecord(opts: RecordOptions, io: CliIo, stopSignal: () => Promise<void>): Promise<ExitCode> {
  if ((opts.upstream === undefined) === (opts.fromHar === undefined)) {
    throw new UsageError('record needs one of --upstream URL (a recording proxy) or --from-har FILE (a HAR captured elsewhere)');
  }
  const profile = parseProfile(opts.profile);
  const failOn = parseSeverity(opts.failOn);
  const port = parsePort(opts.port);
  const redact = createRedactor(parseRedactions(opts.redact ?? []));
  // Every report format and file is checked before an exchange is recorded or a fixture written.
  await prepareConformanceOutputs(opts, 'record', io);
  if ((opts.format ?? []).includes('json')) await checkOutputsWritable([resolve(io.cwd, opts.outDir ?? 'reports', 'record-findings.json')], io);
  await checkDirectoryWritable(resolve(io.cwd, opts.out), '--out', io);
  if (opts.har !== undefined) await checkOutputsWritable([resolve(io.cwd, opts.har)], io);
  const world = await resolveWorld(opts.world, io);
  const session: SessionOptions = {
    world,
    profile,
    redact,
    outDir: resolve(io.cwd, opts.out),
    cwd: io.cwd,
    onLine: (line) => io.stdout.write(`${line}\n`),
    ...(opts.har !== undefined ? { harFile: resolve(io.cwd, opts.har) } : {}),
  };
  const startedAt = new Date();
  let result: RecordingResult;
  let target: string;
  if (opts.fromHar !== undefined) {
    target = opts.fromHar;
    const exchanges = await readHarExchanges(opts.fromHar, io, redact);
    if (exchanges === undefined) return EXIT.input;
    result = await recordExchanges(exchanges, session);
  } else {
    let upstream: string;
    try {
      upstream = normaliseTargetUrl(opts.upstream!);
    } catch (error) {
      throw new UsageError((error instanceof Error ? error.message : String(error)).replace('--target', '--upstream'));
    }
    target = redact(upstream);
    try {
      await probeTarget(upstream);
    } catch (error) {
      if (!(error instanceof TargetUnreachable)) throw error;
      io.stderr.write(`aep-harness record: ${redact(error.message)}\n`);
      return EXIT.unreachable;
    }
    let proxy;
    try {
      proxy = await startProxySession({ ...session, upstream, host: opts.host, port, onProblem: (line) => io.stderr.write(`aep-harness record: ${line}\n`) });
    } catch (error) {
      throw listenError(error, { host: opts.host, port, what: 'the proxy' }) ?? error;
    }
    io.stdout.write(`aep-harness record: proxy on ${proxy.url} forwarding to ${target}; stop with Ctrl-C (SIGINT) or SIGTERM\n`);
    await stopSignal();
    result = await proxy.stop();
  }
  return conclude(result, { opts, io, profile, target, startedAt, redact, failOn });
}

async function readHarExchanges(file: string, io: CliIo, redact: Redactor) {
  try {
    const bytes = await readInputFile(resolve(io.cwd, file), { maxBytes: MAX_HAR_BYTES });
    return exchangesFromHar(decodeUtf8(bytes, file).text);
  } catch (error) {
    if (!(error instanceof InputError) && !(error instanceof TraceError)) throw error;
    io.stderr.write(`aep-harness record: ${file}: ${redact(error.message)}\n`);
    return undefined;
  }
}

async function conclude(
  result: RecordingResult,
  ctx: { opts: RecordOptions; io: CliIo; profile: ReturnType<typeof parseProfile>; target: string; startedAt: Date; redact: Redactor; failOn: Severity },
): Promise<ExitCode> {
  const { opts, io } = ctx;
  const shown = (path: string) => relative(io.cwd, path) || path;
  const fixtures = result.written.filter((p) => p.endsWith('.yaml'));
  io.stdout.write(
    `aep-harness record: ${result.exchanges} exchange${result.exchanges === 1 ? '' : 's'}, ${fixtures.length} fixture${fixtures.length === 1 ? '' : 's'}` +
      `${fixtures.length > 0 ? ` in ${shown(resolve(io.cwd, opts.out))}` : ''}${opts.har !== undefined ? `, HAR in ${shown(resolve(io.cwd, opts.har))}` : ''}; ` +
      `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}\n`,
  );
  const report = buildConformanceReport(
    { command: 'record', target: ctx.target, profile: ctx.profile, startedAt: ctx.startedAt.toISOString(), durationMs: Date.now() - ctx.startedAt.getTime(), fixtures: result.fixtures.length },
    result.checks,
    { version: VERSION },
  );
  const conformance = await writeConformance(report, opts, 'record', io);
  if ((opts.format ?? []).includes('json')) {
    // The findings about requests (client side) have no behaviour line: they go beside the report.
    const file = resolve(io.cwd, opts.outDir ?? 'reports', 'record-findings.json');
    const body = { tool: { name: 'aep-ingest-harness', version: VERSION }, target: ctx.target, profile: ctx.profile, findings: result.findings };
    await writeOutput(file, `${ctx.redact(JSON.stringify(body, null, 2))}\n`);
    io.stdout.write(`findings: ${shown(file)}\n`);
  }
  const failing = result.findings.some((f) => atOrAbove(f.severity, ctx.failOn));
  return failing || conformance === EXIT.findings ? EXIT.findings : EXIT.ok;
}
