/**
 * Shrinking keeps a mutated case invalid. A property with a deliberately broken oracle (it claims every
 * message is accepted) fails on the first mutated case; fast-check then shrinks it. The shrunk case must
 * still admit its mutation (`applies`), still carry the mutation's verdict, and get exactly that verdict
 * from the reference server: a shrunk case never turns into a valid message reported as a failure.
 *
 * The world lists its datasets profile first, so shrinking pulls a message towards the profile dataset,
 * where the time-series mutations (drop-timestamp, drop-_id) do not apply: without the re-check the shrunk
 * case would be a valid profile message blamed on a mutation it does not have.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XACTION_ID } from '../../src/contract/streaming.js';
import {
  expectedEntry,
  mutatedRequest,
  mutationNamed,
  realiseMutatedRequest,
  validMessage,
  type MutationPlanEntry,
} from '../../src/generate/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/index.js';

const world = defaultWorld();
world.datasets.reverse();
const inlet = world.inlets[0]!;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ world, profile: 'docs', store: createMemoryStore(), faults: false });
});
afterAll(() => server.close());

async function send(messages: unknown[]): Promise<{ batchId: string; responses: unknown[] }> {
  const response = await fetch(`${server.url}/collection/batch/${inlet.id}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ messages }),
  });
  expect(response.status).toBe(207);
  return (await response.json()) as { batchId: string; responses: unknown[] };
}

/** The broken oracle: every message of every request is accepted. */
const everythingAccepted = (entries: MutationPlanEntry[]): boolean => {
  const realised = realiseMutatedRequest({ entries }, world, inlet);
  fc.pre(realised !== undefined);
  return realised!.verdicts.every((v) => v.kind === 'accepted');
};

describe('a shrunk mutated message', () => {
  const drop = fc.record({ message: validMessage(world, inlet), mutation: fc.constant('drop-timestamp' as const) }, { noNullPrototype: true });

  it('still admits its mutation and gets its verdict from the server', async () => {
    const details = fc.check(fc.property(drop, (entry) => everythingAccepted([entry])), { seed: 5, numRuns: 100 });
    expect(details.failed).toBe(true);
    expect(details.numShrinks).toBeGreaterThan(0);
    const [entry] = details.counterexample!;
    const mutation = mutationNamed('drop-timestamp');
    expect(mutation.applies(entry.message, world)).toBe(true);
    const realised = realiseMutatedRequest({ entries: [entry] }, world, inlet)!;
    expect(realised.verdicts).toEqual([mutation.expect(inlet, 'docs')]);
    expect(realised.verdicts[0]!.kind).toBe('error-batch');
    const { batchId, responses } = await send(realised.request.messages);
    expect(responses).toEqual([expectedEntry(realised.verdicts[0]!, batchId, 0)]);
  });

  it('would land on a message the mutation does not apply to without the re-check', () => {
    const unguarded = (entry: MutationPlanEntry) => mutationNamed(entry.mutation!).expect(inlet, 'docs').kind === 'accepted';
    const details = fc.check(fc.property(drop, unguarded), { seed: 5, numRuns: 100 });
    const [entry] = details.counterexample!;
    // Shrunk onto the profile dataset: not time-series, so dropping timestamp breaks nothing there.
    expect(mutationNamed('drop-timestamp').applies(entry.message, world)).toBe(false);
  });
});

describe('a shrunk mutated request', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`keeps every mutation applying and gets exactly the carried entries (seed ${seed})`, async () => {
      const details = fc.check(fc.property(mutatedRequest(world, inlet), (plan) => everythingAccepted(plan.entries)), { seed, numRuns: 100 });
      expect(details.failed).toBe(true);
      const [plan] = details.counterexample!;
      for (const entry of plan.entries) {
        if (entry.mutation !== undefined) expect(mutationNamed(entry.mutation).applies(entry.message, world), entry.mutation).toBe(true);
      }
      const realised = realiseMutatedRequest(plan, world, inlet)!;
      expect(realised).toBeDefined();
      expect(realised.verdicts.some((v) => v.kind !== 'accepted')).toBe(true);
      const { batchId, responses } = await send(realised.request.messages);
      expect(responses).toEqual(realised.verdicts.map((v, i) => expectedEntry(v, batchId, i)));
      for (const [i, v] of realised.verdicts.entries()) {
        if (v.kind !== 'rejected') expect(responses[i]).toEqual({ xactionId: XACTION_ID.format(batchId, i) });
      }
    });
  }
});
