/**
 * The reference client's streaming against the reference server in-process: packing within the limit, a
 * partial 207 read entry by entry, retries of 503 and 429 with back-off and Retry-After (injected waits, and
 * one real run through a loopback front), 401/403 not retried, 413 split.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AepClient } from '../../src/client/index.js';
import { documentedMessage } from '../../src/contract/streaming.js';
import { backoffFault } from '../../src/rules/client/retry-no-backoff.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { defaultWorld } from '../../src/world/default.js';
import { eventsOfBytes, fastTiming, INLET, jsonAnswer, manyEvents, ORG, pointedAt, recordingFetch, TOKEN, webEvents } from './helpers.js';

const SECURE_INLET = 'a1'.repeat(32);
const SECURE_TOKEN = 'listed-token-for-the-secure-inlet';

let server: RunningServer;

beforeAll(async () => {
  const world = defaultWorld();
  world.inlets.push({ id: SECURE_INLET, org: ORG, authenticationRequired: true, tokens: [SECURE_TOKEN] });
  server = await startServer({ world });
});
afterAll(() => server.close());

const streamingCalls = (calls: ReturnType<typeof recordingFetch>['calls']) => calls.filter((c) => c.url.pathname.startsWith('/collection/'));
const bodyOf = (body: Buffer) => JSON.parse(body.toString('utf8')) as { messages: unknown[] };

describe('packing', () => {
  it('sends 2.5 MB of NDJSON in at least three requests, each within 1 000 000 bytes, every message accepted once', async () => {
    const messages = eventsOfBytes(2_500_000);
    const { fetch, calls } = recordingFetch();
    const client = new AepClient(pointedAt(server, { fetch }));
    const result = await client.sendMessages(messages);
    expect(result.error).toBeUndefined();
    expect(result.accepted).toBe(messages.length);
    expect(result.results.every((r) => r.status === 'accepted')).toBe(true);
    const sent = streamingCalls(calls);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(result.requests).toBe(sent.length);
    for (const call of sent) {
      expect(call.body.length).toBeLessThanOrEqual(1_000_000);
      expect(call.status).toBe(207);
      expect(call.headers['content-type']).toBe('application/json');
    }
    // In order, each message once.
    const ids = sent.flatMap((c) => bodyOf(c.body).messages.map((m) => (m as { body: { xdmEntity: { _id: string } } }).body.xdmEntity._id));
    expect(ids).toEqual(messages.map((m) => m.body.xdmEntity['_id']));
    // The xactionId is the request's batchId and the message's index in it.
    const first = result.results[0]!;
    expect(first.status === 'accepted' && /:0$/.test(first.xactionId)).toBe(true);
  });

  it('reports a message too large for any request as not sent, and sends the rest', async () => {
    const messages = manyEvents(3);
    (messages[1]!.body.xdmEntity as Record<string, unknown>)['padding'] = 'x'.repeat(5_000);
    const { fetch, calls } = recordingFetch();
    const client = new AepClient(pointedAt(server, { fetch, maxRequestBytes: 4_000 }));
    const result = await client.sendMessages(messages);
    expect(result.results[1]).toMatchObject({ index: 1, status: 'too-large' });
    expect(result.results[0]!.status).toBe('accepted');
    expect(result.results[2]!.status).toBe('accepted');
    expect(streamingCalls(calls).every((c) => c.body.length <= 4_000)).toBe(true);
    expect(streamingCalls(calls).flatMap((c) => bodyOf(c.body).messages)).toHaveLength(2);
  });
});

describe('a partial 207', () => {
  it('reads every entry: the message with another org is rejected with the documented text, the others accepted, nothing sent again', async () => {
    const messages = webEvents() as { header: Record<string, unknown> }[];
    messages[4]!.header['imsOrgId'] = 'AAAAAAAAAAAAAAAAAAAAAAAA@AdobeOrg';
    const { fetch, calls } = recordingFetch();
    const client = new AepClient(pointedAt(server, { fetch }));
    const result = await client.sendMessages(messages);
    expect(result.accepted).toBe(messages.length - 1);
    expect(result.rejected).toBe(1);
    expect(result.results[4]).toEqual({ index: 4, status: 'rejected', statusCode: 400, message: documentedMessage('absentOrWrongImsOrg', INLET.id, INLET.org) });
    expect(result.error).toBeUndefined();
    expect(streamingCalls(calls)).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries 503 three times with growing waits, then succeeds, each message once', async () => {
    const messages = manyEvents(20);
    let unavailable = 0;
    const { fetch, calls } = recordingFetch((r) => (r.url.pathname.startsWith('/collection/') && unavailable++ < 3 ? jsonAnswer(503, { title: 'Service Unavailable' }) : undefined));
    const timing = fastTiming();
    const client = new AepClient(pointedAt(server, { fetch, ...timing.options }));
    const result = await client.sendMessages(messages);
    expect(result.accepted).toBe(20);
    const sent = streamingCalls(calls);
    expect(sent.map((c) => c.status)).toEqual([503, 503, 503, 207]);
    expect(new Set(sent.map((c) => c.body.toString())).size).toBe(1);
    expect(timing.waits).toEqual([275, 550, 1100]);
    expect(backoffFault(timing.waits)).toBeUndefined();
  });

  it('waits at least Retry-After (seconds or an HTTP date) before retrying', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const answers = [
      jsonAnswer(503, {}, { 'Retry-After': '2' }),
      jsonAnswer(429, {}, { 'Retry-After': 'Wed, 01 Jan 2025 00:00:05 GMT' }),
      jsonAnswer(503, {}, { 'Retry-After': '0' }),
    ];
    const { fetch } = recordingFetch((r) => (r.url.pathname.startsWith('/collection/') ? answers.shift() : undefined));
    const timing = fastTiming(0);
    const client = new AepClient(pointedAt(server, { fetch, ...timing.options, now: () => now }));
    const result = await client.sendMessages(manyEvents(2));
    expect(result.accepted).toBe(2);
    // 2 s asked; 5 s asked by date; 0 asked, so the back-off (1000 ms, with jitter 1100) decides.
    expect(timing.waits).toEqual([2000, 5000, 1100]);
  });

  it('gives up after the configured retries and says so; the later requests are not sent', async () => {
    const { fetch, calls } = recordingFetch((r) => (r.url.pathname.startsWith('/collection/') ? jsonAnswer(503, {}) : undefined));
    const timing = fastTiming(0);
    const client = new AepClient(pointedAt(server, { fetch, ...timing.options, maxRequestBytes: 3_000 }));
    const result = await client.sendMessages(manyEvents(4));
    expect(streamingCalls(calls)).toHaveLength(6);
    expect(timing.waits).toHaveLength(5);
    expect(result.error?.kind).toBe('gave-up');
    expect(result.results[0]).toMatchObject({ status: 'failed', httpStatus: 503 });
    expect(result.results.slice(2).every((r) => r.status === 'not-sent')).toBe(true);
  });

  it('retries a network error', async () => {
    let dropped = false;
    const fetch = recordingFetch().fetch;
    const flaky: typeof fetch = async (input, init) => {
      if (!dropped) {
        dropped = true;
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      }
      return fetch(input, init);
    };
    const timing = fastTiming(0);
    const result = await new AepClient(pointedAt(server, { fetch: flaky, ...timing.options })).sendMessages(manyEvents(2));
    expect(result.accepted).toBe(2);
    expect(timing.waits).toEqual([275]);
  });

  it('honours Retry-After for real, through a loopback front that answers 503 once', async () => {
    const seen: { at: number; status: number }[] = [];
    let answered = 0;
    const front: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (answered++ === 0) {
          res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'application/json' });
          res.end('{}', () => seen.push({ at: Date.now(), status: 503 }));
          return;
        }
        seen.push({ at: Date.now(), status: 0 });
        const upstream = new URL(server.url);
        const forward = httpRequest({ host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      const result = await new AepClient(pointedAt(server, { streamingUrl: url })).sendMessages(manyEvents(2));
      expect(result.accepted).toBe(2);
      expect(seen).toHaveLength(2);
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1000 - 50);
    } finally {
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
  });
});

describe('credentials refused', () => {
  it('does not retry 403 (a token the inlet does not accept): one request, the problem text, nothing else sent', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new AepClient(pointedAt(server, { fetch, inletId: SECURE_INLET, accessToken: 'not-listed', maxRequestBytes: 3_000 }));
    const result = await client.sendMessages(manyEvents(4));
    expect(streamingCalls(calls).map((c) => c.status)).toEqual([403]);
    expect(result.error).toMatchObject({ kind: 'unauthorized', status: 403, problem: `[${SECURE_INLET}] Ims service token is invalid` });
    expect(result.accepted).toBe(0);
    expect(result.results.slice(2).every((r) => r.status === 'not-sent')).toBe(true);
  });

  it('does not retry 401 (no token)', async () => {
    const { fetch, calls } = recordingFetch();
    const client = new AepClient({ ...pointedAt(server, { fetch, inletId: SECURE_INLET }), accessToken: undefined });
    const result = await client.sendMessages(manyEvents(2));
    expect(streamingCalls(calls).map((c) => c.status)).toEqual([401]);
    expect(streamingCalls(calls)[0]!.headers['authorization']).toBeUndefined();
    expect(result.error).toMatchObject({ kind: 'unauthorized', status: 401, problem: `[${SECURE_INLET}] Ims service token is empty` });
  });

  it('sends the token to an authenticated inlet', async () => {
    const { fetch, calls } = recordingFetch();
    const result = await new AepClient(pointedAt(server, { fetch, inletId: SECURE_INLET, accessToken: SECURE_TOKEN })).sendMessages(manyEvents(2));
    expect(result.accepted).toBe(2);
    expect(streamingCalls(calls)[0]!.headers['authorization']).toBe(`Bearer ${SECURE_TOKEN}`);
  });

  it('never shows the token when the client is printed', () => {
    const client = new AepClient(pointedAt(server));
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(String(Object.entries(client))).not.toContain(TOKEN);
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(TOKEN);
  });
});

describe('413', () => {
  it('splits a request answered 413 in halves until each is taken', async () => {
    // A client limit above the server's 1 048 576 bytes, so the server answers 413.
    const messages = eventsOfBytes(2_500_000);
    const { fetch, calls } = recordingFetch();
    const result = await new AepClient(pointedAt(server, { fetch, maxRequestBytes: 3_000_000 })).sendMessages(messages);
    expect(result.accepted).toBe(messages.length);
    const statuses = streamingCalls(calls).map((c) => c.status);
    expect(statuses.filter((s) => s === 413).length).toBe(3);
    expect(statuses.filter((s) => s === 207).length).toBe(4);
    expect(result.requests).toBe(7);
  });

  it('reports a single message answered 413 as too large', async () => {
    const messages = manyEvents(1);
    (messages[0]!.body.xdmEntity as Record<string, unknown>)['padding'] = 'x'.repeat(1_100_000);
    const result = await new AepClient(pointedAt(server, { maxRequestBytes: 2_000_000 })).sendMessages(messages);
    expect(result.results[0]).toMatchObject({ status: 'too-large', reason: expect.stringMatching(/answered 413/) });
    expect(result.error).toBeUndefined();
  });
});
