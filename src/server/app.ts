/**
 * The request handler: faults first (when enabled), then the router. Each API is one route module;
 * a route that throws answers 500 with a service error body and is logged, never crashing the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { serviceErrorBody } from '../contract/gateway.js';
import type { ServerContext } from './context.js';
import { faultOf, FaultSyntaxError } from './faults.js';
import { isClientClosed, sendJson } from './http.js';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
  query: URLSearchParams,
  ctx: ServerContext,
) => Promise<void> | void;

export interface Route {
  method: HTTPMethod;
  path: string;
  handler: RouteHandler;
}

/** The service error shape of the platform (`{type, status, title, detail}`), from the contract. */
export const serviceError = serviceErrorBody;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createHandler(routes: readonly Route[], ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const router = FindMyWay({
    ignoreTrailingSlash: true,
    defaultRoute: (req, res) => sendJson(res, 404, serviceError(404, 'NotFoundError', `no route for ${req.method} ${req.url}`)),
  });
  for (const route of routes) {
    router.on(route.method, route.path, (req, res, params, _store, searchParams) =>
      route.handler(req, res, params, new URLSearchParams(searchParams as Record<string, string>), ctx),
    );
  }
  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (isClientClosed(error, req)) {
        // An aborted upload is the client's doing: one line, no stack trace (and no query string).
        ctx.log(`${req.method} ${(req.url ?? '').split('?')[0]}: client closed the connection`);
        res.destroy();
        return;
      }
      ctx.log(`${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, serviceError(500, 'InternalServerError', 'the reference server failed to handle this request'));
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (ctx.faults) {
      let fault;
      try {
        fault = faultOf(req, ctx);
      } catch (error) {
        if (error instanceof FaultSyntaxError) return sendJson(res, 400, serviceError(400, 'BadRequestError', error.message));
        throw error;
      }
      if (fault?.latencyMs) await sleep(fault.latencyMs);
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      if (fault?.status === 429) return sendJson(res, 429, serviceError(429, 'TooManyRequests', 'Too many requests within the time window.'));
      if (fault?.status === 500) return sendJson(res, 500, serviceError(500, 'InternalServerError', 'Error in processing the payload.'));
      if (fault?.status === 503) {
        return sendJson(res, 503, serviceError(503, 'ServiceUnavailable', 'Service unavailable: retry with exponential back-off.'), {
          'Retry-After': String(fault.retryAfter ?? 1),
        });
      }
    }
    await router.lookup(req, res);
  }
}
