import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pick, REQUEST_LIMIT_READINGS } from '../../../src/contract/streaming.js';
import { padRequest, requestBytes, requestLimit, sizedRequest, validMessage, validRequest, REQUEST_MESSAGES_MAX } from '../../../src/generate/index.js';
import { defaultWorld } from '../../../src/world/index.js';

const world = defaultWorld();
const inlet = world.inlets[0]!;

describe('requests sized either side of the limit', () => {
  it("reads the limit from the profile's reading of 1 MB", () => {
    expect(requestLimit('docs')).toBe(pick('docs', 'streaming.requestLimit.bytes').value);
    expect(requestLimit('strict')).toBe(REQUEST_LIMIT_READINGS.smallest);
  });

  for (const profile of ['docs', 'strict'] as const) {
    it(`carries 413 over the ${profile} limit and 207 under it, from the bytes as built`, () => {
      fc.assert(
        fc.property(sizedRequest(world, inlet, { profile }), (sized) => {
          expect(requestBytes(sized.request)).toBe(sized.bytes);
          if (sized.side === 'over') {
            expect(sized.bytes).toBeGreaterThan(sized.limit + sized.distance);
            expect(sized.expected).toEqual({ status: 413 });
          } else {
            expect(sized.bytes).toBeLessThanOrEqual(sized.limit - sized.distance);
            expect(sized.expected).toEqual({ status: 207, messages: sized.request.messages.length });
          }
        }),
        { numRuns: 6, seed: 42 },
      );
    });
  }

  it('pads to just under or just over a target, never farther than one message', () => {
    const [pool] = fc.sample(fc.array(validMessage(world, inlet), { minLength: 1, maxLength: 3 }), { seed: 1, numRuns: 1 });
    const largest = Math.max(...pool!.map((m) => Buffer.byteLength(JSON.stringify(m))));
    const under = padRequest(pool!, 200_000, 'under');
    expect(under.bytes).toBeLessThanOrEqual(200_000);
    expect(under.bytes).toBeGreaterThan(200_000 - largest - 1);
    const over = padRequest(pool!, 200_000, 'over');
    expect(over.bytes).toBeGreaterThan(200_000);
    expect(over.bytes).toBeLessThanOrEqual(200_000 + largest + 1);
  });
});

describe('valid requests of up to 500 messages', () => {
  it('keep the default cap of 60 for existing callers', () => {
    for (const request of fc.sample(validRequest(world, inlet, { maxMessages: 500 }), { seed: 3, numRuns: 20 })) {
      expect(request.messages.length).toBeLessThanOrEqual(60);
    }
  });

  it('reach hundreds of messages when the cap is raised, and stay under the request limit', () => {
    const lengths = fc.sample(validRequest(world, inlet, { minMessages: 400, maxMessages: REQUEST_MESSAGES_MAX, messageCap: REQUEST_MESSAGES_MAX }), { seed: 4, numRuns: 5 }).map((r) => {
      expect(requestBytes(r)).toBeLessThan(REQUEST_LIMIT_READINGS.smallest);
      return r.messages.length;
    });
    for (const n of lengths) {
      expect(n).toBeGreaterThanOrEqual(400);
      expect(n).toBeLessThanOrEqual(REQUEST_MESSAGES_MAX);
    }
  });
});
