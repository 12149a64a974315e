/**
 * JUnit XML for CI test views: a `<testsuite name="check-client.<scenario>">` per scenario, a `<testcase>`
 * per rule that judged it (classname: the scenario). A rule with a finding at or above `--fail-on` in that
 * scenario is a `<failure>` (its message the first finding, its body every such finding with its
 * exchanges); its findings below `--fail-on` go to the case's `<system-out>`.
 *
 * Whether the traffic exercised the scenario at all is the case `exercised` (the rule
 * `client.scenario.not-exercised`). A scenario the traffic never exercised has that one case, failed: it
 * is not a skip, and no other rule's verdict on it means anything (their findings, if any, are listed in
 * the failure's body so none vanishes). The command and the end of its output go to the suite's
 * `<system-out>`.
 */
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../junit.js';
import { atOrAbove } from '../../rules/finding.js';
import { NOT_EXERCISED_RULE, exchangeList, plainOutputLine, plural, redactClientReport } from './common.js';
import type { ClientFinding, ClientReport, ScenarioResult } from './model.js';

const findingLine = (f: ClientFinding) => `${f.severity} ${f.ruleId}: ${f.message}${f.exchanges.length > 0 ? ` (${exchangeList(f.exchanges)})` : ''}`;

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const exchangeCount = (s: ScenarioResult) => plural(s.exchanges.length, 'exchange');

interface Case {
  name: string;
  failure?: { message: string; type: string; body: string };
  systemOut?: string;
}

function caseXml(scenario: string, c: Case): string {
  const open = `    <testcase classname="${attr(scenario)}" name="${attr(c.name)}"`;
  if (c.failure === undefined && c.systemOut === undefined) return `${open}/>`;
  return [
    `${open}>`,
    ...(c.failure ? [`      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.body)}</failure>`] : []),
    ...(c.systemOut !== undefined ? [`      <system-out>${text(c.systemOut)}</system-out>`] : []),
    '    </testcase>',
  ].join('\n');
}

function scenarioCases(s: ScenarioResult, report: ClientReport): Case[] {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const failOn = report.run.failOn;

  if (s.status === 'not-exercised') {
    const reason = s.notExercised ?? 'the traffic did not contain what this scenario needs';
    const others = s.findings.filter((f) => f.ruleId !== NOT_EXERCISED_RULE);
    const body = [
      `not exercised: ${reason}`,
      `command: ${s.command.timedOut ? `timed out after ${report.run.timeoutSeconds}s` : `exit ${s.command.exitCode ?? s.command.signal ?? 'unknown'}`}, ${exchangeCount(s)}`,
      ...(others.length > 0 ? ['findings on the traffic there was:', ...others.map(findingLine)] : []),
    ].join('\n');
    return [{ name: 'exercised', failure: { message: `not exercised: ${reason}`, type: NOT_EXERCISED_RULE, body } }];
  }

  const cases: Case[] = [{ name: 'exercised' }];
  // Every rule that judged the scenario, and any rule with a finding the scenario's list does not name,
  // so that no finding is left out of the test view.
  const ruleIds = [...new Set([...s.rules, ...s.findings.map((f) => f.ruleId)])].filter((id) => id !== NOT_EXERCISED_RULE);
  for (const ruleId of ruleIds) {
    const found = s.findings.filter((f) => f.ruleId === ruleId);
    const failing = found.filter((f) => atOrAbove(f.severity, failOn));
    const below = found.filter((f) => !atOrAbove(f.severity, failOn));
    const title = titles.get(ruleId);
    cases.push({
      name: title !== undefined ? `${ruleId}: ${title}` : ruleId,
      ...(failing.length > 0 ? { failure: { message: failing[0]!.message, type: ruleId, body: failing.map(findingLine).join('\n') } } : {}),
      ...(below.length > 0 ? { systemOut: below.map(findingLine).join('\n') } : {}),
    });
  }
  return cases;
}

export function renderClientJunit(report: ClientReport): string {
  const safe = redactClientReport(report);
  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const s of safe.scenarios) {
    const cases = scenarioCases(s, safe);
    const failed = cases.filter((c) => c.failure !== undefined).length;
    tests += cases.length;
    failures += failed;
    const out = [
      `scenario: ${s.name}: ${s.title}`,
      `command: ${safe.run.command.join(' ')}`,
      `ended: ${s.command.timedOut ? `timed out after ${safe.run.timeoutSeconds}s` : `exit ${s.command.exitCode ?? s.command.signal ?? 'unknown'}`} in ${seconds(s.command.durationMs)}s`,
      ...(s.ignored !== undefined && s.ignored > 0 ? [`ignored by the configuration: ${s.ignored}`] : []),
      ...(s.command.outputTail.length > 0 ? ['output (last lines):', ...s.command.outputTail.map(plainOutputLine)] : []),
    ].join('\n');
    suites.push(
      [
        `  <testsuite name="${attr(`check-client.${s.name}`)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(s.command.durationMs)}">`,
        ...cases.map((c) => caseXml(s.name, c)),
        `    <system-out>${text(out)}</system-out>`,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aep-harness check-client" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds(safe.run.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
