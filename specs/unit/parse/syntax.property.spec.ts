import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findSyntaxError, LineIndex } from '../../../src/parse/index.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON texts, compact or pretty-printed, with JSON's own whitespace around them. */
const jsonText = fc
  .tuple(fc.json({ maxDepth: 4 }), fc.constantFrom(undefined, 2, '\t'), fc.constantFrom('', ' ', '\n', '\r\n', '\t'))
  .map(([json, indent, pad]) => pad + JSON.stringify(JSON.parse(json), null, indent) + pad);

/** Characters that break JSON in interesting ways, and some that do not. */
const nasty = fc.constantFrom(
  ',', ':', '{', '}', '[', ']', '"', "'", '\\', '/', '*', '//', '/*', ' ', '\n', '\r', '\t',
  '0', '1', '-', '+', '.', 'e', 'E', 'x', 'n', 'u', 'NaN', 'Infinity', 'true', 'nul',
  '\u0000', '\u001f', '\u007f', '\u00a0', '\u2028', '\uFEFF', '\uD800', 'é', '😀', '\\u', '\\uZZZZ',
);

type Corruption = (text: string) => fc.Arbitrary<string>;

const corruptions: Corruption[] = [
  // insert
  (text) => fc.tuple(fc.nat({ max: text.length }), nasty).map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
  // delete one or a few characters
  (text) =>
    fc.tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.integer({ min: 1, max: 3 })).map(
      ([at, n]) => text.slice(0, at) + text.slice(at + n),
    ),
  // replace
  (text) =>
    fc.tuple(fc.nat({ max: Math.max(0, text.length - 1) }), nasty).map(
      ([at, s]) => text.slice(0, at) + s + text.slice(at + 1),
    ),
  // truncate
  (text) => fc.nat({ max: text.length }).map((at) => text.slice(0, at)),
  // duplicate a slice
  (text) =>
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([a, b]) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      return text.slice(0, to) + text.slice(from, to) + text.slice(to);
    }),
];

const corrupted = jsonText.chain((text) =>
  fc
    .array(fc.nat({ max: corruptions.length - 1 }), { minLength: 1, maxLength: 3 })
    .chain((picks) =>
      picks.reduce<fc.Arbitrary<string>>((arbitrary, pick) => arbitrary.chain((t) => corruptions[pick]!(t)), fc.constant(text)),
    ),
);

describe('findSyntaxError agrees with JSON.parse', () => {
  it('finds nothing in generated JSON', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(findSyntaxError(text)).toBeNull();
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 300) },
    );
  });

  it('finds an error exactly when JSON.parse fails, on corrupted JSON', () => {
    fc.assert(
      fc.property(fc.oneof(corrupted, jsonText, fc.string({ maxLength: 12 })), (text) => {
        const error = findSyntaxError(text);
        expect(error === null).toBe(parses(text));
        if (error !== null) {
          expect(error.offset).toBeGreaterThanOrEqual(0);
          expect(error.offset).toBeLessThanOrEqual(text.length);
          expect(new LineIndex(text).position(error.offset)).toEqual({ line: error.line, column: error.column });
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 300) },
    );
  });
});
