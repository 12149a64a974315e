/**
 * SARIF 2.1.0 for code-scanning views: one run of the driver `aep-harness check-client`, a rule per
 * client rule that judged a scenario (its `name` a PascalCase form of its title, distinct from its id), a
 * result per finding. Findings are about exchanges, not files: each result's logical locations name the
 * scenario and each exchange (`<scenario>#<n>`, `check-client/<scenario>/exchange/<n>`), or the scenario
 * alone when the finding is about exchanges that never happened.
 */
import type * as Sarif from 'sarif';
import { SARIF_SCHEMA, TOOL_INFORMATION_URI } from '../sarif.js';
import type { Severity } from '../../rules/finding.js';
import { redactClientReport } from './common.js';
import type { ClientReport } from './model.js';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warn: 'warning', info: 'note' };

const pascal = (words: string[]) => words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/**
 * `The client retries without exponential back-off` → `ClientRetriesWithoutExponentialBackOff`;
 * `The client's traffic never exercised the scenario` → `ClientsTrafficNeverExercisedTheScenario`.
 * Without a usable title, the id's words: `client.retry.too-few` → `ClientRetryTooFew`.
 */
export function sarifRuleName(title: string, id: string): string {
  const fromTitle = pascal(
    title
      .replace(/^the\s+/i, '')
      .replace(/['’]/g, '')
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== ''),
  );
  return fromTitle !== '' && /^[A-Za-z]/.test(fromTitle) ? fromTitle : pascal(id.split(/[^A-Za-z0-9]+/).filter((w) => w !== '')) || 'ClientRule';
}

export function renderClientSarif(report: ClientReport): string {
  const safe = redactClientReport(report);
  const used = new Set<string>();
  const rules: Sarif.ReportingDescriptor[] = safe.rules.map((r) => {
    let name = sarifRuleName(r.title, r.id);
    for (let n = 2; used.has(name) || name === r.id; n++) name = `${sarifRuleName(r.title, r.id)}${n}`;
    used.add(name);
    return {
      id: r.id,
      name,
      shortDescription: { text: r.title || r.id },
      fullDescription: { text: r.description || r.title || r.id },
      helpUri: r.docs,
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    };
  });
  // A finding of a rule the report does not describe still gets a descriptor: every result's rule is declared.
  for (const f of safe.scenarios.flatMap((s) => s.findings)) {
    if (rules.some((r) => r.id === f.ruleId)) continue;
    let name = sarifRuleName('', f.ruleId);
    for (let n = 2; used.has(name); n++) name = `${sarifRuleName('', f.ruleId)}${n}`;
    used.add(name);
    rules.push({ id: f.ruleId, name, shortDescription: { text: f.ruleId }, helpUri: f.docs, defaultConfiguration: { level: LEVEL[f.severity] } });
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));

  const results: Sarif.Result[] = safe.scenarios.flatMap((s) =>
    s.findings.map((f): Sarif.Result => {
      const logicalLocations: Sarif.LogicalLocation[] =
        f.exchanges.length > 0
          ? f.exchanges.map((n) => ({ name: `${s.name}#${n}`, fullyQualifiedName: `check-client/${s.name}/exchange/${n}`, kind: 'object' }))
          : [{ name: s.name, fullyQualifiedName: `check-client/${s.name}`, kind: 'module' }];
      return {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId)!,
        level: LEVEL[f.severity],
        message: { text: f.message || f.ruleId },
        locations: [{ logicalLocations }],
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
        invocations: [
          {
            // The harness ran every scenario; whether the client passed is what the results say.
            executionSuccessful: true,
            commandLine: safe.run.command.join(' '),
            startTimeUtc: safe.run.startedAt,
            properties: { profile: safe.run.profile, world: safe.run.world, failOn: safe.run.failOn },
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
