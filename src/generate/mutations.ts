/**
 * Named mutations of a valid streaming message. Each one breaks (or, for the profile-dependent ones,
 * bends) exactly one documented rule and carries the verdict the contract gives for it, so a generated
 * invalid case knows its expected answer before any rule runs (DESIGN.md, "Oracles stay independent").
 *
 * The list is closed: `MutationName` is a union, and a spec checks every mutation against the pre-flight.
 * `applies` reads the message and the world only (which dataset, which schema, what the schema declares);
 * `apply` never changes its input.
 */
import type { ProfileName } from '../contract/profiles.js';
import {
  CONTENT_TYPE_FORMS,
  TIME_SERIES_REQUIRED,
  documentedMessage,
  pick,
  type DocumentedMessageKey,
} from '../contract/streaming.js';
import type { Inlet, World, XdmSchema } from '../world/types.js';
import { contentTypeFor, type SchemaRef, type StreamingMessage } from './messages.js';

/** What the platform does with the mutated message, per the contract. */
export type ExpectedVerdict =
  /** The 207 entry is `{statusCode: 400, message}` with the documented text. */
  | { kind: 'rejected'; statusCode: 400; message: string }
  /** The endpoint accepts it (it gets an xactionId) but streaming validation sends it to the error batch. */
  | { kind: 'error-batch' }
  /** Accepted and ingested: the change is one the profile's reading lets through. */
  | { kind: 'accepted' };

export const MUTATION_NAMES = [
  'drop-body',
  'drop-header',
  'drop-schemaRef',
  'change-org',
  'swap-schemaRef',
  'body-schemaRef-differs',
  'legacy-xdmSchema',
  'unknown-dataset',
  'unknown-schema',
  'malformed-contentType',
  'drop-xdmMeta',
  'message-not-object',
  'drop-xdmEntity',
  'drop-_id',
  'drop-timestamp',
  'wrong-type',
  'extraneous-key',
  'bad-date-time',
  'enum-violation',
  'pattern-violation',
  'below-minimum',
  'drop-imsOrgId',
  'drop-datasetId',
] as const;

export type MutationName = (typeof MUTATION_NAMES)[number];

export interface Mutation {
  readonly name: MutationName;
  /** What the mutation does and which documented rule it breaks. */
  readonly description: string;
  /** Whether the mutation makes sense for this valid message (some only for time-series schemas). */
  applies(message: StreamingMessage, world: World): boolean;
  /** A changed copy of the message; the input is left as it was. */
  apply(message: StreamingMessage, world: World, inlet: Inlet): unknown;
  /** The contract's verdict for the mutated message sent to `inlet`, under `profile` (default `docs`). */
  expect(inlet: Inlet, profile?: ProfileName): ExpectedVerdict;
}

// ---------------------------------------------------------------------------------------------------------
// Verdicts, from the contract's documented messages and profile picks

function rejectedWith(key: DocumentedMessageKey): (inlet: Inlet) => ExpectedVerdict {
  // The documented text names the inlet's org, even when the header named another (contract, DOCUMENTED_MESSAGES).
  return (inlet) => ({ kind: 'rejected', statusCode: 400, message: documentedMessage(key, inlet.id, inlet.org) });
}

const unknownXdmFormat = rejectedWith('unknownXdmFormat');
const absentOrWrongImsOrg = rejectedWith('absentOrWrongImsOrg');
const errorBatch = (): ExpectedVerdict => ({ kind: 'error-batch' });

// ---------------------------------------------------------------------------------------------------------
// Reading the message and the world

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The schema of the dataset the header names: the one streaming validation checks the entity against. */
function targetSchema(message: StreamingMessage, world: World): XdmSchema | undefined {
  const dataset = world.datasets.find((d) => d.id === message.header.datasetId);
  return dataset ? world.schemas.find((s) => s.id === dataset.schema) : undefined;
}

/** What the schema declares at a property path (through `properties`, and `items` for `[]`). */
function declared(schema: XdmSchema | undefined, path: readonly string[]): JsonObject | undefined {
  let node: JsonObject | undefined = schema?.jsonSchema;
  for (const key of path) {
    node = key === '[]' ? asObject(node?.['items']) : asObject(asObject(node?.['properties'])?.[key]);
    if (node === undefined) return undefined;
  }
  return node;
}

/** A schema of the world other than the one the header names, if there is one. */
function otherSchema(message: StreamingMessage, world: World): XdmSchema | undefined {
  return world.schemas.find((s) => s.id !== message.header.schemaRef.id);
}

/**
 * A choice among variants that depends only on the message, so the same message always gets the same
 * variant: a shrunk case re-applies exactly the mutation its failure came from.
 */
function variantOf<T>(message: unknown, variants: readonly [T, ...T[]]): T {
  const text = JSON.stringify(message) ?? '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return variants[hash % variants.length]!;
}

/** A copy of the message whose parts can be changed freely. */
function copy(message: StreamingMessage): StreamingMessage {
  return structuredClone(message);
}

function without<T extends object>(obj: T, key: keyof T): T {
  const { [key]: _dropped, ...rest } = obj;
  return rest as T;
}

/** Sets a value at a property path in the entity, creating the objects on the way. */
function setIn(entity: JsonObject, path: readonly string[], value: unknown): void {
  let node = entity;
  for (const key of path.slice(0, -1)) {
    const next = asObject(node[key]) ?? {};
    node[key] = next;
    node = next;
  }
  node[path[path.length - 1]!] = value;
}

/** An id of the same syntax as `ids`'s but not among them: the first candidate that is free. */
function freshId(taken: readonly string[], candidates: readonly string[]): string {
  const found = candidates.find((c) => !taken.includes(c));
  if (found === undefined) throw new Error('no free id among the candidates');
  return found;
}

/** Org ids of the documented syntax, 24 hex digits and `@AdobeOrg`, to pick a wrong one from. */
const OTHER_ORGS = ['0123456789ABCDEF01234567@AdobeOrg', 'FEDCBA9876543210FEDCBA98@AdobeOrg', '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg'] as const;
/** Dataset ids of the Catalog's syntax, 24 hex digits. */
const OTHER_DATASETS = ['000000000000000000000000', 'ffffffffffffffffffffffff', '5f0c0c7f6c5f1b194c1e0bff'] as const;
const OTHER_SCHEMAS = [
  'https://ns.adobe.com/acme/schemas/00000000000000000000000000000000',
  'https://ns.adobe.com/acme/schemas/ffffffffffffffffffffffffffffffff',
] as const;

/** Content types no documented form matches (checked against the contract's patterns below). */
const MALFORMED_CONTENT_TYPES = [
  'application/json',
  'application/vnd.adobe.xed+json;version=1',
  'application/vnd.adobe.xed-full+json',
  'application/vnd.adobe.xed-full+json;version=latest',
] as const;

for (const contentType of MALFORMED_CONTENT_TYPES) {
  if (Object.values(CONTENT_TYPE_FORMS).some((form) => form.pattern.test(contentType))) {
    throw new Error(`MALFORMED_CONTENT_TYPES holds a documented form: ${contentType}`);
  }
}

/** A wrong-typed value for a property the schema declares with a type. */
const WRONG_TYPES: readonly { path: readonly string[]; declaredType: string; wrong: unknown }[] = [
  { path: ['environment', 'colorDepth'], declaredType: 'integer', wrong: '32' },
  { path: ['mobilePhone', 'number'], declaredType: 'string', wrong: 15550100 },
  { path: ['_acme', 'loyaltyTier'], declaredType: 'string', wrong: 3 },
];

/** A value outside the pattern of a property the schema declares with one. */
const PATTERN_BREAKERS: readonly { path: readonly string[]; wrong: string }[] = [
  { path: ['_acme', 'storeId'], wrong: 'store 12' },
  { path: ['homeAddress', 'countryCode'], wrong: 'usa' },
];

/** A value outside the enum of a property the schema declares with one. */
const ENUM_BREAKERS: readonly { path: readonly string[]; wrong: string }[] = [
  { path: ['_acme', 'loyaltyTier'], wrong: 'platinum' },
  { path: ['eventType'], wrong: 'web.pageView' },
];

const EXTRANEOUS_KEY = 'acmeUndeclaredField';

function firstDeclared<T extends { path: readonly string[] }>(
  message: StreamingMessage,
  world: World,
  candidates: readonly T[],
  test: (decl: JsonObject, candidate: T) => boolean,
): T | undefined {
  const schema = targetSchema(message, world);
  return candidates.find((c) => {
    const decl = declared(schema, c.path);
    return decl !== undefined && test(decl, c);
  });
}

const hasPattern = (decl: JsonObject, c: { wrong: string }) =>
  typeof decl['pattern'] === 'string' && !new RegExp(decl['pattern']).test(c.wrong);
const hasEnum = (decl: JsonObject, c: { wrong: string }) => Array.isArray(decl['enum']) && !decl['enum'].includes(c.wrong);

function mutateEntity(message: StreamingMessage, change: (entity: JsonObject) => void): StreamingMessage {
  const changed = copy(message);
  change(changed.body.xdmEntity);
  return changed;
}

const always = (): boolean => true;

// ---------------------------------------------------------------------------------------------------------
// The mutations

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'drop-body',
    description: 'Removes the body: a message without a body is of an unknown XDM format.',
    applies: always,
    apply: (m) => without(copy(m), 'body'),
    expect: unknownXdmFormat,
  },
  {
    name: 'drop-header',
    description: 'Removes the header: every message needs a valid header section.',
    applies: always,
    apply: (m) => without(copy(m), 'header'),
    expect: unknownXdmFormat,
  },
  {
    name: 'drop-schemaRef',
    description: "Removes the header's schemaRef: the message's schema is then not specified.",
    applies: always,
    apply: (m) => {
      const c = copy(m);
      return { ...c, header: without(c.header, 'schemaRef') };
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'change-org',
    description: "Sets header.imsOrgId to another well-formed org id than the inlet's.",
    applies: always,
    apply: (m, world, inlet) => {
      const c = copy(m);
      const taken = [inlet.org, ...world.orgs.map((o) => o.id)];
      const free = OTHER_ORGS.filter((org) => !taken.includes(org));
      c.header.imsOrgId = variantOf(m, free.length > 0 ? (free as [string, ...string[]]) : [freshId(taken, OTHER_ORGS)]);
      return c;
    },
    expect: absentOrWrongImsOrg,
  },
  {
    name: 'swap-schemaRef',
    description: "Points the header's (and body.xdmMeta's) schemaRef at another schema of the world; the dataset keeps its own schema.",
    applies: (m, world) => otherSchema(m, world) !== undefined,
    apply: (m, world) => {
      const other = otherSchema(m, world)!;
      const c = copy(m);
      const ref: SchemaRef = { id: other.id, contentType: contentTypeFor('version-parameter', other.version) };
      c.header.schemaRef = ref;
      c.body.xdmMeta.schemaRef = { ...ref };
      return c;
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'body-schemaRef-differs',
    description: "Changes only body.xdmMeta.schemaRef (another schema, or another version), so it no longer repeats the header's.",
    applies: always,
    apply: (m, world) => {
      const c = copy(m);
      const other = otherSchema(m, world);
      const version = String(Number.parseInt(m.header.schemaRef.contentType.replace(/^.*?(\d+)(?:\.\d+)?$/, '$1'), 10) + 1);
      c.body.xdmMeta.schemaRef = other
        ? { id: other.id, contentType: contentTypeFor('version-parameter', other.version) }
        : { id: m.header.schemaRef.id, contentType: contentTypeFor('version-parameter', version) };
      return c;
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'legacy-xdmSchema',
    description:
      'Names the schema the legacy way, as the partial-failure example\'s last message: xdmSchema {name} with msgType and msgId, in the header and in body.xdmMeta.',
    applies: always,
    apply: (m) => {
      const c = copy(m);
      const xdmSchema = { name: '_xdm.context.experienceevent' };
      const { schemaRef: _header, ...header } = c.header;
      return {
        header: { msgType: 'xdmEntityCreate', msgId: '79d2e715-f25f-4c36', xdmSchema, ...header },
        body: { ...c.body, xdmMeta: { xdmSchema: { ...xdmSchema } } },
      };
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'unknown-dataset',
    description: 'Sets header.datasetId to a well-formed id of no dataset of the world.',
    applies: always,
    apply: (m, world) => {
      const c = copy(m);
      c.header.datasetId = freshId(
        world.datasets.map((d) => d.id),
        OTHER_DATASETS,
      );
      return c;
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'unknown-schema',
    description: 'Points schemaRef (header and body) at a schema id the world does not have.',
    applies: always,
    apply: (m, world) => {
      const c = copy(m);
      const id = freshId(
        world.schemas.map((s) => s.id),
        OTHER_SCHEMAS,
      );
      c.header.schemaRef.id = id;
      c.body.xdmMeta.schemaRef.id = id;
      return c;
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'malformed-contentType',
    description: 'Sets schemaRef.contentType (header and body) to a value no documented form matches.',
    applies: always,
    apply: (m) => {
      const c = copy(m);
      const contentType = variantOf(m, MALFORMED_CONTENT_TYPES);
      c.header.schemaRef.contentType = contentType;
      c.body.xdmMeta.schemaRef.contentType = contentType;
      return c;
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'drop-xdmMeta',
    description: "Removes body.xdmMeta, which must repeat the header's schemaRef.",
    applies: always,
    apply: (m) => {
      const c = copy(m);
      return { ...c, body: without(c.body, 'xdmMeta') };
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'message-not-object',
    description: 'Replaces the message by a string, a number, an array or null.',
    applies: always,
    apply: (m) => {
      const variants: [unknown, ...unknown[]] = [JSON.stringify(m.header.schemaRef), m.header.createdAt, [m.header, m.body], null];
      return structuredClone(variantOf(m, variants));
    },
    expect: unknownXdmFormat,
  },
  {
    name: 'drop-xdmEntity',
    description: 'Removes body.xdmEntity: streaming validation reports "Payload body is missing xdmEntity".',
    applies: always,
    apply: (m) => {
      const c = copy(m);
      return { ...c, body: without(c.body, 'xdmEntity') };
    },
    expect: errorBatch,
  },
  ...TIME_SERIES_REQUIRED.fields.map(
    (field): Mutation => ({
      name: `drop-${field}`,
      description: `Removes xdmEntity.${field}, which time-series data (ExperienceEvent) requires.`,
      applies: (m, world) => targetSchema(m, world)?.timeSeries === true,
      apply: (m) => mutateEntity(m, (entity) => delete entity[field]),
      expect: errorBatch,
    }),
  ),
  {
    name: 'wrong-type',
    description: 'Gives a typed property a value of another JSON type (environment.colorDepth as a string, mobilePhone.number as a number).',
    applies: (m, world) => firstDeclared(m, world, WRONG_TYPES, (decl, c) => decl['type'] === c.declaredType) !== undefined,
    apply: (m, world) => {
      const target = firstDeclared(m, world, WRONG_TYPES, (decl, c) => decl['type'] === c.declaredType)!;
      return mutateEntity(m, (entity) => setIn(entity, target.path, target.wrong));
    },
    expect: errorBatch,
  },
  {
    name: 'extraneous-key',
    description: 'Adds a key the schema does not declare at the root of xdmEntity (the schema has additionalProperties: false).',
    applies: (m, world) => {
      const schema = targetSchema(m, world)?.jsonSchema;
      return schema?.['additionalProperties'] === false && declared(targetSchema(m, world), [EXTRANEOUS_KEY]) === undefined;
    },
    apply: (m) => mutateEntity(m, (entity) => (entity[EXTRANEOUS_KEY] = true)),
    expect: errorBatch,
  },
  {
    name: 'bad-date-time',
    description: 'Sets xdmEntity.timestamp to "2018-00-23T22:07:01Z": month 00 is no RFC 3339 date-time.',
    applies: (m, world) => declared(targetSchema(m, world), ['timestamp'])?.['format'] === 'date-time',
    apply: (m) => mutateEntity(m, (entity) => (entity['timestamp'] = '2018-00-23T22:07:01Z')),
    expect: errorBatch,
  },
  {
    name: 'enum-violation',
    description: 'Sets an enumerated property to a value outside its enum (_acme.loyaltyTier "platinum").',
    applies: (m, world) => firstDeclared(m, world, ENUM_BREAKERS, hasEnum) !== undefined,
    apply: (m, world) => {
      const target = firstDeclared(m, world, ENUM_BREAKERS, hasEnum)!;
      return mutateEntity(m, (entity) => setIn(entity, target.path, target.wrong));
    },
    expect: errorBatch,
  },
  {
    name: 'pattern-violation',
    description: 'Sets a patterned property to a value outside its pattern (_acme.storeId "store 12", homeAddress.countryCode "usa").',
    applies: (m, world) => firstDeclared(m, world, PATTERN_BREAKERS, hasPattern) !== undefined,
    apply: (m, world) => {
      const target = firstDeclared(m, world, PATTERN_BREAKERS, hasPattern)!;
      return mutateEntity(m, (entity) => setIn(entity, target.path, target.wrong));
    },
    expect: errorBatch,
  },
  {
    name: 'below-minimum',
    description: 'Adds a product line with quantity -1, under the schema\'s minimum of 0.',
    applies: (m, world) => typeof declared(targetSchema(m, world), ['productListItems', '[]', 'quantity'])?.['minimum'] === 'number',
    apply: (m, world) => {
      const minimum = declared(targetSchema(m, world), ['productListItems', '[]', 'quantity'])!['minimum'] as number;
      return mutateEntity(m, (entity) => {
        const items = Array.isArray(entity['productListItems']) ? entity['productListItems'] : [];
        entity['productListItems'] = [...items, { SKU: 'CC-000', quantity: minimum - 1 }];
      });
    },
    expect: errorBatch,
  },
  {
    name: 'drop-imsOrgId',
    description: "Removes header.imsOrgId: the tutorial says the platform fills in the inlet's org, the OpenAPI file requires it.",
    applies: always,
    apply: (m) => {
      const c = copy(m);
      return { ...c, header: without(c.header, 'imsOrgId') };
    },
    expect: (inlet, profile = 'docs') =>
      pick(profile, 'streaming.imsOrgId.absent').value === 'filled-in' ? { kind: 'accepted' } : absentOrWrongImsOrg(inlet),
  },
  {
    name: 'drop-datasetId',
    description: "Removes header.datasetId: the tutorial lets the inlet's dataflow route the message, the OpenAPI file requires it.",
    applies: always,
    apply: (m) => {
      const c = copy(m);
      return { ...c, header: without(c.header, 'datasetId') };
    },
    expect: (inlet, profile = 'docs') =>
      pick(profile, 'streaming.datasetId.absent').value === 'routed-by-dataflow' ? { kind: 'accepted' } : unknownXdmFormat(inlet),
  },
];

const BY_NAME = new Map(MUTATIONS.map((m) => [m.name, m]));

for (const name of MUTATION_NAMES) {
  if (!BY_NAME.has(name)) throw new Error(`mutation ${name} is named but not defined`);
}

export function mutationNamed(name: MutationName): Mutation {
  return BY_NAME.get(name)!;
}

/** The mutations that make sense for a valid message of the world. */
export function applicableMutations(message: StreamingMessage, world: World): Mutation[] {
  return MUTATIONS.filter((m) => m.applies(message, world));
}
