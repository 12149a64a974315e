/**
 * The batch life cycle on the client's side, as the trace checker already knows it (`lifecycle/trace/`): no
 * upload before the batch exists or after COMPLETE, every batch completed, chunks that tile their file,
 * status polled at a sensible cadence. One client rule per client invariant, reported under the invariant's
 * own id; the trace checker runs once per scenario.
 */
import { docsUrl } from '../../contract/sources.js';
import { checkTrace, TRACE_INVARIANTS, TRACE_INVARIANT_IDS, type TraceFinding } from '../../lifecycle/trace/index.js';
import { traceEntryOf, type ClientRule, type ClientTraffic } from './context.js';

function traceFindings(traffic: ClientTraffic): TraceFinding[] {
  const memo = traffic.memo.get('trace') as TraceFinding[] | undefined;
  if (memo !== undefined) return memo;
  // Streaming calls classify as "other" and are passed over; indices stay the scenario's exchange indices.
  const findings = checkTrace({ entries: traffic.exchanges.map((e) => traceEntryOf(e)) }, traffic.profile);
  traffic.memo.set('trace', findings);
  return findings;
}

export const BATCH_LIFECYCLE_RULES: readonly ClientRule[] = TRACE_INVARIANT_IDS.filter((id) => TRACE_INVARIANTS[id].side === 'client').map((id): ClientRule => {
  const invariant = TRACE_INVARIANTS[id];
  return {
    id,
    title: invariant.title,
    description: invariant.description,
    severity: invariant.severity,
    source: invariant.source,
    check: (traffic) =>
      traceFindings(traffic)
        .filter((f) => f.ruleId === id)
        .map((f) => ({ message: f.message.replace(/^entry (\d+) \([^)]*\): /, '#$1: '), exchanges: [f.entryIndex], severity: f.severity, docs: f.docs || docsUrl(invariant.source) })),
  };
});
