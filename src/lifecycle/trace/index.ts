/**
 * Checking a recorded trace (HAR) of batch, Catalog and Campaign calls: read, check, locate. Findings
 * come out in the project's Finding shape, with the HAR entry's index as `messageIndex` and a line and
 * column in the HAR text. The harness's own fixture format is not read here (HAR only).
 */
import type { ProfileName } from '../../contract/profiles.js';
import { locatePointers } from '../../parse/locate.js';
import type { Finding } from '../../rules/finding.js';
import { checkTrace } from './check.js';
import { readHar } from './har.js';
import { TraceError } from './model.js';

export { checkTrace, type TraceFinding } from './check.js';
export { readHar } from './har.js';
export { classify, type TraceCall } from './calls.js';
export { POLLING, TRACE_INVARIANTS, TRACE_INVARIANT_IDS, traceRuleInfos, type TraceInvariantId } from './invariants.js';
export { TraceError, entryPointer, type Trace, type TraceEntry, type TraceHeader } from './model.js';

/** A HAR that cannot be read, located in its text. */
export interface TraceInputError {
  message: string;
  line?: number;
  column?: number;
}

export type TraceCheckResult = { ok: true; findings: Finding[]; entries: number } | { ok: false; error: TraceInputError };

/** Reads and checks one HAR text; `file` is the name findings carry. Never throws for bad input. */
export function checkHarText(text: string, file: string, profile: ProfileName = 'docs'): TraceCheckResult {
  let trace;
  try {
    trace = readHar(text);
  } catch (error) {
    if (!(error instanceof TraceError)) throw error;
    const at = error.at ?? (error.pointer !== undefined ? locatePointers(text, [error.pointer]).get(error.pointer) : undefined);
    return { ok: false, error: { message: error.message, ...(at ? { line: at.line, column: at.column } : {}) } };
  }
  const raw = checkTrace(trace, profile);
  const located = locatePointers(text, raw.map((f) => f.pointer));
  const findings = raw.map((f): Finding => {
    const at = located.get(f.pointer);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file,
      pointer: f.pointer,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      messageIndex: f.entryIndex,
      docs: f.docs,
    };
  });
  return { ok: true, findings, entries: trace.entries.length };
}
