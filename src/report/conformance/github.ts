import { workflowCommand } from '../github-commands.js';
import { redactDeep } from '../redact.js';
import type { ConformanceReport } from './model.js';

/**
 * A conformance run as GitHub Actions annotations: an error per failing check kept in the report (no
 * file: the title names the behaviour and where the check came from), a notice per behaviour not
 * exercised. Redacted like every format.
 */
export function renderConformanceGithub(report: ConformanceReport): string {
  const safe = redactDeep(report);
  const lines: string[] = [];
  for (const b of safe.behaviours) {
    if (b.status === 'not-exercised') {
      lines.push(workflowCommand('notice', [['title', b.id]], `${b.title}: not exercised by this ${safe.run.command} run`));
      continue;
    }
    for (const check of b.failures) {
      const where = check.origin.kind === 'fixture' ? `fixture ${check.origin.fixture} step ${check.origin.step + 1}` : `property ${check.origin.property} seed ${check.origin.seed}`;
      const detail = [check.subject, check.expected !== undefined ? `expected: ${check.expected}` : undefined, check.actual !== undefined ? `actual: ${check.actual}` : undefined]
        .filter((s) => s !== undefined)
        .join('\n');
      lines.push(workflowCommand('error', [['title', `${b.id} (${where})`]], detail));
    }
    if (b.status === 'fail' && b.failed > b.failures.length) {
      lines.push(workflowCommand('error', [['title', b.id]], `${b.failed - b.failures.length} more failing checks not kept in the report`));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
