/**
 * The per-fixture lines of a replay, for people: ✔ or ✘ per fixture, and for a failure the step, what was
 * sent, and every mismatch with its JSON pointer. The behaviour summary comes after it, from the report.
 */
import { redactSecrets } from '../report/redact.js';
import { formatMismatch } from './matchers.js';
import type { FixtureResult, ReplayResult } from './run.js';

export interface ReplayTextOptions {
  color?: boolean;
}

export function renderReplayText(result: ReplayResult, options: ReplayTextOptions = {}): string {
  const paint = (code: string, text: string) => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const fixture of result.fixtures) lines.push(...fixtureLines(fixture, paint));
  const { passed, failed, skipped, fixtures } = result.counts;
  lines.push('', `${fixtures} fixture${fixtures === 1 ? '' : 's'}: ${passed} passed, ${failed} failed, ${skipped} skipped`, '');
  return redactSecrets(lines.join('\n'));
}

function fixtureLines(fixture: FixtureResult, paint: (code: string, text: string) => string): string[] {
  if (fixture.outcome === 'skipped') return [`${paint('2', '-')} ${fixture.name}  skipped: ${fixture.reason ?? ''}`];
  if (fixture.outcome === 'passed') return [`${paint('32', '✔')} ${fixture.name}`];
  const lines = [`${paint('31', '✘')} ${fixture.name}  (${fixture.file})`];
  const notRun = fixture.steps.filter((s) => s.outcome === 'not-run');
  for (const step of fixture.steps.filter((s) => s.outcome === 'failed')) {
    const answered = step.status !== undefined ? ` → ${step.status}` : '';
    const polled = step.attempts > 1 ? ` after ${step.attempts} reads` : '';
    lines.push(`    step ${step.index + 1} "${step.name}": ${step.request}${answered}${polled}`);
    for (const mismatch of step.mismatches) lines.push(`      ${formatMismatch(mismatch)}`);
  }
  if (notRun.length > 0) {
    const first = notRun[0]!.index + 1;
    const last = notRun[notRun.length - 1]!.index + 1;
    lines.push(`    ${first === last ? `step ${first}` : `steps ${first}–${last}`} not run (they build on the failed step)`);
  }
  return lines;
}
