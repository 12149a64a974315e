/**
 * The terminal summary of `check-client`: a line per scenario (what became of it, how many exchanges, how
 * its command ended), then each finding (severity, rule id, what the traffic shows, the exchanges it is
 * about) and, for a scenario that did not pass, the last lines its command printed; a closing line with
 * the totals. Nothing is padded to the longest message: long lines are wrapped at word boundaries to fit
 * a 100-column terminal, with continuation lines indented under their finding.
 *
 * Findings below `--fail-on` are shown for passing scenarios too (they do not fail the run, but the user
 * asked for them by grading the rule). The command's output is evidence only, shown for scenarios that
 * did not pass.
 */
import { styleText } from 'node:util';
import type { Severity } from '../../rules/finding.js';
import {
  NOT_EXERCISED_RULE,
  exchangeList,
  plainOutputLine,
  plural,
  printable,
  redactClientReport,
  severityCounts,
} from './common.js';
import type { ClientReport, ScenarioResult, ScenarioStatus } from './model.js';

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;

/** As `src/report/text.ts` paints: `styleText`, only when the caller asked for colour, never second-guessed from the stream. */
function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => styleText(style, text, { validateStream: false });
}

/** The columns the summary is laid out for. A single word longer than a line (a long id) stays whole. */
export const TEXT_WIDTH = 100;
/** Lines of the command's output shown for a scenario that did not pass. */
export const OUTPUT_TAIL_SHOWN = 10;

const GLYPH: Record<ScenarioStatus, string> = { pass: '✔', fail: '✖', 'not-exercised': '○' };
const STATUS_STYLE: Record<ScenarioStatus, Style> = { pass: 'green', fail: 'red', 'not-exercised': 'yellow' };
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warn: 'yellow', info: 'blue' };

const FINDING_INDENT = '    ';
const CONTINUATION_INDENT = '        ';
const OUTPUT_INDENT = '      ';

const width = (s: string) => Array.from(s).length;

/** Words laid into lines: the first `first` columns wide, the rest `rest` wide; a word never split. */
function wrapWords(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter((w) => w !== '')) {
    const room = lines.length === 0 ? first : rest;
    if (line === '') line = word;
    else if (width(line) + 1 + width(word) <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** A line of output in pieces of at most `room` columns, broken at a space when there is one. */
function wrapHard(text: string, room: number): string[] {
  const pieces: string[] = [];
  let rest = Array.from(text);
  while (rest.length > room) {
    const space = rest.lastIndexOf(' ', room);
    const cut = space > 0 ? space : room;
    pieces.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  pieces.push(rest.join(''));
  return pieces;
}

function commandState(s: ScenarioResult, timeoutSeconds: number): string {
  if (s.command.timedOut) return `timed out after ${timeoutSeconds}s`;
  if (s.command.exitCode !== null) return `exit ${s.command.exitCode}`;
  return s.command.signal !== null ? `ended by ${printable(s.command.signal)}` : 'no exit code';
}

function scenarioLines(s: ScenarioResult, report: ClientReport, paint: Paint): string[] {
  const state = `${plural(s.exchanges.length, 'exchange')}, ${commandState(s, report.run.timeoutSeconds)}`;
  const head = `${paint(STATUS_STYLE[s.status], GLYPH[s.status])} ${paint('bold', printable(s.name))}`;
  const lines = [`${head}  ${s.status === 'not-exercised' ? `${paint('yellow', 'not exercised')}; ` : ''}${state}`];

  // The reason a scenario was not exercised is the message of its rule's finding; said here only when
  // that finding is not shown (the configuration turned the rule off or ignored it).
  if (s.status === 'not-exercised' && s.notExercised !== undefined && !s.findings.some((f) => f.ruleId === NOT_EXERCISED_RULE)) {
    const body = wrapWords(`not exercised: ${printable(s.notExercised)}`, TEXT_WIDTH - FINDING_INDENT.length, TEXT_WIDTH - CONTINUATION_INDENT.length);
    lines.push(...body.map((l, i) => `${i === 0 ? FINDING_INDENT : CONTINUATION_INDENT}${l}`));
  }

  for (const f of s.findings) {
    const prefix = `${f.severity} ${printable(f.ruleId)}  `;
    const text = `${printable(f.message)}${f.exchanges.length > 0 ? ` (${exchangeList(f.exchanges)})` : ''}`;
    const body = wrapWords(text, TEXT_WIDTH - FINDING_INDENT.length - width(prefix), TEXT_WIDTH - CONTINUATION_INDENT.length);
    const painted = `${paint(SEVERITY_STYLE[f.severity], f.severity)} ${paint('dim', printable(f.ruleId))}  `;
    lines.push(`${FINDING_INDENT}${painted}${body[0] ?? ''}`, ...body.slice(1).map((l) => `${CONTINUATION_INDENT}${l}`));
  }

  if (s.ignored !== undefined && s.ignored > 0) lines.push(paint('dim', `${FINDING_INDENT}${plural(s.ignored, 'finding')} ignored by the configuration`));

  const tail = s.command.outputTail.slice(-OUTPUT_TAIL_SHOWN);
  if (s.status !== 'pass' && tail.length > 0) {
    const of = s.command.outputTail.length > tail.length ? `last ${tail.length} of ${s.command.outputTail.length} lines kept` : plural(tail.length, 'line');
    lines.push(paint('dim', `${FINDING_INDENT}the command printed (${of}):`));
    for (const raw of tail) {
      for (const piece of wrapHard(plainOutputLine(raw), TEXT_WIDTH - OUTPUT_INDENT.length)) lines.push(paint('dim', `${OUTPUT_INDENT}${piece}`.trimEnd()));
    }
  }
  return lines;
}

function totalsLine(report: ClientReport, paint: Paint): string {
  const t = report.totals;
  const failed = t.fail + t.notExercised;
  const ignored = report.scenarios.reduce((n, s) => n + (s.ignored ?? 0), 0);
  const verdict =
    failed > 0
      ? paint(['red', 'bold'], `✖ ${failed} of ${plural(t.scenarios, 'scenario')} failed${t.notExercised > 0 ? ` (${t.notExercised} not exercised)` : ''}`)
      : paint(['green', 'bold'], `✔ ${t.scenarios === 1 ? 'the scenario passed' : `all ${t.scenarios} scenarios passed`}`);
  const parts = [
    severityCounts(t.findings),
    ...(ignored > 0 ? [`${ignored} ignored`] : []),
    `${plural(t.exchanges, 'exchange')} in ${(report.run.durationMs / 1000).toFixed(1)}s`,
  ];
  return `${verdict}; ${parts.join('; ')}`;
}

export function renderClientText(report: ClientReport, opts: { color: boolean }): string {
  const safe = redactClientReport(report);
  const paint = painter(opts.color);
  const lines = safe.scenarios.flatMap((s) => scenarioLines(s, safe, paint));
  if (safe.scenarios.length === 0) lines.push('no scenario was run');
  lines.push('', totalsLine(safe, paint));
  return `${lines.join('\n')}\n`;
}
