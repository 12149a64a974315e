/**
 * Faults on demand. A test asks for one with the request header `x-aep-harness-fault`, a list of
 * `name[=value]` separated by `;` or `,`:
 *   `429`                  answer 429 Too Many Requests (the documented rate-limit answer)
 *   `500`                  answer 500, the documented "error in processing payload"
 *   `503` / `retry-after=N` answer 503 Service Unavailable with `Retry-After: N` (default 1)
 *   `latency=MS`           wait MS milliseconds (at most 10 000) before handling the request
 *   `drop`                 close the connection without an answer
 *   `batch=retrying`       (on a batch COMPLETE) processing hits a transient error: the batch goes retrying
 *   `batch=stalled`        (on a batch COMPLETE) the batch goes retrying, then stalled
 *   `campaign=failed-fetch|failed-upload|aborted`  (on a Campaign trigger) how that ingestion request ends,
 *                          instead of its mapping's `outcome` in the world
 * The world file may also list faults (`faults:`) the server injects on its own on every Nth request to a path
 * (`world-faults.ts`); a request whose header asks for 429, 503, latency or drop gets the header's instead.
 * The server obeys it only when started with `faults: true` (the default for `serve`; off for `startServer`
 * unless asked), so a production-like run can never be made to misbehave by a client.
 */
import type { IncomingMessage } from 'node:http';
import { MAX_FAULT_LATENCY_MS } from '../world/world-file.schema.js';
import { worldFaultOf, type WorldFaultScope } from './world-faults.js';

export const FAULT_HEADER = 'x-aep-harness-fault';
const MAX_LATENCY_MS = MAX_FAULT_LATENCY_MS;

export interface Fault {
  status?: 429 | 500 | 503;
  retryAfter?: number;
  latencyMs?: number;
  drop?: boolean;
  /** The status processing of a completed batch stops in, through the life cycle's retry/stall events. */
  batch?: BatchFault;
  /** How the Campaign ingestion request this trigger creates ends. */
  campaign?: CampaignFault;
}

export const CAMPAIGN_FAULTS = ['failed-fetch', 'failed-upload', 'aborted'] as const;
export type CampaignFault = (typeof CAMPAIGN_FAULTS)[number];

function isCampaignFault(value: string | undefined): value is CampaignFault {
  return (CAMPAIGN_FAULTS as readonly (string | undefined)[]).includes(value);
}

export const BATCH_FAULTS = ['retrying', 'stalled'] as const;
export type BatchFault = (typeof BATCH_FAULTS)[number];

function isBatchFault(value: string | undefined): value is BatchFault {
  return (BATCH_FAULTS as readonly (string | undefined)[]).includes(value);
}

export class FaultSyntaxError extends Error {}

export function parseFault(value: string | undefined): Fault | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const fault: Fault = {};
  for (const part of value.split(/[;,]/)) {
    const [rawName, rawValue] = part.trim().split('=', 2) as [string, string | undefined];
    const name = rawName.toLowerCase();
    const number = rawValue === undefined ? undefined : Number(rawValue);
    const word = rawValue?.toLowerCase();
    if (name === '') continue;
    if (name === '429' || name === '500' || name === '503') fault.status = Number(name) as 429 | 500 | 503;
    else if (name === 'retry-after' && number !== undefined && Number.isInteger(number) && number >= 0) fault.retryAfter = number;
    else if (name === 'latency' && number !== undefined && Number.isFinite(number) && number >= 0) fault.latencyMs = Math.min(number, MAX_LATENCY_MS);
    else if (name === 'drop') fault.drop = true;
    else if (name === 'batch' && isBatchFault(word)) fault.batch = word;
    else if (name === 'campaign' && isCampaignFault(word)) fault.campaign = word;
    else {
      throw new FaultSyntaxError(
        `unknown fault "${part.trim()}" in ${FAULT_HEADER}; expected 429, 500, 503, retry-after=N, latency=MS or drop; on a batch COMPLETE also ${BATCH_FAULTS.map((f) => `batch=${f}`).join(' or ')}; on a Campaign trigger also ${CAMPAIGN_FAULTS.map((f) => `campaign=${f}`).join(' or ')}`,
      );
    }
  }
  return fault;
}

/**
 * The fault a request asks for with its header and, given the server's `scope` (its world and per-server
 * counters), the world's faults: a header asking for 429, 503, latency or drop wins, and the request is then
 * not counted by the world's faults; the header's other names (batch=, campaign=) combine with them.
 */
export function faultOf(req: IncomingMessage, scope?: WorldFaultScope): Fault | undefined {
  const value = req.headers[FAULT_HEADER];
  const asked = parseFault(Array.isArray(value) ? value.join(';') : value);
  if (scope === undefined) return asked;
  const transport = asked !== undefined && (asked.status !== undefined || asked.latencyMs !== undefined || asked.drop === true);
  if (transport) return asked;
  const world = worldFaultOf(req, scope);
  return world === undefined ? asked : { ...world, ...asked };
}
