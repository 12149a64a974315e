/** Reading and answering HTTP on node:http, with the limits the platform documents. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The client closed the connection before its request body ended (an aborted upload). Not a defect of
 * the server: the handler logs one line for it, never a stack trace.
 */
export class ClientClosedError extends Error {
  constructor() {
    super('client closed the connection');
    this.name = 'ClientClosedError';
  }
}

/** Whether `error` is a client that went away: ours, or node's own `aborted` (ECONNRESET) of a request. */
export function isClientClosed(error: unknown, req?: IncomingMessage): boolean {
  if (error instanceof ClientClosedError) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') && (req === undefined || req.destroyed || req.socket.destroyed);
}

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true; received: number };

/**
 * Reads a request body, never holding more than `limit` bytes: past the limit it stops, and the caller
 * answers 413 and closes the connection. A declared Content-Length over the limit is refused unread.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, tooLarge: true, received: 0 });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        done = true;
        req.off('data', onData);
        req.pause();
        resolve({ ok: false, tooLarge: true, received });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, bytes: Buffer.concat(chunks, received) });
    });
    // A client that goes away mid-upload: node reports `aborted` as an error, or only closes the request.
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(isClientClosed(error, req) || req.destroyed ? new ClientClosedError() : error);
    });
    req.on('close', () => {
      if (done) return;
      done = true;
      reject(new ClientClosedError());
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': '0', ...headers });
  res.end();
}

/** A 413 whose body was not read: answer, then close, so the unread bytes are never buffered. */
export function refuseTooLarge(res: ServerResponse, body: unknown): void {
  sendJson(res, 413, body, { Connection: 'close' });
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
