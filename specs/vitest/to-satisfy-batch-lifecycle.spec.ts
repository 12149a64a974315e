/** `toSatisfyBatchLifecycle`: recorded calls (a HAR, or exchanges) through the trace checker; findings by rule and entry. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/vitest/index.js';
import type { RecordedCall } from '../../src/vitest/index.js';

const ROOT = join(import.meta.dirname, '../..');
const harText = readFileSync(join(ROOT, 'fixtures/traces/batch-and-campaign.har'), 'utf8');
const BATCHES = 'https://platform.adobe.io/data/foundation/import/batches';
const HEADERS = { authorization: 'Bearer local-token', 'x-api-key': 'key', 'x-gw-ims-org-id': '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg', 'x-sandbox-name': 'prod' };
const BATCH = '01JNB4A3W5Q2C0X8V7T6R5P4N3';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';

function failure(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the expectation passed');
}

/** A client's batch upload as a test records it: create, upload, COMPLETE, one status read. */
function upload(opts: { complete: boolean; uploadAfterComplete?: boolean }): RecordedCall[] {
  const create: RecordedCall = {
    request: { method: 'POST', url: BATCHES, headers: { ...HEADERS, 'content-type': 'application/json' }, body: { datasetId: DATASET, inputFormat: { format: 'json' } } },
    response: { status: 201, body: { id: BATCH, status: 'loading' } },
  };
  const put = (name: string): RecordedCall => ({
    request: { method: 'PUT', url: `${BATCHES}/${BATCH}/datasets/${DATASET}/files/${name}`, headers: { ...HEADERS, 'content-type': 'application/octet-stream' }, body: '{"a":1}\n' },
    response: { status: 200 },
  });
  const complete: RecordedCall = { request: { method: 'POST', url: `${BATCHES}/${BATCH}?action=COMPLETE`, headers: HEADERS }, response: { status: 200 } };
  const calls = [create, put('events.json')];
  if (opts.complete) calls.push(complete);
  if (opts.uploadAfterComplete) calls.push(put('late.json'));
  return calls;
}

describe('toSatisfyBatchLifecycle', () => {
  it('passes on a HAR of a batch upload and a Campaign trigger followed to the end, as an object or as text', () => {
    expect(harText).toSatisfyBatchLifecycle();
    expect(JSON.parse(harText)).toSatisfyBatchLifecycle({ profile: 'docs' });
  });

  it('passes on recorded exchanges of a batch created, uploaded to and completed', () => {
    expect(upload({ complete: true })).toSatisfyBatchLifecycle();
  });

  it('fails listing each finding with its rule id and entry', () => {
    expect(failure(() => expect(upload({ complete: true, uploadAfterComplete: true })).toSatisfyBatchLifecycle())).toMatchInlineSnapshot(`
      "expected the recorded calls (4 calls) to satisfy the batch life cycle (profile docs); 1 finding:
        trace.client.upload-after-close (error): entry 3 (2000-01-01T00:00:15.000Z): a file is sent to batch 01JNB4A3W5Q2C0X8V7T6R5P4N3 after COMPLETE was accepted at entry 2."
    `);
    expect(failure(() => expect(upload({ complete: false })).toSatisfyBatchLifecycle())).toMatchInlineSnapshot(`
      "expected the recorded calls (2 calls) to satisfy the batch life cycle (profile docs); 1 finding:
        trace.client.complete-missing (error): entry 1 (2000-01-01T00:00:05.000Z): batch 01JNB4A3W5Q2C0X8V7T6R5P4N3 (created at entry 0) is never completed: no COMPLETE or ABORT follows its last upload, so it stays in loading and will be abandoned."
    `);
  });

  it('fails on a HAR without the COMPLETE call: the status read after it is one the life cycle cannot reach', () => {
    const har = JSON.parse(harText) as { log: { entries: unknown[] } };
    har.log.entries.splice(6, 1);
    expect(failure(() => expect(har).toSatisfyBatchLifecycle())).toMatchInlineSnapshot(`
      "expected the recorded calls (12 calls) to satisfy the batch life cycle (profile docs); 1 finding:
        trace.server.illegal-transition (error): entry 6 (2025-03-04T09:01:10.000Z): batch 01JNB4A3W5Q2C0X8V7T6R5P4N3 is answered "loaded" after "loading"; the life cycle (docs profile) does not lead there without a client action the trace does not show."
    `);
  });

  it('throws on something that is not a trace, saying what, with .not too', () => {
    expect(failure(() => expect('{"log": {}}').toSatisfyBatchLifecycle())).toMatchInlineSnapshot(`"toSatisfyBatchLifecycle: the HAR cannot be read: /log/entries is missing: a HAR entry needs an array of entries (line 1, column 9)"`);
    expect(() => expect(42).not.toSatisfyBatchLifecycle()).toThrow('toSatisfyBatchLifecycle: expected a HAR (an object or its text) or a list of recorded calls');
  });

  it('.not passes on a broken life cycle and fails on a sound one', () => {
    expect(upload({ complete: false })).not.toSatisfyBatchLifecycle();
    expect(failure(() => expect(harText).not.toSatisfyBatchLifecycle())).toMatchInlineSnapshot(`"expected the recorded calls (13 calls) to break the batch life cycle (profile docs), but the trace checker finds nothing"`);
  });
});
