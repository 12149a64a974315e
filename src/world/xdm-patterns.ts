import { linearPatternProblem } from './linear-regexp.js';

/** A `pattern` (or `patternProperties` key) of a schema that the linear-time engine cannot run. */
export interface UnsupportedPattern {
  /** JSON pointer into the schema: `/properties/code/pattern`, `/patternProperties/^(?=x)`. */
  pointer: string;
  pattern: string;
  reason: string;
}

/** Keywords whose value is one subschema. */
const SUBSCHEMA = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'items'];
/** Keywords whose value is a list of subschemas. */
const SUBSCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'items', 'prefixItems'];
/** Keywords whose value maps names to subschemas (the names are data, not keywords). */
const SUBSCHEMA_MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies', 'dependentSchemas'];

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Every pattern of a schema that ECMAScript accepts but RE2 cannot run, in schema order. Walks only
 * keyword positions, so a property named `pattern` or an `enum` value is not taken for one.
 */
export function unsupportedPatterns(schema: unknown): UnsupportedPattern[] {
  const found: UnsupportedPattern[] = [];
  const check = (pattern: string, pointer: string): void => {
    let reason: string | undefined;
    try {
      reason = linearPatternProblem(pattern);
    } catch {
      return; // ECMAScript refuses it: the schema does not compile, which is reported as such
    }
    if (reason !== undefined) found.push({ pointer, pattern, reason });
  };
  const walk = (node: unknown, pointer: string): void => {
    if (!isRecord(node)) return;
    // In the order the keywords are written, so notices follow the schema.
    for (const [keyword, value] of Object.entries(node)) {
      const at = `${pointer}/${escapePointer(keyword)}`;
      if (keyword === 'pattern' && typeof value === 'string') check(value, at);
      if (keyword === 'patternProperties' && isRecord(value)) {
        for (const key of Object.keys(value)) check(key, `${at}/${escapePointer(key)}`);
      }
      if (SUBSCHEMA.includes(keyword) && isRecord(value)) walk(value, at);
      if (SUBSCHEMA_LIST.includes(keyword) && Array.isArray(value)) value.forEach((item, index) => walk(item, `${at}/${index}`));
      if (SUBSCHEMA_MAP.includes(keyword) && isRecord(value)) {
        for (const [name, sub] of Object.entries(value)) walk(sub, `${at}/${escapePointer(name)}`);
      }
    }
  };
  walk(schema, '');
  return found;
}
