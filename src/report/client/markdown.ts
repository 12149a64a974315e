/**
 * Markdown for a pull-request comment: a summary line, a table of scenarios (status, findings,
 * exchanges, how the command ended), then a section per scenario that did not pass (or passed with
 * findings below `--fail-on`): its findings as a list and the last lines its command printed in a fenced
 * block. Every text from the run is escaped, so a `<batchId>` in a message shows as written and a
 * `<script>` in a client's output never renders; output goes in code blocks whose fence no backtick run
 * inside can close.
 */
import { NOT_EXERCISED_RULE, countBySeverity, exchangeList, plainOutputLine, plural, redactClientReport, severityCounts } from './common.js';
import type { ClientReport, ScenarioResult, ScenarioStatus } from './model.js';
import { codeBlock, codeSpan as code, escapeMarkdown } from '../markdown-text.js';

export { codeBlock, escapeMarkdown };

const STATUS: Record<ScenarioStatus, string> = { pass: '✅ pass', fail: '❌ fail', 'not-exercised': '⚠️ not exercised' };
/** Lines of the command's output shown for a scenario that did not pass. */
export const MARKDOWN_OUTPUT_LINES = 20;

/** A documentation link only when it is a web address; its parentheses encoded so they cannot end the link. */
function docsLink(docs: string): string {
  if (!URL.canParse(docs)) return '';
  const url = new URL(docs);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
  return ` ([docs](${url.href.replace(/\(/g, '%28').replace(/\)/g, '%29')}))`;
}

const commandState = (s: ScenarioResult, timeoutSeconds: number) =>
  s.command.timedOut ? `timed out after ${timeoutSeconds}s` : s.command.exitCode !== null ? `exit ${s.command.exitCode}` : `ended by ${s.command.signal ?? 'a signal'}`;

function scenarioSection(s: ScenarioResult, report: ClientReport): string[] {
  const out = ['', `### ${code(s.name)}: ${escapeMarkdown(s.title)}`, ''];
  out.push(`${STATUS[s.status]} · ${plural(s.exchanges.length, 'exchange')} · command ${escapeMarkdown(commandState(s, report.run.timeoutSeconds))}`, '');
  if (s.status === 'not-exercised' && s.notExercised !== undefined && !s.findings.some((f) => f.ruleId === NOT_EXERCISED_RULE)) {
    out.push(`**Not exercised:** ${escapeMarkdown(s.notExercised)}`, '');
  }
  for (const f of s.findings) {
    const where = f.exchanges.length > 0 ? ` (${exchangeList(f.exchanges).replace(/#\d+/g, '`$&`')})` : '';
    out.push(`- **${f.severity}** ${code(f.ruleId)}: ${escapeMarkdown(f.message)}${where}${docsLink(f.docs)}`);
  }
  if (s.ignored !== undefined && s.ignored > 0) out.push(`- ${plural(s.ignored, 'finding')} ignored by the configuration`);
  const tail = s.command.outputTail.slice(-MARKDOWN_OUTPUT_LINES);
  if (s.status !== 'pass' && tail.length > 0) {
    const of = s.command.outputTail.length > tail.length ? `the last ${tail.length} of ${s.command.outputTail.length} lines kept` : plural(tail.length, 'line');
    out.push('', `<details><summary>The command printed (${of})</summary>`, '', codeBlock(tail.map(plainOutputLine)), '', '</details>');
  }
  return out;
}

export function renderClientMarkdown(report: ClientReport): string {
  const safe = redactClientReport(report);
  const t = safe.totals;
  const failed = t.fail + t.notExercised;
  const verdict = failed > 0 ? `❌ ${failed} of ${plural(t.scenarios, 'scenario')} failed` : `✅ ${t.scenarios === 1 ? 'the scenario passed' : `all ${t.scenarios} scenarios passed`}`;
  const out: string[] = [
    '## aep-harness check-client',
    '',
    `**${verdict}**${t.notExercised > 0 ? ` (${t.notExercised} not exercised)` : ''} · ${severityCounts(t.findings)} · ${plural(t.exchanges, 'exchange')} in ${(safe.run.durationMs / 1000).toFixed(1)} s`,
    '',
    `Command ${code(safe.run.command.join(' '))} · profile ${code(safe.run.profile)} · fail on ${code(safe.run.failOn)} · world ${escapeMarkdown(safe.run.world)}`,
    '',
    '| scenario | status | findings | exchanges | command |',
    '| --- | --- | --- | ---: | --- |',
  ];
  for (const s of safe.scenarios) {
    const findings = s.findings.length > 0 ? severityCounts(countBySeverity(s.findings)) : '—';
    out.push(`| ${code(s.name, true)} | ${STATUS[s.status]} | ${findings} | ${s.exchanges.length} | ${escapeMarkdown(commandState(s, safe.run.timeoutSeconds))} |`);
  }
  for (const s of safe.scenarios) if (s.status !== 'pass' || s.findings.length > 0) out.push(...scenarioSection(s, safe));
  return `${out.join('\n')}\n`;
}
