/**
 * From ajv's errors to one problem per mistake: what a file's reader (configuration, fixtures) words and
 * locates. ajv with `allErrors` tells a mistake several times (a value of the wrong type also fails its
 * `enum` and `pattern`; a failed `anyOf` also reports each branch); this keeps the error a person needs.
 */
import type { ErrorObject } from 'ajv';

/** An RFC 6901 pointer as a path, with list indices as numbers (walking the data to tell them apart). */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(token);
      path.push(index);
      current = current[index];
    } else {
      path.push(token);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[token] : undefined;
    }
  }
  return path;
}

/**
 * The errors worth telling, in ajv's order: not the branches of an `anyOf` (or `oneOf`) that failed as a
 * whole (the whole is told), not the keywords about the names of a `propertyNames` mapping (the mapping's
 * error names the key), not an `if` (its `then` is told), and nothing else at a place whose type is wrong.
 */
export function significantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.propertyName !== undefined && e.keyword !== 'propertyNames') return false;
    if (alternatives.some((a) => e.schemaPath.startsWith(`${a.schemaPath}/`) && e.instancePath.startsWith(a.instancePath))) return false;
    if (e.keyword !== 'type' && wrongType.has(e.instancePath)) return false;
    return true;
  });
}
