import { ndjsonLines } from '../ndjson-events.js';
import { redactDeep } from '../redact.js';
import type { ConformanceReport } from './model.js';

/**
 * A conformance run as NDJSON events (see `../ndjson-events.ts`): `run-started` with the run, one
 * `behaviour` event per behaviour (its verdict, checks and failures), `run-finished` with the totals.
 */
export function renderConformanceNdjson(report: ConformanceReport): string {
  const safe = redactDeep(report);
  return ndjsonLines([
    { event: 'run-started', model: 'conformance', tool: safe.tool, run: safe.run },
    ...safe.behaviours.map((b) => ({ event: 'behaviour', model: 'conformance', ...b })),
    { event: 'run-finished', model: 'conformance', totals: safe.totals },
  ]);
}
