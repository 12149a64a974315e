/**
 * `aep-ingest-harness`: what the package promises to programs. This file is the one place that says what
 * is public; every other module is internal and may change in any release. The Vitest matchers and
 * `useReferenceServer` are the `aep-ingest-harness/vitest` entry (src/vitest/).
 */

// --- The reference server ---------------------------------------------------------------------------
export { startServer, type RunningServer, type StartServerOptions } from './server/index.js';

// --- The world: the tenant (orgs, inlets, XDM schemas, datasets, Campaign mappings) -------------------
export { defaultWorld, DEFAULT_WORLD_SOURCE, loadWorld, parseWorld, WorldError, type WorldIssue } from './world/index.js';
export type { CampaignMapping, CampaignOutcome, Dataset, Inlet, Org, SchemaClass, World, WorldFault, WorldNotice, XdmSchema } from './world/index.js';
export { PROFILE_NAMES, type ProfileName } from './contract/profiles.js';

// --- Pre-flight: what the streaming endpoint would answer, and why -----------------------------------
export {
  preflight,
  preflightValues,
  type PreflightRunOptions as PreflightOptions,
  type PreflightValue,
  type PreflightValuesOptions,
} from './rules/streaming/preflight-run.js';
export { ConfigurationError } from './rules/streaming/analyse.js';
export type { Finding, RuleInfo, Severity } from './rules/finding.js';

// --- Verifying a server: documented exchanges and generated traffic ----------------------------------
export { DEFAULT_FIXTURES_DIR, replay, type ReplayRunOptions as ReplayOptions } from './replay/runner.js';
export { FixtureError } from './replay/fixture-error.js';
export { DEFAULT_RUNS, verify, type VerifyRunOptions as VerifyOptions } from './conformance/verify/runner.js';
export { VERIFY_GROUPS, VERIFY_PROPERTY_NAMES, type VerifyGroup } from './conformance/verify/index.js';
export { TargetUnreachable } from './conformance/target.js';

// --- Reports: every format, pure functions of one model ----------------------------------------------
export { FORMAT_EXTENSIONS, FORMAT_NAMES, isFormatName, renderReport, type FormatName, type RenderContext } from './report/index.js';
export type {
  FileReport,
  InputKind,
  PredictedAnswer,
  PredictedBatchFile,
  PredictedCounts,
  PredictedFailedRecord,
  PredictedMessage,
  PreflightReport,
  StreamingValidationError,
  WireResponseEntry,
} from './report/index.js';
export {
  CONFORMANCE_EXTENSIONS,
  CONFORMANCE_FORMAT_NAMES,
  isConformanceFormat,
  renderConformance,
  type ConformanceFormat,
} from './report/conformance/index.js';
export type { BehaviourResult, BehaviourStatus, CheckOrigin, ConformanceCheck, ConformanceReport, ConformanceRun } from './report/conformance/model.js';

// --- Traces: recorded batch, Catalog and Campaign calls against the life cycles ----------------------
export {
  checkHarText,
  checkTrace,
  readHar,
  TraceError,
  type Trace,
  type TraceCheckResult,
  type TraceEntry,
  type TraceFinding,
  type TraceHeader,
  type TraceInputError,
} from './lifecycle/trace/index.js';

export { VERSION } from './version.js';

// --- Verifying a client: check-client --------------------------------------------------------------------
export {
  checkClient,
  CommandNotStarted,
  SCENARIO_NAMES,
  ScenarioWorldError,
  type CheckClientOptions,
  type ScenarioName,
} from './conformance/client/index.js';
export { CLIENT_EXTENSIONS, CLIENT_FORMAT_NAMES, renderClient, type ClientFormat } from './report/client/index.js';
export type { ClientFinding, ClientReport, ClientRun, ScenarioResult, ScenarioStatus } from './report/client/index.js';

// --- The reference client ---------------------------------------------------------------------------------
// A library that sends, retries, uploads and polls as documented: the baseline check-client passes.
export {
  AepClient,
  AepClientError,
  clientFromEnv,
  runClientFromEnv,
  formatSummary,
  readMessagesFile,
  DEFAULT_RETRY_POLICY,
  DEFAULT_POLL_POLICY,
  DEFAULT_MAX_REQUEST_BYTES,
  retryPolicy,
  RetryPolicyError,
  parseRetryAfter,
  packMessages,
  CLIENT_ENVIRONMENT,
  CLIENT_VARIABLES,
  type AepClientOptions,
  type AepClientErrorKind,
  type BatchFileOptions,
  type BatchResult,
  type BatchSummary,
  type CampaignResult,
  type CampaignSummary,
  type ClientEnvironment,
  type ClientRunSummary,
  type ClientVariable,
  type FailedRecord,
  type FetchLike,
  type MessageResult,
  type PollPolicy,
  type RetryPolicy,
  type RunClientOptions,
  type SendResult,
  type StreamingSummary,
} from './client/index.js';
