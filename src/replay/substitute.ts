/**
 * `${name}` in a fixture's strings: a capture of an earlier step, a binding of the fixture, or a run
 * variable (`replay/variables.ts`), looked up in that order. `placeholders` are literal replacements for
 * the text of request files copied from the documentation (`{ORG_ID}`), applied before `${name}`.
 */
import type { RunValue } from './variables.js';

/** A reference: `${name}`, the name being letters, digits, `_`, `.` and `-`. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/;

/** The names a text refers to, in order, each once. */
export function referencesIn(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE)].map((m) => m[1]!))];
}

/** A `${name}` that nothing gives a value at run time. */
export class UnboundReference extends Error {
  override readonly name = 'UnboundReference';
  constructor(
    readonly reference: string,
    readonly reason: string,
  ) {
    super(`\${${reference}}: ${reason}`);
  }
}

/** What `${name}` resolves against during one fixture's run. */
export class Scope {
  private readonly captures = new Map<string, unknown>();
  private readonly bindings = new Map<string, string>();

  constructor(
    private readonly variables: ReadonlyMap<string, RunValue>,
    bindings: Readonly<Record<string, string>> = {},
  ) {
    // A binding may use the run variables (`/collection/batch/${inletId}`), not other bindings.
    const base: Lookup = {
      lookup: (name) => {
        const variable = this.variables.get(name);
        if (variable?.ok) return variable.value;
        throw new UnboundReference(name, variable ? variable.reason : 'a binding may only use run variables');
      },
    };
    for (const [name, text] of Object.entries(bindings)) this.bindings.set(name, substituteText(text, base));
  }

  capture(name: string, value: unknown): void {
    this.captures.set(name, value);
  }

  has(name: string): boolean {
    return this.captures.has(name) || this.bindings.has(name) || this.variables.get(name)?.ok === true;
  }

  lookup(name: string): unknown {
    if (this.captures.has(name)) return this.captures.get(name);
    if (this.bindings.has(name)) return this.bindings.get(name);
    const variable = this.variables.get(name);
    if (variable?.ok) return variable.value;
    throw new UnboundReference(name, variable ? variable.reason : 'no step captures it, the fixture does not bind it, and it is not a run variable');
  }
}

export interface Lookup {
  lookup(name: string): unknown;
}

/** The text form of a looked-up value: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Replaces every `${name}` in a text. Throws `UnboundReference` for the first name that has no value. */
export function substituteText(text: string, scope: Lookup): string {
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (_, name: string) => asText(scope.lookup(name)));
}

/**
 * Replaces `${name}` in every string of a JSON value. A string that is exactly one reference takes the
 * value itself, so a captured number (a Campaign requestId) stays a number.
 */
export function substituteValue(value: unknown, scope: Lookup): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    return whole ? scope.lookup(whole[1]!) : substituteText(value, scope);
  }
  if (Array.isArray(value)) return value.map((item) => substituteValue(item, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [substituteText(key, scope), substituteValue(item, scope)]));
  }
  return value;
}

/** Literal replacements, each occurrence, in the order the fixture lists them. */
export function applyPlaceholders(text: string, placeholders: Readonly<Record<string, string>> | undefined): string {
  let out = text;
  for (const [literal, replacement] of Object.entries(placeholders ?? {})) {
    if (literal !== '') out = out.split(literal).join(replacement);
  }
  return out;
}
