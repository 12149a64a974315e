/**
 * Hostile input on the streaming path (#14): a request is all or nothing, accepted messages are stored
 * as the bytes received so no message can make storing fail, no payload gives a 5xx no fault asked
 * for, and a client that disconnects mid-upload is one log line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore, type Store } from '../../src/server/store/index.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const ref = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
const BATCH_PATH = `/collection/batch/${INLET}`;

const work = mkdtempSync(join(tmpdir(), 'hostile-streaming-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let dirs = 0;

function message(id: string, extra = ''): string {
  const entity = JSON.stringify({ _id: id, timestamp: '2024-11-23T14:20:00Z' });
  return `{"header":${JSON.stringify({ schemaRef: ref, imsOrgId: ORG, datasetId: DATASET, createdAt: 1732371600000 })},"body":{"xdmMeta":{"schemaRef":${JSON.stringify(ref)}},"xdmEntity":${extra === '' ? entity : `${entity.slice(0, -1)},${extra}}`}}}`;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

async function post(server: RunningServer, path: string, body: string | Buffer) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

async function withServer<T>(options: Parameters<typeof startServer>[0], run: (server: RunningServer, log: string[]) => Promise<T>): Promise<T> {
  const log: string[] = [];
  const server = await startServer({ log: (line) => log.push(line), ...options });
  try {
    return await run(server, log);
  } finally {
    await server.close();
  }
}

/** Every stored streaming record, by xactionId, from the store's own reading. */
async function storedXactionIds(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for (const b of store.listBatches()) {
    if (b.kind === 'api') continue;
    for (const r of (await store.readRecords(b.id)) as { xactionId: string }[]) ids.push(r.xactionId);
  }
  return ids.sort();
}

describe('a message nested 5 000 levels deep was answered 500 ("cannot be written as JSON: Maximum call stack size exceeded")', () => {
  for (const depth of [5_000, 100_000]) {
    it(`is answered 207 at ${depth.toLocaleString('en')} levels, and stored in the durable store as the bytes received`, async () => {
      const dataDir = join(work, `deep-${dirs++}`);
      // Pretty-printed around the messages, so re-serialised bytes could not match what was sent.
      const deep = message('deep', `"_deep":${nested(depth)}`);
      const body = `{\n  "messages": [\n    ${message('plain')},\n    ${deep}\n  ]\n}\n`;
      await withServer({ dataDir }, async (server, log) => {
        const answer = await post(server, BATCH_PATH, body);
        expect(answer.status).toBe(207);
        const responses = answer.body?.['responses'] as { xactionId?: string }[];
        expect(responses.map((r) => r.xactionId !== undefined)).toEqual([true, true]);
        expect(log.filter((line) => line.includes('    at '))).toEqual([]);
      });
      // Reopened: the message's bytes are in the segment exactly as sent, and read back whole.
      const segments = readdirSync(join(dataDir, 'streams'));
      const stored = Buffer.concat(segments.map((name) => readFileSync(join(dataDir, 'streams', name))));
      expect(stored.indexOf(Buffer.from(deep))).toBeGreaterThan(-1);
      await withServer({ dataDir }, async (server) => {
        const store = server.context.store;
        const batches = store.listBatches().filter((b) => b.kind !== 'api');
        const records = (await Promise.all(batches.map((b) => store.readRecords(b.id)))).flat() as { message: { body: { xdmEntity: Record<string, unknown> } } }[];
        expect(records).toHaveLength(2);
        const withDeep = records.find((r) => '_deep' in r.message.body.xdmEntity);
        let value = withDeep?.message.body.xdmEntity['_deep'];
        let levels = 0;
        while (Array.isArray(value)) {
          levels++;
          value = value[0];
        }
        expect(levels).toBe(depth);
      });
    });
  }

  it('answers the single-message endpoint 200 for a message nested 100 000 deep, stored as sent', async () => {
    const store = createMemoryStore();
    await withServer({ store }, async (server) => {
      const answer = await post(server, `/collection/${INLET}`, `\uFEFF  ${message('one', `"_deep":${nested(100_000)}`)}  \n`);
      expect(answer.status).toBe(200);
      expect(await storedXactionIds(store)).toEqual([answer.body?.['xactionId']]);
    });
  });
});

describe('a request whose valid message was stored although the answer was 500 (a retry then duplicates it)', () => {
  it('stores nothing of a request answered with an error, and its retry exactly once', async () => {
    const inner = createMemoryStore();
    let failNext = true;
    const store: Store = {
      ...inner,
      appendStreamed(unit) {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('the disk is full'));
        }
        return inner.appendStreamed(unit);
      },
    };
    await withServer({ store }, async (server, log) => {
      // Three messages, one failing streaming validation: a success and an error batch, one unit.
      const body = `{"messages":[${message('a')},${message('b', '"coupon":"WINTER10"')},${message('c')}]}`;
      const failed = await post(server, BATCH_PATH, body);
      expect(failed.status).toBe(500);
      expect(inner.listBatches()).toEqual([]);
      expect(await storedXactionIds(inner)).toEqual([]);
      // A real defect is logged with its stack, unlike a client that went away.
      expect(log.join('\n')).toMatch(/the disk is full\n\s+at /);

      const retried = await post(server, BATCH_PATH, body);
      expect(retried.status).toBe(207);
      const acknowledged = (retried.body?.['responses'] as { xactionId: string }[]).map((r) => r.xactionId).sort();
      expect(await storedXactionIds(inner)).toEqual(acknowledged);
      expect(inner.listBatches().map((b) => b.kind).sort()).toEqual(['streaming-error', 'streaming-success']);
    });
  });
});

describe('a payload must never give a 5xx that no fault asked for', () => {
  // Bounded and fixed: shapes that reach the store path (accepted messages) in unusual bytes.
  const bodies: [string, string][] = [
    ['deep arrays in the header', `{"messages":[${message('h').replace('"createdAt"', `"_x":${nested(50_000)},"createdAt"`)}]}`],
    ['deep objects in the body', `{"messages":[${message('o').replace('"xdmMeta"', `"_x":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)},"xdmMeta"`)}]}`],
    ['a duplicate messages key (the last one counts)', `{"messages":[${message('first')}],"messages":[${message('last1')},${message('last2')}]}`],
    ['an escaped messages key', `{"m\\u0065ssages":[${message('escaped')}]}`],
    ['strings with escaped quotes, backslashes and brackets', `{"messages":[${message('q', '"_s":"a\\\\\\"]}[{\\\\"')}]}`],
    ['a BOM, CRLF and tabs around everything', `\uFEFF\r\n{\t"messages" :\r\n [ ${message('ws')} ,\t${message('ws2')} ] }\r\n`],
    ['non-ASCII text and escaped lone surrogates', `{"messages":[${message('ü', '"_t":"日本 \\ud800 é"')}]}`],
    ['huge and tiny numbers', `{"messages":[${message('n', '"_n":[1e400,-0,1.5e-400,123456789012345678901234567890]')}]}`],
    ['a __proto__ member', `{"__proto__":{"x":1},"messages":[${message('p', '"__proto__":{"polluted":true}')}]}`],
    ['no messages', '{"messages":[]}'],
    ['messages that are not objects', '{"messages":[1,"two",null,[3],{"header":[]}]}'],
    // Not JSON, though each message alone is: answered 400 with the syntax error, nothing stored.
    ['two messages without a comma', `{"messages":[${message('nc1')} ${message('nc2')}]}`],
    ['a trailing comma', `{"messages":[${message('tc')},]}`],
    ['a closing brace for a bracket', `{"messages":[${message('cb')}}}`],
    ['an unterminated body', `{"messages":[${message('ut')}`],
  ];
  it('answers every one with a documented status, and stores each accepted message once', async () => {
    const store = createMemoryStore();
    await withServer({ store }, async (server, log) => {
      const acknowledged: string[] = [];
      for (const [what, body] of bodies) {
        const answer = await post(server, BATCH_PATH, body);
        if (what.startsWith('two messages') || what.startsWith('a trailing') || what.startsWith('a closing') || what.startsWith('an unterminated')) {
          expect({ what, status: answer.status }).toEqual({ what, status: 400 });
          expect(JSON.stringify(answer.body)).toContain('The request body is not JSON');
        }
        expect({ what, status: answer.status }).toEqual({ what, status: answer.status < 500 ? answer.status : 'a 5xx' });
        for (const entry of (answer.body?.['responses'] as { xactionId?: string }[] | undefined) ?? []) if (entry.xactionId) acknowledged.push(entry.xactionId);
      }
      // Every message above is a valid one in unusual bytes, but the last two bodies': all eleven are accepted.
      expect(acknowledged).toHaveLength(11);
      expect(await storedXactionIds(store)).toEqual(acknowledged.sort());
      expect(log.filter((line) => line.includes('    at '))).toEqual([]);
    });
  });

  it('stores the messages of the last duplicate key and each message as its own bytes', async () => {
    const store = createMemoryStore();
    await withServer({ store }, async (server) => {
      const answer = await post(server, BATCH_PATH, bodies[2]![1]);
      expect(answer.status).toBe(207);
      const [b] = store.listBatches();
      const ids = ((await store.readRecords(b!.id)) as { message: { body: { xdmEntity: { _id: string } } } }[]).map((r) => r.message.body.xdmEntity._id);
      expect(ids).toEqual(['last1', 'last2']);
    });
  });
});

describe('every aborted upload logged a stack trace (Error: aborted … at abortIncoming)', () => {
  it('logs a client that closes the connection mid-upload as one line: method, path, "client closed the connection"', async () => {
    await withServer({ store: createMemoryStore() }, async (server, log) => {
      const { port } = new URL(server.url);
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write(`POST ${BATCH_PATH}?token=secret-${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"messages":[`);
            setTimeout(() => {
              socket.destroy();
              resolve();
            }, 50);
          });
          socket.on('error', reject);
        });
      }
      for (let wait = 0; wait < 100 && log.length < 3; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(log).toEqual(Array.from({ length: 3 }, () => `POST ${BATCH_PATH}: client closed the connection`));
      // The server is still well: a whole request is answered.
      expect((await post(server, BATCH_PATH, `{"messages":[${message('after')}]}`)).status).toBe(207);
    });
  });
});
