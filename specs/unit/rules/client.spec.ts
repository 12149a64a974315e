/** The client rules on recordings made by hand: each rule's reading of the traffic, without a process or a server. */
import { describe, expect, it } from 'vitest';
import { defaultWorld } from '../../../src/world/default.js';
import { StreamingAnalyser } from '../../../src/rules/streaming/analyse.js';
import { backoffFault, judgeTraffic, messageKey, readTraffic, retryAfterMs, type ObservedExchange, type ScenarioInputs } from '../../../src/rules/client/index.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;
const analyser = new StreamingAnalyser({ world, inletId: inlet.id });
const URL_BATCH = `http://127.0.0.1:1/collection/batch/${inlet.id}`;

function message(id: string, org = inlet.org): unknown {
  const schemaRef = { id: world.schemas[0]!.id, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
  return {
    header: { schemaRef, imsOrgId: org, datasetId: world.datasets[0]!.id, createdAt: 1732371600000 },
    body: { xdmMeta: { schemaRef }, xdmEntity: { _id: id, timestamp: '2024-11-23T14:28:00Z', eventType: 'web.webpagedetails.pageViews' } },
  };
}

let clock = 1_000_000;
function exchange(messages: unknown[], status: number, opts: { entries?: unknown[]; waitMs?: number; retryAfter?: string; auth?: string } = {}): ObservedExchange {
  clock += opts.waitMs ?? 1000;
  const startedMs = clock;
  clock += 5;
  const body = status === 207 ? { inletId: inlet.id, batchId: '1:2:3', receivedTimeMs: 1, responses: opts.entries ?? messages.map((_, i) => ({ xactionId: `1:2:3:${i}` })) } : { title: 'x' };
  return {
    index: 0,
    startedMs,
    endedMs: clock,
    request: { method: 'POST', url: URL_BATCH, headers: opts.auth ? [{ name: 'Authorization', value: opts.auth }] : [], body: Buffer.from(JSON.stringify({ messages })) },
    response: { status, headers: opts.retryAfter ? [{ name: 'Retry-After', value: opts.retryAfter }] : [], body: Buffer.from(JSON.stringify(body)) },
  };
}

function judge(recorded: ObservedExchange[], inputs: ScenarioInputs, rules: string[]) {
  const traffic = readTraffic(recorded, { scenario: 'spec', profile: 'docs', world, inletId: inlet.id, inputs, analyser: () => analyser });
  return judgeTraffic(traffic, rules);
}

const inputsOf = (valid: unknown[], faulty: unknown[] = []): ScenarioInputs => ({
  valid: valid.map((m) => ({ key: messageKey(m) })),
  faulty: faulty.map((m) => ({ key: messageKey(m), fault: 'change-org' })),
});

describe('Retry-After, read as RFC 9110 says', () => {
  it('takes delay-seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
  });
});

describe('exponential back-off, read from measured waits', () => {
  it('accepts growing waits, with jitter', () => {
    expect(backoffFault([250, 500, 1000])).toBeUndefined();
    expect(backoffFault([300, 420, 1100])).toBeUndefined();
  });
  it('tells a fixed wait, a tight loop and shrinking waits', () => {
    expect(backoffFault([300, 300, 300])).toMatch(/did not grow/);
    expect(backoffFault([5, 2, 9])).toMatch(/tight loop/);
    expect(backoffFault([800, 200, 1600])).toMatch(/shrank/);
  });
});

describe('client.retry.*: chains of attempts at the same messages', () => {
  const batch = [message('a'), message('b')];
  it('three 503s and a success with growing waits: nothing to tell', () => {
    clock = 0;
    const recorded = [exchange(batch, 503), exchange(batch, 503, { waitMs: 250 }), exchange(batch, 503, { waitMs: 500 }), exchange(batch, 207, { waitMs: 1000 })];
    expect(judge(recorded, inputsOf(batch), ['client.retry.too-few', 'client.retry.no-backoff', 'client.message.lost'])).toEqual([]);
  });
  it('giving up after two retries is too few, and the loss is told with it, not apart', () => {
    const recorded = [exchange(batch, 503), exchange(batch, 503, { waitMs: 250 }), exchange(batch, 503, { waitMs: 600 })];
    const found = judge(recorded, inputsOf(batch), ['client.retry.too-few', 'client.message.lost']);
    expect(found.map((f) => f.ruleId)).toEqual(['client.retry.too-few']);
    expect(found[0]!.exchanges).toEqual([0, 1, 2]);
    expect(found[0]!.message).toMatch(/2 messages again only 2 times/);
  });
  it('a retry sooner than Retry-After ignores it', () => {
    const recorded = [exchange(batch, 429, { retryAfter: '2' }), exchange(batch, 207, { waitMs: 900 })];
    const found = judge(recorded, inputsOf(batch), ['client.retry.retry-after-ignored', 'client.retry.no-backoff']);
    expect(found.map((f) => f.ruleId)).toEqual(['client.retry.retry-after-ignored']);
    expect(found[0]!.message).toMatch(/Retry-After: 2/);
  });
});

describe('client.message.*: what a 207 said, and what the client did next', () => {
  const good = message('good');
  const wrongOrg = message('wrong', 'someone@AdobeOrg');
  const entries = [{ xactionId: '1:2:3:0' }, { statusCode: 400, message: 'inletId: […] Message has an absent or wrong ims org in the header' }];
  it('resending the accepted one is a duplicate; resending the rejected one unchanged is told apart', () => {
    const recorded = [exchange([good, wrongOrg], 207, { entries }), exchange([good], 207), exchange([wrongOrg], 207, { entries: [entries[1]] })];
    const found = judge(recorded, inputsOf([good], [wrongOrg]), ['client.message.duplicate', 'client.message.rejected-resent', 'client.message.envelope']);
    expect(found.map((f) => [f.ruleId, f.exchanges])).toEqual([
      ['client.message.duplicate', [0, 1]],
      ['client.message.rejected-resent', [0, 2]],
    ]);
  });
  it('a message the client broke is an envelope finding naming the streaming rule and the documented text', () => {
    const recorded = [exchange([wrongOrg], 207, { entries: [entries[1]] })];
    const found = judge(recorded, inputsOf([good]), ['client.message.envelope']);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/streaming\.header\.ims-org-mismatch/);
    expect(found[0]!.message).toMatch(/Message has an absent or wrong ims org in the header/);
  });
  it('a valid message never sent is lost; a client with its own data is not judged for loss', () => {
    const other = message('other');
    expect(judge([exchange([good], 207)], inputsOf([good, other]), ['client.message.lost']).map((f) => f.message)).toEqual(['1 valid message of the 2 handed over was never sent.']);
    expect(judge([exchange([message('own')], 207)], inputsOf([good, other]), ['client.message.lost'])).toEqual([]);
  });
});

describe('client.auth.retried', () => {
  it('the same credentials after a 403 are a blind retry; a new token is not', () => {
    const m = [message('a')];
    expect(judge([exchange(m, 403, { auth: 'Bearer one' }), exchange(m, 403, { auth: 'Bearer one' })], inputsOf(m), ['client.auth.retried'])).toHaveLength(1);
    expect(judge([exchange(m, 403, { auth: 'Bearer one' }), exchange(m, 207, { auth: 'Bearer two' })], inputsOf(m), ['client.auth.retried'])).toEqual([]);
  });
});

describe('batch life cycle: the trace checker sees the headers a client sent (regression: chunk-gap on correct parts)', () => {
  const base = 'http://127.0.0.1:1/data/foundation/import/batches';
  const dataset = world.datasets[0]!.id;
  let t = 5_000_000;
  const call = (method: string, url: string, status: number, opts: { headers?: Record<string, string>; body?: unknown } = {}): ObservedExchange => {
    t += 100;
    return {
      index: 0,
      startedMs: t,
      endedMs: t + 5,
      request: { method, url, headers: Object.entries(opts.headers ?? {}).map(([name, value]) => ({ name, value })), body: Buffer.alloc(0) },
      response: { status, headers: [], body: Buffer.from(opts.body === undefined ? '' : JSON.stringify(opts.body)) },
    };
  };
  it('contiguous parts of a large file, completed: no chunk-gap, no chunk-overlap', () => {
    const file = `${base}/b1/datasets/${dataset}/files/big.json`;
    const recorded = [
      call('POST', base, 201, { body: { id: 'b1' } }),
      call('POST', `${file}?action=INITIALIZE`, 201),
      call('PATCH', file, 200, { headers: { 'Content-Range': 'bytes 0-99/250', 'Content-Type': 'application/octet-stream' } }),
      call('PATCH', file, 200, { headers: { 'Content-Range': 'bytes 100-199/250', 'Content-Type': 'application/octet-stream' } }),
      call('PATCH', file, 200, { headers: { 'Content-Range': 'bytes 200-249/250', 'Content-Type': 'application/octet-stream' } }),
      call('POST', `${file}?action=COMPLETE`, 201),
      call('POST', `${base}/b1?action=COMPLETE`, 200),
    ];
    expect(judge(recorded, inputsOf([]), ['trace.client.chunk-gap', 'trace.client.chunk-overlap', 'trace.client.complete-missing'])).toEqual([]);
    const gap = [...recorded.slice(0, 3), ...recorded.slice(4)];
    expect(judge(gap, inputsOf([]), ['trace.client.chunk-gap']).map((f) => f.ruleId)).toEqual(['trace.client.chunk-gap']);
  });
});
