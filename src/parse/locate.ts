/**
 * JSON pointers (RFC 6901) to file locations, so a finding can say "line 12, column 9".
 *
 * One forward pass with jsonc-parser's scanner and an explicit stack: payloads may nest
 * 100 000 deep and the library's tree builders recurse. The pointers are first arranged in a trie,
 * so the pass only compares keys inside containers some pointer goes through.
 *
 * Duplicate keys: JSON.parse keeps the LAST value of a repeated key, and the rules judge the values
 * JSON.parse produced, so the location of the last occurrence wins here too. (The first occurrence
 * would let the scan stop sooner, but a finding would then point at a value no rule looked at.)
 * `__proto__` is an ordinary key: the trie uses Maps, never object properties.
 *
 * A pointer whose target does not exist maps to the deepest ancestor value that does
 * (a missing `/messages/1/body` points at the message `/messages/1`). A pointer that is not a
 * valid RFC 6901 pointer (non-empty and not starting with `/`) is left out of the result,
 * and so is every pointer when the text holds no value at all.
 */
import { createScanner } from 'jsonc-parser';
import { positionsAt } from './lines.js';
import { Token } from './tokens.js';

export interface PointerLocation {
  line: number;
  column: number;
  offset: number;
}

export interface LocateOptions {
  /** Line of the text's first line in the file (NDJSON: the record's line number). Default 1. */
  baseLine?: number;
  /** Added to every offset (NDJSON: where the record starts). Default 0. */
  baseOffset?: number;
}

class PathNode {
  readonly children = new Map<string, PathNode>();
  /** The same children keyed by array index, for segments that are canonical indices. */
  elements: Map<number, PathNode> | null = null;
  /** Pointers (as the caller spelled them) that end here. */
  readonly pointers: string[] = [];
  readonly parent: PathNode | null;
  /** Start offset of the value at this path, the last one seen when keys repeat; -1 if none (yet). */
  offset = -1;
  final = false;
  awaitingFinal = false;

  constructor(parent: PathNode | null) {
    this.parent = parent;
  }

  child(segment: string): PathNode {
    let node = this.children.get(segment);
    if (node === undefined) {
      node = new PathNode(this);
      this.children.set(segment, node);
      if (isArrayIndex(segment)) (this.elements ??= new Map()).set(Number(segment), node);
    }
    return node;
  }

  get hasChildren(): boolean {
    return this.children.size > 0;
  }
}

/** RFC 6901 array indices: no leading zeros, no sign (and small enough to be exact). */
function isArrayIndex(segment: string): boolean {
  return segment.length <= 15 && /^(?:0|[1-9][0-9]*)$/.test(segment);
}

/** Splits a pointer into unescaped reference tokens; null when it is not a pointer. */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  const segments = pointer.slice(1).split('/');
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k]!;
    if (!segment.includes('~')) continue;
    if (/~(?![01])/.test(segment)) return null;
    // `~1` before `~0`, so that `~01` reads as the key `~1` (RFC 6901, section 4).
    segments[k] = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  }
  return segments;
}

/**
 * The value an RFC 6901 pointer names inside `root`: '' is the whole value; each token walks an object's
 * own key or a list index. Undefined when the path does not exist or the pointer is not one.
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens === null) return undefined;
  let current = root;
  for (const token of tokens) {
    if (Array.isArray(current)) current = isArrayIndex(token) ? current[Number(token)] : undefined;
    else if (current !== null && typeof current === 'object') current = Object.hasOwn(current, token) ? (current as Record<string, unknown>)[token] : undefined;
    else return undefined;
  }
  return current;
}

const OBJECT = 0;
const ARRAY = 1;

export function locatePointers(
  text: string,
  pointers: Iterable<string>,
  opts: LocateOptions = {},
): Map<string, PointerLocation> {
  const root = new PathNode(null);
  let targets = 0;
  for (const pointer of new Set(pointers)) {
    const segments = parsePointer(pointer);
    if (segments === null) continue;
    let node = root;
    for (const segment of segments) node = node.child(segment);
    if (node.pointers.length === 0) targets++;
    node.pointers.push(pointer);
  }
  if (targets > 0) scan(text, root, targets);
  return resolve(text, root, opts);
}

/** Clears what was found under a value that a later duplicate key has replaced. */
function forgetBelow(node: PathNode): void {
  const pending: PathNode[] = [...node.children.values()];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.offset === -1) continue;
    next.offset = -1;
    for (const child of next.children.values()) pending.push(child);
  }
}

function scan(text: string, root: PathNode, targets: number): void {
  const scanner = createScanner(text, true);
  // Parallel arrays rather than frame objects: one push per container, even 100 000 deep.
  const kinds: number[] = [];
  const nodes: (PathNode | null)[] = [];
  const indices: number[] = [];
  const keyNodes: (PathNode | null)[] = [];
  /**
   * A located value is final only once no later duplicate key can replace it: when the
   * outermost object on its path has closed (array indices never repeat). `outermostObject`
   * is the depth of that object for the current path, -1 while the path is only arrays.
   */
  let outermostObject = -1;
  const awaitingFinal: PathNode[] = [];
  let unresolved = targets;
  let started = false;

  const finalize = (node: PathNode): void => {
    node.final = true;
    if (node.pointers.length > 0) unresolved--;
  };

  const valueStart = (offset: number): PathNode | null => {
    const depth = kinds.length;
    let node: PathNode | null;
    if (depth === 0) node = started ? null : root;
    else if (kinds[depth - 1] === ARRAY) node = nodes[depth - 1]?.elements?.get(indices[depth - 1]!) ?? null;
    else node = keyNodes[depth - 1] ?? null;
    started = true;
    if (node === null) return null;
    if (node.offset !== -1) forgetBelow(node);
    node.offset = offset;
    if (outermostObject === -1) {
      if (!node.final) finalize(node);
    } else if (!node.awaitingFinal && node.pointers.length > 0) {
      node.awaitingFinal = true;
      awaitingFinal.push(node);
    }
    return node;
  };

  const push = (kind: number, node: PathNode | null): void => {
    // Containers off every pointer's path still need a frame to keep the nesting straight,
    // but with a null node nothing inside them is compared.
    kinds.push(kind);
    nodes.push(node !== null && node.hasChildren ? node : null);
    indices.push(0);
    keyNodes.push(null);
    if (kind === OBJECT && outermostObject === -1) outermostObject = kinds.length - 1;
  };

  const pop = (): void => {
    kinds.pop();
    nodes.pop();
    indices.pop();
    keyNodes.pop();
    if (outermostObject === kinds.length) {
      outermostObject = -1;
      for (const node of awaitingFinal) {
        node.awaitingFinal = false;
        if (node.offset !== -1 && !node.final) finalize(node);
      }
      awaitingFinal.length = 0;
    }
  };

  let expectKey = false;
  while (unresolved > 0) {
    const token = scanner.scan() as number;
    switch (token) {
      case Token.OpenBrace:
        push(OBJECT, valueStart(scanner.getTokenOffset()));
        expectKey = true;
        break;
      case Token.OpenBracket:
        push(ARRAY, valueStart(scanner.getTokenOffset()));
        expectKey = false;
        break;
      case Token.CloseBrace:
      case Token.CloseBracket:
        if (kinds.length === 0) return;
        pop();
        expectKey = false;
        break;
      case Token.Comma: {
        const depth = kinds.length;
        if (depth === 0) return;
        if (kinds[depth - 1] === ARRAY) {
          indices[depth - 1]!++;
        } else {
          expectKey = true;
          keyNodes[depth - 1] = null;
        }
        break;
      }
      case Token.Colon:
        break;
      case Token.String:
        if (expectKey) {
          const depth = kinds.length;
          keyNodes[depth - 1] = nodes[depth - 1]?.children.get(scanner.getTokenValue()) ?? null;
          expectKey = false;
        } else {
          valueStart(scanner.getTokenOffset());
        }
        break;
      case Token.Number:
      case Token.True:
      case Token.False:
      case Token.Null:
        valueStart(scanner.getTokenOffset());
        break;
      default:
        // EOF, or text that is not JSON: report what was found so far.
        return;
    }
  }
}

function resolve(text: string, root: PathNode, opts: LocateOptions): Map<string, PointerLocation> {
  const baseLine = opts.baseLine ?? 1;
  const baseOffset = opts.baseOffset ?? 0;
  const chosen: [string, number][] = [];
  // Depth-first over the trie, carrying the deepest value found on the way down: a value found
  // under a since-replaced duplicate key was forgotten, so its descendants fall back past it.
  const stack: [PathNode, PathNode | null][] = [[root, null]];
  while (stack.length > 0) {
    const [node, ancestor] = stack.pop()!;
    const located = node.offset !== -1 && (ancestor === node.parent) ? node : ancestor;
    for (const child of node.children.values()) stack.push([child, located]);
    if (located === null) continue;
    for (const pointer of node.pointers) chosen.push([pointer, located.offset]);
  }
  const positions = positionsAt(text, chosen.map(([, offset]) => offset));
  const result = new Map<string, PointerLocation>();
  for (const [pointer, offset] of chosen) {
    const { line, column } = positions.get(offset)!;
    result.set(pointer, { line: baseLine + line - 1, column, offset: baseOffset + offset });
  }
  return result;
}
