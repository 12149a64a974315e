import { describe, it, expect } from 'vitest';
import { LineIndex, positionAt, positionsAt } from '../../../src/parse/index.js';

describe('line and column of an offset', () => {
  const text = 'ab\r\ncd\n\nx';
  const index = new LineIndex(text);

  it('counts lines and columns from 1', () => {
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(1)).toEqual({ line: 1, column: 2 });
  });

  it('treats \\r\\n as one line break, the \\r being the last column of its line', () => {
    expect(index.position(2)).toEqual({ line: 1, column: 3 });
    expect(index.position(4)).toEqual({ line: 2, column: 1 });
  });

  it('counts empty lines', () => {
    expect(index.position(7)).toEqual({ line: 3, column: 1 });
    expect(index.position(8)).toEqual({ line: 4, column: 1 });
    expect(index.lineCount).toBe(4);
  });

  it('accepts the end of the text, where "unexpected end of input" points', () => {
    expect(index.position(text.length)).toEqual({ line: 4, column: 2 });
  });

  it('counts columns in UTF-16 code units', () => {
    expect(new LineIndex('😀x').position(2)).toEqual({ line: 1, column: 3 });
  });

  it('does not start a line at a lone \\r, as the NDJSON reader does not', () => {
    expect(new LineIndex('a\rb').position(2)).toEqual({ line: 1, column: 3 });
  });

  it('refuses offsets outside the text', () => {
    expect(() => index.position(-1)).toThrow(RangeError);
    expect(() => index.position(text.length + 1)).toThrow(RangeError);
    expect(() => index.position(1.5)).toThrow(RangeError);
  });

  it('agrees with the single-position and many-position sweeps', () => {
    const many = positionsAt(text, [9, 0, 4, 8, 2]);
    for (let offset = 0; offset <= text.length; offset++) {
      expect(positionAt(text, offset)).toEqual(index.position(offset));
    }
    for (const [offset, position] of many) expect(position).toEqual(index.position(offset));
  });

  it('handles a text without any line break', () => {
    expect(new LineIndex('').position(0)).toEqual({ line: 1, column: 1 });
  });
});
