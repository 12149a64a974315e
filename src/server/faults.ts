/**
 * Faults on demand. A test asks for one with the request header `x-aep-harness-fault`, a list of
 * `name[=value]` separated by `;` or `,`:
 *   `429`                  answer 429 Too Many Requests (the documented rate-limit answer)
 *   `503` / `retry-after=N` answer 503 Service Unavailable with `Retry-After: N` (default 1)
 *   `latency=MS`           wait MS milliseconds (at most 10 000) before handling the request
 *   `drop`                 close the connection without an answer
 * The server obeys it only when started with `faults: true` (the default for `serve`; off for `startServer`
 * unless asked), so a production-like run can never be made to misbehave by a client.
 */
import type { IncomingMessage } from 'node:http';

export const FAULT_HEADER = 'x-aep-harness-fault';
const MAX_LATENCY_MS = 10_000;

export interface Fault {
  status?: 429 | 503;
  retryAfter?: number;
  latencyMs?: number;
  drop?: boolean;
}

export class FaultSyntaxError extends Error {}

export function parseFault(value: string | undefined): Fault | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const fault: Fault = {};
  for (const part of value.split(/[;,]/)) {
    const [rawName, rawValue] = part.trim().split('=', 2) as [string, string | undefined];
    const name = rawName.toLowerCase();
    const number = rawValue === undefined ? undefined : Number(rawValue);
    if (name === '') continue;
    if (name === '429' || name === '503') fault.status = Number(name) as 429 | 503;
    else if (name === 'retry-after' && number !== undefined && Number.isInteger(number) && number >= 0) fault.retryAfter = number;
    else if (name === 'latency' && number !== undefined && Number.isFinite(number) && number >= 0) fault.latencyMs = Math.min(number, MAX_LATENCY_MS);
    else if (name === 'drop') fault.drop = true;
    else throw new FaultSyntaxError(`unknown fault "${part.trim()}" in ${FAULT_HEADER}; expected 429, 503, retry-after=N, latency=MS or drop`);
  }
  return fault;
}

export function faultOf(req: IncomingMessage): Fault | undefined {
  const value = req.headers[FAULT_HEADER];
  return parseFault(Array.isArray(value) ? value.join(';') : value);
}
