import { describe, expect, it } from 'vitest';
import { createXdmValidators, defaultWorld } from '../../../src/world/index.js';
import {
  PROFILE_SCHEMA_ID,
  TUTORIAL_FIRST_ENTITY,
  TUTORIAL_FOURTH_MESSAGE_ENTITY,
  TUTORIAL_SECOND_ENTITY,
  WEB_EVENT_SCHEMA_ID,
} from './tutorial-entities.js';

describe('the default world describes one tenant', () => {
  const world = defaultWorld();

  it('has one org with the prod and dev sandboxes', () => {
    expect(world.source).toBe('embedded:default');
    expect(world.orgs).toEqual([{ id: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg', sandboxes: ['prod', 'dev'] }]);
  });

  it("has exactly the tutorials' inlet, open, in that org, so preflight needs no --inlet", () => {
    expect(world.inlets.map((inlet) => [inlet.id, inlet.authenticationRequired])).toEqual([
      ['9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5', false],
    ]);
    expect(new Set(world.inlets.map((inlet) => inlet.org))).toEqual(new Set(['5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg']));
    expect(world.inlets.every((inlet) => inlet.tokens === undefined)).toBe(true);
  });

  it('has a time-series web-event schema and a profile schema, each with a dataset', () => {
    expect(world.schemas.map((s) => [s.id, s.version, s.class, s.timeSeries])).toEqual([
      [WEB_EVENT_SCHEMA_ID, '1', 'https://ns.adobe.com/xdm/context/experienceevent', true],
      [PROFILE_SCHEMA_ID, '1', 'https://ns.adobe.com/xdm/context/profile', false],
    ]);
    expect(world.datasets).toEqual([
      { id: '5f0c0c7f6c5f1b194c1e0b4a', schema: WEB_EVENT_SCHEMA_ID, name: 'Web events' },
      { id: '5f0c0c7f6c5f1b194c1e0b4b', schema: PROFILE_SCHEMA_ID, name: 'Profiles' },
    ]);
  });

  it('has Campaign mappings in the three states (published and stopped, running, draft) and one per documented status example', () => {
    expect(world.campaignMappings).toEqual([
      // Its requests end as the documented success example does.
      { id: 'ProfileToAEP', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 } },
      { id: 'EventsToAEP', published: true, stopped: false },
      { id: 'DraftMapping', published: false, stopped: true },
      // In Progress (for an hour of server time), Failed ACP-880056, Failed ACP-880096 with a batchId, Aborted.
      { id: 'SlowMapping', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 }, processingMs: 3_600_000 },
      { id: 'FetchFailsMapping', published: true, stopped: true, outcome: { status: 'failed', reason: 'fetch' } },
      { id: 'UploadFailsMapping', published: true, stopped: true, outcome: { status: 'failed', reason: 'upload' } },
      { id: 'AbortedMapping', published: true, stopped: true, outcome: { status: 'aborted' } },
    ]);
  });

  it('returns a fresh copy each call', () => {
    const changed = defaultWorld();
    changed.orgs[0]!.sandboxes.push('qa');
    (changed.schemas[0]!.jsonSchema as { title: string }).title = 'changed';
    expect(defaultWorld().orgs[0]!.sandboxes).toEqual(['prod', 'dev']);
    expect(defaultWorld().schemas[0]!.jsonSchema['title']).toBe('Acme web events');
  });
});

describe("the default schemas are in the Schema Registry's xed-full form", () => {
  const [event, profile] = defaultWorld().schemas;

  it('declare draft-06, their id, alt id, class and what they extend', () => {
    for (const schema of [event!, profile!]) {
      const json = schema.jsonSchema;
      expect(json['$schema']).toBe('http://json-schema.org/draft-06/schema#');
      expect(json['$id']).toBe(schema.id);
      expect(json['meta:altId']).toBe(`_acme.schemas.${schema.id.split('/').at(-1)}`);
      expect(json['meta:resourceType']).toBe('schemas');
      expect(json['meta:class']).toBe(schema.class);
      expect(json['meta:extends']).toContain(schema.class);
      expect(json['additionalProperties']).toBe(false);
    }
    expect(event!.jsonSchema['meta:extends']).toContain('https://ns.adobe.com/xdm/data/time-series');
    expect(event!.jsonSchema['required']).toEqual(['_id', 'timestamp']);
    expect(profile!.jsonSchema['meta:extends']).not.toContain('https://ns.adobe.com/xdm/data/time-series');
    expect(profile!.jsonSchema['required']).toBeUndefined();
  });

  it('close every object, so extraneous keys are reported (identity maps excepted: their keys are namespaces)', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema['type'] === 'object' && typeof schema['additionalProperties'] !== 'object' && schema['additionalProperties'] !== false) {
        open.push(at);
      }
      for (const [key, child] of Object.entries(schema)) walk(child, `${at}/${key}`);
    };
    walk(event!.jsonSchema, '#');
    walk(profile!.jsonSchema, '#');
    expect(open).toEqual([]);
  });
});

describe("the default web-event schema accepts the tutorial's entities", () => {
  const validator = createXdmValidators(defaultWorld()).forSchema(WEB_EVENT_SCHEMA_ID)!;

  it.each([
    ['the first request, first message', TUTORIAL_FIRST_ENTITY],
    ['the first request, second message', TUTORIAL_SECOND_ENTITY],
    ['the second request, fourth message (no _experience)', TUTORIAL_FOURTH_MESSAGE_ENTITY],
  ])('%s', (_name, entity) => {
    expect(validator.validate(entity)).toEqual([]);
  });

  it('and a richer page view and purchase', () => {
    const purchase = {
      _id: 'e-1',
      timestamp: '2024-05-01T10:00:00.000+02:00',
      eventType: 'commerce.purchases',
      identityMap: { ECID: [{ id: '1234', authenticatedState: 'ambiguous', primary: true }] },
      environment: { type: 'browser' },
      web: { webPageDetails: { name: 'checkout', URL: 'https://shop.example.com/checkout', isHomePage: false } },
      productListItems: [{ SKU: 'A-1', name: 'Boots', quantity: 1, priceTotal: 120.5, currencyCode: 'EUR' }],
      commerce: { purchases: { value: 1 }, order: { purchaseID: 'o-77', priceTotal: 120.5, currencyCode: 'EUR' } },
      _acme: { loyaltyTier: 'gold', storeId: 'ST-0042' },
    };
    expect(validator.validate(purchase)).toEqual([]);
  });
});

describe('the default profile schema', () => {
  const validator = createXdmValidators(defaultWorld()).forSchema(PROFILE_SCHEMA_ID)!;

  it('accepts an empty record (a profile has no required fields) and a full one', () => {
    expect(validator.validate({})).toEqual([]);
    expect(
      validator.validate({
        _id: 'p-1',
        person: { name: { firstName: 'Ada', lastName: 'Lovelace' }, birthDate: '1815-12-10' },
        personalEmail: { address: 'ada@example.com' },
        mobilePhone: { number: '+44 20 7946 0000' },
        homeAddress: { city: 'London', countryCode: 'GB', postalCode: 'W1' },
        identityMap: { Email: [{ id: 'ada@example.com', authenticatedState: 'authenticated', primary: true }] },
        _acme: { loyaltyTier: 'silver' },
      }),
    ).toEqual([]);
  });

  it('rejects a bad birth date, email and country code', () => {
    const violations = validator.validate({
      person: { birthDate: '10/12/1815' },
      personalEmail: { address: 'not-an-email' },
      homeAddress: { countryCode: 'gb' },
    });
    expect(violations.map((v) => [v.keyword, v.instancePath])).toEqual([
      ['format', '/person/birthDate'],
      ['format', '/personalEmail/address'],
      ['pattern', '/homeAddress/countryCode'],
    ]);
  });
});
