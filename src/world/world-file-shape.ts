import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { linearRegExp } from './linear-regexp.js';
import { pointerToPath } from '../parse/schema-errors.js';
import { WORLD_FILE_SCHEMA } from './world-file.schema.js';

/** A path into the world file's data: keys and list indices. */
export type FieldPath = readonly (string | number)[];

/** A problem found in the world file's data, before it is located in the text. */
export interface Problem {
  path: FieldPath;
  /** Locate the key itself rather than its value (an unknown key). */
  atKey?: boolean;
  reason: string;
  /** A file could not be read as text (too large, not UTF-8, a FIFO nobody writes): an input error, exit 3. */
  unreadable?: true;
}

let validateWorldFile: ValidateFunction | undefined;

/** Checks the world file's data against `WORLD_FILE_SCHEMA`; one problem per mistake, in plain words. */
export function checkWorldFileShape(data: unknown): Problem[] {
  validateWorldFile ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, code: { regExp: linearRegExp } }).compile(WORLD_FILE_SCHEMA);
  if (validateWorldFile(data)) return [];
  return (validateWorldFile.errors ?? []).map((error) => toProblem(error, data));
}

function toProblem(error: ErrorObject, root: unknown): Problem {
  const path = pointerToPath(error.instancePath, root);
  const parentSchema = (error.parentSchema ?? {}) as { properties?: object; required?: string[] };
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const valid = Object.keys(parentSchema.properties ?? {}).join(', ');
      return { path: [...path, key], atKey: true, reason: `unknown key ${JSON.stringify(key)}; expected one of: ${valid}` };
    }
    case 'required': {
      const key = String(error.params['missingProperty']);
      const required = (parentSchema.required ?? []).join(', ');
      return { path, reason: `missing key ${JSON.stringify(key)} (required: ${required})` };
    }
    case 'type':
      return { path, reason: typeReason(error.params['type'], error.data) };
    case 'minItems':
    case 'minLength':
      return { path, reason: 'must not be empty' };
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[]).map((value) => String(value)).join(', ');
      return { path, reason: `must be one of: ${allowed}; got ${describe(error.data)}` };
    }
    case 'minimum':
      return { path, reason: `must be at least ${String(error.params['limit'])}, got ${describe(error.data)}` };
    case 'maximum':
      return { path, reason: `must be at most ${String(error.params['limit'])}, got ${describe(error.data)}` };
    case 'uniqueItems': {
      const list = Array.isArray(error.data) ? (error.data as unknown[]) : [];
      return { path, reason: `lists ${JSON.stringify(list[Number(error.params['j'])])} more than once` };
    }
    default:
      return { path, reason: error.message ?? `fails "${error.keyword}"` };
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function typeReason(expected: unknown, actual: unknown): string {
  const types = Array.isArray(expected) ? expected.map(String) : [String(expected)];
  const wanted = types.map((type) => TYPE_NAMES[type] ?? type).join(' or ');
  // YAML reads an unquoted 12345 or true as a number or a boolean; ids that look like one need quotes.
  const hint =
    types.includes('string') && (typeof actual === 'number' || typeof actual === 'boolean')
      ? ' (quote it to make it a string)'
      : '';
  return `must be ${wanted}, got ${describe(actual)}${hint}`;
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** `inlets[0].org`; keys that are not plain names are bracketed: `orgs[0]["a b"]`. */
export function formatFieldPath(path: FieldPath): string {
  let field = '';
  for (const segment of path) {
    if (typeof segment === 'number') field += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) field += field === '' ? segment : `.${segment}`;
    else field += `[${JSON.stringify(segment)}]`;
  }
  return field;
}
