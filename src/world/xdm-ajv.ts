import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft6MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { linearRegExp } from './linear-regexp.js';

/*
 * ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
 * module object for the type checker and the function itself at run time, and both carry `.default`.
 */
const addFormats = addFormatsModule.default;

/**
 * An Ajv instance for schemas in the Schema Registry's `xed-full` form: JSON Schema draft-06,
 * full of `meta:*` annotations (`meta:altId`, `meta:xdmType`, `meta:registryMetadata`, …) that are not
 * keywords, so strict mode is off rather than every annotation the registry may add being declared.
 * Patterns run on a linear-time engine (`linear-regexp.ts`): the schemas are the tenant's, untrusted.
 */
export function createXdmAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    // Unknown formats are ignored, as the platform's validator ignores them; no console noise.
    logger: false,
    // Two world schemas may share a `$id` (a copy under another id); each compiles on its own.
    addUsedSchema: false,
    ...options,
    code: { ...options.code, regExp: linearRegExp },
  });
  ajv.addMetaSchema(draft6MetaSchema);
  addFormats(ajv);
  return ajv;
}
