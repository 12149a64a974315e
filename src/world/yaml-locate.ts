/**
 * From a path into a YAML document's data to its node, for errors that name a file, line and column
 * (world files, fixtures): `offsetOf` gives the key itself for an unknown key, else the value, else the
 * nearest enclosing node that exists.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FieldPath } from './world-file-shape.js';

export function offsetOf(doc: Document, path: FieldPath, atKey = false): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    node = deAlias(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      const keyStart = rangeStart(pair.key);
      if (last && atKey) return keyStart ?? offset;
      node = pair.value;
      // `org:` with nothing after it has no value node; show the key.
      offset = rangeStart(node) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** The node at a path (aliases followed), or undefined. */
export function nodeAt(doc: Document, path: FieldPath): unknown {
  let node: unknown = doc.contents;
  for (const segment of path) {
    node = deAlias(doc, node);
    if (isMap(node)) node = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return deAlias(doc, node);
}

function deAlias(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0] ?? undefined;
}
