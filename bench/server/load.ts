/**
 * The load generator of the server benchmark: POSTs pre-built streaming request bodies to one server with
 * a bounded number of requests in flight, and measures what comes back.
 *
 *   node --import tsx bench/server/load.ts --url http://127.0.0.1:PORT --messages 100
 *     [--concurrency 8] [--requests 3000] [--seconds 10] [--warmup 16] [--check accepted|status]
 *     [--pool 8] [--seed 1] [--label NAME]
 *
 * Plain `node:http` with one keep-alive Agent of at most `--concurrency` sockets; `--concurrency` loops
 * each keep one request in flight. The run stops by itself after `--requests` requests or `--seconds`
 * seconds, whichever comes first (requests in flight then finish; each has a 30 s timeout). Before the
 * clock starts, `--warmup` requests (unmeasured) open the sockets and warm the generator's own code.
 *
 * Every request must be answered 207; anything else (another status, a socket error, a timeout) is an
 * error, counted by kind. With `--check accepted` (the subject, the sink) the 207 body is also parsed and
 * must hold one `{ xactionId }` per message sent: a 207 with a rejected message counts as an error too.
 * With `--check status` (Prism, whose 207 body is the OpenAPI's fixed example) only the status is checked.
 *
 * The run's figures are printed on stdout as one `BENCH_RESULT {json}` line (see LoadResult).
 */
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { batchPath, buildBodies, REQUEST_HEADERS } from './bodies.js';

export const RESULT_PREFIX = 'BENCH_RESULT ';
const REQUEST_TIMEOUT_MS = 30_000;

export type Check = 'accepted' | 'status';

export interface LoadOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:4010. */
  url: string;
  /** The bodies, sent round-robin; every one holds `messagesPerRequest` messages. */
  bodies: Buffer[];
  messagesPerRequest: number;
  concurrency: number;
  /** Stop after this many measured requests… */
  requests: number;
  /** …or after this many seconds, whichever comes first. */
  seconds: number;
  /** Unmeasured requests first. */
  warmup: number;
  check: Check;
  path?: string;
}

export interface LoadResult {
  label?: string;
  url: string;
  messagesPerRequest: number;
  concurrency: number;
  check: Check;
  /** Measured requests completed (whatever their outcome). */
  requests: number;
  /** Of those, answered 207 (and, with check `accepted`, every message accepted). */
  ok: number;
  errors: number;
  /** Errors by kind: `status 400`, `207 with 3 of 100 accepted`, `ECONNRESET`, `timeout`, … */
  errorKinds: Record<string, number>;
  /** Status codes seen. */
  statuses: Record<string, number>;
  /** Seconds from the first measured request to the last answer. */
  seconds: number;
  /** Why the run stopped. */
  stoppedBy: 'requests' | 'seconds';
  /** Messages in requests answered ok, per second. */
  messagesPerSecond: number;
  /** Requests answered ok, per second. */
  requestsPerSecond: number;
  /** Request body megabytes (10⁶) sent per second, ok or not. */
  mbPerSecond: number;
  /** Latency of every measured request, send to the end of the answer, milliseconds. */
  latencyMs: { min: number; p50: number; p90: number; p99: number; max: number; mean: number };
  bodyBytes: { min: number; mean: number; max: number };
  /** Messages whose answer was checked to be an accepted entry (check `accepted`). */
  messagesVerified: number;
}

interface Answer {
  status: number;
  body: Buffer;
}

function post(agent: Agent, target: URL, path: string, body: Buffer, wantBody: boolean): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path,
        headers: { ...REQUEST_HEADERS, 'content-length': body.length },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        if (wantBody) res.on('data', (chunk: Buffer) => chunks.push(chunk));
        else res.resume();
        res.once('error', fail);
        res.once('end', () => done({ status: res.statusCode ?? 0, body: wantBody ? Buffer.concat(chunks) : Buffer.alloc(0) }));
      },
    );
    req.once('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.once('error', fail);
    req.end(body);
  });
}

/** Why a 207 body is not one accepted entry per message, or undefined when it is. */
function notAllAccepted(body: Buffer, messages: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return '207 with a body that is not JSON';
  }
  const responses = (parsed as { responses?: unknown }).responses;
  if (!Array.isArray(responses)) return '207 without responses[]';
  if (responses.length !== messages) return `207 with ${responses.length} entries for ${messages} messages`;
  let accepted = 0;
  for (const r of responses) if (typeof (r as { xactionId?: unknown } | null)?.xactionId === 'string') accepted++;
  return accepted === messages ? undefined : `207 with ${accepted} of ${messages} accepted`;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest rank.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  if (opts.bodies.length === 0) throw new Error('no bodies to send');
  const target = new URL(opts.url);
  const path = opts.path ?? batchPath();
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency });
  const wantBody = opts.check === 'accepted';
  let next = 0;
  const body = () => opts.bodies[next++ % opts.bodies.length]!;

  try {
    // Warm-up: not measured, but it must succeed, or the measured run would only measure failures.
    let warm = 0;
    const warmErrors: string[] = [];
    await Promise.all(
      Array.from({ length: Math.min(opts.concurrency, Math.max(opts.warmup, 0)) }, async () => {
        while (warm < opts.warmup) {
          warm++;
          try {
            const answer = await post(agent, target, path, body(), wantBody);
            if (answer.status !== 207) warmErrors.push(`status ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
            else if (wantBody) {
              const why = notAllAccepted(answer.body, opts.messagesPerRequest);
              if (why) warmErrors.push(`${why}: ${answer.body.toString('utf8').slice(0, 300)}`);
            }
          } catch (error) {
            warmErrors.push(String((error as { code?: string }).code ?? error));
          }
        }
      }),
    );
    if (warmErrors.length > 0) throw new Error(`warm-up against ${opts.url}: ${warmErrors.length} of ${opts.warmup} requests failed; first: ${warmErrors[0]}`);

    const latencies = new Float64Array(opts.requests);
    const statuses: Record<string, number> = {};
    const errorKinds: Record<string, number> = {};
    let issued = 0;
    let completed = 0;
    let ok = 0;
    let verified = 0;
    let bytes = 0;
    let stoppedBy: LoadResult['stoppedBy'] = 'requests';
    const error = (kind: string) => (errorKinds[kind] = (errorKinds[kind] ?? 0) + 1);
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(opts.seconds * 1e9));
    let last = started;

    const loop = async (): Promise<void> => {
      for (;;) {
        if (issued >= opts.requests) return;
        if (process.hrtime.bigint() >= deadline) {
          stoppedBy = 'seconds';
          return;
        }
        issued++;
        const payload = body();
        bytes += payload.length;
        const t0 = process.hrtime.bigint();
        try {
          const answer = await post(agent, target, path, payload, wantBody);
          const t1 = process.hrtime.bigint();
          latencies[completed++] = Number(t1 - t0) / 1e6;
          if (t1 > last) last = t1;
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          if (answer.status !== 207) {
            error(`status ${answer.status}`);
            continue;
          }
          if (wantBody) {
            const why = notAllAccepted(answer.body, opts.messagesPerRequest);
            if (why) {
              error(why);
              continue;
            }
            verified += opts.messagesPerRequest;
          }
          ok++;
        } catch (failure) {
          const t1 = process.hrtime.bigint();
          latencies[completed++] = Number(t1 - t0) / 1e6;
          if (t1 > last) last = t1;
          error(String((failure as { code?: string }).code ?? (failure as Error).message ?? failure));
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, loop));

    const seconds = Number(last - started) / 1e9;
    const sorted = latencies.subarray(0, completed).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    const sizes = opts.bodies.map((b) => b.length);
    const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
    return {
      url: opts.url,
      messagesPerRequest: opts.messagesPerRequest,
      concurrency: opts.concurrency,
      check: opts.check,
      requests: completed,
      ok,
      errors,
      errorKinds,
      statuses,
      seconds,
      stoppedBy,
      messagesPerSecond: (ok * opts.messagesPerRequest) / seconds,
      requestsPerSecond: ok / seconds,
      mbPerSecond: bytes / 1e6 / seconds,
      latencyMs: {
        min: sorted[0] ?? NaN,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? NaN,
        mean: sum / completed,
      },
      bodyBytes: { min: Math.min(...sizes), mean: sizes.reduce((a, b) => a + b, 0) / sizes.length, max: Math.max(...sizes) },
      messagesVerified: verified,
    };
  } finally {
    agent.destroy();
  }
}

function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`load: --${name} must be a positive integer; got ${raw}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      messages: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '8' },
      requests: { type: 'string', default: '3000' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '16' },
      check: { type: 'string', default: 'accepted' },
      pool: { type: 'string', default: '8' },
      seed: { type: 'string', default: '1' },
      label: { type: 'string' },
    },
  });
  if (values.url === undefined) {
    process.stderr.write('load: --url is required\n');
    process.exit(2);
  }
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) {
    process.stderr.write(`load: --seconds must be a positive number; got ${values.seconds}\n`);
    process.exit(2);
  }
  if (values.check !== 'accepted' && values.check !== 'status') {
    process.stderr.write(`load: --check must be accepted or status; got ${values.check}\n`);
    process.exit(2);
  }
  const messages = positiveInt('messages', values.messages);
  const { bodies } = buildBodies(messages, positiveInt('pool', values.pool), Number(values.seed));
  const result = await runLoad({
    url: values.url,
    bodies,
    messagesPerRequest: messages,
    concurrency: positiveInt('concurrency', values.concurrency),
    requests: positiveInt('requests', values.requests),
    seconds,
    warmup: Number(values.warmup),
    check: values.check,
  });
  if (values.label !== undefined) result.label = values.label;
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
