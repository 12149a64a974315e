/**
 * The few HTTP calls `verify` makes, over global fetch: the target's base URL and headers, a bounded time
 * per call, and the answer read whole (status, text, JSON when it is JSON). A call nothing answers throws
 * `TargetUnreachable`, so a run against a target that went away stops with exit code 4.
 */
import { isUnreachable, TargetUnreachable } from '../target.js';

export interface Answer {
  status: number;
  text: string;
  /** The parsed body, or `undefined` when it is empty or not JSON. */
  json: unknown;
  /** The answer's headers, names in lower case. */
  headers?: Record<string, string>;
}

export interface CallOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Headers of the target's set not to send (any case), to see what their absence answers. */
  omit?: readonly string[];
}

export interface TargetHttp {
  readonly url: string;
  call(method: string, path: string, opts?: CallOptions): Promise<Answer>;
}

/** No call of a verify run should take longer; a hung target is reported, not waited for. */
const CALL_TIMEOUT_MS = 30_000;

export function targetHttp(url: string, headers: Record<string, string>): TargetHttp {
  return {
    url,
    async call(method, path, opts = {}) {
      const query = opts.query === undefined ? '' : `?${new URLSearchParams(opts.query).toString()}`;
      let response: Response;
      try {
        const omitted = new Set((opts.omit ?? []).map((name) => name.toLowerCase()));
        const sent = Object.fromEntries(Object.entries({ ...headers, ...opts.headers }).filter(([name]) => !omitted.has(name.toLowerCase())));
        response = await fetch(`${url}${path}${query}`, {
          method,
          headers: sent,
          ...(opts.body !== undefined ? { body: opts.body } : {}),
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
      } catch (error) {
        if (isUnreachable(error) || (error instanceof Error && error.name === 'TimeoutError')) {
          const reason = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
          throw new TargetUnreachable(url, reason);
        }
        throw error;
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json, headers: Object.fromEntries(response.headers.entries()) };
    },
  };
}

/** An answer as a failed check prints it: the status and the start of the body. */
export function shown(answer: Answer, chars = 300): string {
  return `${answer.status}${answer.text === '' ? '' : ` ${answer.text.slice(0, chars)}`}`;
}

/** An object's fields, or `undefined` when the value is not a plain object: bodies are `unknown` until read. */
export function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
