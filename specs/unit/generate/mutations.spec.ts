import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_TYPE_FORMS, DOCUMENTED_MESSAGES, documentedMessage, pick, type DocumentedMessageKey } from '../../../src/contract/streaming.js';
import {
  MUTATIONS,
  MUTATION_NAMES,
  applicableMutations,
  contentTypeFor,
  mutationNamed,
  validMessage,
  validRequest,
  type StreamingMessage,
} from '../../../src/generate/index.js';
import { defaultWorld } from '../../../src/world/index.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;
const FC_PARAMS = { numRuns: 40, ...(process.env.FC_SEED !== undefined ? { seed: Number(process.env.FC_SEED) } : {}) };

const DOCUMENTED_TEXTS = (Object.keys(DOCUMENTED_MESSAGES) as DocumentedMessageKey[]).map((key) => documentedMessage(key, inlet.id, inlet.org));

const eventDataset = world.datasets.find((d) => world.schemas.find((s) => s.id === d.schema)?.timeSeries === true)!;
const profileDataset = world.datasets.find((d) => world.schemas.find((s) => s.id === d.schema)?.timeSeries === false)!;

describe('the mutation list', () => {
  it('is closed: every name is defined once, every definition is named', () => {
    expect(MUTATIONS.map((m) => m.name)).toEqual([...MUTATION_NAMES]);
    for (const name of MUTATION_NAMES) expect(mutationNamed(name).name).toBe(name);
  });

  it('names the mutations the brief asks for', () => {
    for (const name of [
      'drop-body', 'drop-header', 'change-org', 'swap-schemaRef', 'body-schemaRef-differs', 'legacy-xdmSchema', 'unknown-dataset',
      'unknown-schema', 'malformed-contentType', 'drop-xdmMeta', 'message-not-object', 'drop-xdmEntity', 'drop-_id', 'drop-timestamp',
      'wrong-type', 'extraneous-key', 'bad-date-time',
    ]) {
      expect(MUTATION_NAMES).toContain(name);
    }
  });

  it('applies event-only mutations to time-series messages only', () => {
    fc.assert(
      fc.property(validMessage(world, inlet), (message) => {
        const names = applicableMutations(message, world).map((m) => m.name);
        const timeSeries = message.header.datasetId === eventDataset.id;
        expect(names.includes('drop-_id')).toBe(timeSeries);
        expect(names.includes('drop-timestamp')).toBe(timeSeries);
        expect(names.includes('bad-date-time')).toBe(timeSeries);
        expect(names).toContain('drop-body');
        expect(names).toContain('wrong-type');
        expect(names).toContain('extraneous-key');
      }),
      FC_PARAMS,
    );
    expect(profileDataset).toBeDefined();
  });
});

describe.each(MUTATIONS.map((m) => [m.name, m] as const))('mutation %s', (_name, mutation) => {
  it('changes the message and leaves its input as it was', () => {
    fc.assert(
      fc.property(validMessage(world, inlet), (message) => {
        fc.pre(mutation.applies(message, world));
        const before = structuredClone(message);
        const mutated = mutation.apply(message, world, inlet);
        expect(message).toEqual(before);
        expect(mutated).not.toEqual(message);
        // Deterministic: a shrunk case re-applies exactly the same change.
        expect(mutation.apply(message, world, inlet)).toEqual(mutated);
        // Still JSON: the mutated message travels in a request file.
        expect(JSON.parse(JSON.stringify({ messages: [mutated] }))).toEqual({ messages: [mutated] });
      }),
      FC_PARAMS,
    );
  });

  it("expects a verdict built from the contract's documented messages", () => {
    const verdict = mutation.expect(inlet);
    if (verdict.kind === 'rejected') {
      expect(verdict.statusCode).toBe(400);
      expect(DOCUMENTED_TEXTS).toContain(verdict.message);
      expect(verdict.message.startsWith(`inletId: [${inlet.id}] imsOrgId: [${inlet.org}] `)).toBe(true);
    } else {
      expect(['error-batch', 'accepted']).toContain(verdict.kind);
    }
  });
});

describe('verdicts by documented rule', () => {
  const rejectedWith = (key: DocumentedMessageKey) => ({ kind: 'rejected', statusCode: 400, message: documentedMessage(key, inlet.id, inlet.org) });

  it('answers a wrong org with "absent or wrong ims org", naming the inlet\'s org', () => {
    expect(mutationNamed('change-org').expect(inlet)).toEqual(rejectedWith('absentOrWrongImsOrg'));
  });

  it.each([
    'drop-body', 'drop-header', 'drop-schemaRef', 'swap-schemaRef', 'body-schemaRef-differs', 'legacy-xdmSchema', 'unknown-dataset',
    'unknown-schema', 'malformed-contentType', 'drop-xdmMeta', 'message-not-object',
  ] as const)('answers %s with "unknown xdm format"', (name) => {
    expect(mutationNamed(name).expect(inlet)).toEqual(rejectedWith('unknownXdmFormat'));
  });

  it.each([
    'drop-xdmEntity', 'drop-_id', 'drop-timestamp', 'wrong-type', 'extraneous-key', 'bad-date-time', 'enum-violation', 'pattern-violation', 'below-minimum',
  ] as const)('sends %s to the error batch', (name) => {
    expect(mutationNamed(name).expect(inlet)).toEqual({ kind: 'error-batch' });
  });

  it("follows the profile's reading for a header without imsOrgId or datasetId", () => {
    expect(mutationNamed('drop-imsOrgId').expect(inlet, 'docs')).toEqual({ kind: 'accepted' });
    expect(mutationNamed('drop-imsOrgId').expect(inlet, 'openapi')).toEqual(rejectedWith('absentOrWrongImsOrg'));
    expect(pick('openapi', 'streaming.imsOrgId.absent').value).toBe('required');
    expect(mutationNamed('drop-datasetId').expect(inlet, 'docs')).toEqual({ kind: 'accepted' });
    expect(mutationNamed('drop-datasetId').expect(inlet, 'strict')).toEqual(rejectedWith('unknownXdmFormat'));
  });
});

describe('what the mutations write', () => {
  const sample = (): StreamingMessage => fc.sample(validMessage(world, inlet).filter((m) => m.header.datasetId === eventDataset.id), { numRuns: 1, seed: 7 })[0]!;

  it('change-org writes a well-formed org id that is not the inlet\'s', () => {
    const mutated = mutationNamed('change-org').apply(sample(), world, inlet) as StreamingMessage;
    expect(mutated.header.imsOrgId).toMatch(/^[0-9A-F]{24}@AdobeOrg$/);
    expect(mutated.header.imsOrgId).not.toBe(inlet.org);
  });

  it('swap-schemaRef keeps body.xdmMeta equal to the header and the dataset as it was', () => {
    const message = sample();
    const mutated = mutationNamed('swap-schemaRef').apply(message, world, inlet) as StreamingMessage;
    expect(mutated.header.schemaRef.id).not.toBe(message.header.schemaRef.id);
    expect(world.schemas.map((s) => s.id)).toContain(mutated.header.schemaRef.id);
    expect(mutated.body.xdmMeta.schemaRef).toEqual(mutated.header.schemaRef);
    expect(mutated.header.datasetId).toBe(message.header.datasetId);
  });

  it('body-schemaRef-differs changes body.xdmMeta.schemaRef only', () => {
    const message = sample();
    const mutated = mutationNamed('body-schemaRef-differs').apply(message, world, inlet) as StreamingMessage;
    expect(mutated.header).toEqual(message.header);
    expect(mutated.body.xdmEntity).toEqual(message.body.xdmEntity);
    expect(mutated.body.xdmMeta.schemaRef).not.toEqual(message.header.schemaRef);
  });

  it('legacy-xdmSchema writes the partial-failure example\'s header form', () => {
    const mutated = mutationNamed('legacy-xdmSchema').apply(sample(), world, inlet) as { header: Record<string, unknown> };
    expect(mutated.header).not.toHaveProperty('schemaRef');
    expect(mutated.header).toMatchObject({ xdmSchema: { name: '_xdm.context.experienceevent' }, msgType: 'xdmEntityCreate' });
    expect(typeof mutated.header['msgId']).toBe('string');
  });

  it('unknown-dataset and unknown-schema name ids the world does not have', () => {
    const datasetId = (mutationNamed('unknown-dataset').apply(sample(), world, inlet) as StreamingMessage).header.datasetId;
    expect(world.datasets.map((d) => d.id)).not.toContain(datasetId);
    expect(datasetId).toMatch(/^[0-9a-f]{24}$/);
    const mutated = mutationNamed('unknown-schema').apply(sample(), world, inlet) as StreamingMessage;
    expect(world.schemas.map((s) => s.id)).not.toContain(mutated.header.schemaRef.id);
    expect(mutated.body.xdmMeta.schemaRef.id).toBe(mutated.header.schemaRef.id);
  });

  it('malformed-contentType writes a value no documented form matches', () => {
    fc.assert(
      fc.property(validMessage(world, inlet), (message) => {
        const mutated = mutationNamed('malformed-contentType').apply(message, world, inlet) as StreamingMessage;
        for (const form of Object.values(CONTENT_TYPE_FORMS)) expect(form.pattern.test(mutated.header.schemaRef.contentType)).toBe(false);
      }),
      FC_PARAMS,
    );
  });

  it('message-not-object writes no JSON object', () => {
    fc.assert(
      fc.property(validMessage(world, inlet), (message) => {
        const mutated = mutationNamed('message-not-object').apply(message, world, inlet);
        expect(mutated === null || typeof mutated !== 'object' || Array.isArray(mutated)).toBe(true);
      }),
      FC_PARAMS,
    );
  });

  it('bad-date-time writes the documented bad timestamp', () => {
    const mutated = mutationNamed('bad-date-time').apply(sample(), world, inlet) as StreamingMessage;
    expect(mutated.body.xdmEntity['timestamp']).toBe('2018-00-23T22:07:01Z');
  });
});

describe('valid messages', () => {
  it("write schemaRef.contentType in a form the profile accepts, with the schema's version", () => {
    const forms = pick('docs', 'streaming.contentType.forms').value;
    fc.assert(
      fc.property(validMessage(world, inlet), (message) => {
        const { contentType, id } = message.header.schemaRef;
        expect(forms.some((form) => CONTENT_TYPE_FORMS[form].pattern.test(contentType))).toBe(true);
        const schema = world.schemas.find((s) => s.id === id)!;
        expect(forms.map((form) => contentTypeFor(form, schema.version))).toContain(contentType);
        expect(message.body.xdmMeta.schemaRef).toEqual(message.header.schemaRef);
        expect(message.header.imsOrgId).toBe(inlet.org);
      }),
      FC_PARAMS,
    );
  });

  it('make requests under 1 000 000 bytes with at most the asked number of messages', () => {
    fc.assert(
      fc.property(validRequest(world, inlet, { maxMessages: 60 }), (request) => {
        expect(request.messages.length).toBeGreaterThanOrEqual(1);
        expect(request.messages.length).toBeLessThanOrEqual(60);
        expect(Buffer.byteLength(JSON.stringify(request))).toBeLessThan(1_000_000);
      }),
      { ...FC_PARAMS, numRuns: 10 },
    );
  });
});
