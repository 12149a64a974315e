import type { Finding } from '../rules/finding.js';
import type { FileReport } from './model.js';

/**
 * Reports list files by path and findings by position, so two runs over the same inputs print the same
 * bytes whatever order the engine found things in. Code-unit comparison, not `localeCompare`: the order
 * must not depend on the machine's locale.
 */
function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

export function filesInOrder(files: readonly FileReport[]): FileReport[] {
  return [...files].sort((left, right) => compareText(left.file, right.file));
}

export function findingsInOrder(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (left, right) =>
      compareText(left.file, right.file) ||
      left.line - right.line ||
      left.column - right.column ||
      compareText(left.ruleId, right.ruleId),
  );
}
