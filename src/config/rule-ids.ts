/**
 * The rule ids a configuration may name (`rules`, `overrides[].rules`, `ignores[].rule`), gathered in one
 * place. A surface adds its ids here with a line; a surface whose ids are still being written may register
 * a prefix instead, and every id under the prefix is accepted. Any other id is refused, with the nearest
 * known one suggested. `schemas/config.schema.json` lists these ids for editors' completion: run
 * `node --import tsx scripts/write-schemas.ts` after changing this list (a spec says when it is stale).
 */
import { TRACE_INVARIANT_IDS } from '../lifecycle/trace/invariants.js';
import { CLIENT_RULE_IDS } from '../rules/client/index.js';
import { BATCH_PLAN_RULE_IDS, BATCH_RECORD_RULE_IDS, BATCH_REQUEST_RULE_IDS, STREAMING_RULE_IDS } from '../rules/ids.js';

export interface RuleIdSource {
  /** What the ids are about, for messages and the schema's descriptions. */
  name: string;
  /** Every id of the source. */
  ids: readonly string[];
  /** Ids that start with this (`client.`) are accepted even when `ids` does not list them. */
  prefix?: string;
}

export const RULE_ID_SOURCES: readonly RuleIdSource[] = [
  { name: 'streaming payloads (preflight)', ids: STREAMING_RULE_IDS },
  { name: 'batch files (preflight --dataset)', ids: BATCH_RECORD_RULE_IDS },
  { name: 'the upload plan (preflight --plan)', ids: BATCH_PLAN_RULE_IDS },
  { name: 'batch API requests (check-trace)', ids: BATCH_REQUEST_RULE_IDS },
  { name: 'life-cycle invariants of a trace (check-trace)', ids: TRACE_INVARIANT_IDS },
  { name: 'client rules (check-client)', ids: CLIENT_RULE_IDS },
];

/** Every listed id, in source order. */
export function knownRuleIds(sources: readonly RuleIdSource[] = RULE_ID_SOURCES): string[] {
  return [...new Set(sources.flatMap((source) => source.ids))];
}

/** The registered prefixes (`client.`). */
export function ruleIdPrefixes(sources: readonly RuleIdSource[] = RULE_ID_SOURCES): string[] {
  return sources.flatMap((source) => (source.prefix !== undefined ? [source.prefix] : []));
}

export function isKnownRuleId(id: string, sources: readonly RuleIdSource[] = RULE_ID_SOURCES): boolean {
  return sources.some((source) => source.ids.includes(id) || (source.prefix !== undefined && id.startsWith(source.prefix) && id.length > source.prefix.length));
}

/** A regular expression (for the schema) that accepts the ids under the registered prefixes. */
export function prefixPattern(sources: readonly RuleIdSource[] = RULE_ID_SOURCES): string | undefined {
  const prefixes = ruleIdPrefixes(sources);
  if (prefixes.length === 0) return undefined;
  return `^(?:${prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}).+$`;
}
