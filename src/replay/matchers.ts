/**
 * Matching an answer against a fixture's expectation (semantics in `fixture-types.ts`): objects match the
 * keys they list (extra keys allowed unless `$exact: true`), arrays element by element with the same
 * length, `{ $match: … }` objects are matchers, and anything else is compared for equality after `${name}`
 * substitution. Every mismatch names its JSON pointer in the answer.
 */
import { XACTION_ID } from '../contract/streaming.js';
import { documentedText } from './documented.js';
import type { Matcher, MatcherName } from './fixture-types.js';
import { substituteText, substituteValue, UnboundReference, type Lookup } from './substitute.js';

export interface Mismatch {
  /** RFC 6901 pointer into the answer's body ('' for the body itself). */
  path: string;
  expected: string;
  actual: string;
}

export interface MatchContext {
  /** Resolves `${name}` in expected values. */
  scope: Lookup & { has(name: string): boolean };
  /** The whole answer body, for matchers that read a sibling (the 207's batchId for `xactionId`). */
  root?: unknown;
}

export const MATCHER_NAMES: readonly MatcherName[] = ['any', 'absent', 'id', 'time', 'string', 'number', 'regex', 'xactionId', 'documented', 'oneOf'];

/** The fields each matcher takes besides `$match`, and which of them it needs. */
export const MATCHER_FIELDS: Record<MatcherName, { required: readonly string[]; optional: readonly string[] }> = {
  any: { required: [], optional: [] },
  absent: { required: [], optional: [] },
  id: { required: [], optional: [] },
  time: { required: [], optional: [] },
  string: { required: [], optional: [] },
  number: { required: [], optional: [] },
  regex: { required: ['pattern'], optional: [] },
  xactionId: { required: ['index'], optional: ['batch'] },
  documented: { required: ['text'], optional: ['inlet', 'org', 'value'] },
  oneOf: { required: ['values'], optional: [] },
};

export function isMatcher(value: unknown): value is Matcher {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && '$match' in value;
}

/** The key that makes an object expectation refuse keys it does not list. */
export const EXACT_KEY = '$exact';

export function matchValue(expected: unknown, actual: unknown, ctx: MatchContext, path = ''): Mismatch[] {
  return matchAt(expected, actual, ctx, path);
}

/** A name with no value is a mismatch where it is used, not a crash of the run. */
function matchAt(expected: unknown, actual: unknown, ctx: MatchContext, path: string): Mismatch[] {
  try {
    return matchInner(expected, actual, ctx, path);
  } catch (error) {
    if (!(error instanceof UnboundReference)) throw error;
    return [{ path, expected: `a value for ${error.message}`, actual: describeValue(actual) }];
  }
}

function matchInner(expected: unknown, actual: unknown, ctx: MatchContext, path: string): Mismatch[] {
  if (isMatcher(expected)) return matchMatcher(expected, actual, ctx, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected: `a list of ${expected.length}`, actual: describeValue(actual) }];
    const out: Mismatch[] = [];
    if (expected.length !== actual.length) {
      out.push({ path, expected: `${expected.length} element${expected.length === 1 ? '' : 's'}`, actual: `${actual.length}` });
    }
    const common = Math.min(expected.length, actual.length);
    for (let i = 0; i < common; i++) out.push(...matchAt(expected[i], actual[i], ctx, `${path}/${i}`));
    return out;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [{ path, expected: 'an object', actual: describeValue(actual) }];
    }
    const listed = expected as Record<string, unknown>;
    const answer = actual as Record<string, unknown>;
    const out: Mismatch[] = [];
    // Keys may hold `${name}` too: the Catalog answers a batch keyed by its id.
    const keys = new Set<string>();
    for (const [rawKey, value] of Object.entries(listed)) {
      if (rawKey === EXACT_KEY) continue;
      const key = substituteText(rawKey, ctx.scope);
      keys.add(key);
      out.push(...matchAt(value, Object.hasOwn(answer, key) ? answer[key] : undefined, ctx, `${path}/${escapePointer(key)}`));
    }
    if (listed[EXACT_KEY] === true) {
      for (const key of Object.keys(answer)) {
        if (!keys.has(key)) out.push({ path: `${path}/${escapePointer(key)}`, expected: 'absent (the object is $exact)', actual: describeValue(answer[key]) });
      }
    }
    return out;
  }
  const want = substituteValue(expected, ctx.scope);
  return Object.is(want, actual) ? [] : [{ path, expected: describeValue(want), actual: describeValue(actual) }];
}

function matchMatcher(m: Matcher, actual: unknown, ctx: MatchContext, path: string): Mismatch[] {
  const fail = (expected: string): Mismatch[] => [{ path, expected, actual: describeValue(actual) }];
  switch (m.$match) {
    case 'any':
      return actual === undefined ? fail('present') : [];
    case 'absent':
      return actual === undefined ? [] : fail('absent');
    case 'id':
      return (typeof actual === 'string' && actual !== '') || (typeof actual === 'number' && Number.isFinite(actual)) ? [] : fail('an id (a non-empty string or a number)');
    case 'time':
      return isTime(actual) ? [] : fail('a time (milliseconds since the epoch, or an ISO 8601 date-time)');
    case 'string':
      return typeof actual === 'string' ? [] : fail('a string');
    case 'number':
      return typeof actual === 'number' && Number.isFinite(actual) ? [] : fail('a number');
    case 'regex':
      return typeof actual === 'string' && new RegExp(m.pattern).test(actual) ? [] : fail(`a string matching /${m.pattern}/`);
    case 'xactionId': {
      const batch = m.batch !== undefined ? substituteText(m.batch, ctx.scope) : answerBatchId(ctx);
      const want = XACTION_ID.format(batch, m.index);
      return actual === want ? [] : fail(JSON.stringify(want));
    }
    case 'documented': {
      const want = renderDocumented(m, ctx);
      return actual === want ? [] : fail(JSON.stringify(want));
    }
    case 'oneOf': {
      const values = m.values;
      if (values.some((v) => matchAt(v, actual, ctx, path).length === 0)) return [];
      return fail(`one of ${values.map((v) => (isMatcher(v) ? `{$match: ${v.$match}}` : describeValue(substituteValue(v, ctx.scope)))).join(', ')}`);
    }
  }
}

/** `${batchId}` when the fixture has one; otherwise the answer's own batchId (the 207 body names it). */
function answerBatchId(ctx: MatchContext): string {
  if (ctx.scope.has('batchId')) return String(ctx.scope.lookup('batchId'));
  const own = ctx.root !== null && typeof ctx.root === 'object' ? (ctx.root as Record<string, unknown>)['batchId'] : undefined;
  if (typeof own === 'string') return own;
  throw new UnboundReference('batchId', 'the xactionId matcher needs a batch: give `batch`, capture batchId, or match a body with a batchId');
}

function renderDocumented(m: Extract<Matcher, { $match: 'documented' }>, ctx: MatchContext): string {
  const text = documentedText(m.text);
  // The loader refuses unknown names; this only guards fixtures built in code.
  if (text === undefined) throw new UnboundReference(m.text, 'is not a documented text name');
  const value = (given: string | undefined, variable: string) => (given !== undefined ? substituteText(given, ctx.scope) : String(ctx.scope.lookup(variable)));
  return text.render({
    inlet: text.uses.includes('inlet') ? value(m.inlet, 'inletId') : '',
    org: text.uses.includes('org') ? value(m.org, 'orgId') : '',
    value: text.uses.includes('value') ? value(m.value, 'mappingId') : '',
  });
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function isTime(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  if (typeof value !== 'string') return false;
  if (/^\d+$/.test(value)) return true;
  return ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

const MAX_DESCRIBED = 160;

/** A short, one-line description of an answer's value: `absent`, `"text"`, `{xactionId: "…"}`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = brief(value);
  return text.length > MAX_DESCRIBED ? `${text.slice(0, MAX_DESCRIBED - 1)}…` : text;
}

function brief(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(brief).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${brief(v)}`);
    return `{${fields.join(', ')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** `/responses/3: expected absent, got {xactionId: "…"}` */
export function formatMismatch(m: Mismatch): string {
  return `${m.path === '' ? '(body)' : m.path}: expected ${m.expected}, got ${m.actual}`;
}
