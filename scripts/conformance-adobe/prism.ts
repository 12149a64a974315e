/**
 * Adobe's OpenAPI files as validating proxies: one Prism (`prism proxy FILE UPSTREAM --errors`) per file in
 * front of `serve --profile openapi`, and a small front on 127.0.0.1 that sends each request to the Prism
 * whose file declares its API (by path prefix: /collection, /data/foundation/import, …/catalog,
 * …/export), records every exchange and reads Prism's verdict on it: the `sl-violations` header, and the
 * problem body Prism answers instead of the server when --errors finds a request or an answer invalid.
 * Requests of APIs no file describes (Campaign) go to the server directly and are counted apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { violationKey, type KnownViolation, type OpenapiFile } from './expectations.js';

export interface Api {
  file: OpenapiFile;
  /** The prefix of the reference server's paths this file's paths are relative to. */
  prefix: string;
  /** What the path goes on with after the prefix. */
  under: string;
}

/**
 * The first that matches takes the request. The streaming file's paths are the server's own
 * (`/collection/…`); the Postman collections send them under /data/foundation/import (the alias of the
 * disagreement streaming.path.base), so a Prism on the same file is in front of the alias too.
 */
export const APIS: readonly Api[] = [
  { file: 'streaming-ingestion.yaml', prefix: '', under: '/collection/' },
  { file: 'streaming-ingestion.yaml', prefix: '/data/foundation/import', under: '/collection/' },
  { file: 'batch-ingestion.yaml', prefix: '/data/foundation/import', under: '/' },
  { file: 'catalog.yaml', prefix: '/data/foundation/catalog', under: '/' },
  { file: 'data-access.yaml', prefix: '/data/foundation/export', under: '/' },
];

export interface Violation {
  file: OpenapiFile;
  operation: string;
  location: string;
  code: string;
  severity: string;
  message: string;
}

export interface Exchange {
  /** Which command sent it: replay, verify. */
  by: string;
  method: string;
  path: string;
  file: OpenapiFile | undefined;
  status: number;
  violations: Violation[];
  /** Why Prism could not validate this exchange's answer, when it could not. */
  unvalidated?: string;
}

export interface ClassifiedViolation extends Violation {
  known: KnownViolation | undefined;
  /** How many exchanges had it, and the first request that did. */
  count: number;
  example: string;
}

// ---------------------------------------------------------------------------------------------------
// Operations of a file, so a violation names the operation it is about.

interface Operation {
  method: string;
  template: string;
  segments: string[];
}

function operationsOf(path: string): Operation[] {
  const doc = parse(readFileSync(path, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths))
    for (const method of Object.keys(item))
      if (['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(method))
        out.push({ method: method.toUpperCase(), template, segments: template.split('/') });
  return out;
}

/** The operation a request path falls under: concrete segments beat templated ones, as Prism's router does. */
export function matchOperation(operations: readonly Operation[], method: string, path: string): string | undefined {
  const parts = path.split('/');
  let best: { op: Operation; score: number } | undefined;
  for (const op of operations) {
    if (op.method !== method.toUpperCase() || op.segments.length !== parts.length) continue;
    let score = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = op.segments[i]!;
      if (seg === parts[i]) score += 2;
      else if (/^\{[^}]+\}$/.test(seg) && parts[i] !== '') score += 1;
      else ok = false;
    }
    if (ok && (best === undefined || score > best.score)) best = { op, score };
  }
  return best === undefined ? undefined : `${best.op.method} ${best.op.template}`;
}

/** `['response','body','errors','0','rows','1']` → `response.body.errors[].rows[]`. */
export function locationOf(parts: readonly (string | number)[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number' || /^\d+$/.test(p)) out += '[]';
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}

interface PrismValidation {
  location?: (string | number)[];
  severity?: string;
  code?: string | number;
  message?: string;
}

const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';

/** Prism's verdict on one exchange: the violations it reports in the header, and the error it answered instead. */
export function readVerdict(file: OpenapiFile, operation: string, headers: IncomingHttpHeaders, body: Buffer): Violation[] {
  const found = new Map<string, Violation>();
  const add = (v: PrismValidation, prefix: string | undefined) => {
    const parts = [...(v.location ?? [])];
    // A missing property is named in the message only: it goes into the location, so each is told apart.
    const missing = v.code === 'required' ? /required property '([^']+)'/.exec(v.message ?? '')?.[1] : undefined;
    if (missing !== undefined) parts.push(missing);
    const location = locationOf(prefix !== undefined && parts[0] !== 'request' && parts[0] !== 'response' ? [prefix, ...parts] : parts);
    const violation: Violation = { file, operation, location, code: String(v.code ?? 'unknown'), severity: v.severity ?? 'Error', message: v.message ?? '' };
    found.set(`${location} ${violation.code} ${violation.message}`, violation);
  };
  const header = headers['sl-violations'];
  if (typeof header === 'string') {
    if (header.startsWith('Too many violations! ')) {
      // Prism cuts the header at 8 KB: the whole entries before the cut are read, and the cut is reported.
      for (const m of header.matchAll(/\{"location":\[[^\]]*\],"severity":"[^"]*","code":(?:"[^"]*"|\d+),"message":"(?:[^"\\]|\\.)*"\}/g))
        add(JSON.parse(m[0]) as PrismValidation, undefined);
      add({ location: ['sl-violations'], code: 'HEADER_CUT', message: 'Prism cut its list of violations at 8 KB; those after the cut are not known' }, undefined);
    } else {
      for (const v of JSON.parse(header) as PrismValidation[]) add(v, undefined);
    }
  }
  const type = String(headers['content-type'] ?? '');
  if (type.includes('json')) {
    let problem: { type?: string; detail?: string; validation?: PrismValidation[] } | undefined;
    try {
      problem = JSON.parse(body.toString('utf8')) as typeof problem;
    } catch {
      problem = undefined;
    }
    if (problem !== undefined && typeof problem.type === 'string' && problem.type.startsWith(PRISM_ERRORS)) {
      const name = problem.type.slice(PRISM_ERRORS.length);
      if (Array.isArray(problem.validation) && problem.validation.length > 0) {
        for (const v of problem.validation) add(v, name === 'UNPROCESSABLE_ENTITY' || name === 'UNAUTHORIZED' ? 'request' : 'response');
      } else add({ location: ['route'], code: name, message: problem.detail ?? '' }, undefined);
    }
  }
  return [...found.values()];
}

// ---------------------------------------------------------------------------------------------------
// Processes.

function prismScript(root: string): { script: string; version: string } {
  const bin = join(root, 'node_modules', '.bin', 'prism');
  if (!existsSync(bin)) throw new Error('Prism is not installed (node_modules/.bin/prism is missing): run npm ci');
  const version = (JSON.parse(readFileSync(join(root, 'node_modules', '@stoplight', 'prism-cli', 'package.json'), 'utf8')) as { version: string }).version;
  return { script: realpathSync(bin), version };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface RunningPrism {
  api: Api;
  url: string;
  child: ChildProcess;
  operations: Operation[];
}

async function startPrism(root: string, openapiDir: string, api: Api, upstream: string, flags: readonly string[]): Promise<RunningPrism> {
  const { script } = prismScript(root);
  const port = await freePort();
  const file = join(openapiDir, api.file);
  const child = spawn(process.execPath, [script, 'proxy', file, `${upstream}${api.prefix}`, ...flags, '-p', String(port), '-h', '127.0.0.1', '--verboseLevel', 'error'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (text: string) => (log = (log + text).slice(-4000));
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prism on ${api.file} exited (${child.exitCode}):\n${log}`);
    const up = await new Promise<boolean>((resolve) => {
      const req = httpRequest(`${url}/`, { method: 'OPTIONS', agent: false }, (res) => {
        res.resume();
        resolve(true);
      });
      req.once('error', () => resolve(false));
      req.end();
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`Prism on ${api.file} did not listen within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { api, url, child, operations: operationsOf(file) };
}

/** The request's violations, as the request-judging Prism finds them (its answer is its 422, or the sink's 204). */
function judgeRequest(judge: RunningPrism, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Violation[]> {
  return new Promise((resolve) => {
    const req = httpRequest(`${judge.url}${path}`, { method, headers, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const operation = matchOperation(judge.operations, method, path.split('?')[0]!) ?? `${method} ${path.split('?')[0]!}`;
        resolve(readVerdict(judge.api.file, operation, answer.headers, Buffer.concat(chunks)).filter((v) => v.location.startsWith('request') || v.location === 'route'));
      });
    });
    req.on('error', (error) =>
      resolve([{ file: judge.api.file, operation: `${method} ${path}`, location: 'request', code: 'NO_ANSWER', severity: 'Error', message: `the request-judging Prism did not answer: ${error.message}` }]),
    );
    req.end(body);
  });
}

export interface PrismFront {
  url: string;
  exchanges: Exchange[];
  /** Exchanges of APIs no OpenAPI file describes, sent to the server directly. */
  direct: number;
  prismVersion: string;
  /** Names the command whose traffic follows. */
  by(command: string): void;
  close(): Promise<void>;
}

/** A local upstream for the Prisms that judge requests only: it answers every request 204, at once. */
async function startSink(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Two Prisms per OpenAPI file. The one the traffic goes through, to the server, validates answers only
 * (`--validate-request false`), so its `sl-violations` header lists the answer's violations and nothing
 * crowds them out (Prism cuts the header at 8 KB, and a request of 500 messages can fill it with request
 * violations). A copy of each request goes to a second Prism with `--errors` in front of a sink: it
 * answers 422 with the request's violations, every one of them, in its body, and never reaches the server.
 * `errors` gives the first one --errors too: it then answers its own problem (listing the violations)
 * instead of an answer it finds invalid, as `prism proxy FILE URL --errors` does; without it the client
 * gets the server's answer and later steps of a fixture still run.
 */
export async function startPrismFront(root: string, openapiDir: string, serverUrl: string, errors: boolean): Promise<PrismFront> {
  const prisms: RunningPrism[] = [];
  const judges: RunningPrism[] = [];
  const sink = await startSink();
  try {
    for (const api of APIS) {
      prisms.push(await startPrism(root, openapiDir, api, serverUrl, ['--validate-request', 'false', ...(errors ? ['--errors'] : [])]));
      judges.push(await startPrism(root, openapiDir, api, sink.url, ['--errors']));
    }
  } catch (error) {
    for (const p of [...prisms, ...judges]) p.child.kill();
    sink.server.close();
    throw error;
  }
  const exchanges: Exchange[] = [];
  const pending: Promise<void>[] = [];
  let direct = 0;
  let by = 'unknown';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.split('?')[0]!;
      const method = req.method ?? 'GET';
      const prism = prisms.find((p) => path.startsWith(`${p.api.prefix}${p.api.under}`) || (p.api.under === '/' && path === p.api.prefix));
      const base = prism?.url ?? serverUrl;
      const forwarded = prism === undefined ? url : url.slice(prism.api.prefix.length) || '/';
      const headers = { ...req.headers };
      delete headers.host;
      const judge = prism === undefined ? undefined : judges[prisms.indexOf(prism)]!;
      const requestVerdict = judge === undefined ? Promise.resolve<Violation[]>([]) : judgeRequest(judge, method, forwarded, headers, Buffer.concat(chunks));
      const upstream = httpRequest(`${base}${forwarded}`, { method, headers, agent: false }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const bytes = Buffer.concat(body);
          if (prism === undefined) direct++;
          else {
            const opPath = forwarded.split('?')[0]!;
            const matched = matchOperation(prism.operations, method, opPath);
            const operation = matched ?? `${method} ${opPath}`;
            const answerViolations = readVerdict(prism.api.file, operation, answer.headers, bytes).filter((v) => !v.location.startsWith('request'));
            const exchange: Exchange = { by, method, path, file: prism.api.file, status: answer.statusCode ?? 0, violations: answerViolations };
            exchanges.push(exchange);
            pending.push(
              requestVerdict.then((found) => {
                const have = new Set(exchange.violations.map((v) => `${v.location} ${v.code}`));
                exchange.violations.unshift(...found.filter((v) => !have.has(`${v.location} ${v.code}`)).map((v) => ({ ...v, operation })));
                // Without --errors Prism forwards a request no operation of its file matches and only warns.
                if (matched === undefined && !exchange.violations.some((v) => v.location === 'route'))
                  exchange.violations.push({ file: prism.api.file, operation, location: 'route', code: 'NO_PATH_MATCHED_ERROR', severity: 'Error', message: `no operation of ${prism.api.file} is ${method} ${opPath}` });
              }),
            );
          }
          const reply = (status: number, replyHeaders: IncomingHttpHeaders, replyBody: Buffer) => {
            const out = { ...replyHeaders };
            delete out['transfer-encoding'];
            delete out.connection;
            if (method !== 'HEAD') out['content-length'] = String(replyBody.length);
            res.writeHead(status, out);
            res.end(method === 'HEAD' ? undefined : replyBody);
          };
          const exchange = exchanges[exchanges.length - 1];
          // Prism 5.14.2 cannot forward a HEAD whose answer names a JSON content type: it parses the empty
          // body and answers 500 with nothing in it to read. A HEAD is safe to send again: the server's own
          // answer goes to the client, and the exchange is counted as one Prism could not validate.
          if (prism !== undefined && exchange !== undefined && method === 'HEAD' && answer.statusCode === 500 && String(answer.headers['content-type']).includes('problem+json')) {
            exchange.unvalidated = 'Prism cannot forward a HEAD answered with a JSON content type';
            const again = httpRequest(`${serverUrl}${url}`, { method, headers, agent: false }, (direct) => {
              direct.resume();
              direct.on('end', () => {
                exchange.status = direct.statusCode ?? 0;
                reply(direct.statusCode ?? 502, direct.headers, Buffer.alloc(0));
              });
            });
            again.on('error', () => reply(502, { 'content-type': 'text/plain' }, Buffer.from('no answer')));
            again.end();
            return;
          }
          reply(answer.statusCode ?? 502, answer.headers, bytes);
        });
      });
      upstream.on('error', (error) => {
        if (prism !== undefined) exchanges.push({ by, method, path, file: prism.api.file, status: 0, violations: [{ file: prism.api.file, operation: `${method} ${path}`, location: 'route', code: 'NO_ANSWER', severity: 'Error', message: error.message }] });
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`no answer: ${error.message}`);
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    get direct() {
      return direct;
    },
    prismVersion: prismScript(root).version,
    by(command: string) {
      by = command;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all(pending);
      sink.server.close();
      sink.server.closeAllConnections();
      for (const p of [...prisms, ...judges]) {
        const exited = new Promise<void>((resolve) => (p.child.exitCode !== null ? resolve() : p.child.once('exit', () => resolve())));
        p.child.kill();
        await exited;
      }
    },
  };
}

/** Every distinct violation of the run (by file, operation, location and code), with what explains it. */
export function classify(exchanges: readonly Exchange[], known: readonly KnownViolation[]): ClassifiedViolation[] {
  const byKey = new Map(known.map((k) => [violationKey(k), k]));
  const out = new Map<string, ClassifiedViolation>();
  for (const e of exchanges)
    for (const v of e.violations) {
      if (v.severity !== 'Error') continue;
      const key = violationKey(v);
      const seen = out.get(key);
      if (seen !== undefined) seen.count++;
      else out.set(key, { ...v, known: byKey.get(key), count: 1, example: `${e.by}: ${e.method} ${e.path} → ${e.status}` });
    }
  return [...out.values()];
}
