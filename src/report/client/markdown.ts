/**
 * Markdown for a pull-request comment: a table of scenarios, then each failing scenario's findings and the
 * last lines its command printed. Every text from the run is escaped (a `<batchId>` shows as written; a
 * `<script>` from a client's output never renders), and output goes in code blocks.
 */
import { redactDeep } from '../redact.js';
import type { ClientReport, ScenarioStatus } from './model.js';

const STATUS: Record<ScenarioStatus, string> = { pass: '✅ pass', fail: '❌ fail', 'not-exercised': '⚠️ not exercised' };
const OUTPUT_LINES = 20;

/** Text safe in Markdown and in the HTML it renders to: HTML and Markdown-active characters escaped. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** A fenced block whose fence is longer than any run of backticks inside. */
export function codeBlock(lines: readonly string[]): string {
  const body = lines.join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${body}\n${fence}`;
}

export function renderClientMarkdown(report: ClientReport): string {
  const safe = redactDeep(report);
  const t = safe.totals;
  const out: string[] = [
    '## aep-harness check-client',
    '',
    `${t.pass} of ${t.scenarios} scenarios pass${t.fail > 0 ? `, ${t.fail} fail` : ''}${t.notExercised > 0 ? `, ${t.notExercised} not exercised` : ''} · profile \`${safe.run.profile}\` · ${t.exchanges} exchanges in ${(safe.run.durationMs / 1000).toFixed(1)} s`,
    '',
    '| scenario | status | findings | exchanges | command |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const s of safe.scenarios) {
    const command = s.command.timedOut ? 'stopped (timeout)' : `exit ${s.command.exitCode ?? s.command.signal ?? '?'}`;
    out.push(`| \`${s.name}\` | ${STATUS[s.status]} | ${s.findings.length} | ${s.exchanges.length} | ${escapeMarkdown(command)} |`);
  }
  for (const s of safe.scenarios.filter((r) => r.status !== 'pass')) {
    out.push('', `### \`${s.name}\`: ${escapeMarkdown(s.title)}`, '');
    if (s.notExercised) out.push(`**Not exercised:** ${escapeMarkdown(s.notExercised)}`, '');
    for (const f of s.findings) out.push(`- **${f.severity}** \`${f.ruleId}\`: ${escapeMarkdown(f.message)} ([documented](${f.docs}))`);
    if (s.command.outputTail.length > 0) {
      out.push('', '<details><summary>The command printed (last lines)</summary>', '', codeBlock(s.command.outputTail.slice(-OUTPUT_LINES)), '', '</details>');
    }
  }
  return `${out.join('\n')}\n`;
}
