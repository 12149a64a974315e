/**
 * How deep a YAML (or JSON) text nests, found by a scan of its characters before any parser sees it.
 *
 * The yaml package parses and converts nested collections recursively: a world, configuration or fixture
 * nested some thousands of levels deep exhausts the stack, and near the stack's end V8 can abort the whole
 * process (a regular expression compiled there fails with "RegExpCompiler Allocation failed") instead of
 * throwing. Files the harness reads as YAML never need more than a few dozen levels, so a text deeper than
 * `MAX_YAML_DEPTH` is refused with its location before it is parsed.
 *
 * The estimate counts, per line, the indentation, the block-sequence and mapping-key indicators that open
 * a level on the same line (`- - - x`, `? x`), and open flow collections (`[`, `{`) outside quoted
 * scalars and comments. It is an estimate made to be cheap: it can over-count only for texts no one
 * writes by hand (indentation of hundreds of columns, a thousand unclosed brackets in plain scalars).
 */

/** Deeper than this, a YAML text is refused. */
export const MAX_YAML_DEPTH = 1000;

export interface DepthExcess {
  /** 1-based line and column where the limit is first passed. */
  line: number;
  column: number;
  /** `nested deeper than 1000 levels (…)`. */
  message: string;
}

/** The first place a text nests deeper than `limit`, or undefined. Linear in the text's length. */
export function yamlDepthExcess(text: string, limit = MAX_YAML_DEPTH): DepthExcess | undefined {
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let blockDepth = 0;
  const excess = (index: number): DepthExcess => ({
    line,
    column: index - lineStart + 1,
    message: `nested deeper than ${limit} levels (or indented past ${limit} columns); the harness reads YAML and JSON files up to that depth`,
  });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      blockDepth = 0;
      // A single-quoted or plain scalar may span lines; a double-quoted one too: the quote state carries over.
      continue;
    }
    if (quote !== undefined) {
      if (quote === '"' && c === 92 /* \ */) i++;
      else if (c === quote.charCodeAt(0)) {
        if (quote === "'" && text.charCodeAt(i + 1) === 39) i++;
        else quote = undefined;
      }
      continue;
    }
    if (atLineStart) {
      if (c === 32 /* space */) {
        blockDepth++;
        if (blockDepth + flow > limit) return excess(i);
        continue;
      }
      if ((c === 45 /* - */ || c === 63 /* ? */) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) {
        blockDepth += 2;
        if (blockDepth + flow > limit) return excess(i);
        i++;
        continue;
      }
      atLineStart = false;
    }
    if (c === 35 /* # */ && (i === lineStart || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
      continue;
    }
    if ((c === 34 /* " */ || c === 39) /* ' */ && startsScalar(text, i, lineStart)) quote = c === 34 ? '"' : "'";
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      flow++;
      if (blockDepth + flow > limit) return excess(i);
    } else if ((c === 93 /* ] */ || c === 125) /* } */ && flow > 0) flow--;
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a scalar can start (`don't` or `5" screen` are plain text). */
function startsScalar(text: string, i: number, lineStart: number): boolean {
  if (i === lineStart) return true;
  const before = text.charCodeAt(i - 1);
  return before === 32 || before === 9 || before === 91 || before === 123 || before === 44 || before === 58 || before === 45 || before === 63;
}
