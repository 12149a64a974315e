/**
 * What every platform API route (batch ingestion, Catalog, Data Access) shares: the gateway's header checks
 * first, then the handler; a handler refuses a request by throwing a `Refusal`, answered as the service
 * error body `{type, status, title, detail}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serviceError, type RouteHandler } from './app.js';
import type { ServerContext } from './context.js';
import { checkPlatformHeaders, type PlatformCaller } from './gateway-auth.js';
import { sendJson } from './http.js';
import { StoreError } from './store/index.js';

export type Params = Record<string, string | undefined>;

export type PlatformHandler = (req: IncomingMessage, res: ServerResponse, params: Params, query: URLSearchParams, ctx: ServerContext, caller: PlatformCaller) => Promise<void>;

export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = { 400: 'BadRequestError', 404: 'NotFoundError', 405: 'MethodNotAllowed', 413: 'PayloadTooLarge', 416: 'RangeNotSatisfiable' };

function answerRefusal(res: ServerResponse, refusal: Refusal): void {
  sendJson(res, refusal.status, serviceError(refusal.status, TITLES[refusal.status] ?? 'Error', refusal.detail), refusal.headers);
}

/** Runs a handler after the gateway's header checks, turning a Refusal into its service error answer. */
export function platformRoute(handler: PlatformHandler): RouteHandler {
  return async (req, res, params, query, ctx) => {
    const caller = checkPlatformHeaders(req, res, ctx);
    if (caller === null) return;
    try {
      await handler(req, res, params, query, ctx, caller);
    } catch (error) {
      if (error instanceof Refusal) return answerRefusal(res, error);
      if (error instanceof StoreError && error.code === 'invalid-name') return answerRefusal(res, new Refusal(400, error.message));
      throw error;
    }
  };
}

