import type { ProfileName } from '../contract/profiles.js';
import { ruleInfo } from './engine.js';
import type { RuleInfo } from './finding.js';
import { STREAMING_RULES } from './streaming/index.js';

/** Every rule's metadata under a profile, for reports and `aep-harness rules`. */
export function ruleCatalog(profile: ProfileName = 'docs'): RuleInfo[] {
  return STREAMING_RULES.map((rule) => ruleInfo(rule, profile));
}
