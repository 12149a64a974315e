/**
 * JUnit XML for CI test views: a `<testsuite>` per scenario, a `<testcase>` per rule that judged it. A rule
 * with a finding at or above `--fail-on` is a `<failure>` listing its findings; findings below it go to
 * `<system-out>`. A scenario the traffic never exercised fails its `exercised` case: it is not a skip.
 */
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../junit.js';
import { redactDeep } from '../redact.js';
import { atOrAbove } from '../../rules/finding.js';
import type { ClientFinding, ClientReport } from './model.js';

const findingLine = (f: ClientFinding) => `${f.severity} ${f.ruleId}: ${f.message}${f.exchanges.length > 0 ? ` [exchanges ${f.exchanges.map((i) => `#${i}`).join(', ')}]` : ''}`;

export function renderClientJunit(report: ClientReport): string {
  const safe = redactDeep(report);
  const titles = new Map(safe.rules.map((r) => [r.id, r.title]));
  const failOn = safe.run.failOn;
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const s of safe.scenarios) {
    const cases: string[] = [];
    let suiteFailures = 0;
    const exercised = s.status !== 'not-exercised';
    cases.push(`    <testcase classname="${attr(s.name)}" name="exercised">`);
    if (!exercised) {
      suiteFailures++;
      cases.push(`      <failure message="${attr(`not exercised: ${s.notExercised ?? ''}`)}" type="client.scenario.not-exercised">${text(s.notExercised ?? '')}</failure>`);
    }
    cases.push('    </testcase>');
    for (const ruleId of s.rules) {
      if (ruleId === 'client.scenario.not-exercised') continue;
      const found = s.findings.filter((f) => f.ruleId === ruleId);
      const failing = found.filter((f) => atOrAbove(f.severity, failOn));
      const below = found.filter((f) => !atOrAbove(f.severity, failOn));
      cases.push(`    <testcase classname="${attr(s.name)}" name="${attr(`${ruleId}: ${titles.get(ruleId) ?? ''}`)}">`);
      if (failing.length > 0) {
        suiteFailures++;
        cases.push(`      <failure message="${attr(failing[0]!.message)}" type="${attr(ruleId)}">${text(failing.map(findingLine).join('\n'))}</failure>`);
      }
      if (below.length > 0) cases.push(`      <system-out>${text(below.map(findingLine).join('\n'))}</system-out>`);
      cases.push('    </testcase>');
    }
    const count = s.rules.filter((r) => r !== 'client.scenario.not-exercised').length + 1;
    tests += count;
    failures += suiteFailures;
    const out = [`command: ${safe.run.command.join(' ')}`, `exit: ${s.command.timedOut ? 'stopped at --timeout' : String(s.command.exitCode)}`, ...s.command.outputTail].join('\n');
    suites.push(
      [
        `  <testsuite name="${attr(`check-client.${s.name}`)}" tests="${count}" failures="${suiteFailures}" time="${(s.command.durationMs / 1000).toFixed(3)}">`,
        ...cases,
        `    <system-out>${text(out)}</system-out>`,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aep-harness check-client" tests="${tests}" failures="${failures}" time="${(safe.run.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
