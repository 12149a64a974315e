/**
 * Streaming ingestion: messages sent to `POST /collection/batch/{CONNECTION_ID}` (STREAMING_ENDPOINTS.batch)
 * in requests within the request limit, every entry of each 207 read, and each message's fate returned.
 *
 * What the documentation asks, and where each line below keeps it:
 * - 207 is the answer to success, partial success and failure alike; every entry says what happened to its
 *   message: `xactionId` accepted, `{statusCode, message}` rejected (CLIENT_OBLIGATIONS.readEveryEntry).
 *   An accepted message is never sent again (it would be ingested twice); a rejected one is not sent again
 *   either, since unchanged it gets the same answer: the caller fixes it.
 * - 503 (and 429, 500, 502, 504, network errors) are retried with exponential back-off, at least three times
 *   (CLIENT_OBLIGATIONS.retryUnavailable), never before Retry-After (CLIENT_OBLIGATIONS.retryAfter).
 * - 401 and 403 are not retried (CLIENT_OBLIGATIONS.unauthorized): sending stops, and the caller sees why.
 * - 413 is "the total payload request is greater than 1MB" (CLIENT_OBLIGATIONS.requestLimit): a request
 *   answered 413 is split in half and each half sent; a single message answered 413 is too large.
 *
 * Requests go one after the other, in message order: after a 401 nothing more is sent with that token.
 */
import { STREAMING_ENDPOINTS } from '../contract/streaming.js';
import { AepClientError } from './errors.js';
import { deliver, problemText, type Answer, type Transport } from './http.js';
import { packMessages, requestBody, requestBytes, serializeMessage, type SerializedMessage } from './pack.js';
import { UNAUTHORIZED_STATUSES } from './retry.js';

/** What happened to one message, by its index in the list given to `sendMessages`. */
export type MessageResult =
  /** The 207 entry carried an xactionId: the message is in. */
  | { index: number; status: 'accepted'; xactionId: string }
  /** The 207 entry was `{statusCode, message}`: the documented reason, for the caller to fix. */
  | { index: number; status: 'rejected'; statusCode: number; message: string }
  /** Over the request limit on its own (never sent), or answered 413 alone. */
  | { index: number; status: 'too-large'; bytes: number; reason: string }
  /** Sent, but not accepted: the request was refused as a whole, retries ran out, or the 207 had no entry for it. */
  | { index: number; status: 'failed'; httpStatus?: number; reason: string }
  /** Never sent: sending stopped before its turn (401/403, an unknown inlet, retries exhausted), or it is no JSON value. */
  | { index: number; status: 'not-sent'; reason: string };

export interface SendResult {
  /** One result per message, in the order given. */
  results: MessageResult[];
  accepted: number;
  rejected: number;
  /** Messages neither accepted nor rejected: too large, failed or not sent. */
  notAccepted: number;
  /** Distinct request bodies sent (a retry of the same body is not counted again; a split is). */
  requests: number;
  /** Set when sending stopped: 401/403 (`unauthorized`), retries exhausted (`gave-up`), or an answer it cannot go on from (`refused`). */
  error?: AepClientError;
}

export interface StreamingTarget {
  transport: Transport;
  /** The streaming base URL (`https://dcs.adobedc.net`). */
  baseUrl: string;
  inletId: string;
  headers: Record<string, string>;
  maxRequestBytes: number;
  timeoutMs: number;
}

export function streamingUrl(baseUrl: string, inletId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${STREAMING_ENDPOINTS.batch.path.replace('{CONNECTION_ID}', encodeURIComponent(inletId))}`;
}

interface Entry {
  xactionId?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

/** The 207's entries, one per message in request order, or undefined when the body holds no `responses` array. */
function entriesOf(answer: Answer): readonly unknown[] | undefined {
  const responses = (answer.json as { responses?: unknown } | undefined)?.responses;
  return Array.isArray(responses) ? responses : undefined;
}

function readEntry(index: number, entry: unknown, status: number): MessageResult {
  const e = (entry !== null && typeof entry === 'object' ? entry : {}) as Entry;
  if (typeof e.xactionId === 'string') return { index, status: 'accepted', xactionId: e.xactionId };
  if (typeof e.statusCode === 'number') return { index, status: 'rejected', statusCode: e.statusCode, message: typeof e.message === 'string' ? e.message : '' };
  // Its fate is unknown: it may have been taken, so it is not sent again, and the caller is told.
  return { index, status: 'failed', httpStatus: status, reason: 'the 207 answer has no entry for this message' };
}

export async function sendMessages(target: StreamingTarget, messages: readonly unknown[]): Promise<SendResult> {
  const results: (MessageResult | undefined)[] = new Array(messages.length);
  const serialized: SerializedMessage[] = [];
  messages.forEach((message, index) => {
    const s = serializeMessage(index, message);
    if (s === undefined) results[index] = { index, status: 'not-sent', reason: 'the value has no JSON form' };
    else serialized.push(s);
  });
  const { requests, tooLarge } = packMessages(serialized, target.maxRequestBytes);
  for (const m of tooLarge) {
    // Never sent: any request carrying it would be over the limit and answered 413.
    results[m.index] = { index: m.index, status: 'too-large', bytes: m.bytes, reason: `the message alone makes a request of ${requestBytes([m])} bytes, over the ${target.maxRequestBytes}-byte limit` };
  }
  const url = streamingUrl(target.baseUrl, target.inletId);
  let sent = 0;
  let stopped: AepClientError | undefined;

  const stopAll = (group: readonly SerializedMessage[], reason: string) => {
    for (const m of group) results[m.index] ??= { index: m.index, status: 'not-sent', reason };
  };

  const sendGroup = async (group: SerializedMessage[], label: string): Promise<void> => {
    if (stopped !== undefined) return stopAll(group, `not sent: sending stopped (${stopped.message})`);
    sent++;
    const delivery = await deliver(
      target.transport,
      { method: 'POST', url, headers: target.headers, body: requestBody(group), timeoutMs: target.timeoutMs, label: `${label} (${group.length} messages, ${requestBytes(group)} bytes)` },
      'always',
    );
    if (delivery.kind === 'gave-up') {
      for (const m of group) results[m.index] = { index: m.index, status: 'failed', ...(delivery.answer ? { httpStatus: delivery.answer.status } : {}), reason: delivery.reason };
      stopped = new AepClientError('gave-up', delivery.reason, delivery.answer?.status, delivery.answer ? problemText(delivery.answer) : undefined);
      return;
    }
    const answer = delivery.answer;
    if (answer.status === 207) {
      const entries = entriesOf(answer);
      if (entries === undefined) {
        for (const m of group) results[m.index] = { index: m.index, status: 'failed', httpStatus: 207, reason: 'the 207 answer holds no responses array' };
        return;
      }
      group.forEach((m, position) => (results[m.index] = readEntry(m.index, entries[position], answer.status)));
      return;
    }
    if (answer.status === 413) {
      if (group.length === 1) {
        const m = group[0]!;
        results[m.index] = { index: m.index, status: 'too-large', bytes: m.bytes, reason: `answered 413 on its own (${requestBytes(group)} bytes): ${problemText(answer)}` };
        return;
      }
      // The endpoint's limit is below this client's: halves are smaller requests, each sent in turn.
      const half = Math.ceil(group.length / 2);
      target.transport.log(`${label}: answered 413; sending it again in two halves`);
      await sendGroup(group.slice(0, half), `${label}, first half`);
      await sendGroup(group.slice(half), `${label}, second half`);
      return;
    }
    const text = problemText(answer);
    for (const m of group) results[m.index] = { index: m.index, status: 'failed', httpStatus: answer.status, reason: `the request was answered ${answer.status}: ${text}` };
    if (UNAUTHORIZED_STATUSES.includes(answer.status)) {
      stopped = new AepClientError('unauthorized', `answered ${answer.status}: ${text}`, answer.status, text);
    } else if (answer.status === 404) {
      // An unknown inlet answers every request the same way.
      stopped = new AepClientError('refused', `answered 404: ${text}`, answer.status, text);
    }
  };

  for (const [k, group] of requests.entries()) await sendGroup(group, `streaming request ${k + 1} of ${requests.length}`);

  const final = results.map((r, index): MessageResult => r ?? { index, status: 'not-sent', reason: 'not sent' });
  const accepted = final.filter((r) => r.status === 'accepted').length;
  const rejected = final.filter((r) => r.status === 'rejected').length;
  return { results: final, accepted, rejected, notAccepted: final.length - accepted - rejected, requests: sent, ...(stopped !== undefined ? { error: stopped } : {}) };
}
