/**
 * The scenario front: the one address a client under test is given. It reads each request whole, lets the
 * scenario's fault plan answer it (a 503, a 429 with Retry-After) or delay it, forwards the rest to the
 * reference server, and records every exchange with its own timestamps, so that retry intervals are
 * measured from the recording and not from anything the client says about itself.
 *
 * Requests are read whole before they are judged: scenario traffic is small, and a fault keyed by the bytes
 * of a request needs them all. A request over `maxRequestBytes` is answered 413 without being forwarded.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '../../server/listen.js';
import type { RecordedExchange, RecordedHeader } from '../../replay/record/exchange.js';

/** What a fault plan decides for one request. */
export type FaultDecision =
  /** The harness answers itself; nothing reaches the reference server. */
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body: unknown; label: string }
  /** Forwarded after a wait. */
  | { kind: 'delay'; ms: number; label: string };

export interface FrontRequest {
  method: string;
  /** Path and query. */
  target: string;
  headers: readonly RecordedHeader[];
  body: Buffer;
}

export type FaultPlan = (request: FrontRequest) => FaultDecision | undefined;

/** A recorded exchange with the front's clock readings and the fault that answered it, if one did. */
export interface FrontExchange extends RecordedExchange {
  /** Milliseconds since the epoch when the request's headers arrived. */
  startedMs: number;
  /** Milliseconds since the epoch when the answer's last byte was handed to the connection. */
  endedMs: number;
  fault?: string;
}

export interface FrontOptions {
  upstream: string;
  plan?: FaultPlan;
  /** Default 256 MiB. */
  maxRequestBytes?: number;
}

export interface Front {
  url: string;
  readonly exchanges: readonly FrontExchange[];
  /** Stops listening and waits for the exchanges in flight. */
  close(): Promise<void>;
}

const DEFAULT_MAX_REQUEST_BYTES = 256 * 1024 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function headerPairs(raw: readonly string[]): RecordedHeader[] {
  const pairs: RecordedHeader[] = [];
  for (let k = 0; k + 1 < raw.length; k += 2) pairs.push({ name: raw[k]!, value: raw[k + 1]! });
  return pairs;
}

function readWhole(req: IncomingMessage, limit: number): Promise<{ body: Buffer; over: boolean } | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), over }));
    req.on('error', () => resolve(undefined));
    req.on('aborted', () => resolve(undefined));
  });
}

interface Answer {
  status: number;
  statusText: string;
  headers: RecordedHeader[];
  body: Buffer;
}

function forward(upstream: URL, request: FrontRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const { name, value } of request.headers) if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
    headers['content-length'] = String(request.body.length);
    const outgoing = httpRequest(new URL(request.target, upstream), { method: request.method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        resolve({
          status: answer.statusCode ?? 502,
          statusText: answer.statusMessage ?? '',
          headers: headerPairs(answer.rawHeaders).filter((h) => !HOP_BY_HOP.has(h.name.toLowerCase())),
          body: Buffer.concat(chunks),
        }),
      );
      answer.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function jsonAnswer(status: number, body: unknown, extra: Record<string, string> = {}): Answer {
  const bytes = Buffer.from(JSON.stringify(body));
  const headers = [{ name: 'Content-Type', value: 'application/json' }, ...Object.entries(extra).map(([name, value]) => ({ name, value }))];
  return { status, statusText: '', headers, body: bytes };
}

export async function startFront(options: FrontOptions): Promise<Front> {
  const upstream = new URL(options.upstream);
  const limit = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const exchanges: FrontExchange[] = [];
  const inFlight = new Set<Promise<void>>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedMs = Date.now();
    const read = await readWhole(req, limit);
    if (read === undefined) return; // the client went away before its request was whole: nothing to record
    const request: FrontRequest = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: headerPairs(req.rawHeaders),
      body: read.body,
    };
    let answer: Answer;
    let fault: string | undefined;
    if (read.over) {
      answer = jsonAnswer(413, { title: 'Payload Too Large', detail: `the harness reads requests of at most ${limit} bytes` });
      fault = 'request over the harness limit';
    } else {
      const decision = options.plan?.(request);
      if (decision?.kind === 'answer') {
        answer = jsonAnswer(decision.status, decision.body, decision.headers);
        fault = decision.label;
      } else {
        if (decision?.kind === 'delay') {
          fault = decision.label;
          await sleep(decision.ms);
        }
        try {
          answer = await forward(upstream, request);
        } catch (error) {
          answer = jsonAnswer(502, { title: 'Bad Gateway', detail: `the reference server did not answer: ${(error as Error).message}` });
          fault = 'reference server unreachable';
        }
      }
    }
    const headers: Record<string, string | string[]> = {};
    for (const { name, value } of answer.headers) {
      const previous = headers[name];
      headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    headers['Content-Length'] = String(answer.body.length);
    await new Promise<void>((resolve) => {
      res.on('finish', () => resolve());
      res.on('close', () => resolve());
      res.writeHead(answer.status, answer.statusText, headers);
      res.end(answer.body);
    });
    const endedMs = Date.now();
    exchanges.push({
      index: exchanges.length,
      startedDateTime: new Date(startedMs).toISOString(),
      startedMs,
      endedMs,
      timeMs: endedMs - startedMs,
      request: {
        method: request.method,
        url: new URL(request.target, upstream).href,
        httpVersion: `HTTP/${req.httpVersion}`,
        headers: request.headers.filter((h) => h.name.toLowerCase() !== 'host'),
        body: request.body,
      },
      response: { status: answer.status, statusText: answer.statusText, httpVersion: 'HTTP/1.1', headers: answer.headers, body: answer.body },
      ...(fault !== undefined ? { fault } : {}),
    });
  };

  const server: Server = createServer((req, res) => {
    const work = handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  server.keepAliveTimeout = 5_000;
  const { url } = await listen(server, 0, '127.0.0.1');
  return {
    url,
    exchanges,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([Promise.all([...inFlight]), sleep(5_000)]);
      server.closeAllConnections();
      await closed;
    },
  };
}
