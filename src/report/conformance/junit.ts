import type { BehaviourResult, ConformanceCheck, ConformanceReport } from './model.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../junit.js';
import { redactDeep } from '../redact.js';
import { describeOrigin } from './describe.js';

/**
 * JUnit XML for CI test views: a `<testsuites>` root named after the command and target, one
 * `<testsuite>` per API, one `<testcase>` per documented behaviour (classname: the API, as the suite is
 * named; name: the behaviour's id and title). A failing behaviour is a `<failure>` whose body lists its
 * failing checks; a behaviour no check exercised is `<skipped>` with the reason, so "not exercised" never
 * reads as a pass. The root carries `name`, `tests`, `failures`, `errors`, `skipped` and `time`, as every
 * JUnit file of the harness does.
 */
export function renderConformanceJunit(report: ConformanceReport, ctx: { cwd?: string } = {}): string {
  const safe = redactDeep(report);
  const suites = new Map<string, BehaviourResult[]>();
  for (const behaviour of safe.behaviours) {
    const list = suites.get(behaviour.api) ?? [];
    list.push(behaviour);
    suites.set(behaviour.api, list);
  }
  const seconds = (safe.run.durationMs / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`aep-harness ${safe.run.command} ${safe.run.target}`)}" tests="${safe.totals.behaviours}" failures="${safe.totals.fail}" errors="0" skipped="${safe.totals.notExercised}" time="${seconds}">`,
  ];
  for (const [api, behaviours] of suites) {
    const failures = behaviours.filter((b) => b.status === 'fail').length;
    const skipped = behaviours.filter((b) => b.status === 'not-exercised').length;
    lines.push(`  <testsuite name="${attr(api)}" tests="${behaviours.length}" failures="${failures}" errors="0" skipped="${skipped}">`);
    for (const b of behaviours) {
      const name = `${b.id}: ${b.title}`;
      lines.push(`    <testcase classname="${attr(api)}" name="${attr(name)}">`);
      if (b.status === 'fail') {
        const first = b.failures[0];
        lines.push(
          `      <failure message="${attr(first ? failureLine(first) : `${b.failed} failed checks`)}" type="${attr(b.id)}">${text(failureBody(b, ctx.cwd))}</failure>`,
        );
      } else if (b.status === 'not-exercised') {
        lines.push(`      <skipped message="not exercised: no fixture or generated case of this run checks it"/>`);
      }
      lines.push(`      <system-out>${text(`${b.checks} checks, ${b.failed} failed\n${b.sources.map((s) => `${s.title}, ${s.section}: ${s.url}`).join('\n')}`)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function failureLine(check: ConformanceCheck): string {
  return `${check.subject}: expected ${check.expected ?? '(see body)'}, got ${check.actual ?? '(see body)'}`;
}

function failureBody(behaviour: BehaviourResult, cwd: string | undefined): string {
  const parts = behaviour.failures.map((check) => {
    const lines = [`${describeOrigin(check.origin, cwd)}: ${check.subject}`];
    if (check.expected !== undefined) lines.push(`  expected: ${check.expected}`);
    if (check.actual !== undefined) lines.push(`  actual:   ${check.actual}`);
    if (check.counterexample !== undefined) lines.push(`  counterexample: ${check.counterexample}`);
    return lines.join('\n');
  });
  const more = behaviour.failed - behaviour.failures.length;
  if (more > 0) parts.push(`(+${more} more failing checks)`);
  return parts.join('\n\n');
}
