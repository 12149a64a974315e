/**
 * The reference client: a library that sends data to Adobe Experience Platform the way the documentation
 * says a client must (streaming within the request limit, every 207 entry read, retries with exponential
 * back-off and Retry-After, batch upload, COMPLETE and polling, failed records read, Campaign triggers
 * followed to their end). It imports only the contract; see README.md beside this file.
 */
export { AepClient, DEFAULT_TIMEOUT_MS, DEFAULT_UPLOAD_TIMEOUT_MS, type AepClientOptions } from './client.js';
export {
  clientFromEnv,
  readMessagesFile,
  runClientFromEnv,
  type BatchSummary,
  type CampaignSummary,
  type ClientRunSummary,
  type RunClientOptions,
  type StreamingSummary,
} from './env.js';
export { formatSummary } from './summary.js';
export { AepClientError, type AepClientErrorKind } from './errors.js';
export type { FetchLike } from './http.js';
export {
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryPolicy,
  RetryPolicyError,
  type RetryDecision,
  type RetryPolicy,
} from './retry.js';
export { DEFAULT_POLL_POLICY, pollDelayMs, type PollPolicy } from './poll.js';
export { DEFAULT_MAX_REQUEST_BYTES, packMessages, requestBody, requestBytes, serializeMessage, type Packing, type SerializedMessage } from './pack.js';
export { streamingUrl, type MessageResult, type SendResult } from './streaming.js';
export { formatOfName, type BatchFileOptions, type BatchResult } from './batch.js';
export { DEFAULT_LARGE_FILE_THRESHOLD_BYTES, DEFAULT_PART_BYTES, MAX_PART_BYTES, contentRange, partRanges } from './upload.js';
export { parseFailedFile, type FailedRecord } from './failed-records.js';
export { campaignIngestUrl, type CampaignResult } from './campaign.js';
export { CLIENT_ENVIRONMENT, CLIENT_VARIABLES, type ClientEnvironment, type ClientVariable } from './environment.js';
