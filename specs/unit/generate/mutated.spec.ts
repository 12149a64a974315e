import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XACTION_ID } from '../../../src/contract/streaming.js';
import { expectedEntry, mutatedRequest, mutationNamed, realiseMutatedRequest, validMessage } from '../../../src/generate/index.js';
import { defaultWorld } from '../../../src/world/index.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;

describe('mutated requests', () => {
  it('carry one verdict per message, each the one its mutation gives, and at least one mutation', () => {
    fc.assert(
      fc.property(mutatedRequest(world, inlet), (plan) => {
        const realised = realiseMutatedRequest(plan, world, inlet)!;
        expect(realised.request.messages).toHaveLength(plan.entries.length);
        expect(realised.mutations.some((m) => m !== undefined)).toBe(true);
        plan.entries.forEach((entry, i) => {
          const expected = entry.mutation === undefined ? { kind: 'accepted' } : mutationNamed(entry.mutation).expect(inlet, 'docs');
          expect(realised.verdicts[i]).toEqual(expected);
          if (entry.mutation === undefined) expect(realised.request.messages[i]).toBe(entry.message);
        });
      }),
      { numRuns: 50, seed: 8 },
    );
  });

  it('give the 207 entry of each verdict: xactionId for accepted and error-batch, the documented text for rejected', () => {
    expect(expectedEntry({ kind: 'accepted' }, 'b:1', 3)).toEqual({ xactionId: XACTION_ID.format('b:1', 3) });
    expect(expectedEntry({ kind: 'error-batch' }, 'b:1', 0)).toEqual({ xactionId: 'b:1:0' });
    expect(expectedEntry({ kind: 'rejected', statusCode: 400, message: 'm' }, 'b:1', 0)).toEqual({ statusCode: 400, message: 'm' });
  });

  it('are not realised when a mutation no longer applies to its message', () => {
    const profileDataset = world.datasets.find((d) => world.schemas.find((s) => s.id === d.schema)?.timeSeries === false)!;
    const [message] = fc.sample(validMessage(world, inlet).filter((m) => m.header.datasetId === profileDataset.id), { seed: 2, numRuns: 1 });
    expect(mutationNamed('drop-timestamp').applies(message!, world)).toBe(false);
    expect(realiseMutatedRequest({ entries: [{ message: message!, mutation: 'drop-timestamp' }] }, world, inlet)).toBeUndefined();
  });
});
