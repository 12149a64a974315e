/**
 * Valid requests with some messages replaced by named mutations, each carrying its documented verdict,
 * and the 207 body the contract gives for them entry by entry: an accepted message (or one that goes to
 * the error batch) is `{xactionId: <batchId>:<index>}`, a rejected one `{statusCode: 400, message}`.
 *
 * The arbitrary yields a *plan* (valid messages and which mutation, if any, each one gets); the case is
 * realised from the plan by `realiseMutatedRequest`, which re-checks `applies` on the values it is given.
 * When fast-check shrinks a plan, the shrunk messages may no longer admit their mutation (a shrunk entity
 * that lost the property a mutation breaks): realising answers `undefined` then, and a property skips the
 * case (`fc.pre`) instead of sending a valid message while expecting a rejection.
 */
import fc from 'fast-check';
import type { ProfileName } from '../contract/profiles.js';
import { XACTION_ID } from '../contract/streaming.js';
import type { Inlet, World } from '../world/types.js';
import { validMessage, type StreamingMessage } from './messages.js';
import { MUTATION_NAMES, mutationNamed, type ExpectedVerdict, type MutationName } from './mutations.js';

export interface MutationPlanEntry {
  /** The valid message; the mutation, when there is one, is applied to it. */
  message: StreamingMessage;
  mutation?: MutationName;
}

export interface MutatedRequestPlan {
  entries: MutationPlanEntry[];
}

/** One entry of the expected 207 `responses`; `<batchId>` stands for the batch id the target makes up. */
export type ExpectedEntry = { xactionId: string } | { statusCode: 400; message: string };

export interface MutatedCase {
  /** The request as sent: mutated messages may be of any JSON shape. */
  request: { messages: unknown[] };
  mutations: (MutationName | undefined)[];
  verdicts: ExpectedVerdict[];
}

export interface MutatedRequestOptions {
  profile?: ProfileName;
  /** At most this many messages; default 12. */
  maxMessages?: number;
}

/** The verdict of a valid message: accepted. */
const ACCEPTED: ExpectedVerdict = { kind: 'accepted' };

/** The 207 entry a verdict gives the message at `index` of a request answered with `batchId`. */
export function expectedEntry(verdict: ExpectedVerdict, batchId: string, index: number): ExpectedEntry {
  // Error-batch messages pass the endpoint: they get an xactionId like any accepted message.
  if (verdict.kind === 'rejected') return { statusCode: verdict.statusCode, message: verdict.message };
  return { xactionId: XACTION_ID.format(batchId, index) };
}

/**
 * The request and its verdicts, or `undefined` when a mutation of the plan no longer applies to its
 * message (so the case would not be the invalid one the plan names).
 */
export function realiseMutatedRequest(plan: MutatedRequestPlan, world: World, inlet: Inlet, profile: ProfileName = 'docs'): MutatedCase | undefined {
  const messages: unknown[] = [];
  const mutations: (MutationName | undefined)[] = [];
  const verdicts: ExpectedVerdict[] = [];
  for (const entry of plan.entries) {
    if (entry.mutation === undefined) {
      messages.push(entry.message);
      verdicts.push(ACCEPTED);
    } else {
      const mutation = mutationNamed(entry.mutation);
      if (!mutation.applies(entry.message, world)) return undefined;
      messages.push(mutation.apply(entry.message, world, inlet));
      verdicts.push(mutation.expect(inlet, profile));
    }
    mutations.push(entry.mutation);
  }
  return { request: { messages }, mutations, verdicts };
}

/** Plans of 1 to `maxMessages` messages, at least one of them mutated, every mutation applying when generated. */
export function mutatedRequest(world: World, inlet: Inlet, opts: MutatedRequestOptions = {}): fc.Arbitrary<MutatedRequestPlan> {
  const profile = opts.profile ?? 'docs';
  const maxLength = Math.max(1, opts.maxMessages ?? 12);
  const entry: fc.Arbitrary<MutationPlanEntry> = fc
    .record(
      {
        message: validMessage(world, inlet, { profile }),
        mutation: fc.option(fc.constantFrom(...MUTATION_NAMES), { nil: undefined, freq: 2 }),
      },
      { noNullPrototype: true },
    )
    .filter(({ message, mutation }) => mutation === undefined || mutationNamed(mutation).applies(message, world))
    .map(({ message, mutation }) => (mutation === undefined ? { message } : { message, mutation }));
  return fc
    .array(entry, { minLength: 1, maxLength })
    .filter((entries) => entries.some((e) => e.mutation !== undefined))
    .map((entries) => ({ entries }));
}
