/**
 * What the documentation asks of a client, as data: the obligations `check-client` judges a client's traffic
 * against, each with its source, and the few numbers no source gives, each marked as the harness's choice.
 */
import type { SourceRef } from './sources.js';

const TUTORIAL = (section: string): SourceRef => ({ source: 'streaming-multiple-messages', section });
const STREAMING_OPENAPI = (section: string): SourceRef => ({ source: 'openapi-streaming', section });

export const CLIENT_OBLIGATIONS = {
  /** "Clients should retry at least 3 times using an exponential back-off strategy." */
  retryUnavailable: {
    minRetries: 3,
    source: TUTORIAL('Appendix: response codes'),
  },
  /** The OpenAPI file's 503 answer carries Retry-After, "the number of seconds to retry after". */
  retryAfter: {
    source: STREAMING_OPENAPI('paths./collection/batch/{CONNECTION_ID}.post.responses.503.headers.Retry-After'),
  },
  /** 207 in success, partial success and failure alike: every entry says what happened to its message. */
  readEveryEntry: { source: TUTORIAL('Identify failed messages: response') },
  /** 401 and 403 name a missing, invalid or expired token: sending it again changes nothing. */
  unauthorized: { source: TUTORIAL('Appendix: response codes') },
  /** 413: "the total payload request is greater than 1MB". */
  requestLimit: { source: TUTORIAL('Appendix: response codes') },
} as const;

/**
 * How `check-client` reads "exponential back-off" from measured waits. No source gives numbers: these are
 * the harness's choices, loose enough for jitter and timer noise, tight enough that a fixed wait or a tight
 * loop is told.
 */
export const BACKOFF_READING = {
  /** A wait shorter than this is no back-off at all: a retry in a tight loop. */
  minWaitMs: 100,
  /** Over a run of waits, the last must be at least this many times the first. */
  minGrowth: 1.5,
  /** One wait may be shorter than the one before it by jitter, down to this share of it. */
  jitterFloor: 0.5,
  /** A wait may end this much before Retry-After has passed (timers, clocks), and still honour it. */
  retryAfterToleranceMs: 50,
  basis: "the harness's choice: the documentation asks for exponential back-off but gives no base, factor or jitter",
} as const;
