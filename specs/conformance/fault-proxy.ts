/**
 * A small fault-making proxy for the conformance specs: it listens on loopback, forwards every request to
 * an upstream (the reference server) with global fetch, and lets one defect rewrite the upstream's answer
 * or answer in its place. The specs put `replay` and `verify` in front of it to show that each defect is
 * caught and named.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProxiedAnswer {
  status: number;
  /** Lower-case names; hop-by-hop headers and Content-Length are left out (the proxy sets its own). */
  headers: Record<string, string>;
  body: Buffer;
}

/** What a defect does to the traffic. Both hooks are optional; without them the proxy is transparent. */
export interface FaultHooks {
  /** An answer given in the upstream's place (the request is then not forwarded), or undefined to forward. */
  answerInstead?(request: ProxiedRequest): ProxiedAnswer | undefined;
  /** The answer the client gets, given the upstream's. */
  rewrite?(request: ProxiedRequest, answer: ProxiedAnswer): ProxiedAnswer;
}

export interface FaultProxy {
  url: string;
  /** Exchanges seen, and how many of them the defect changed (answered instead, or rewritten to other bytes). */
  readonly exchanges: number;
  readonly altered: number;
  close(): Promise<void>;
}

/** Not forwarded either way: they describe one connection, not the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length']);

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * `dropEncoding` for answers: fetch hands the body over decoded, so the encoding it was sent in no longer
 * applies. A request's body is forwarded as it came, encoding and all.
 */
function endToEnd(headers: Iterable<[string, string]>, dropEncoding: boolean): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !(dropEncoding && lower === 'content-encoding')) kept[lower] = value;
  }
  return kept;
}

function requestHeaders(req: IncomingMessage): Record<string, string> {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  return endToEnd(pairs, false);
}

async function forward(upstream: string, request: ProxiedRequest): Promise<ProxiedAnswer> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const response = await fetch(`${upstream}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(hasBody ? { body: request.body } : {}),
    redirect: 'manual',
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: endToEnd(response.headers, true), body };
}

function differs(a: ProxiedAnswer, b: ProxiedAnswer): boolean {
  return a.status !== b.status || !a.body.equals(b.body);
}

function send(res: ServerResponse, answer: ProxiedAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

export async function startFaultProxy(upstream: string, hooks: FaultHooks = {}): Promise<FaultProxy> {
  let exchanges = 0;
  let altered = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const request: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: requestHeaders(req), body: await readAll(req) };
      exchanges++;
      const instead = hooks.answerInstead?.(request);
      if (instead !== undefined) {
        altered++;
        send(res, instead);
        return;
      }
      const original = await forward(upstream, request);
      const answer = hooks.rewrite ? hooks.rewrite(request, original) : original;
      if (differs(answer, original)) altered++;
      send(res, answer);
    })().catch((error: unknown) => {
      // A proxy failure must not look like an answer of the server under test: 502, and the reason.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get exchanges() {
      return exchanges;
    },
    get altered() {
      return altered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ----- Helpers for defects that rewrite JSON answers.

export function jsonOf(answer: ProxiedAnswer): unknown {
  if (answer.body.length === 0) return undefined;
  try {
    return JSON.parse(answer.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function withJson(answer: ProxiedAnswer, value: unknown, status = answer.status): ProxiedAnswer {
  return { status, headers: { ...answer.headers, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}

export function jsonAnswer(status: number, value: unknown): ProxiedAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}

export function emptyAnswer(status: number): ProxiedAnswer {
  return { status, headers: {}, body: Buffer.alloc(0) };
}

/** The path without its query, and the query. */
export function splitPath(path: string): { pathname: string; query: URLSearchParams } {
  const url = new URL(path, 'http://proxy.invalid');
  return { pathname: url.pathname, query: url.searchParams };
}
