/** `toMatchDocumentedResponse`: a streaming answer against the documented one for the request sent; mismatches by pointer. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useReferenceServer } from '../../src/vitest/index.js';

const ROOT = join(import.meta.dirname, '../..');
const mixed = readFileSync(join(ROOT, 'fixtures/payloads/web-events-mixed.json'), 'utf8');
const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';

async function failure(run: () => unknown): Promise<{ message: string; expected: unknown; actual: unknown }> {
  try {
    await run();
  } catch (error) {
    const e = error as Error & { expected?: unknown; actual?: unknown };
    return { message: e.message, expected: e.expected, actual: e.actual };
  }
  throw new Error('the expectation passed');
}

describe('toMatchDocumentedResponse', () => {
  const reference = useReferenceServer();
  const send = (body: string, path = `/collection/batch/${INLET}`) =>
    fetch(`${reference.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it("passes on the reference server's answer to a request with rejected and error-batch messages (a Response, awaited)", async () => {
    const res = await send(mixed);
    await expect(res).toMatchDocumentedResponse(mixed);
    // The Response is read from a clone: the test can still read it.
    expect((await res.json()) as unknown).toMatchObject({ inletId: INLET });
  });

  it('passes on { status, body }, on a single message and on a refused request', async () => {
    const res = await send(mixed);
    expect({ status: res.status, body: await res.json() }).toMatchDocumentedResponse(JSON.parse(mixed));
    const message = (JSON.parse(mixed) as { messages: unknown[] }).messages[0];
    await expect(await send(JSON.stringify(message), `/collection/${INLET}`)).toMatchDocumentedResponse(message);
    await expect(await send('{"messages": [')).toMatchDocumentedResponse('{"messages": [');
  });

  it('fails on an answer that is not the documented one, listing each mismatch by pointer', async () => {
    const res = await send(mixed);
    const body = (await res.json()) as { batchId: string; responses: Record<string, unknown>[] };
    // A server that accepts a message the documentation rejects, numbers an entry wrong and drops the last.
    body.responses[3] = { xactionId: `${body.batchId}:3` };
    body.responses[1] = { xactionId: `${body.batchId}:0` };
    body.responses.pop();
    const { message, expected, actual } = await failure(() => expect({ status: 207, body }).toMatchDocumentedResponse(mixed));
    expect(message.replaceAll(body.batchId, '<batchId>')).toMatchInlineSnapshot(`
      "expected the answer to POST /collection/batch/{CONNECTION_ID} with 6 messages to be the documented one (inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, profile docs); 5 mismatches:
        /responses: expected 6 entries, one per message in order, received 5 entries
        /responses/1/xactionId: expected "<batchId>:1", received "<batchId>:0"
        /responses/3/statusCode: expected 400, received nothing
        /responses/3/message: expected "inletId: [9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5] imsOrgId: [5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg] Message has an absent or wrong ims org in the header", received nothing
        /responses/3/xactionId: expected nothing (the message is rejected), received "<batchId>:3""
    `);
    expect(Object.keys(expected as object)).toEqual(Object.keys(actual as object));
  });

  it('fails on a status other than the documented one', async () => {
    const { message } = await failure(() => expect({ status: 200, body: '' }).toMatchDocumentedResponse(mixed));
    expect(message).toMatchInlineSnapshot(`
      "expected the answer to POST /collection/batch/{CONNECTION_ID} with 6 messages to be the documented one (inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, profile docs); 1 mismatch:
        status: expected 207, received 200"
    `);
  });

  it('.not fails on the documented answer', async () => {
    const res = await send(mixed);
    const { message } = await failure(() => expect(res).not.toMatchDocumentedResponse(mixed));
    expect(message).toMatchInlineSnapshot(`"expected the answer to POST /collection/batch/{CONNECTION_ID} with 6 messages not to be the documented one (inlet 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5, profile docs), but it is"`);
  });
});
