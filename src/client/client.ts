/**
 * `AepClient`: the reference client's options in one place, and the three jobs it does (streaming, a batch
 * file, a Campaign trigger), each in its own module. The credentials are held in a private field, so that
 * printing or inspecting a client never shows the token.
 */
import { AepClientError } from './errors.js';
import { campaignHeaders, platformHeaders, streamingHeaders, type Credentials } from './headers.js';
import { systemTiming, type FetchLike, type Timing, type Transport } from './http.js';
import { DEFAULT_MAX_REQUEST_BYTES, ENVELOPE_BYTES } from './pack.js';
import { pollPolicy, type PollPolicy } from './poll.js';
import { retryPolicy, type RetryPolicy } from './retry.js';
import { ingestBatchFile, type BatchFileOptions, type BatchResult } from './batch.js';
import { triggerCampaign, type CampaignResult } from './campaign.js';
import { sendMessages, type SendResult } from './streaming.js';
import { DEFAULT_LARGE_FILE_THRESHOLD_BYTES, DEFAULT_PART_BYTES, MAX_PART_BYTES } from './upload.js';

export interface AepClientOptions {
  /** Base of the streaming endpoints, e.g. `https://dcs.adobedc.net`. */
  streamingUrl?: string;
  /** Base of the batch ingestion, Catalog and export APIs, e.g. `https://platform.adobe.io`. */
  platformUrl?: string;
  /** Base of Adobe Campaign Standard, e.g. `https://mc.adobe.io`. */
  campaignUrl?: string;
  /** The streaming connection id ({CONNECTION_ID}). */
  inletId?: string;
  /** The IMS org (x-gw-ims-org-id; the Campaign {ORGANIZATION}). */
  orgId?: string;
  sandboxName?: string;
  /** Bearer token: every platform and Campaign call; streaming calls when given. Never logged. */
  accessToken?: string;
  apiKey?: string;
  /** The largest streaming request body, in bytes. Default 1 000 000 (the smaller reading of "1 MB"). */
  maxRequestBytes?: number;
  /** Changes to the retry policy (DEFAULT_RETRY_POLICY). */
  retry?: Partial<RetryPolicy>;
  /** Changes to the polling of batch and Campaign statuses (DEFAULT_POLL_POLICY). */
  polling?: Partial<PollPolicy>;
  /** Milliseconds one API call may take, answer included. Default 60 000. */
  timeoutMs?: number;
  /** Milliseconds one file upload request (a PUT or a part) may take. Default 600 000. */
  uploadTimeoutMs?: number;
  /** Files above this many bytes go by the large-file upload. Default 256 MB (268 435 456 bytes). */
  largeFileThresholdBytes?: number;
  /** Bytes of each part of a large-file upload. Default the threshold (at most 512 000 000). */
  partBytes?: number;
  /** The fetch to send with; default Node's built-in `fetch`. */
  fetch?: FetchLike;
  /** Waiting, for tests: default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock (milliseconds), for Retry-After dates and deadlines: default `Date.now`. */
  now?: () => number;
  /** In [0, 1): the back-off's jitter. Default `Math.random`. */
  random?: () => number;
  /** Where progress lines go (retries, ids, statuses); none carries a credential. Default: nowhere. */
  logger?: (line: string) => void;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_UPLOAD_TIMEOUT_MS = 600_000;

function positiveInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AepClientError('input', `${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}

export class AepClient {
  readonly #credentials: Credentials;
  readonly streamingUrl: string | undefined;
  readonly platformUrl: string | undefined;
  readonly campaignUrl: string | undefined;
  readonly inletId: string | undefined;
  readonly orgId: string | undefined;
  readonly sandboxName: string | undefined;
  readonly maxRequestBytes: number;
  readonly retry: RetryPolicy;
  readonly polling: PollPolicy;
  readonly timeoutMs: number;
  readonly uploadTimeoutMs: number;
  readonly largeFileThresholdBytes: number;
  readonly partBytes: number;
  readonly #transport: Transport;

  constructor(options: AepClientOptions = {}) {
    this.#credentials = {
      ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.orgId !== undefined ? { orgId: options.orgId } : {}),
      ...(options.sandboxName !== undefined ? { sandboxName: options.sandboxName } : {}),
    };
    this.streamingUrl = options.streamingUrl;
    this.platformUrl = options.platformUrl;
    this.campaignUrl = options.campaignUrl;
    this.inletId = options.inletId;
    this.orgId = options.orgId;
    this.sandboxName = options.sandboxName;
    this.maxRequestBytes = positiveInteger('maxRequestBytes', options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES, ENVELOPE_BYTES + 1);
    this.retry = retryPolicy(options.retry);
    this.polling = pollPolicy(options.polling);
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1);
    this.uploadTimeoutMs = positiveInteger('uploadTimeoutMs', options.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS, 1);
    this.largeFileThresholdBytes = positiveInteger('largeFileThresholdBytes', options.largeFileThresholdBytes ?? DEFAULT_LARGE_FILE_THRESHOLD_BYTES, 1);
    this.partBytes = positiveInteger('partBytes', options.partBytes ?? Math.min(this.largeFileThresholdBytes, DEFAULT_PART_BYTES), 1, MAX_PART_BYTES);
    const timing: Timing = {
      now: options.now ?? systemTiming.now,
      sleep: options.sleep ?? systemTiming.sleep,
      random: options.random ?? systemTiming.random,
    };
    const log = options.logger ?? (() => {});
    this.#transport = { fetch: options.fetch ?? ((input, init) => fetch(input, init)), timing, policy: this.retry, log };
  }

  #require(name: string, value: string | undefined): string {
    if (value === undefined || value === '') throw new AepClientError('input', `the client has no ${name}`);
    return value;
  }

  /**
   * Sends the messages to the inlet's `/collection/batch/{CONNECTION_ID}` in requests within
   * `maxRequestBytes`, and says per message whether it was accepted (xactionId) or rejected (the documented
   * text). Never throws for an answer: `error` says why sending stopped, if it did.
   */
  async sendMessages(messages: readonly unknown[], options: { inletId?: string } = {}): Promise<SendResult> {
    return sendMessages(
      {
        transport: this.#transport,
        baseUrl: this.#require('streamingUrl', this.streamingUrl),
        inletId: this.#require('inletId', options.inletId ?? this.inletId),
        headers: streamingHeaders(this.#credentials),
        maxRequestBytes: this.maxRequestBytes,
        timeoutMs: this.timeoutMs,
      },
      messages,
    );
  }

  /** Creates a batch, uploads the file, completes the batch, polls it to a final status, and reads a failed batch's failed records. */
  async ingestBatchFile(options: BatchFileOptions): Promise<BatchResult> {
    const credentials = this.#credentials;
    return ingestBatchFile(
      {
        transport: this.#transport,
        platformUrl: this.#require('platformUrl', this.platformUrl),
        headers: (contentType) => platformHeaders(credentials, contentType),
        thresholdBytes: this.largeFileThresholdBytes,
        partBytes: this.partBytes,
        timeoutMs: this.timeoutMs,
        uploadTimeoutMs: this.uploadTimeoutMs,
        polling: this.polling,
      },
      options,
    );
  }

  /** Triggers the Campaign mapping's ingestion and follows the request (the new one, or the one already in progress) to its end. */
  async triggerCampaign(mappingId: string): Promise<CampaignResult> {
    return triggerCampaign(
      {
        transport: this.#transport,
        campaignUrl: this.#require('campaignUrl', this.campaignUrl),
        orgId: this.#require('orgId', this.orgId),
        headers: campaignHeaders(this.#credentials),
        timeoutMs: this.timeoutMs,
        polling: this.polling,
      },
      mappingId,
    );
  }
}
