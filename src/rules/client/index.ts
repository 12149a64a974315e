/**
 * The client rules: what `check-client` judges a client's recorded traffic by, one rule to a file. Ids are
 * stable (reports, CI filters and configuration name them); add new ones, never rename one. Batch life-cycle
 * rules keep the trace checker's `trace.client.*` ids, since they are the same invariants.
 */
import { docsUrl } from '../../contract/sources.js';
import type { RuleInfo, Severity } from '../finding.js';
import { authRetried } from './auth-retried.js';
import { batchCompleteEarly } from './batch-complete-early.js';
import { batchFailedOutputUnread } from './batch-failed-output-unread.js';
import { BATCH_LIFECYCLE_RULES } from './batch-lifecycle.js';
import { campaignRequestUnfollowed } from './campaign-request-unfollowed.js';
import { campaignRetriggered } from './campaign-retriggered.js';
import type { ClientRule, ClientTraffic } from './context.js';
import { messageDuplicate } from './message-duplicate.js';
import { messageEnvelope } from './message-envelope.js';
import { messageLost } from './message-lost.js';
import { messageRejectedResent } from './message-rejected-resent.js';
import { requestInvalid } from './request-invalid.js';
import { requestTooLarge } from './request-too-large.js';
import { retryAfterIgnored } from './retry-after-ignored.js';
import { retryNoBackoff } from './retry-no-backoff.js';
import { retryTooFew } from './retry-too-few.js';
import { scenarioNotExercised } from './scenario-not-exercised.js';

export { readTraffic, messageKey, messageId, retryAfterMs, RETRYABLE_STATUSES } from './context.js';
export type { ClientRule, ClientTraffic, ClientViolation, ObservedExchange, ScenarioInputs } from './context.js';
export { backoffFault } from './retry-no-backoff.js';

export const CLIENT_RULES: readonly ClientRule[] = [
  scenarioNotExercised,
  requestTooLarge,
  requestInvalid,
  messageEnvelope,
  retryTooFew,
  retryNoBackoff,
  retryAfterIgnored,
  authRetried,
  messageDuplicate,
  messageRejectedResent,
  messageLost,
  ...BATCH_LIFECYCLE_RULES,
  batchCompleteEarly,
  batchFailedOutputUnread,
  campaignRetriggered,
  campaignRequestUnfollowed,
];

export const CLIENT_RULE_IDS: readonly string[] = CLIENT_RULES.map((r) => r.id);

const BY_ID = new Map(CLIENT_RULES.map((r) => [r.id, r]));

export function clientRule(id: string): ClientRule | undefined {
  return BY_ID.get(id);
}

export function clientRuleInfo(rule: ClientRule): RuleInfo {
  return { id: rule.id, title: rule.title, description: rule.description, defaultSeverity: rule.severity, docs: docsUrl(rule.source) };
}

export interface JudgedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  exchanges: number[];
  docs: string;
}

/** Runs the named rules over one scenario's traffic, in the order of CLIENT_RULES. */
export function judgeTraffic(traffic: ClientTraffic, ruleIds: readonly string[]): JudgedFinding[] {
  const wanted = new Set(ruleIds);
  const found: JudgedFinding[] = [];
  for (const rule of CLIENT_RULES) {
    if (!wanted.has(rule.id)) continue;
    for (const v of rule.check(traffic)) {
      found.push({
        ruleId: v.ruleId ?? rule.id,
        severity: v.severity ?? rule.severity,
        message: v.message,
        exchanges: [...new Set(v.exchanges)].sort((a, b) => a - b),
        docs: v.docs ?? docsUrl(rule.source),
      });
    }
  }
  return found;
}
