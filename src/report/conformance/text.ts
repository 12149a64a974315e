import type { BehaviourStatus, ConformanceReport } from './model.js';
import { redactDeep } from '../redact.js';
import { describeOrigin } from './describe.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const GLYPH: Record<BehaviourStatus, string> = { pass: '✔', fail: '✘', 'not-exercised': '·' };
const COLOUR: Record<BehaviourStatus, string> = { pass: '\x1b[32m', fail: '\x1b[31m', 'not-exercised': '\x1b[2m' };

/** The terminal summary: one line per behaviour, failures with what was expected and what came back. */
export function renderConformanceText(report: ConformanceReport, opts: { color: boolean }): string {
  const safe = redactDeep(report);
  const paint = (status: BehaviourStatus, s: string) => (opts.color ? `${COLOUR[status]}${s}\x1b[0m` : s);
  const width = Math.max(...safe.behaviours.map((b) => b.id.length));
  const lines: string[] = [];
  for (const b of safe.behaviours) {
    const counts = b.checks === 0 ? 'not exercised' : b.failed > 0 ? `${b.failed} of ${plural(b.checks, 'check')} failed` : plural(b.checks, 'check');
    lines.push(`${paint(b.status, GLYPH[b.status])} ${b.id.padEnd(width)}  ${counts}`);
    if (b.status !== 'fail') continue;
    for (const check of b.failures.slice(0, 3)) {
      lines.push(`    ${describeOrigin(check.origin)}: ${check.subject}`);
      if (check.expected !== undefined) lines.push(`      expected: ${check.expected}`);
      if (check.actual !== undefined) lines.push(`      actual:   ${check.actual}`);
    }
    if (b.failed > 3) lines.push(`    … ${b.failed - 3} more`);
  }
  const t = safe.totals;
  const verdict = t.fail > 0 ? paint('fail', `✘ ${plural(t.fail, 'behaviour')} ${t.fail === 1 ? 'fails' : 'fail'}`) : paint('pass', '✔ no behaviour fails');
  lines.push('', `${verdict}: ${t.pass} pass, ${t.fail} fail, ${t.notExercised} not exercised, of ${t.behaviours} (${plural(t.checks, 'check')} against ${safe.run.target})`);
  return `${lines.join('\n')}\n`;
}
