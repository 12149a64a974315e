/**
 * What the reference server answers besides the documented APIs, around the router: a health route for
 * scripts and CI that wait for it to be up, and a log line per request for `aep-harness serve`.
 *
 * The health route lives under `/aep-harness/`: the documented paths begin `/collection/`, `/data/` or
 * `/{ORGANIZATION}/campaign/` (three segments and more below the org), so a two-segment path under a
 * name of the harness's own is never one of Adobe's. It is answered before faults, so a
 * `x-aep-harness-fault` header cannot make the server look down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VERSION } from '../version.js';
import type { ServerContext } from './context.js';

export const HEALTH_PATH = '/aep-harness/health';

/** One answered (or abandoned) request: what `serve` prints as a line. */
export interface RequestLogEntry {
  method: string;
  /** The path without its query string (a query may carry a file path or an id, never needed in a log line). */
  path: string;
  /** The status sent, or null when the connection closed before an answer. */
  status: number | null;
  ms: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function withHarnessRoutes(handler: Handler, ctx: ServerContext, requestLog?: (entry: RequestLogEntry) => void): Handler {
  const startedAt = Date.now();
  return (req, res) => {
    if (requestLog !== undefined) {
      const start = process.hrtime.bigint();
      res.once('close', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        requestLog({ method: req.method ?? '?', path: (req.url ?? '').split('?')[0] ?? '', status: res.headersSent ? res.statusCode : null, ms });
      });
    }
    const path = (req.url ?? '').split('?')[0];
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const body = JSON.stringify({ status: 'ok', name: 'aep-ingest-harness', version: VERSION, profile: ctx.profile, world: ctx.world.source, uptimeMs: Date.now() - startedAt });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      req.resume();
      return;
    }
    handler(req, res);
  };
}

/** The line `serve` prints for a request: `POST /collection/batch/… 207 3.1 ms`. */
export function requestLogLine(entry: RequestLogEntry): string {
  return `${entry.method} ${entry.path} ${entry.status ?? '- (closed before an answer)'} ${entry.ms.toFixed(1)} ms`;
}
