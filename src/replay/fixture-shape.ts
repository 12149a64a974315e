/**
 * Checks a fixture file's data against the fixture format: its JSON Schema (`fixture-schema.ts`, shipped
 * as `schemas/fixture.schema.json`) through ajv, then what a schema does not say (one body per request,
 * regular expressions that compile, documented texts that have the placeholder given, an answer not
 * both empty and JSON). One problem per mistake, each with the path of the field it is about;
 * `load.ts` turns paths into lines and columns.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { linearRegExp } from '../world/linear-regexp.js';
import { didYouMean } from '../parse/nearest.js';
import { pointerToPath, significantErrors } from '../parse/schema-errors.js';
import { describe as describeData, type FieldPath, type Problem } from '../world/world-file-shape.js';
import { documentedText } from './documented.js';
import { BODY_KEYS, FIXTURE_SCHEMA_ANNOTATIONS, fixtureSchema } from './fixture-schema.js';
import { EXACT_KEY } from './matchers.js';

export { BODY_KEYS, HTTP_METHODS, MAX_GENERATED_BYTES } from './fixture-schema.js';

type Data = Record<string, unknown>;

let validateFixture: ValidateFunction | undefined;

/** Checks the data of one fixture file; an empty list when it has the `Fixture` shape. */
export function checkFixtureShape(data: unknown): Problem[] {
  validateFixture ??= new Ajv({ allErrors: true, verbose: true, strictTypes: false, keywords: [...FIXTURE_SCHEMA_ANNOTATIONS], code: { regExp: linearRegExp } }).compile(fixtureSchema());
  const errors = validateFixture(data) ? [] : significantErrors(validateFixture.errors ?? []);
  // ajv reads the fixture-wide `then` (an expectation names no behaviour) first; it is told after the
  // step's own problems at the same place.
  const late = (e: ErrorObject) => e.schemaPath.startsWith('#/then/');
  const ordered = [...errors.filter((e) => !late(e)), ...errors.filter(late)];
  return [...ordered.map((error) => toProblem(error, data)), ...semanticProblems(data)];
}

// --- ajv's errors in the loader's words ---

interface Annotated {
  properties?: Data;
  required?: string[];
  minimum?: number;
  maximum?: number;
  'x-message'?: string;
  'x-expected'?: string;
  'x-matcher'?: string;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function fill(template: string, value: unknown, allowed: readonly unknown[] = []): string {
  return template
    .replace('{value}', JSON.stringify(value))
    .replace('{suggestion}', typeof value === 'string' ? didYouMean(value, allowed.map(String)) : '');
}

function toProblem(error: ErrorObject, root: unknown): Problem {
  const path = pointerToPath(error.instancePath, root);
  const schema = (error.parentSchema ?? {}) as Annotated;
  const data = error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const allowed = Object.keys(schema.properties ?? {});
      const matcher = schema['x-matcher'];
      if (matcher !== undefined) {
        const valid = allowed.length === 1 ? `$match ${JSON.stringify(matcher)} takes no other key` : `expected one of: ${allowed.join(', ')}`;
        return { path: [...path, key], atKey: true, reason: `unknown key ${JSON.stringify(key)} for $match ${JSON.stringify(matcher)}; ${valid}` };
      }
      return { path: [...path, key], atKey: true, reason: `unknown key ${JSON.stringify(key)}; expected one of: ${allowed.join(', ')}` };
    }
    case 'required': {
      const key = String(error.params['missingProperty']);
      if (schema['x-matcher'] !== undefined) return { path, reason: `$match ${JSON.stringify(schema['x-matcher'])} needs ${JSON.stringify(key)}` };
      if (schema['x-message'] !== undefined) return { path, reason: schema['x-message'] };
      return { path, reason: `missing key ${JSON.stringify(key)} (required: ${(schema.required ?? []).join(', ')})` };
    }
    case 'type': {
      const expected = schema['x-expected'] ?? TYPE_NAMES[String(error.params['type'])] ?? String(error.params['type']);
      const hint = error.params['type'] === 'string' && (typeof data === 'number' || typeof data === 'boolean') ? ' (quote it to make it a string)' : '';
      return { path, reason: `must be ${expected}, got ${describeData(data)}${hint}` };
    }
    case 'enum': {
      const allowed = error.params['allowedValues'] as unknown[];
      return { path, reason: fill(schema['x-message'] ?? `{value} is not one of ${allowed.join(', ')}`, data, allowed) };
    }
    case 'pattern':
      return { path, reason: schema['x-message'] !== undefined ? fill(schema['x-message'], data) : 'must not be empty' };
    case 'propertyNames': {
      const key = String(error.params['propertyName']);
      const names = (error.schema ?? {}) as Annotated;
      return { path: [...path, key], atKey: true, reason: fill(names['x-message'] ?? 'is not a valid name', key) };
    }
    case 'minimum':
    case 'maximum':
      return { path, reason: `must be between ${String(schema.minimum)} and ${String(schema.maximum)}, got ${String(data)}` };
    case 'minItems':
    case 'minLength':
      return { path, reason: 'must not be empty' };
    default:
      return { path, reason: error.message ?? `fails "${error.keyword}"` };
  }
}

// --- what the schema does not say ---

const isData = (value: unknown): value is Data => value !== null && typeof value === 'object' && !Array.isArray(value);
const isMatcherData = (value: unknown): value is Data => isData(value) && Object.hasOwn(value, '$match');

/** Read on data of any shape: the schema's problems are told beside these, all at once. */
function semanticProblems(data: unknown): Problem[] {
  const problems: Problem[] = [];
  if (!isData(data) || !Array.isArray(data['steps'])) return problems;
  data['steps'].forEach((step, i) => {
    if (!isData(step)) return;
    const path: FieldPath = ['steps', i];
    const request = step['request'];
    if (isData(request)) {
      const bodies = Object.keys(request).filter((key) => (BODY_KEYS as readonly string[]).includes(key));
      if (bodies.length > 1) {
        // Shown at the second body: that is the line to delete or move.
        problems.push({ path: [...path, 'request', bodies[1]!], atKey: true, reason: `a request has at most one body, and this one also has ${bodies.filter((_, j) => j !== 1).join(' and ')}` });
      }
    }
    const expect = step['expect'];
    if (!isData(expect)) return;
    if (isData(expect['headers'])) {
      for (const [name, value] of Object.entries(expect['headers'])) if (isMatcherData(value)) matcherProblems(value, [...path, 'expect', 'headers', name], problems);
    }
    if (Object.hasOwn(expect, 'json')) expectedProblems(expect['json'], [...path, 'expect', 'json'], problems);
    if (expect['empty'] === true && Object.hasOwn(expect, 'json')) {
      problems.push({ path: [...path, 'expect', 'empty'], atKey: true, reason: 'an answer cannot be both empty and JSON: give empty or json' });
    }
  });
  return problems;
}

function expectedProblems(value: unknown, path: FieldPath, problems: Problem[]): void {
  if (isMatcherData(value)) return matcherProblems(value, path, problems);
  if (Array.isArray(value)) return value.forEach((item, i) => expectedProblems(item, [...path, i], problems));
  if (isData(value)) for (const [key, item] of Object.entries(value)) if (key !== EXACT_KEY) expectedProblems(item, [...path, key], problems);
}

function matcherProblems(matcher: Data, path: FieldPath, problems: Problem[]): void {
  switch (matcher['$match']) {
    case 'regex':
      if (typeof matcher['pattern'] === 'string') {
        try {
          new RegExp(matcher['pattern']);
        } catch (error) {
          problems.push({ path: [...path, 'pattern'], reason: `is not a regular expression: ${(error as Error).message}` });
        }
      }
      break;
    case 'documented': {
      const text = typeof matcher['text'] === 'string' ? documentedText(matcher['text']) : undefined;
      if (text === undefined) break;
      for (const key of ['inlet', 'org', 'value'] as const) {
        if (typeof matcher[key] === 'string' && !text.uses.includes(key)) problems.push({ path: [...path, key], atKey: true, reason: `${String(matcher['text'])} has no ${key} to fill in` });
      }
      break;
    }
    case 'oneOf':
      if (Array.isArray(matcher['values'])) matcher['values'].forEach((v, i) => expectedProblems(v, [...path, 'values', i], problems));
      break;
    default:
      break;
  }
}
