/**
 * Which documented behaviour a mismatch breaks. A step often exercises several behaviours at once (a 207
 * answer shows its status, its body shape, one entry per message, xactionIds and documented texts), and a
 * report that failed all of them for one wrong entry would not say what is broken. Each behaviour that
 * is about one part of an answer says which mismatches concern it. A mismatch that none of the step's
 * behaviours claims goes to the catalogue's behaviour that does; one that no behaviour claims fails every
 * behaviour of the step, so nothing is ever dropped.
 */
import type { BehaviourId } from '../contract/behaviours.js';
import { DOCUMENTED_MESSAGES, type DocumentedMessageKey } from '../contract/streaming.js';
import type { Mismatch } from './matchers.js';

export interface AttributionContext {
  /** The step's `expect.json`, as written in the fixture. */
  expected: unknown;
  /** The answer's body. */
  actual: unknown;
  /** Whether an expected value matches an actual one (the fixture matchers, with the step's scope). */
  matches(expected: unknown, actual: unknown): boolean;
}

/** A 207 entry's mismatch: `/responses/<index>` or below it. */
const ENTRY = /^\/responses\/(\d+)(?:\/|$)/;

interface EntryMismatch {
  mismatch: Mismatch;
  index: number;
  expectedEntry: unknown;
  actualEntry: unknown;
  /** The entries are all there but in another order than the messages. */
  reordered: boolean;
}

type Claim = (m: Mismatch, entry: EntryMismatch | undefined) => boolean;

const hasXactionId = (entry: unknown) => entry !== null && typeof entry === 'object' && Object.hasOwn(entry, 'xactionId');

/** An expected entry of an accepted message: it lists an xactionId, and not as `{ $match: absent }`. */
function expectsAccepted(entry: unknown): boolean {
  if (!hasXactionId(entry)) return false;
  const id = (entry as Record<string, unknown>)['xactionId'];
  return !(id !== null && typeof id === 'object' && (id as Record<string, unknown>)['$match'] === 'absent');
}

/** Whether the fixture expects, at this entry, the documented text `key` (as a matcher or written out). */
function expectsText(entry: unknown, key: DocumentedMessageKey): boolean {
  if (entry === null || typeof entry !== 'object') return false;
  const message = (entry as Record<string, unknown>)['message'];
  if (typeof message === 'string') return message.endsWith(DOCUMENTED_MESSAGES[key].text);
  if (message !== null && typeof message === 'object') return (message as Record<string, unknown>)['text'] === `streaming.${key}`;
  return false;
}

const CLAIMS: Partial<Record<BehaviourId, Claim>> = {
  'streaming.batch.status-207': (m) => m.path === 'status' && /\b207\b/.test(m.expected),
  'streaming.batch.body-shape': (m) => m.path === '' || /^\/(inletId|batchId|receivedTimeMs)$/.test(m.path),
  'streaming.batch.one-entry-per-message': (m, e) => m.path === '/responses' || e?.reordered === true,
  // An xactionId that is there but wrong; a missing one means the message was not accepted.
  'streaming.batch.xaction-id': (m, e) =>
    e !== undefined && !e.reordered && m.path.endsWith('/xactionId') && expectsAccepted(e.expectedEntry) && hasXactionId(e.actualEntry),
  'streaming.batch.valid-accepted': (_m, e) => e !== undefined && !e.reordered && expectsAccepted(e.expectedEntry) && !hasXactionId(e.actualEntry),
  // Only where the step is about it: an accepted entry refused is the error batch's case only when the fixture says the message fails validation.
  'streaming.message.error-batch': (_m, e) => e !== undefined && !e.reordered && expectsAccepted(e.expectedEntry) && !hasXactionId(e.actualEntry),
  'streaming.message.unknown-xdm-format': (_m, e) => e !== undefined && !e.reordered && expectsText(e.expectedEntry, 'unknownXdmFormat'),
  'streaming.message.wrong-ims-org': (_m, e) => e !== undefined && !e.reordered && expectsText(e.expectedEntry, 'absentOrWrongImsOrg'),
};

/** The message index an expected accepted entry names: its `xactionId` matcher's index, or a written-out id's suffix. */
function acceptedIndex(entry: unknown): number | undefined {
  if (!expectsAccepted(entry)) return undefined;
  const id = (entry as Record<string, unknown>)['xactionId'];
  if (id !== null && typeof id === 'object' && typeof (id as Record<string, unknown>)['index'] === 'number') return (id as { index: number }).index;
  return xactionIndex(entry);
}

/** The index after the last colon of an entry's xactionId. */
function xactionIndex(entry: unknown): number | undefined {
  if (!hasXactionId(entry)) return undefined;
  const id = (entry as Record<string, unknown>)['xactionId'];
  const suffix = typeof id === 'string' ? /:(\d+)$/.exec(id) : null;
  return suffix ? Number(suffix[1]) : undefined;
}

const CLAIMING = (Object.keys(CLAIMS) as BehaviourId[]).filter((b) => b !== 'streaming.message.error-batch');

function responsesOf(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const responses = (value as Record<string, unknown>)['responses'];
  return Array.isArray(responses) ? responses : undefined;
}

/**
 * Whether the answer's entries are the expected ones in another order: every expected entry matches a
 * distinct actual entry, but not all at their own index. (Equal lengths only: a missing or extra entry is
 * its own mismatch.)
 */
function isReordering(expected: unknown[], actual: unknown[], ctx: AttributionContext): boolean {
  if (expected.length !== actual.length) return false;
  // An accepted entry is known by the message index its xactionId names (`<batchId>:<index>`), wherever it stands.
  const fits = (want: unknown, got: unknown) => {
    const index = acceptedIndex(want);
    return index !== undefined ? xactionIndex(got) === index : ctx.matches(want, got);
  };
  const used = new Set<number>();
  let displaced = false;
  for (const [i, want] of expected.entries()) {
    // Its own index first, so entries that are in place stay there.
    const candidates = [i, ...actual.keys()].filter((j) => !used.has(j));
    const found = candidates.find((j) => fits(want, actual[j]));
    if (found === undefined) return false;
    used.add(found);
    if (found !== i) displaced = true;
  }
  return displaced;
}

export function attributeMismatches(
  behaviours: readonly BehaviourId[],
  mismatches: readonly Mismatch[],
  ctx: AttributionContext,
): Map<BehaviourId, Mismatch[]> {
  const byBehaviour = new Map<BehaviourId, Mismatch[]>(behaviours.map((b) => [b, []]));
  if (mismatches.length === 0) return byBehaviour;
  const expectedEntries = responsesOf(ctx.expected);
  const actualEntries = responsesOf(ctx.actual);
  // Only a step that expects a 207 body is read by the streaming behaviours it does not list.
  const multiStatus = expectedEntries !== undefined;
  const reordered = expectedEntries !== undefined && actualEntries !== undefined && isReordering(expectedEntries, actualEntries, ctx);

  for (const mismatch of mismatches) {
    const at = ENTRY.exec(mismatch.path);
    const entry: EntryMismatch | undefined =
      at && expectedEntries && actualEntries
        ? { mismatch, index: Number(at[1]), expectedEntry: expectedEntries[Number(at[1])], actualEntry: actualEntries[Number(at[1])], reordered }
        : undefined;
    // The step's own behaviours first; then, for a 207, any behaviour of the catalogue the mismatch shows
    // broken (a 207 answer exercises one entry per message even where a fixture is about something else).
    const own = behaviours.filter((b) => CLAIMS[b]?.(mismatch, entry) === true);
    const claimed = own.length > 0 || !multiStatus ? own : CLAIMING.filter((b) => CLAIMS[b]!(mismatch, entry));
    for (const b of claimed.length > 0 ? claimed : behaviours) {
      const list = byBehaviour.get(b) ?? [];
      list.push(mismatch);
      byBehaviour.set(b, list);
    }
  }
  return byBehaviour;
}
