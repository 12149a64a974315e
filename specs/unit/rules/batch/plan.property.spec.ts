import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContentRange } from '../../../../src/contract/batch.js';
import { chunkRanges, MAX_PART_BYTES } from '../../../../src/rules/batch/chunks.js';
import { planFile } from '../../../../src/rules/batch/plan.js';

const sizes = fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 200 * 1024 ** 3 }));
const partSizes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: MAX_PART_BYTES }));

describe('the parts of a chunked file tile it: no gap, no overlap (gaps and overlaps are refused at file COMPLETE)', () => {
  it('for any size and part size, the ranges cover [0, size - 1] exactly, in order', () => {
    fc.assert(
      fc.property(sizes, partSizes, (size, part) => {
        fc.pre(Math.ceil(size / part) <= 5_000);
        const ranges = chunkRanges(size, part);
        let next = 0;
        for (const r of ranges) {
          expect(r.start).toBe(next);
          expect(r.end).toBeGreaterThanOrEqual(r.start);
          expect(r.end - r.start + 1).toBeLessThanOrEqual(part);
          expect(r.total).toBe(size);
          next = r.end + 1;
        }
        expect(next).toBe(size);
        expect(ranges).toHaveLength(Math.ceil(size / part));
      }),
    );
  });

  it("every planned PATCH's Content-Range reads back with the harness's reading and matches its body", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 * 1024 ** 3 }), fc.integer({ min: 1024 ** 2, max: MAX_PART_BYTES }), (size, part) => {
        fc.pre(Math.ceil(size / part) <= 2_000);
        const file = planFile('f.json', size, 0, part);
        const patches = file.requests.filter((r) => r.method === 'PATCH');
        let next = 0;
        for (const p of patches) {
          const range = parseContentRange(p.headers['Content-Range']!)!;
          expect(range).toEqual({ ...p.body, total: size });
          expect(range.start).toBe(next);
          next = range.end + 1;
        }
        expect(next).toBe(size);
      }),
    );
  });
});
