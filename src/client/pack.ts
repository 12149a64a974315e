/**
 * Packing messages into `{"messages":[…]}` requests whose whole body stays within the request limit. The
 * tutorial's 413 is "the total payload request is greater than 1MB" (CLIENT_OBLIGATIONS.requestLimit); no
 * source says whether 1 MB is 1 000 000 or 1 048 576 bytes (the disagreement streaming.requestLimit.bytes),
 * so the default is the smaller reading: a request under it is under the limit whichever the platform uses.
 *
 * The body is built from the messages' own serializations, so the bytes counted are the bytes sent.
 */
import { REQUEST_LIMIT_READINGS } from '../contract/streaming.js';

/** The smaller reading of "1 MB": 1 000 000 bytes. */
export const DEFAULT_MAX_REQUEST_BYTES: number = REQUEST_LIMIT_READINGS.smallest;

const OPEN = '{"messages":[';
const CLOSE = ']}';
/** Bytes of a request body around its messages: `{"messages":[` and `]}`. */
export const ENVELOPE_BYTES = Buffer.byteLength(OPEN) + Buffer.byteLength(CLOSE);

/** One message ready to send: its position in the caller's list and its JSON text. */
export interface SerializedMessage {
  index: number;
  json: string;
  bytes: number;
}

export function serializeMessage(index: number, message: unknown): SerializedMessage | undefined {
  const json = JSON.stringify(message);
  // undefined, a function or a symbol has no JSON text: there is nothing to send.
  if (json === undefined) return undefined;
  return { index, json, bytes: Buffer.byteLength(json) };
}

/** The UTF-8 byte length of the request body that carries these messages. */
export function requestBytes(messages: readonly SerializedMessage[]): number {
  let bytes = ENVELOPE_BYTES + Math.max(0, messages.length - 1);
  for (const m of messages) bytes += m.bytes;
  return bytes;
}

/** The request body for these messages, in their order. */
export function requestBody(messages: readonly SerializedMessage[]): string {
  return `${OPEN}${messages.map((m) => m.json).join(',')}${CLOSE}`;
}

export interface Packing {
  /** Requests in message order; each body is at most the limit. */
  requests: SerializedMessage[][];
  /** Messages that are over the limit on their own: no request can carry them. */
  tooLarge: SerializedMessage[];
}

/**
 * Greedy packing in message order: a message goes into the current request unless it would take the body
 * over the limit, in which case it starts the next one. Order is kept, so messages of one profile or one
 * visit arrive in the order the caller gave them.
 */
export function packMessages(messages: readonly SerializedMessage[], maxRequestBytes: number): Packing {
  const requests: SerializedMessage[][] = [];
  const tooLarge: SerializedMessage[] = [];
  let current: SerializedMessage[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const message of messages) {
    if (ENVELOPE_BYTES + message.bytes > maxRequestBytes) {
      tooLarge.push(message);
      continue;
    }
    // One comma before every message but the first.
    const added = message.bytes + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && bytes + added > maxRequestBytes) {
      requests.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += message.bytes + (current.length > 0 ? 1 : 0);
    current.push(message);
  }
  if (current.length > 0) requests.push(current);
  return { requests, tooLarge };
}
