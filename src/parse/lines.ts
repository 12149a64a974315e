/**
 * Offsets to 1-based line and column, the way findings report them.
 *
 * Only `\n` ends a line (so `\r\n` counts once, its `\r` being the last column of the line).
 * A lone `\r` does not start a line: the NDJSON reader splits on `\n` only, and line numbers
 * in a JSON file and in an NDJSON file must mean the same thing.
 * Columns count UTF-16 code units, as editors and the Finding model do.
 */
export interface LineColumn {
  line: number;
  column: number;
}

const LF = '\n';

export class LineIndex {
  /** Offset of the first code unit of each line; Uint32 keeps a many-line file compact. */
  private readonly lineStarts: Uint32Array;
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    let breaks = 0;
    for (let at = text.indexOf(LF); at !== -1; at = text.indexOf(LF, at + 1)) breaks++;
    const starts = new Uint32Array(breaks + 1);
    let line = 1;
    for (let at = text.indexOf(LF); at !== -1; at = text.indexOf(LF, at + 1)) starts[line++] = at + 1;
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** `offset` may equal the text's length: that is where "unexpected end of input" points. */
  position(offset: number): LineColumn {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length) {
      throw new RangeError(`offset ${offset} is outside the text (0..${this.length})`);
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

/** One position without building an index: for the single location of a syntax error. */
export function positionAt(text: string, offset: number): LineColumn {
  const positions = positionsAt(text, [offset]);
  return positions.get(offset)!;
}

/**
 * Several positions in one forward sweep, without allocating a line table:
 * locating a handful of findings in a large file should not cost a Uint32Array of its lines.
 */
export function positionsAt(text: string, offsets: Iterable<number>): Map<number, LineColumn> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const result = new Map<number, LineColumn>();
  let line = 1;
  let lineStart = 0;
  let nextBreak = text.indexOf(LF);
  for (const offset of sorted) {
    if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
      throw new RangeError(`offset ${offset} is outside the text (0..${text.length})`);
    }
    while (nextBreak !== -1 && nextBreak < offset) {
      line++;
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf(LF, lineStart);
    }
    result.set(offset, { line, column: offset - lineStart + 1 });
  }
  return result;
}
