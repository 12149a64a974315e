/**
 * A recording session, from its start to what it leaves behind: the proxy (or a HAR read) feeding the
 * recorder, then the fixtures, the HAR export and the conformance checks of what was seen. Programs and
 * specs use it directly; `aep-harness record` is a thin command over it.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ConformanceCheck } from '../../report/conformance/model.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { Redactor } from '../../report/redact.js';
import type { World } from '../../world/types.js';
import { harText } from '../har-io.js';
import type { RecordedExchange } from './exchange.js';
import { buildFixtures, type RecordedFixture } from './fixtures.js';
import type { ExchangeFinding } from './findings.js';
import { groupExchanges } from './grouping.js';
import { startRecordingProxy } from './proxy.js';
import { Recorder } from './recorder.js';
import { writeFixtures } from './write.js';

export interface SessionOptions {
  world: World;
  profile: ProfileName;
  redact: Redactor;
  /** Where fixtures go. */
  outDir: string;
  /** Also write the exchanges as HAR 1.2 here. */
  harFile?: string;
  /** Each finding as it happens, one redacted line. */
  onLine?(line: string): void;
  /** Report paths are shown relative to this; default the process's working directory. */
  cwd?: string;
}

export interface RecordingResult {
  exchanges: number;
  fixtures: RecordedFixture[];
  /** Paths written: fixtures, then the HAR. */
  written: string[];
  findings: ExchangeFinding[];
  /** The checks of the answers, each pointing at the fixture step that replays it. */
  checks: ConformanceCheck[];
}

function recorderFor(opts: SessionOptions): Recorder {
  return new Recorder({ world: opts.world, profile: opts.profile, redact: opts.redact, ...(opts.onLine ? { onLine: opts.onLine } : {}) });
}

async function conclude(recorder: Recorder, upstream: string, opts: SessionOptions): Promise<RecordingResult> {
  recorder.finish();
  const groups = groupExchanges(recorder.exchanges, opts.profile);
  const fixtures = buildFixtures(groups, { world: opts.world, profile: opts.profile, upstream, checks: recorder.checks });
  const written = recorder.exchanges.length > 0 ? await writeFixtures(opts.outDir, fixtures) : [];
  if (opts.harFile !== undefined) {
    await mkdir(dirname(opts.harFile), { recursive: true });
    await writeFile(opts.harFile, harText(recorder.exchanges));
    written.push(opts.harFile);
  }
  const where = new Map<number, { fixture: RecordedFixture; step: number }>();
  for (const fixture of fixtures) fixture.exchanges.forEach((index, step) => where.set(index, { fixture, step }));
  const checks = recorder.checks.map((c): ConformanceCheck => {
    const at = where.get(c.exchange);
    const check: ConformanceCheck = {
      behaviour: c.behaviour,
      ok: c.ok,
      subject: `exchange ${c.exchange}: ${c.subject}`,
      origin: at
        ? { kind: 'fixture', fixture: at.fixture.fixture.name, file: relative(opts.cwd ?? process.cwd(), join(opts.outDir, at.fixture.file)) || at.fixture.file, step: at.step, stepName: at.fixture.fixture.steps[at.step]!.name }
        : { kind: 'fixture', fixture: 'recorded', file: opts.outDir, step: c.exchange },
    };
    if (c.expected !== undefined) check.expected = c.expected;
    if (c.actual !== undefined) check.actual = c.actual;
    return check;
  });
  return { exchanges: recorder.exchanges.length, fixtures, written, findings: recorder.findings, checks };
}

export interface ProxySession {
  url: string;
  /** Stops the proxy, waits for the exchanges in flight, and writes everything. */
  stop(): Promise<RecordingResult>;
}

export async function startProxySession(opts: SessionOptions & { upstream: string; host?: string; port?: number; onProblem?(line: string): void }): Promise<ProxySession> {
  const recorder = recorderFor(opts);
  const proxy = await startRecordingProxy({
    upstream: opts.upstream,
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    onExchange: (exchange) => recorder.add(exchange),
    onProblem: (line) => opts.onProblem?.(opts.redact(line)),
  });
  return {
    url: proxy.url,
    async stop() {
      await proxy.close();
      return conclude(recorder, opts.upstream, opts);
    },
  };
}

/** The same checks and fixtures for exchanges captured elsewhere (a HAR read by `har-io.ts`). */
export async function recordExchanges(exchanges: readonly RecordedExchange[], opts: SessionOptions): Promise<RecordingResult> {
  const recorder = recorderFor(opts);
  for (const exchange of exchanges) recorder.add(exchange);
  // Fixture paths are relative to the origin the HAR's first call went to.
  const first = exchanges[0];
  const upstream = first ? new URL(first.request.url).origin : 'http://127.0.0.1';
  return conclude(recorder, upstream, opts);
}
