/**
 * The recording proxy: an HTTP server that forwards every request to one upstream and hands each
 * completed exchange, bytes as they went, to the recorder. Bodies stream through in both directions
 * (a 600 MB upload is never held whole to be forwarded); a copy is kept for the recording, up to
 * `maxRecordedBytes` a body. Hop-by-hop headers are dropped as RFC 9110 §7.6.1 says, and the proxy adds
 * itself to `Via` (§7.6.3).
 */
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { listen } from '../../server/listen.js';
import type { RecordedExchange, RecordedHeader } from './exchange.js';

/** RFC 9110 §7.6.1: connection-specific fields a proxy must not forward (plus `Proxy-Connection`, still sent by old clients). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

const VIA = '1.1 aep-harness';
const DEFAULT_MAX_RECORDED_BYTES = 64 * 1024 * 1024;

export interface RecordingProxyOptions {
  /** Base URL of the upstream; a path in it prefixes every forwarded path. */
  upstream: string;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  maxRecordedBytes?: number;
  onExchange(exchange: RecordedExchange): void;
  /** A line about a request that got no upstream answer (already redacted by the caller's `redact`). */
  onProblem?(line: string): void;
}

export interface RecordingProxy {
  url: string;
  port: number;
  /** Stops listening and waits for the exchanges in flight. */
  close(): Promise<void>;
}

/** The header pairs of a message without the hop-by-hop ones and those its Connection header names. */
function endToEndHeaders(rawHeaders: readonly string[]): RecordedHeader[] {
  const pairs: RecordedHeader[] = [];
  for (let k = 0; k + 1 < rawHeaders.length; k += 2) pairs.push({ name: rawHeaders[k]!, value: rawHeaders[k + 1]! });
  const named = new Set(
    pairs
      .filter((h) => h.name.toLowerCase() === 'connection')
      .flatMap((h) => h.value.split(','))
      .map((token) => token.trim().toLowerCase())
      .filter((token) => token !== ''),
  );
  return pairs.filter((h) => !HOP_BY_HOP.has(h.name.toLowerCase()) && !named.has(h.name.toLowerCase()));
}

function withVia(headers: RecordedHeader[]): RecordedHeader[] {
  const existing = headers.filter((h) => h.name.toLowerCase() === 'via').map((h) => h.value);
  return [...headers.filter((h) => h.name.toLowerCase() !== 'via'), { name: 'Via', value: [...existing, VIA].join(', ') }];
}

function asOutgoing(headers: readonly RecordedHeader[]): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const { name, value } of headers) {
    const previous = out[name];
    out[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

/** Keeps a copy of the bytes that pass, up to a limit, and counts all of them. */
class BodyCopy {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept >= this.limit) return;
    const part = this.kept + chunk.length > this.limit ? chunk.subarray(0, this.limit - this.kept) : chunk;
    this.chunks.push(part);
    this.kept += part.length;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function upstreamUrl(upstream: URL, requestTarget: string): URL {
  const base = upstream.pathname.replace(/\/+$/, '');
  const target = requestTarget.startsWith('/') ? requestTarget : `/${requestTarget}`;
  return new URL(`${upstream.protocol}//${upstream.host}${base}${target}`);
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const upstream = new URL(options.upstream);
  const limit = options.maxRecordedBytes ?? DEFAULT_MAX_RECORDED_BYTES;
  let next = 0;
  const inFlight = new Set<Promise<void>>();

  const forward = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    new Promise<void>((resolve) => {
      const started = Date.now();
      const startedDateTime = new Date(started).toISOString();
      const target = upstreamUrl(upstream, req.url ?? '/');
      const requestHeaders = endToEndHeaders(req.rawHeaders).filter((h) => h.name.toLowerCase() !== 'host');
      const sent = withVia([{ name: 'Host', value: target.host }, ...requestHeaders]);
      const requestCopy = new BodyCopy(limit);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(target, { method: req.method, headers: asOutgoing(sent) }, (answer) => {
        const responseHeaders = endToEndHeaders(answer.rawHeaders);
        const forwarded = withVia(responseHeaders);
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage ?? '', forwarded.flatMap((h) => [h.name, h.value]));
        const responseCopy = new BodyCopy(limit);
        answer.on('data', (chunk: Buffer) => responseCopy.add(chunk));
        answer.pipe(res);
        answer.on('end', () => {
          options.onExchange({
            index: next++,
            startedDateTime,
            timeMs: Date.now() - started,
            request: {
              method: req.method ?? 'GET',
              url: target.href,
              httpVersion: `HTTP/${req.httpVersion}`,
              headers: requestHeaders,
              body: requestCopy.bytes,
              bytes: requestCopy.total,
            },
            response: {
              status: answer.statusCode ?? 0,
              statusText: answer.statusMessage ?? '',
              httpVersion: `HTTP/${answer.httpVersion}`,
              headers: responseHeaders,
              body: responseCopy.bytes,
              bytes: responseCopy.total,
            },
          });
          resolve();
        });
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        options.onProblem?.(`${req.method ?? 'GET'} ${target.pathname}: the upstream did not answer (${error.code ?? error.message}); answered 502`);
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`aep-harness record: the upstream ${upstream.origin} did not answer (${error.code ?? 'error'})\n`);
        } else res.destroy();
        resolve();
      });
      req.on('data', (chunk: Buffer) => requestCopy.add(chunk));
      req.on('aborted', () => outgoing.destroy());
      req.pipe(outgoing);
    });

  const server: Server = createServer((req, res) => {
    const work = forward(req, res);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  server.keepAliveTimeout = 5_000;
  const { url, port } = await listen(server, options.port, options.host);
  return {
    url,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
