import type { BehaviourResult, BehaviourStatus, ConformanceReport } from './model.js';
import { bodyBlock, codeSpan, docsLink, escapeMarkdown } from '../markdown-text.js';
import { redactDeep } from '../redact.js';
import { describeOrigin } from './describe.js';

const MARK: Record<BehaviourStatus, string> = { pass: '✅ pass', fail: '❌ fail', 'not-exercised': '➖ not exercised' };

/**
 * The conformance report for people (a pull request comment, a wiki page): a summary, one table row per
 * documented behaviour with its sources, then every failure with what was expected and what came back.
 * Every text from the run (a target's name, a subject, what the target answered) is escaped, so a
 * `<batchId>` shows as written and an HTML error page never renders; a counterexample goes in a fenced
 * block no backtick inside can close, trimmed with a note saying how much was cut. Fixture files are named
 * relative to `ctx.cwd`.
 */
export function renderConformanceMarkdown(report: ConformanceReport, ctx: { cwd?: string } = {}): string {
  const safe = redactDeep(report);
  const { run, totals } = safe;
  const out: string[] = [];
  out.push(`# Conformance of ${escapeMarkdown(run.target)}`, '');
  const facts = [
    `command ${codeSpan(`aep-harness ${run.command}`)}`,
    `profile ${codeSpan(run.profile)}`,
    `started ${escapeMarkdown(run.startedAt)}`,
    `${(run.durationMs / 1000).toFixed(1)} s`,
  ];
  if (run.fixtures !== undefined) facts.push(`${run.fixtures} fixtures`);
  if (run.seed !== undefined) facts.push(`seed ${run.seed}`);
  if (run.runs !== undefined) facts.push(`${run.runs} runs per property`);
  out.push(facts.join(' · '), '');
  out.push(
    `**${totals.pass} pass, ${totals.fail} fail, ${totals.notExercised} not exercised** of ${totals.behaviours} documented behaviours (${totals.checks} checks, ${totals.failedChecks} failed).`,
    '',
  );
  out.push('| behaviour | status | checks | sources |', '| --- | --- | ---: | --- |');
  for (const b of safe.behaviours) {
    const sources = b.sources
      .map((s) => {
        const link = docsLink(s.url, escapeMarkdown(s.title));
        return `${link === '' ? escapeMarkdown(s.title) : link} (${escapeMarkdown(s.section)})`;
      })
      .join('; ');
    out.push(`| ${codeSpan(b.id, true)}: ${escapeMarkdown(b.title)} | ${MARK[b.status]} | ${b.checks === 0 ? '' : `${b.checks - b.failed}/${b.checks}`} | ${sources} |`);
  }
  const failing = safe.behaviours.filter((b) => b.status === 'fail');
  if (failing.length > 0) {
    out.push('', '## Failures');
    for (const b of failing) out.push('', ...failureSection(b, ctx.cwd));
  }
  out.push('');
  return out.join('\n');
}

/** Values longer than this, or on several lines (an answer's body), go in a fenced block. */
const INLINE_VALUE_CHARS = 200;

/** `expected`/`actual` inline when short, else in a trimmed fenced block under the item. */
function valueLines(label: string, value: string): string[] {
  if (value.length <= INLINE_VALUE_CHARS && !/[\r\n]/.test(value)) return [`  - ${label}: ${escapeMarkdown(value)}`];
  return [`  - ${label}:`, '', ...bodyBlock(value).flatMap((block) => block.split('\n')).map((l) => (l === '' ? '' : `    ${l}`)), ''];
}

function failureSection(b: BehaviourResult, cwd: string | undefined): string[] {
  const lines = [`### ${codeSpan(b.id)}`, '', escapeMarkdown(b.title), ''];
  for (const check of b.failures) {
    lines.push(`- ${escapeMarkdown(`${describeOrigin(check.origin, cwd)}: ${check.subject}`)}`);
    if (check.expected !== undefined) lines.push(...valueLines('expected', check.expected));
    if (check.actual !== undefined) lines.push(...valueLines('actual', check.actual));
    if (check.counterexample !== undefined) {
      lines.push('', ...bodyBlock(check.counterexample, 'json').flatMap((block) => block.split('\n')).map((l) => (l === '' ? '' : `  ${l}`)));
    }
  }
  const more = b.failed - b.failures.length;
  if (more > 0) lines.push(`- … and ${more} more failing checks`);
  return lines;
}
