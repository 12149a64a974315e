/**
 * The recorder: every exchange, from the proxy or a HAR, is redacted first, then checked (streaming
 * exchanges against the analyser's prediction, batch/Catalog/Campaign ones by the trace checker), and
 * each finding is told as it happens, one redacted line. At the end it holds everything the writers need.
 */
import type { ProfileName } from '../../contract/profiles.js';
import type { Redactor } from '../../report/redact.js';
import type { World } from '../../world/types.js';
import { redactExchange } from '../redact-exchange.js';
import type { RecordedExchange, RedactedExchange } from './exchange.js';
import { checkFinding, RECORD_FINDINGS, type ExchangeCheck, type ExchangeFinding } from './findings.js';
import { StreamingChecker, streamingCall } from './streaming-check.js';
import { TraceWatcher } from './trace-check.js';

export interface RecorderOptions {
  world: World;
  profile: ProfileName;
  redact: Redactor;
  /** Receives each finding as one line, already redacted. */
  onLine?(line: string): void;
}

function findingLine(f: ExchangeFinding): string {
  return `#${f.exchange} ${f.severity.padEnd(5)} ${f.ruleId}  ${f.message}`;
}

export class Recorder {
  readonly exchanges: RedactedExchange[] = [];
  readonly findings: ExchangeFinding[] = [];
  readonly checks: ExchangeCheck[] = [];
  private readonly streaming: StreamingChecker;
  private readonly trace: TraceWatcher;
  private finished = false;

  constructor(private readonly options: RecorderOptions) {
    this.streaming = new StreamingChecker(options.world, options.profile);
    this.trace = new TraceWatcher(options.profile);
  }

  add(raw: RecordedExchange): RedactedExchange {
    const exchange = redactExchange(raw, this.options.redact);
    this.exchanges.push(exchange);
    const found: ExchangeFinding[] = [];
    const checks: ExchangeCheck[] = [];
    for (const [part, message] of [
      ['request', raw.request],
      ['answer', raw.response],
    ] as const) {
      if (message.bytes !== undefined && message.bytes > message.body.length) {
        found.push({
          ruleId: RECORD_FINDINGS.bodyTruncated.id,
          severity: RECORD_FINDINGS.bodyTruncated.severity,
          exchange: exchange.index,
          message: `the ${part} body has ${message.bytes} bytes; only the first ${message.body.length} were kept for the recording`,
          side: part,
        });
      }
    }
    const url = new URL(exchange.request.url);
    const call = streamingCall(exchange.request.method, url);
    const traced = this.trace.add(exchange);
    found.push(...traced.findings);
    checks.push(...traced.checks);
    if (call !== undefined) {
      const result = this.streaming.check(exchange, call);
      found.push(...result.findings);
      checks.push(...result.checks);
    }
    this.keep(found, checks);
    return exchange;
  }

  /** Findings only the whole recording shows (a batch never completed), and the life-cycle checks. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const result = this.trace.finish();
    this.keep(result.findings, result.checks);
  }

  private keep(findings: readonly ExchangeFinding[], checks: readonly ExchangeCheck[]): void {
    const redact = this.options.redact;
    const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text));
    const told = [...findings, ...checks.filter((c) => !c.ok).map((c) => checkFinding(c))];
    for (const f of told) {
      const finding = { ...f, message: redact(f.message) };
      this.findings.push(finding);
      this.options.onLine?.(redact(findingLine(finding)));
    }
    for (const c of checks) {
      const check: ExchangeCheck = { ...c, subject: redact(c.subject) };
      const expected = clean(c.expected);
      const actual = clean(c.actual);
      if (expected !== undefined) check.expected = expected;
      if (actual !== undefined) check.actual = actual;
      this.checks.push(check);
    }
  }
}
