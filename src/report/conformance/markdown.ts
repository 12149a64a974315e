import type { BehaviourResult, BehaviourStatus, ConformanceReport } from './model.js';
import { redactDeep } from '../redact.js';
import { describeOrigin } from './describe.js';

const MARK: Record<BehaviourStatus, string> = { pass: '✅ pass', fail: '❌ fail', 'not-exercised': '➖ not exercised' };

/** A cell of a Markdown table: pipes escaped, line breaks made spaces. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Text inside a fenced block cannot close the fence. */
function fenced(value: string): string {
  return value.replace(/```/g, '`\u200b``');
}

/**
 * The conformance report for people (a pull request comment, a wiki page): a summary, one table row per
 * documented behaviour with its sources, then every failure with what was expected and what came back.
 */
export function renderConformanceMarkdown(report: ConformanceReport): string {
  const safe = redactDeep(report);
  const { run, totals } = safe;
  const out: string[] = [];
  out.push(`# Conformance of ${run.target}`, '');
  const facts = [
    `command \`aep-harness ${run.command}\``,
    `profile \`${run.profile}\``,
    `started ${run.startedAt}`,
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
    const sources = b.sources.map((s) => `[${cell(s.title)}](${s.url}) (${cell(s.section)})`).join('; ');
    out.push(`| \`${b.id}\`: ${cell(b.title)} | ${MARK[b.status]} | ${b.checks === 0 ? '' : `${b.checks - b.failed}/${b.checks}`} | ${sources} |`);
  }
  const failing = safe.behaviours.filter((b) => b.status === 'fail');
  if (failing.length > 0) {
    out.push('', '## Failures');
    for (const b of failing) out.push('', ...failureSection(b));
  }
  out.push('');
  return out.join('\n');
}

function failureSection(b: BehaviourResult): string[] {
  const lines = [`### \`${b.id}\``, '', b.title, ''];
  for (const check of b.failures) {
    lines.push(`- ${describeOrigin(check.origin)}: ${check.subject}`);
    if (check.expected !== undefined) lines.push(`  - expected: ${check.expected}`);
    if (check.actual !== undefined) lines.push(`  - actual: ${check.actual}`);
    if (check.counterexample !== undefined) lines.push('', '  ```json', ...fenced(check.counterexample).split('\n').map((l) => `  ${l}`), '  ```');
  }
  const more = b.failed - b.failures.length;
  if (more > 0) lines.push(`- … and ${more} more failing checks`);
  return lines;
}
