/**
 * The findings model of a `check-client` run: the client's command was run once per scenario against the
 * reference server, every exchange it made was recorded, and the client rules judged the recording. Every
 * client format beside this file renders one `ClientReport`; none of them reads anything else.
 *
 * The traffic is the verdict: the command's exit code and output are reported as evidence only.
 */
import type { ProfileName } from '../../contract/profiles.js';
import type { RuleInfo, Severity } from '../../rules/finding.js';

/** One finding of a client rule, about some exchanges of one scenario. */
export interface ClientFinding {
  /** Stable id: `client.*`, or the trace checker's `trace.client.*` for batch life-cycle invariants. */
  ruleId: string;
  severity: Severity;
  /** What the client did, in plain words, with the values from the traffic filled in. */
  message: string;
  /** The scenario it was found in. */
  scenario: string;
  /** 0-based indices of the exchanges (in the scenario's recording) the finding is about; empty when it is about their absence. */
  exchanges: number[];
  /** Where the documented obligation is written: a URL. */
  docs: string;
}

/** One recorded exchange, summarised for evidence (bodies are not kept in the report). */
export interface ExchangeSummary {
  index: number;
  /** Milliseconds from the scenario's start to the request's first byte. */
  atMs: number;
  /** Milliseconds from the request's first byte to the answer's last. */
  durationMs: number;
  method: string;
  /** Path and query as the client sent them (redacted). */
  path: string;
  status: number;
  /** What the exchange was, in the contract's terms: `streaming`, `batch.create`, `batch.upload`, … */
  call: string;
  requestBytes: number;
  /** For streaming requests: how many messages, and how the answer took them. */
  messages?: { sent: number; accepted: number; rejected: number };
  /** Set when the harness, not the reference server, answered (a fault of the scenario). */
  fault?: string;
  /** The Retry-After the answer carried, as sent. */
  retryAfter?: string;
}

/** What the client's command did. */
export interface CommandOutcome {
  /** null when the command was stopped (timeout) or could not be started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** The last lines of its standard output and error, interleaved as they came, redacted. */
  outputTail: string[];
}

export type ScenarioStatus = 'pass' | 'fail' | 'not-exercised';

export interface ScenarioResult {
  name: string;
  title: string;
  /** What the server does in this scenario and what it expects of the client. */
  description: string;
  status: ScenarioStatus;
  /** Why the traffic did not exercise the scenario, when it did not. */
  notExercised?: string;
  command: CommandOutcome;
  exchanges: ExchangeSummary[];
  findings: ClientFinding[];
  /** Findings dropped by an ignore of the configuration, counted so they never vanish silently. */
  ignored?: number;
  /** The rules that judged this scenario. */
  rules: string[];
}

export interface ClientRun {
  /** The command as given after `--` (arguments that look like secrets redacted). */
  command: string[];
  world: string;
  profile: ProfileName;
  failOn: Severity;
  startedAt: string;
  durationMs: number;
  /** Seconds a scenario's command may run before it is stopped. */
  timeoutSeconds: number;
}

export interface ClientReport {
  tool: { name: 'aep-ingest-harness'; version: string };
  run: ClientRun;
  scenarios: ScenarioResult[];
  /** Every rule that judged some scenario of the run, for help texts and SARIF. */
  rules: RuleInfo[];
  totals: {
    scenarios: number;
    pass: number;
    fail: number;
    notExercised: number;
    findings: Record<Severity, number>;
    exchanges: number;
  };
}
