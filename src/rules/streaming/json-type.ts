/** Names a JSON value's type the way a person reads it in a message: "an array", "null", "a string". */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

/** A short, safe rendering of a value for a message: strings quoted, scalars as they are, the rest by type. */
export function preview(value: unknown, max = 80): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > max ? `${quoted.slice(0, max - 2)}…"` : quoted;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return jsonTypeName(value);
}
