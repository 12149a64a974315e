import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createXdmValidators, defaultWorld, type World } from '../../../src/world/index.js';
import { DATE_TIME_EXPECTED } from '../../../src/world/xdm-validator.js';
import { FAILED_BATCH_FILE } from '../../../src/contract/catalog.js';
import { PROFILE_SCHEMA_ID, TUTORIAL_FIRST_ENTITY, WEB_EVENT_SCHEMA_ID } from './tutorial-entities.js';

const validators = createXdmValidators(defaultWorld());
const webEvent = validators.forSchema(WEB_EVENT_SCHEMA_ID)!;

/** The tutorial's first entity with values set (or, for undefined, removed) at JSON pointers. */
function withChanges(changes: Record<string, unknown>): unknown {
  const entity: unknown = structuredClone(TUTORIAL_FIRST_ENTITY);
  for (const [pointer, value] of Object.entries(changes)) {
    const keys = pointer.slice(1).split('/');
    const last = keys.pop()!;
    let parent = entity as Record<string, unknown>;
    for (const key of keys) parent = (parent[key] ??= {}) as Record<string, unknown>;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return entity;
}

describe('a value of the wrong type is a "type" violation at its pointer', () => {
  it('reports quantity given as a string', () => {
    const violations = webEvent.validate(withChanges({ '/productListItems/0/quantity': '30' }));
    expect(violations).toEqual([
      {
        keyword: 'type',
        instancePath: '/productListItems/0/quantity',
        schemaPath: '#/properties/productListItems/items/properties/quantity/type',
        message: 'must be integer',
        params: { type: 'integer' },
      },
    ]);
  });
});

describe('an extraneous key is reported the way the platform words it', () => {
  it('names the key, at the object holding it', () => {
    const violations = webEvent.validate(
      withChanges({ '/_experience/campaign/message/profileSnapshot/workEmail/primary': true }),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      keyword: 'additionalProperties',
      instancePath: '/_experience/campaign/message/profileSnapshot/workEmail',
      message: 'extraneous key [primary] is not permitted',
      params: { additionalProperty: 'primary' },
    });
  });

  it('reports a key the schema does not have at the top level', () => {
    const [violation] = webEvent.validate(withChanges({ '/workEmail': { address: 'a@example.com' } }));
    expect(violation).toMatchObject({ instancePath: '', message: 'extraneous key [workEmail] is not permitted' });
  });
});

describe('a timestamp that is not an RFC 3339 date-time is reported the way the platform words it', () => {
  it.each(['2019-02-23 22:07:01', '2019-02-23T22:07:01', 'yesterday'])('%s', (timestamp) => {
    const violations = webEvent.validate(withChanges({ '/timestamp': timestamp }));
    expect(violations).toEqual([
      {
        keyword: 'format',
        instancePath: '/timestamp',
        schemaPath: '#/properties/timestamp/format',
        message: `[${timestamp}] is not a valid date-time. Expected [${DATE_TIME_EXPECTED}]`,
        params: { format: 'date-time' },
      },
    ]);
  });
});

describe('a time-series entity without _id is a "required" violation', () => {
  it('is reported at the entity, naming the missing key', () => {
    const violations = webEvent.validate(withChanges({ '/_id': undefined }));
    expect(violations).toEqual([
      {
        keyword: 'required',
        instancePath: '',
        schemaPath: '#/required',
        message: "must have required property '_id'",
        params: { missingProperty: '_id' },
      },
    ]);
  });
});

describe('other keywords keep the validator message', () => {
  it('reports enum, pattern and minimum', () => {
    const violations = webEvent.validate(
      withChanges({
        '/eventType': 'web.pageView',
        '/_acme': { storeId: 'store 1' },
        '/productListItems/0/quantity': -1,
      }),
    );
    expect(violations.map((v) => [v.keyword, v.instancePath, v.message])).toEqual([
      ['enum', '/eventType', 'must be equal to one of the allowed values'],
      ['minimum', '/productListItems/0/quantity', 'must be >= 0'],
      ['pattern', '/_acme/storeId', 'must match pattern "^ST-[0-9]{4}$"'],
    ]);
  });
});

describe('validation stops after five violations, as the platform does', () => {
  const sevenMistakes = withChanges({ '/a': 1, '/b': 1, '/c': 1, '/d': 1, '/e': 1, '/f': 1, '/g': 1 });

  it('returns at most five by default', () => {
    expect(webEvent.validate(sevenMistakes)).toHaveLength(5);
  });

  it('returns at most maxViolations when given', () => {
    const one = createXdmValidators(defaultWorld(), { maxViolations: 1 }).forSchema(WEB_EVENT_SCHEMA_ID)!;
    expect(one.validate(sevenMistakes)).toHaveLength(1);
    const all = createXdmValidators(defaultWorld(), { maxViolations: 100 }).forSchema(WEB_EVENT_SCHEMA_ID)!;
    expect(all.validate(sevenMistakes)).toHaveLength(7);
  });

  it('refuses a maxViolations that is not a positive integer', () => {
    expect(() => createXdmValidators(defaultWorld(), { maxViolations: 0 })).toThrow(RangeError);
  });
});

describe('schemas are compiled lazily, once', () => {
  afterEach(() => vi.restoreAllMocks());

  it('compiles nothing up front, each schema on first use, and never again', () => {
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const lazy = createXdmValidators(defaultWorld());
    expect(compile).not.toHaveBeenCalled();

    const first = lazy.forSchema(WEB_EVENT_SCHEMA_ID)!;
    for (let i = 0; i < 100; i++) first.validate(TUTORIAL_FIRST_ENTITY);
    expect(lazy.forSchema(WEB_EVENT_SCHEMA_ID)).toBe(first);
    expect(compile).toHaveBeenCalledTimes(1);

    lazy.forSchema(PROFILE_SCHEMA_ID)!.validate({});
    lazy.forSchema(PROFILE_SCHEMA_ID)!.validate({});
    expect(compile).toHaveBeenCalledTimes(2);
  });

  it('gives undefined for a schema the world does not have', () => {
    expect(validators.forSchema('https://ns.adobe.com/acme/schemas/unknown')).toBeUndefined();
  });

  it('keeps two world schemas that share a $id apart', () => {
    const world: World = defaultWorld();
    const copy = {
      ...world.schemas[0]!,
      id: 'https://ns.adobe.com/acme/schemas/copy',
      jsonSchema: { ...world.schemas[0]!.jsonSchema, required: ['eventType'] },
    };
    world.schemas.push(copy);
    const both = createXdmValidators(world);
    expect(both.forSchema(WEB_EVENT_SCHEMA_ID)!.validate(TUTORIAL_FIRST_ENTITY)).toEqual([]);
    expect(both.forSchema(copy.id)!.validate(TUTORIAL_FIRST_ENTITY).map((v) => v.params)).toEqual([
      { missingProperty: 'eventType' },
    ]);
  });
});

describe('a valid entity costs the compiled check and nothing more', () => {
  it('returns a new empty list, never shared between calls', () => {
    const a = webEvent.validate(TUTORIAL_FIRST_ENTITY);
    const b = webEvent.validate(TUTORIAL_FIRST_ENTITY);
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
  });
});

describe('the failed-record text begins as the documented failed file shows it', () => {
  it('"[2018-00-23T22:07:01Z] is not a valid date-time. Expected ["', () => {
    const { value, messagePrefix } = { value: '2018-00-23T22:07:01Z', messagePrefix: FAILED_BATCH_FILE.documentedExample.messagePrefix };
    const [violation] = webEvent.validate(withChanges({ '/timestamp': value }));
    expect(violation?.message.startsWith(messagePrefix)).toBe(true);
  });
});
