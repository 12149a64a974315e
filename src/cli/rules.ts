/** `aep-harness rules`: every rule id with what it does under a profile, and where it is documented. */
import { Command } from 'commander';
import { describeCommand } from './commands.js';
import { PROFILE_NAMES, type ProfileName } from '../contract/profiles.js';
import { prepareRules, type AnyRule } from '../rules/engine.js';
import { RULE_SETS } from '../rules/catalog.js';
import { planRuleInfo } from '../rules/batch/plan-rules.js';
import { traceRuleInfos } from '../lifecycle/trace/invariants.js';
import type { RuleInfo } from '../rules/finding.js';
import { parseProfile } from './common.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';

export function rulesCommand(io: CliIo, done: (code: ExitCode) => void): Command {
  return new Command('rules')
    .description(describeCommand('rules'))
    .option('--profile <name>', `profile: ${PROFILE_NAMES.join(', ')}`, 'docs')
    .option('--json', 'print JSON instead of a table')
    .action((opts: { profile: string; json?: boolean }) => {
      const profile = parseProfile(opts.profile);
      const rows = [
        ...RULE_SETS.flatMap((set) => rowsOf(set.rules, profile)),
        ...infoRows(planRuleInfo(profile), 'a finding of the upload plan (preflight --plan)'),
        ...infoRows(traceRuleInfos(), 'a finding of check-trace at the HAR entry'),
      ];
      if (opts.json) io.stdout.write(`${JSON.stringify({ profile, rules: rows }, null, 2)}\n`);
      else {
        const width = Math.max(...rows.map((r) => r.id.length));
        for (const r of rows) io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.title} — ${r.effect}${r.basis === 'inferred' ? ' (inferred)' : ''}\n`);
      }
      done(EXIT.ok);
    });
}

function rowsOf<C>(rules: readonly AnyRule<C>[], profile: ProfileName) {
  const active = new Map(prepareRules(rules, profile).map((p) => [p.rule.id, p]));
  return rules.map((rule) => {
    const prepared = active.get(rule.id);
    return {
      id: rule.id,
      severity: prepared ? prepared.outcome.severity : 'off',
      effect: prepared ? describeEffect(prepared.outcome.effect) : 'not checked under this profile',
      basis: rule.basis ?? 'documented',
      title: rule.title,
      docs: prepared?.docs ?? '',
    };
  });
}

/** Rules that are not engine rules (plan checks, trace invariants) are listed from their metadata. */
function infoRows(infos: RuleInfo[], effect: string) {
  return infos.map((info) => ({ id: info.id, severity: info.defaultSeverity, effect, basis: 'documented', title: info.title, docs: info.docs }));
}

function describeEffect(effect: { kind: string; status?: number; message?: string }): string {
  switch (effect.kind) {
    case 'reject-request':
      return `the request is answered ${effect.status}`;
    case 'reject-message':
      return `the message gets a 400 entry (${effect.message})`;
    case 'error-batch':
      return 'fails validation: to the error batch or the failed-batch output';
    default:
      return 'advice; the answer does not change';
  }
}
