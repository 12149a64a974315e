/**
 * SARIF 2.1.0 for code-scanning views: one run, a rule per client rule that judged a scenario (with a name
 * distinct from its id), a result per finding. Findings are about exchanges, not files: each result's
 * logical locations name the scenario and the exchanges.
 */
import type * as Sarif from 'sarif';
import { SARIF_SCHEMA, TOOL_INFORMATION_URI } from '../sarif.js';
import { redactDeep } from '../redact.js';
import type { Severity } from '../../rules/finding.js';
import type { ClientReport } from './model.js';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warn: 'warning', info: 'note' };

/** `The client retries without exponential back-off` → `ClientRetriesWithoutExponentialBackOff`. */
function ruleName(title: string): string {
  return title
    .replace(/^The /, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export function renderClientSarif(report: ClientReport): string {
  const safe = redactDeep(report);
  const rules: Sarif.ReportingDescriptor[] = safe.rules.map((r) => ({
    id: r.id,
    name: ruleName(r.title),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    helpUri: r.docs,
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = safe.scenarios.flatMap((s) =>
    s.findings.map((f): Sarif.Result => {
      const logical: Sarif.LogicalLocation[] =
        f.exchanges.length > 0
          ? f.exchanges.map((n) => ({ name: `${s.name}#${n}`, fullyQualifiedName: `check-client/${s.name}/exchange/${n}`, kind: 'object' }))
          : [{ name: s.name, fullyQualifiedName: `check-client/${s.name}`, kind: 'module' }];
      return {
        ruleId: f.ruleId,
        ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ logicalLocations: logical }],
        properties: { scenario: s.name, exchanges: f.exchanges },
      };
    }),
  );
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'aep-harness check-client', version: safe.tool.version, informationUri: TOOL_INFORMATION_URI, rules } },
        automationDetails: { id: `check-client/${safe.run.startedAt}` },
        invocations: [{ executionSuccessful: true, commandLine: safe.run.command.join(' ') }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
