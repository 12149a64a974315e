import type { ProfileName } from '../contract/profiles.js';
import { planRuleInfo } from './batch/plan-rules.js';
import { BATCH_RULES } from './batch/records/index.js';
import { BATCH_REQUEST_RULES } from './batch/requests/index.js';
import { ruleInfo, type AnyRule } from './engine.js';
import type { RuleInfo } from './finding.js';
import { STREAMING_RULES } from './streaming/index.js';

/** Every rule of the harness, by surface, for listings and report metadata. */
export const RULE_SETS: readonly { surface: string; rules: readonly AnyRule<never>[] }[] = [
  { surface: 'streaming payloads', rules: STREAMING_RULES },
  { surface: 'batch files', rules: BATCH_RULES },
  { surface: 'batch API requests', rules: BATCH_REQUEST_RULES as readonly AnyRule<never>[] },
];

/** Every rule's metadata under a profile, for reports (SARIF `tool.driver.rules`) and `aep-harness rules`. */
export function ruleCatalog(profile: ProfileName = 'docs'): RuleInfo[] {
  return [...RULE_SETS.flatMap((set) => set.rules.map((rule) => ruleInfo(rule, profile))), ...planRuleInfo(profile)];
}
