/**
 * The seeded server fuzzer: random methods, paths (the documented routes with ids that exist and ids
 * that do not, `..`, encoded separators, NUL, very long segments), headers, bodies (valid, mutated,
 * nested 5 000 deep, random bytes, over 1 MB) and uploads aborted half-way, against the reference server
 * in a worker thread. It counts answers 5xx (no fault is asked for, so every one is undocumented),
 * requests unanswered past their deadline, a server that dies or stops answering, stack traces in its
 * log, and files that appear outside its data directory.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { tsWorker } from './ts-worker.js';
import { Random } from './random.js';
import { ROOT, looksLikeCrash } from './corpus.js';

const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const PLATFORM = { Authorization: 'Bearer hostile-fuzz-0000000000000000', 'x-api-key': 'hostile-fuzz', 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod' };

export interface FuzzDefect {
  request: number;
  what: string;
  call: string;
}

export interface FuzzResult {
  requests: number;
  aborted: number;
  undocumented5xx: number;
  hangs: number;
  crashes: number;
  stackTraceLines: number;
  defects: FuzzDefect[];
}

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send this many bytes of the body, then destroy the socket this many milliseconds later. */
  abortAfter?: number;
  abortDelayMs?: number;
}

/** A name for uploaded files that a traversal would carry out of the data directory, found afterwards by its marker. */
export const escapeMarker = (seed: number) => `hostile-escape-${seed}`;

function fileNames(random: Random, marker: string): string[] {
  return [
    `${marker}.json`,
    `..%2f..%2f..%2f${marker}.json`,
    `..%2F..%2F${marker}.json`,
    `%2e%2e%2f%2e%2e%2f${marker}.json`,
    `..%5c..%5c${marker}.json`,
    `..%252f..%252f${marker}.json`,
    `a/../../../${marker}.json`,
    `%2fetc%2f${marker}`,
    `..`,
    `.`,
    `%00${marker}`,
    `${marker}%00.json`,
    `sub/dir/${marker}.csv`,
    `${'x'.repeat(300)}.json`,
    `${random.word(12)}.parquet`,
    `ℌ𝔢𝔩𝔩𝔬-${marker}.json`,
  ];
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export async function fuzzServer(opts: { random: Random; dataDir: string; requests: number; deadlineMs: number; concurrency: number }): Promise<FuzzResult & { url: string; stop(): Promise<void> }> {
  const { random } = opts;
  const marker = escapeMarker(random.seed);
  const worker = tsWorker(new URL('./server-worker.ts', import.meta.url), { workerData: { dataDir: opts.dataDir }, resourceLimits: { maxOldGenerationSizeMb: 1536 } });
  const result: FuzzResult = { requests: 0, aborted: 0, undocumented5xx: 0, hangs: 0, crashes: 0, stackTraceLines: 0, defects: [] };
  let alive = true;
  const url = await new Promise<string>((resolve, reject) => {
    worker.on('message', (message: { url?: string; log?: string }) => {
      if (message.url !== undefined) resolve(message.url);
      if (message.log !== undefined && looksLikeCrash(message.log)) result.stackTraceLines += message.log.split('\n').filter((l) => /^\s+at /.test(l)).length || 1;
    });
    worker.on('error', (error) => {
      alive = false;
      result.crashes++;
      result.defects.push({ request: result.requests, what: `the server's thread failed: ${error.message.split('\n')[0]}`, call: '' });
      reject(error);
    });
    worker.on('exit', () => (alive = false));
  });

  const payload = readFileSync(join(ROOT, 'fixtures/payloads/web-events.json'));
  const message = JSON.stringify((JSON.parse(payload.toString()) as { messages: unknown[] }).messages[0]);
  const send = (call: Call, deadlineMs: number): Promise<{ status?: number; json?: unknown; hung?: boolean; aborted?: boolean }> =>
    new Promise((resolve) => {
      const target = new URL(url);
      // Node refuses to send characters a request line cannot hold; they go percent-encoded, as a client sends them.
      const path = call.path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
      const req = httpRequest({ host: target.hostname, port: target.port, method: call.method, path, headers: call.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', () => resolve({}));
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ hung: true });
      }, deadlineMs);
      req.on('error', () => {
        clearTimeout(timer);
        resolve(call.abortAfter !== undefined ? { aborted: true } : {});
      });
      if (call.abortAfter !== undefined && call.body !== undefined) {
        req.write(call.body.subarray(0, call.abortAfter));
        setTimeout(() => {
          clearTimeout(timer);
          req.destroy();
          resolve({ aborted: true });
        }, call.abortDelayMs ?? 10);
        return;
      }
      req.end(call.body);
    });

  // Batches that exist, so upload paths reach the upload code and its file names.
  const batches: string[] = [];
  for (let k = 0; k < 4; k++) {
    const created = await send({ method: 'POST', path: '/data/foundation/import/batches', headers: { ...PLATFORM, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ datasetId: DATASET, inputFormat: { format: k % 2 === 0 ? 'json' : 'csv' } })) }, opts.deadlineMs);
    const id = (created.json as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') batches.push(id);
  }
  const names = fileNames(random, marker);
  const ids = [...batches, 'nonexistent', '..', '%2e%2e', random.word(24), '0'.repeat(500)];

  const bodies = (random: Random): { body: Buffer; type: string } => {
    switch (random.int(9)) {
      case 0:
        return { body: payload, type: 'application/json' };
      case 1:
        return { body: Buffer.from(`{"messages":[${message},{"header":${nested(5000)},"body":{}}]}`), type: 'application/json' };
      case 2:
        return { body: Buffer.from(`{"messages":[${nested(1 + random.int(20000))}]}`), type: 'application/json' };
      case 3:
        return { body: random.bytes(random.int(4096)), type: random.pick(['application/octet-stream', 'application/json', 'text/csv']) };
      case 4: {
        const copy = Buffer.from(payload);
        for (let k = 0; k < 1 + random.int(6); k++) copy[random.int(copy.length)] = random.int(256);
        return { body: copy, type: 'application/json' };
      }
      case 5:
        return { body: Buffer.alloc(1024 * 1024 + random.int(4096), 0x20), type: 'application/json' };
      case 6:
        return { body: Buffer.from('_id,timestamp\ne-1,2024-11-23T14:20:00Z\n'), type: 'text/csv' };
      case 7:
        return { body: Buffer.from(`${JSON.stringify({ _id: random.word(6), timestamp: '2024-11-23T14:20:00Z' })}\n`.repeat(1 + random.int(50))), type: 'application/octet-stream' };
      default:
        return { body: Buffer.alloc(0), type: random.pick(['application/json', '']) };
    }
  };

  const paths = (random: Random): string => {
    const batch = random.pick(ids);
    const name = random.pick(names);
    switch (random.int(12)) {
      case 0:
        return `/collection/batch/${random.chance(0.8) ? INLET : random.word(8)}${random.chance(0.2) ? '?syncValidation=true' : ''}`;
      case 1:
        return `/collection/${random.chance(0.8) ? INLET : '..%2f..%2f'}${random.chance(0.3) ? '?syncValidation=true' : ''}`;
      case 2:
        return '/data/foundation/import/batches';
      case 3:
      case 4:
        return `/data/foundation/import/batches/${batch}/datasets/${random.chance(0.9) ? DATASET : '..'}/files/${name}${random.chance(0.3) ? '?action=initialize' : random.chance(0.2) ? '?action=COMPLETE' : ''}`;
      case 5:
        return `/data/foundation/import/batches/${batch}?action=${random.pick(['COMPLETE', 'ABORT', 'REVERT', 'complete', 'bogus', ''])}`;
      case 6:
        return `/data/foundation/catalog/batches/${batch}`;
      case 7:
        return `/data/foundation/catalog/batches?${random.pick(['limit=1', 'limit=-1', 'limit=99999999999', 'orderBy=desc:created', '%zz', 'a[b][c]=1'])}`;
      case 8:
        return `/data/foundation/export/batches/${batch}/${random.pick(['failed', 'files', 'meta', '..%2f..%2f'])}${random.chance(0.5) ? `?path=${encodeURIComponent(name)}` : ''}`;
      case 9:
        return `/${random.chance(0.8) ? ORG : '..%2f'}/campaign/dataIngestion/xdmIngestion/${random.pick(['ProfileToAEP', 'EventsToAEP', 'DraftMapping', '..', random.word(5)])}/ingest${random.chance(0.5) ? `?requestId=${random.pick(['1', '-1', 'x', '99999999999999999999'])}` : ''}`;
      case 10:
        return random.pick(['/', '//', '/..', '/%2e%2e/%2e%2e/etc/passwd', `/${'a'.repeat(10000)}`, '/%', '/%00', '/data/foundation/import/batches/%2F%2F%2F', '/collection/batch/%ff%fe']);
      default:
        return `/${random.word(1 + random.int(10))}/${random.word(1 + random.int(10))}`;
    }
  };

  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
  const headers = (random: Random, type: string, body: Buffer): Record<string, string> => {
    const out: Record<string, string> = random.chance(0.7) ? { ...PLATFORM } : {};
    if (type !== '') out['content-type'] = random.chance(0.9) ? type : random.pick(['application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded']);
    if (random.chance(0.3)) out['content-range'] = random.pick([`bytes 0-${Math.max(0, body.length - 1)}/*`, 'bytes 5-1/*', 'bytes 0-99999999999999/100', 'bytes */*', 'garbage', `bytes ${random.int(100)}-${random.int(10_000)}/${random.int(10_000)}`]);
    if (random.chance(0.1)) out['x-aep-harness-fault'] = random.pick(['500', '503', 'drop']);
    if (random.chance(0.1)) out['content-encoding'] = random.pick(['gzip', 'br', 'identity', 'bogus']);
    if (random.chance(0.1)) out[random.word(8)] = random.word(random.int(2000));
    if (random.chance(0.05)) out['x-gw-ims-org-id'] = random.word(30);
    if (random.chance(0.05)) out['Authorization'] = random.pick(['Bearer', 'Basic Zm9vOmJhcg==', '', `Bearer ${random.word(3000)}`]);
    return out;
  };

  /** Request `index` of the run: drawn from its own generator, so it is the same whatever answers first. */
  const callFor = (index: number): Call => {
    const own = new Random((Math.imul(random.seed, 1_000_003) + index) >>> 0);
    const method = own.pick(methods);
    const { body, type } = method === 'GET' || method === 'HEAD' ? (own.chance(0.9) ? { body: Buffer.alloc(0), type: '' } : bodies(own)) : bodies(own);
    const call: Call = { method, path: paths(own), headers: headers(own, type, body), ...(body.length > 0 ? { body } : {}) };
    if (body.length > 64 && own.chance(0.1)) {
      call.abortAfter = own.int(body.length);
      call.abortDelayMs = 5 + own.int(20);
      call.headers['content-length'] = String(body.length);
    }
    return call;
  };

  let next = 0;
  let hungInARow = 0;
  let gaveUp = false;
  const one = async (): Promise<void> => {
    while (next < opts.requests && alive && !gaveUp) {
      const index = next++;
      const call = callFor(index);
      const body = call.body ?? Buffer.alloc(0);
      const answer = await send(call, opts.deadlineMs);
      hungInARow = answer.hung === true ? hungInARow + 1 : 0;
      if (hungInARow >= opts.concurrency + 2 && !gaveUp) {
        // Every request in flight is unanswered: the server stopped answering; the rest would only wait.
        gaveUp = true;
        result.crashes++;
        result.defects.push({ request: index, what: 'the server stopped answering anyone', call: '' });
      }
      result.requests++;
      const summary = `${call.method} ${call.path.slice(0, 160)} (${body.length} bytes${call.abortAfter !== undefined ? `, aborted after ${call.abortAfter}` : ''})`;
      if (answer.aborted === true) result.aborted++;
      else if (answer.hung === true) {
        result.hangs++;
        result.defects.push({ request: index, what: `no answer within ${opts.deadlineMs} ms`, call: summary });
      } else if (answer.status !== undefined && answer.status >= 500) {
        result.undocumented5xx++;
        result.defects.push({ request: index, what: `answered ${answer.status}: ${JSON.stringify(answer.json ?? '').slice(0, 200)}`, call: summary });
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, () => one()));

  // The server must still answer after all of it.
  if (gaveUp) {
    // Told already.
  } else if (alive) {
    const health = await send({ method: 'POST', path: `/collection/batch/${INLET}`, headers: { 'content-type': 'application/json' }, body: payload }, opts.deadlineMs);
    if (health.status !== 207) {
      result.crashes++;
      result.defects.push({ request: result.requests, what: `after the run a valid streaming request got ${health.hung === true ? 'no answer' : String(health.status)}`, call: `POST /collection/batch/${INLET}` });
    }
  } else {
    result.crashes++;
    result.defects.push({ request: result.requests, what: 'the server thread is gone', call: '' });
  }
  return {
    ...result,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!alive) return resolve();
        if (gaveUp) return void worker.terminate().then(() => resolve());
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
        worker.on('message', (m: { stopped?: boolean }) => {
          if (m.stopped === true) {
            clearTimeout(timer);
            void worker.terminate().then(() => resolve());
          }
        });
        worker.postMessage({ stop: true });
      }),
  };
}
