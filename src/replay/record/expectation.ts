/**
 * The expected answer of a recorded step: what the upstream said, with matchers where a server makes the
 * value up (ids, times, `<batchId>:<index>` xactionIds) and the contract's name where it answered a
 * documented text, so the fixture replays against any server that answers as documented.
 */
import { DOCUMENTED_TEXTS } from '../documented.js';
import type { Matcher } from '../fixture-types.js';
import type { World } from '../../world/types.js';

/** Keys whose value a server makes up. */
const ID_KEYS = new Set(['id', 'batchId', 'requestId', 'xactionId']);
/** Keys of times (`receivedTimeMs`, `created`, `updated`, `createdAt`, `completed`, …). */
const TIME_KEY = /time|^created$|^updated$|^completed$|^started$|At$|Date$/i;
/** Keys of values derived from the caller or the moment (a user id from the token, a version stamp). */
const VOLATILE_KEYS = new Set(['createdUser', 'updatedUser', 'createdClient', 'updatedClient', 'version', 'sandboxId', 'imsOrg', 'metrics', 'errors', 'tags', 'externalId']);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function isTime(value: unknown): boolean {
  // Under a time key any whole number is a time a server stamps (some answer 0 before processing starts).
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  return typeof value === 'string' && (/^\d{12,}$/.test(value) || ISO_DATE_TIME.test(value));
}

export interface ExpectationContext {
  world: World;
  /** A Campaign mapping id the answer may name (`<value>` of the documented texts). */
  mappingId?: string;
  /** Keys to leave out at the top level (what varies from run to run on this kind of step). */
  omit?: readonly string[];
  /** Literal values (a captured id) written as `${name}`. */
  references?: ReadonlyMap<string, string>;
}

/** The documented text a string is, with the placeholders that fill it; undefined when it is none. */
function documentedMatcher(text: string, ctx: ExpectationContext): Matcher | undefined {
  const inlets = ctx.world.inlets.length > 0 ? ctx.world.inlets : [{ id: '', org: '' }];
  for (const [name, documented] of DOCUMENTED_TEXTS) {
    if (documented.uses.length === 0) continue;
    for (const inlet of inlets) {
      const values = { inlet: inlet.id, org: inlet.org, value: ctx.mappingId ?? '' };
      if (documented.render(values) !== text) continue;
      const m: Record<string, string> = { $match: 'documented', text: name };
      if (documented.uses.includes('inlet')) m['inlet'] = values.inlet;
      if (documented.uses.includes('org')) m['org'] = values.org;
      if (documented.uses.includes('value')) m['value'] = values.value;
      return m as unknown as Matcher;
    }
  }
  return undefined;
}

export function expectedJson(answer: unknown, ctx: ExpectationContext): unknown {
  return expectAt(answer, ctx, answer, 0);
}

function expectAt(value: unknown, ctx: ExpectationContext, root: unknown, depth: number, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => expectAt(item, ctx, root, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value)) {
      if (depth === 0 && ctx.omit?.includes(k)) continue;
      if (VOLATILE_KEYS.has(k)) continue;
      out[k] = expectAt(item, ctx, root, depth + 1, k);
    }
    return out;
  }
  if (key !== undefined && (typeof value === 'string' || typeof value === 'number')) {
    const reference = ctx.references?.get(String(value));
    if (reference !== undefined && ID_KEYS.has(key)) return `\${${reference}}`;
    if (key === 'xactionId' && typeof value === 'string') {
      const batch = root !== null && typeof root === 'object' ? (root as Record<string, unknown>)['batchId'] : undefined;
      const m = /^(.*):(\d+)$/.exec(value);
      if (m !== null && m[1] === batch) return { $match: 'xactionId', index: Number(m[2]) };
    }
    if (ID_KEYS.has(key)) return { $match: 'id' };
    if (TIME_KEY.test(key) && isTime(value)) return { $match: 'time' };
  }
  if (typeof value === 'string') return documentedMatcher(value, ctx) ?? value;
  return value;
}
