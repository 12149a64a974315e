/**
 * The rule engine: a rule is data (id, title, source, what it does under each profile, a message template)
 * plus one pure check. The engine runs rules in the contract's precedence order and turns violations into
 * located findings; it knows nothing about any particular rule.
 */
import type { DocumentedMessageKey } from '../contract/streaming.js';
import type { ProfileName } from '../contract/profiles.js';
import { docsUrl, type SourceRef } from '../contract/sources.js';
import type { Severity, RuleInfo } from './finding.js';
import type { RuleId } from './ids.js';

/** What a violation does to the predicted answer. */
export type Effect =
  /** The whole request is refused with this status (no 207 body). */
  | { kind: 'reject-request'; status: 400 | 413 }
  /** The message gets `{statusCode: 400, message}` in the 207 body, with this documented text. */
  | { kind: 'reject-message'; message: DocumentedMessageKey }
  /** The message is accepted by the endpoint but fails streaming validation: it lands in the error batch. */
  | { kind: 'error-batch' }
  /** No change to the answer: advice a careful sender wants. */
  | { kind: 'advice' };

export interface Outcome {
  severity: Severity;
  effect: Effect;
}

/** `off`: the profile's reading of the sources makes this no problem at all. */
export type OutcomeFor = (profile: ProfileName) => Outcome | 'off';

export interface Violation<P> {
  /** Absolute JSON pointer in the document the context was built from. */
  pointer: string;
  params: P;
  /** A place in the text that no pointer names (a syntax error); otherwise the pointer is located. */
  at?: { line: number; column: number };
  /** The `{code, description}` item a batch's `errors` show when this violation fails the batch. */
  batchError?: { code: string; description: string };
  /** Errors in the platform's failed-batch shape, for error-batch rules. */
  validationErrors?: { keyword: string; message: string; pointerToViolation: string; schemaLocation: string }[];
}

export interface RuleDefinition<C, P> {
  id: RuleId;
  title: string;
  /** The documented rule in plain words. */
  description: string;
  source: SourceRef;
  /** `basis: inferred` marks a rule whose effect no source states outright; `description` says from what. */
  basis?: 'documented' | 'inferred';
  outcome: OutcomeFor;
  /** The kinds of input the rule is about (for example `request`, `ndjson-line`); absent: every kind. */
  appliesTo?: readonly string[];
  message: (params: P) => string;
  check: (ctx: C) => Violation<P> | readonly Violation<P>[] | null | undefined;
}

/** A rule with its parameter type erased, for lists. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule<C> = RuleDefinition<C, any>;

export function defineRule<C, P>(rule: RuleDefinition<C, P>): RuleDefinition<C, P> {
  return rule;
}

/** A finding before its pointer has been turned into a line and column. */
export interface RawFinding {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  pointer: string;
  messageIndex?: number;
  docs: string;
  effect: Effect;
  at?: { line: number; column: number };
  batchError?: Violation<unknown>['batchError'];
  validationErrors?: Violation<unknown>['validationErrors'];
}

/** A rule list prepared for one profile: outcomes resolved once, rules that are off dropped. */
export interface PreparedRule<C> {
  rule: AnyRule<C>;
  outcome: Outcome;
  docs: string;
}

export function prepareRules<C>(rules: readonly AnyRule<C>[], profile: ProfileName, kind?: string): PreparedRule<C>[] {
  const prepared: PreparedRule<C>[] = [];
  for (const rule of rules) {
    if (kind !== undefined && rule.appliesTo !== undefined && !rule.appliesTo.includes(kind)) continue;
    const outcome = rule.outcome(profile);
    if (outcome !== 'off') prepared.push({ rule, outcome, docs: docsUrl(rule.source) });
  }
  return prepared;
}

/** Runs prepared rules against one context, appending findings to `out`. */
export function runRules<C>(rules: readonly PreparedRule<C>[], ctx: C, out: RawFinding[], messageIndex?: number): void {
  for (const { rule, outcome, docs } of rules) {
    const result = rule.check(ctx);
    if (result == null) continue;
    const violations = Array.isArray(result) ? (result as readonly Violation<unknown>[]) : [result as Violation<unknown>];
    for (const v of violations) {
      const finding: RawFinding = {
        ruleId: rule.id,
        severity: outcome.severity,
        message: rule.message(v.params),
        pointer: v.pointer,
        docs,
        effect: outcome.effect,
      };
      if (messageIndex !== undefined) finding.messageIndex = messageIndex;
      if (v.validationErrors) finding.validationErrors = v.validationErrors;
      if (v.batchError) finding.batchError = v.batchError;
      if (v.at) finding.at = v.at;
      out.push(finding);
    }
  }
}

export function ruleInfo<C>(rule: AnyRule<C>, profile: ProfileName = 'docs'): RuleInfo {
  const outcome = rule.outcome(profile);
  return {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    defaultSeverity: outcome === 'off' ? 'info' : outcome.severity,
    docs: docsUrl(rule.source),
  };
}

// Outcome helpers, so rule files read as data.
export const always =
  (severity: Severity, effect: Effect): OutcomeFor =>
  () => ({ severity, effect });

export const rejectMessage = (message: DocumentedMessageKey): Outcome => ({
  severity: 'error',
  effect: { kind: 'reject-message', message },
});

export const ERROR_BATCH: Outcome = { severity: 'error', effect: { kind: 'error-batch' } };
export const advice = (severity: Severity): Outcome => ({ severity, effect: { kind: 'advice' } });
