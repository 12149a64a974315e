import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { World, XdmSchema } from './types.js';
import { valueAtPointer } from '../parse/locate.js';
import { createXdmAjv } from './xdm-ajv.js';
import { useFastFormats } from './fast-formats.js';

/** One reason an `xdmEntity` does not conform to its XDM schema. */
export interface XdmViolation {
  /** The JSON Schema keyword that failed: `type`, `required`, `additionalProperties`, `format`, … */
  keyword: string;
  /**
   * JSON pointer inside the entity (`""` is the entity itself). As in JSON Schema validators, a missing
   * required key or an extraneous key is reported at the object that holds it; the key is in `params`
   * (`missingProperty`, `additionalProperty`).
   */
  instancePath: string;
  /** Pointer into the schema to the failing keyword: `#/properties/timestamp/format`. */
  schemaPath: string;
  message: string;
  params: Record<string, unknown>;
}

export interface XdmValidator {
  /** The violations, at most `maxViolations` of them; empty when the entity conforms. */
  validate(entity: unknown): XdmViolation[];
}

export interface XdmValidators {
  /** The validator for a world schema id, or undefined when the world has no such schema. */
  forSchema(id: string): XdmValidator | undefined;
}

export interface XdmValidatorOptions {
  /**
   * How many violations to report per entity. Default 5: the platform's streaming validation stops
   * processing a message once it has found five errors.
   */
  maxViolations?: number;
}

export const DEFAULT_MAX_VIOLATIONS = 5;

/**
 * Validators for every schema of a world, sharing one Ajv instance. A schema is compiled the first
 * time `forSchema` asks for it and the compiled function is kept, so a payload of many messages
 * compiles each schema once.
 */
export function createXdmValidators(world: World, opts: XdmValidatorOptions = {}): XdmValidators {
  const maxViolations = opts.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  if (!Number.isInteger(maxViolations) || maxViolations < 1) {
    throw new RangeError(`maxViolations must be a positive integer, got ${String(maxViolations)}`);
  }
  const schemasById = new Map<string, XdmSchema>(world.schemas.map((schema) => [schema.id, schema]));
  const compiled = new Map<string, XdmValidator>();
  let ajv: Ajv | undefined;

  return {
    forSchema(id: string): XdmValidator | undefined {
      const cached = compiled.get(id);
      if (cached !== undefined) return cached;
      const schema = schemasById.get(id);
      if (schema === undefined) return undefined;
      // The same format verdicts as ajv-formats' full formats, the common ones checked faster (fast-formats.ts).
      ajv ??= useFastFormats(createXdmAjv());
      const validator = wrap(ajv.compile(schema.jsonSchema), maxViolations);
      compiled.set(id, validator);
      return validator;
    },
  };
}

function wrap(check: ValidateFunction, maxViolations: number): XdmValidator {
  return {
    validate(entity: unknown): XdmViolation[] {
      // The hot path: a conforming entity costs the compiled check and one empty array.
      if (check(entity)) return [];
      const errors = check.errors ?? [];
      const count = Math.min(errors.length, maxViolations);
      const violations: XdmViolation[] = new Array<XdmViolation>(count);
      for (let i = 0; i < count; i++) violations[i] = toViolation(errors[i]!, entity);
      return violations;
    },
  };
}

function toViolation(error: ErrorObject, entity: unknown): XdmViolation {
  return {
    keyword: error.keyword,
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    message: messageFor(error, entity),
    params: error.params,
  };
}

/**
 * The pattern a date-time must follow, as the platform's message names it after "Expected [" (Retrieve
 * failed batches, failed file example: the text begins `[…] is not a valid date-time. Expected [`; the page
 * elides the pattern, of which it shows only fragments such as `{1,9}` for the fraction digits). The
 * harness names RFC 3339's date-time in that shape.
 */
export const DATE_TIME_EXPECTED = "yyyy-MM-dd'T'HH:mm:ss[.S{1,9}](Z|+HH:mm|-HH:mm)";

/**
 * The two keywords whose messages the platform's streaming-validation documentation shows are worded
 * the platform's way; every other keyword keeps the validator's own message.
 */
function messageFor(error: ErrorObject, entity: unknown): string {
  if (error.keyword === 'additionalProperties') {
    return `extraneous key [${String(error.params['additionalProperty'])}] is not permitted`;
  }
  if (error.keyword === 'format' && error.params['format'] === 'date-time') {
    return `[${String(valueAtPointer(entity, error.instancePath))}] is not a valid date-time. Expected [${DATE_TIME_EXPECTED}]`;
  }
  return error.message ?? `fails "${error.keyword}"`;
}

