/**
 * Two documented behaviours verify exercises: a JSON request that is not a `{"messages": [ … ]}` envelope
 * is answered 400 (streaming.request.envelope-invalid), and a batch with a record its schema refuses ends
 * failed with its failed files listed and read in the documented shapes (export.failed). Both pass against
 * the in-process reference server, and both fail, naming their behaviour, behind a proxy that breaks them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILED_BATCH_FILE, FAILED_BATCH_FILES } from '../../src/contract/catalog.js';
import { STREAMING_ENDPOINTS } from '../../src/contract/streaming.js';
import { openTarget, type Target } from '../../src/conformance/target.js';
import { verifyTarget, type VerifyResult } from '../../src/conformance/verify/index.js';
import { invalidEnvelope, type EnvelopeFlaw } from '../../src/conformance/verify/streaming.js';
import { DOCUMENTED_BAD_DATE_TIME, invalidRecord, streamableDatasets } from '../../src/generate/index.js';
import { defaultWorld } from '../../src/world/index.js';
import { createXdmValidators } from '../../src/world/xdm-validator.js';
import { jsonAnswer, jsonOf, splitPath, withJson, startFaultProxy, type FaultHooks } from './fault-proxy.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;
const SEED = 20241123;
/** A batch case reaches a failed batch of its own about one time in twelve: this seed gets five in 30 cases. */
const BATCH_SEED = 5;

let target: Target;
beforeAll(async () => {
  target = await openTarget({ world, profile: 'docs', env: {} });
});
afterAll(() => target.close());

const failing = (result: VerifyResult) => [...new Set(result.checks.filter((c) => !c.ok).map((c) => c.behaviour))].sort();
const exercised = (result: VerifyResult, behaviour: string) => result.checks.filter((c) => c.behaviour === behaviour);

/** verify of one property through a proxy with `hooks` in front of the reference server. */
async function throughProxy(hooks: FaultHooks, property: string, runs: number, seed = SEED): Promise<{ result: VerifyResult; altered: number }> {
  const proxy = await startFaultProxy(target.url, hooks);
  try {
    const result = await verifyTarget({ url: proxy.url, headers: target.headers, world, profile: 'docs', runs, seed, property });
    return { result, altered: proxy.altered };
  } finally {
    await proxy.close();
  }
}

describe('streaming.request.envelope-invalid', () => {
  it('generates every way of missing the envelope, as JSON', () => {
    const cases = fc.sample(invalidEnvelope({ http: { url: '', call: () => Promise.reject(new Error('not sent')) }, world, profile: 'docs', inlet, runs: 1 }), { seed: 3, numRuns: 200 });
    const flaws = new Set<EnvelopeFlaw>(cases.map((c) => c.flaw));
    expect([...flaws].sort()).toEqual(['messages-empty', 'messages-not-array', 'no-messages', 'top-level-array', 'top-level-scalar']);
    for (const { body } of cases) {
      // Every body is JSON text, and none is an object with a non-empty messages array.
      expect(typeof JSON.stringify(body)).toBe('string');
      const messages = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { messages?: unknown }).messages : undefined;
      expect(Array.isArray(messages) && messages.length > 0).toBe(false);
    }
  });

  it('passes against the reference server, one check a case', async () => {
    const result = await verifyTarget({ url: target.url, headers: target.headers, world, profile: 'docs', runs: 30, seed: SEED, property: 'streaming.envelope-invalid' });
    expect(result.failures).toEqual([]);
    expect(result.properties.map((p) => [p.property, p.runs])).toEqual([['streaming.envelope-invalid', 30]]);
    const checks = exercised(result, 'streaming.request.envelope-invalid');
    expect(checks).toHaveLength(30);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it('fails, naming it, against a server that answers 207 with no entries to an empty messages array', async () => {
    const path = STREAMING_ENDPOINTS.batch.path.replace('{CONNECTION_ID}', inlet.id);
    const hooks: FaultHooks = {
      answerInstead(request) {
        if (request.method !== 'POST' || splitPath(request.path).pathname !== path) return undefined;
        const body = jsonOf({ status: 0, headers: {}, body: request.body }) as { messages?: unknown } | undefined;
        if (!Array.isArray(body?.messages) || body.messages.length > 0) return undefined;
        return jsonAnswer(207, { inletId: inlet.id, batchId: 'broken', receivedTimeMs: 1, responses: [] });
      },
    };
    const { result, altered } = await throughProxy(hooks, 'streaming.envelope-invalid', 30);
    expect(altered).toBeGreaterThan(0);
    expect(failing(result)).toEqual(['streaming.request.envelope-invalid']);
    expect(result.failures[0]?.counterexample).toContain('messages-empty');
  });

  it('fails, naming it, against a server whose 400 has no problem body', async () => {
    const hooks: FaultHooks = { rewrite: (request, answer) => (answer.status === 400 ? { status: 400, headers: {}, body: Buffer.from('Bad Request') } : answer) };
    const { result } = await throughProxy(hooks, 'streaming.envelope-invalid', 5);
    expect(failing(result)).toEqual(['streaming.request.envelope-invalid']);
    expect(result.failures[0]?.broken.map((c) => c.subject).join(' ')).toContain('problem body');
  });
});

describe('a record that breaks its schema the documented way', () => {
  const events = streamableDatasets(world)[0]!;
  const validator = createXdmValidators(world).forSchema(events.schema.id)!;

  it('is a valid record but for the documented timestamp, which the schema refuses as a date-time', () => {
    expect(FAILED_BATCH_FILE.documentedExample.messagePrefix.startsWith(`[${DOCUMENTED_BAD_DATE_TIME}]`)).toBe(true);
    for (const { record, violation } of fc.sample(invalidRecord(events)!, { seed: 11, numRuns: 50 })) {
      expect(record['timestamp']).toBe(DOCUMENTED_BAD_DATE_TIME);
      const violations = validator.validate(record);
      expect(violations.map((v) => [v.keyword, `#${v.instancePath}`])).toEqual([[violation.keyword, violation.pointerToViolation]]);
      expect(validator.validate({ ...record, timestamp: '2018-01-23T22:07:01Z' })).toEqual([]);
    }
  });

  it('is not generated for a dataset whose schema has no date-time timestamp', () => {
    const profiles = streamableDatasets(world).find((d) => d.schema.id !== events.schema.id)!;
    expect(profiles.schema.jsonSchema['properties']).not.toHaveProperty('timestamp');
    expect(invalidRecord(profiles)).toBeUndefined();
  });
});

describe('export.failed', () => {
  it('is exercised by the batch model and passes against the reference server', async () => {
    const result = await verifyTarget({ url: target.url, headers: target.headers, world, profile: 'docs', runs: 60, seed: BATCH_SEED, property: 'batch.life-cycle' });
    expect(result.failures).toEqual([]);
    const checks = exercised(result, 'export.failed');
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.ok)).toBe(true);
    // A batch that ended failed for its invalid record is counted as such, not as a batch of valid files.
    expect(result.checks.some((c) => c.behaviour === 'batch.processing.outcome' && c.subject.includes('with an invalid record'))).toBe(true);
  });

  const failedPath = /^\/data\/foundation\/export\/batches\/[^/]+\/failed$/;
  const rewriteFailed = (change: (body: Record<string, unknown>, listing: boolean) => unknown): FaultHooks => ({
    rewrite(request, answer) {
      const { pathname, query } = splitPath(request.path);
      const body = jsonOf(answer);
      if (request.method !== 'GET' || !failedPath.test(pathname) || answer.status !== 200 || body === null || typeof body !== 'object') return answer;
      return withJson(answer, change(structuredClone(body) as Record<string, unknown>, !query.has(FAILED_BATCH_FILE.query)));
    },
  });

  it('fails, naming it, when the listing gives length as a number', async () => {
    const hooks = rewriteFailed((body, listing) => {
      if (!listing) return body;
      const data = body['data'] as { length: unknown }[];
      return { ...body, data: data.map((file) => ({ ...file, length: Number(file.length) })) };
    });
    const { result, altered } = await throughProxy(hooks, 'batch.life-cycle', 60, BATCH_SEED);
    expect(altered).toBeGreaterThan(0);
    expect(failing(result)).toEqual(['export.failed']);
    expect(result.failures[0]?.broken.map((c) => c.subject).join(' ')).toContain(FAILED_BATCH_FILES.listing.itemFields.join(', '));
  });

  it('fails, naming it, when a failed file leaves out pointerToViolation', async () => {
    const field = FAILED_BATCH_FILE.validationErrorsField;
    const hooks = rewriteFailed((body, listing) =>
      listing ? body : { ...body, [field]: (body[field] as Record<string, unknown>[]).map(({ pointerToViolation: _, ...rest }) => rest) },
    );
    const { result, altered } = await throughProxy(hooks, 'batch.life-cycle', 60, BATCH_SEED);
    expect(altered).toBeGreaterThan(0);
    expect(failing(result)).toEqual(['export.failed']);
  });

  it('fails, naming it, when the failed files do not report the invalid timestamp', async () => {
    const field = FAILED_BATCH_FILE.validationErrorsField;
    const hooks = rewriteFailed((body, listing) =>
      listing ? body : { ...body, [field]: (body[field] as Record<string, unknown>[]).map((item) => ({ ...item, pointerToViolation: '#/_id', schemaLocation: '#/properties/_id' })) },
    );
    const { result } = await throughProxy(hooks, 'batch.life-cycle', 60, BATCH_SEED);
    expect(failing(result)).toEqual(['export.failed']);
    expect(result.failures[0]?.broken.map((c) => c.subject).join(' ')).toContain('#/timestamp invalid is reported');
  });

  it('a listing with no file at all fails it too', async () => {
    const hooks = rewriteFailed((body, listing) => (listing ? { data: [], _page: { limit: FAILED_BATCH_FILES.listing.page.limit, count: 0 } } : body));
    const { result } = await throughProxy(hooks, 'batch.life-cycle', 60, BATCH_SEED);
    expect(failing(result)).toEqual(['export.failed']);
  });
});
