/**
 * The fixture format (`fixture-types.ts`) as JSON Schema (draft-07), with the contract's names in it
 * (behaviour ids, source ids, profiles, documented texts, matchers), so editors complete them.
 * `fixture-shape.ts` validates every fixture with it through ajv; `schemas/fixture.schema.json` is this
 * object as JSON (a spec keeps the two equal; `scripts/write-schemas.ts` writes it).
 *
 * Keywords beginning `x-` word the loader's messages and are ignored by other validators:
 * `x-message` words a failed `enum`, `pattern` or `required` (`{value}` is the value, `{suggestion}` a
 * "did you mean" when one is near); `x-expected` says what a value of the wrong type should be;
 * `x-matcher` marks the fields of one `$match`.
 */
import { BEHAVIOUR_IDS } from '../contract/behaviours.js';
import { PROFILE_NAMES } from '../contract/profiles.js';
import { SOURCES } from '../contract/sources.js';
import { DOCUMENTED_TEXT_NAMES } from './documented.js';
import type { HttpMethod, MatcherName } from './fixture-types.js';
import { EXACT_KEY, MATCHER_FIELDS, MATCHER_NAMES } from './matchers.js';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
export const BODY_KEYS = ['json', 'text', 'file', 'generate', 'withheld'] as const;

/** Generated bodies are for size limits (1 MB and a little over); nothing needs more than this. */
export const MAX_GENERATED_BYTES = 64 * 1024 * 1024;
const MAX_ATTEMPTS = 1000;
const MAX_INTERVAL_MS = 60_000;

/** The annotation keywords of the fixture schema, declared to ajv. */
export const FIXTURE_SCHEMA_ANNOTATIONS = ['x-message', 'x-expected', 'x-matcher'] as const;

const text = { type: 'string' } as const;
/** A string with something in it besides white space. */
const nonEmpty = { type: 'string', pattern: '\\S' } as const;
const integer = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
const stringMap = { type: 'object', additionalProperties: text } as const;
const list = (items: object, nonEmptyList = false) => ({ type: 'array', items, ...(nonEmptyList ? { minItems: 1 } : {}) });
const pointer = { type: 'string', pattern: '^(/|$)', 'x-message': '{value} is not a JSON pointer (it starts with /)' } as const;

function matcherFieldSchema(name: MatcherName, field: string): object {
  switch (`${name}.${field}`) {
    case 'xactionId.index':
      return integer(0, Number.MAX_SAFE_INTEGER);
    case 'xactionId.batch':
      return nonEmpty;
    case 'documented.text':
      return { type: 'string', enum: DOCUMENTED_TEXT_NAMES, 'x-message': `{value} is not a documented text; expected one of: ${DOCUMENTED_TEXT_NAMES.join(', ')}` };
    case 'oneOf.values':
      return list({ $ref: '#/definitions/expected' }, true);
    default:
      return text;
  }
}

export function fixtureSchema(): Record<string, unknown> {
  const behaviours = list(
    {
      type: 'string',
      enum: BEHAVIOUR_IDS,
      'x-message': '{value} is not a behaviour id of src/contract/behaviours.ts{suggestion}',
    },
    true,
  );
  const matchers = MATCHER_NAMES.map((name) => {
    const fields = MATCHER_FIELDS[name];
    return {
      if: { properties: { $match: { const: name } } },
      then: {
        'x-matcher': name,
        additionalProperties: false,
        required: [...fields.required],
        properties: Object.fromEntries([['$match', {}], ...[...fields.required, ...fields.optional].map((field) => [field, matcherFieldSchema(name, field)])]),
      },
    };
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'aep-harness fixture (a documented exchange for replay)',
    description: 'One fixture: requests to send in order, and what each answer must be. See src/replay/fixture-types.ts.',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'summary', 'source', 'steps'],
    properties: {
      name: { ...nonEmpty, description: 'unique among the fixtures of a run: reports tell fixtures apart by it' },
      summary: text,
      source: list(
        {
          type: 'object',
          additionalProperties: false,
          required: ['source', 'section'],
          properties: {
            source: { type: 'string', enum: Object.keys(SOURCES), 'x-message': '{value} is not one of the source ids of src/contract/sources.ts' },
            section: nonEmpty,
          },
        },
        true,
      ),
      profiles: list({ type: 'string', enum: [...PROFILE_NAMES] }, true),
      behaviours,
      bindings: stringMap,
      placeholders: stringMap,
      errata: list(text),
      steps: list({ $ref: '#/definitions/step' }, true),
    },
    // Without behaviours for the whole fixture, every expectation names its own.
    if: { not: { required: ['behaviours'] } },
    then: {
      properties: {
        steps: {
          items: {
            properties: {
              expect: { required: ['behaviours'], 'x-message': 'names no behaviour: give expect.behaviours, or behaviours at the top of the fixture' },
            },
          },
        },
      },
    },
    definitions: {
      step: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'request', 'expect'],
        properties: {
          name: nonEmpty,
          request: { $ref: '#/definitions/request' },
          expect: { $ref: '#/definitions/expect' },
          capture: {
            type: 'object',
            description: 'values taken from the answer for later steps: a JSON pointer into the body, or header:<name>',
            propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', 'x-message': '{value} cannot be used as ${name}: use letters, digits, _ . -' },
            additionalProperties: {
              type: 'string',
              pattern: "^(?:/|$|header:[!#$%&'*+.^_`|~0-9A-Za-z-]+$)",
              'x-message': '{value} is neither a JSON pointer into the body (/id, or "" for the whole body) nor header:<name>',
            },
          },
          until: {
            type: 'object',
            additionalProperties: false,
            required: ['pointer', 'values'],
            properties: {
              pointer,
              values: list({}, true),
              attempts: integer(1, MAX_ATTEMPTS),
              intervalMs: integer(0, MAX_INTERVAL_MS),
            },
          },
        },
      },
      request: {
        type: 'object',
        additionalProperties: false,
        required: ['method', 'path'],
        properties: {
          method: { type: 'string', enum: HTTP_METHODS },
          path: { type: 'string', pattern: '^/', 'x-message': "must start with / (it is relative to the target's base URL), got {value}" },
          headers: stringMap,
          omitHeaders: list(nonEmpty),
          json: {},
          text,
          file: nonEmpty,
          generate: {
            type: 'object',
            additionalProperties: false,
            required: ['size'],
            properties: { size: integer(0, MAX_GENERATED_BYTES), fill: nonEmpty },
          },
          withheld: {
            type: 'object',
            additionalProperties: false,
            required: ['bytes', 'sha256', 'reason'],
            properties: {
              bytes: integer(0, Number.MAX_SAFE_INTEGER),
              sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', 'x-message': 'must be a SHA-256 as 64 lowercase hex digits, got {value}' },
              reason: nonEmpty,
            },
          },
        },
      },
      expect: {
        type: 'object',
        additionalProperties: false,
        required: ['status'],
        properties: {
          status: { if: { type: 'array' }, then: { minItems: 1, items: { $ref: '#/definitions/status' } }, else: { $ref: '#/definitions/status' } },
          headers: {
            type: 'object',
            additionalProperties: {
              if: { type: 'object', required: ['$match'] },
              then: { $ref: '#/definitions/matcher' },
              else: { type: 'string', 'x-expected': 'a string or a matcher ({ $match: … })' },
            },
          },
          json: { $ref: '#/definitions/expected' },
          empty: { type: 'boolean' },
          behaviours,
        },
      },
      status: integer(100, 599),
      /** An expected value: a matcher where `$match` is, `$exact` a boolean, any other JSON as itself. */
      expected: {
        if: { type: 'object', required: ['$match'] },
        then: { $ref: '#/definitions/matcher' },
        else: {
          items: { $ref: '#/definitions/expected' },
          properties: { [EXACT_KEY]: { type: 'boolean' } },
          additionalProperties: { $ref: '#/definitions/expected' },
        },
      },
      matcher: {
        type: 'object',
        required: ['$match'],
        properties: {
          $match: { type: 'string', enum: MATCHER_NAMES, 'x-message': `{value} is not one of the matchers ${MATCHER_NAMES.join(', ')}` },
        },
        allOf: matchers,
      },
    },
  };
}
