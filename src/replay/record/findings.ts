/**
 * What recording finds, exchange by exchange: findings about a call (the client's request, judged by the
 * streaming and batch request rules and the trace's client invariants) and checks of an answer against
 * the documented behaviour it exercises (the upstream's side), which become `ConformanceCheck`s.
 */
import type { BehaviourId } from '../../contract/behaviours.js';
import type { Severity } from '../../rules/finding.js';

export interface ExchangeFinding {
  /** A rule id (`streaming.*`, `batch.request.*`), a trace invariant (`trace.*`) or a record id below. */
  ruleId: string;
  severity: Severity;
  exchange: number;
  message: string;
  /** `request`: what the client sent; `answer`: what the upstream answered. */
  side: 'request' | 'answer';
}

export interface ExchangeCheck {
  behaviour: BehaviourId;
  ok: boolean;
  exchange: number;
  subject: string;
  expected?: string;
  actual?: string;
}

/** The ids recording adds of its own: what it could not judge, and why. */
export const RECORD_FINDINGS = {
  inletUnknown: { id: 'record.streaming.inlet-unknown', severity: 'warn' },
  notPredicted: { id: 'record.answer.not-predicted', severity: 'info' },
  bodyTruncated: { id: 'record.body.truncated', severity: 'warn' },
} as const satisfies Record<string, { id: string; severity: Severity }>;

export function checkFinding(check: ExchangeCheck): ExchangeFinding {
  const detail = check.expected !== undefined ? `: expected ${check.expected}, answered ${check.actual ?? 'nothing'}` : '';
  return { ruleId: check.behaviour, severity: 'error', exchange: check.exchange, message: `${check.subject}${detail}`, side: 'answer' };
}
