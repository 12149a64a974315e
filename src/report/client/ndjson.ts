import { ndjsonLines } from '../ndjson-events.js';
import { redactClientReport } from './common.js';
import type { ClientReport } from './model.js';

/**
 * A check-client run as NDJSON events (see `../ndjson-events.ts`): `run-started` with the run and its
 * rules, one `scenario` event per scenario (status, command, exchanges, findings), `run-finished` with
 * the totals.
 */
export function renderClientNdjson(report: ClientReport): string {
  const safe = redactClientReport(report);
  return ndjsonLines([
    { event: 'run-started', model: 'client', tool: safe.tool, run: safe.run, rules: safe.rules },
    ...safe.scenarios.map((s) => ({ event: 'scenario', model: 'client', ...s })),
    { event: 'run-finished', model: 'client', totals: safe.totals },
  ]);
}
