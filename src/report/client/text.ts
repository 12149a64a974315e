/**
 * The terminal summary of `check-client`: a line per scenario, then for each scenario that did not pass its
 * findings (severity, rule id, what the traffic shows) and the last lines its command printed. Nothing is
 * padded to the longest message, so the lines wrap cleanly on a narrow terminal.
 */
import { redactDeep } from '../redact.js';
import type { ClientReport, ScenarioResult, ScenarioStatus } from './model.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const GLYPH: Record<ScenarioStatus, string> = { pass: '✔', fail: '✖', 'not-exercised': '○' };
const COLOUR: Record<ScenarioStatus, string> = { pass: '\x1b[32m', fail: '\x1b[31m', 'not-exercised': '\x1b[33m' };
const TAIL_SHOWN = 10;

function commandState(s: ScenarioResult): string {
  if (s.command.timedOut) return `stopped after ${(s.command.durationMs / 1000).toFixed(0)} s (--timeout)`;
  if (s.command.exitCode === null) return `ended by ${s.command.signal ?? 'a signal'}`;
  return `exit ${s.command.exitCode}`;
}

export function renderClientText(report: ClientReport, opts: { color: boolean }): string {
  const safe = redactDeep(report);
  const paint = (status: ScenarioStatus, s: string) => (opts.color ? `${COLOUR[status]}${s}\x1b[0m` : s);
  const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const s of safe.scenarios) {
    const state = s.status === 'not-exercised' ? 'not exercised' : '';
    lines.push(`${paint(s.status, GLYPH[s.status])} ${s.name}  ${plural(s.exchanges.length, 'exchange')}, ${commandState(s)}${state ? `  ${paint(s.status, state)}` : ''}`);
    for (const f of s.findings) lines.push(`    ${f.severity} ${f.ruleId}  ${f.message}`);
    if (s.ignored) lines.push(dim(`    ${plural(s.ignored, 'finding')} ignored by the configuration`));
    if (s.status !== 'pass' && s.command.outputTail.length > 0) {
      lines.push(dim('    the command printed (last lines):'));
      for (const line of s.command.outputTail.slice(-TAIL_SHOWN)) lines.push(dim(`      ${line}`));
    }
  }
  const t = safe.totals;
  const failed = t.fail + t.notExercised;
  const counts = [t.findings.error > 0 ? plural(t.findings.error, 'error') : '', t.findings.warn > 0 ? plural(t.findings.warn, 'warning') : '', t.findings.info > 0 ? plural(t.findings.info, 'note') : '']
    .filter((c) => c !== '')
    .join(', ');
  const verdict =
    failed > 0
      ? paint('fail', `✖ ${failed} of ${plural(t.scenarios, 'scenario')} ${failed === 1 ? 'fails' : 'fail'}`)
      : paint('pass', `✔ ${t.scenarios === 1 ? 'the scenario passes' : `all ${t.scenarios} scenarios pass`}`);
  const detail = [t.notExercised > 0 ? `${t.notExercised} not exercised` : '', counts, `${plural(t.exchanges, 'exchange')} in ${(safe.run.durationMs / 1000).toFixed(1)} s`].filter((c) => c !== '').join('; ');
  lines.push('', `${verdict} (${detail})`);
  return `${lines.join('\n')}\n`;
}
