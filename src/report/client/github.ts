import { GITHUB_LEVEL, workflowCommand } from '../github-commands.js';
import { exchangeList, redactClientReport } from './common.js';
import type { ClientReport } from './model.js';

/**
 * A check-client run as GitHub Actions annotations: one per finding (no file: the title names the rule
 * and the scenario, the message the exchanges it is about). Redacted like every client format.
 */
export function renderClientGithub(report: ClientReport): string {
  const safe = redactClientReport(report);
  const lines: string[] = [];
  for (const s of safe.scenarios) {
    for (const f of s.findings) {
      const about = f.exchanges.length > 0 ? ` (${exchangeList(f.exchanges)})` : '';
      lines.push(workflowCommand(GITHUB_LEVEL[f.severity], [['title', `${f.ruleId} (${s.name})`]], `${f.message}${about}`));
    }
    if (s.status === 'not-exercised' && !s.findings.some((f) => f.ruleId === 'client.scenario.not-exercised')) {
      lines.push(workflowCommand('error', [['title', `client.scenario.not-exercised (${s.name})`]], s.notExercised ?? 'the traffic did not exercise the scenario'));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
