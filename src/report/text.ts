import { styleText } from 'node:util';
import type { Finding, Severity } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import type { FileReport, PreflightReport } from './model.js';
import { filesInOrder, findingsInOrder } from './order.js';
import { describePredicted } from './predicted.js';
import { redactDeep } from './redact.js';
import { wrapWords } from './text-wrap.js';

/**
 * The terminal report, readable on a 100-column terminal: per finding a line
 * `path:line:column  severity  ruleId` (aligned across the report, so terminals and editors can jump to
 * the place, and the rule id whole however long the line), then the message below it, indented and
 * wrapped at spaces to the width; then the file's predicted answer; a summary line at the end.
 */

/** The width when the caller gives none: what a terminal of 100 columns shows without wrapping. */
export const TEXT_WIDTH = 100;

/** Locations longer than this do not push every other finding's columns to the right. */
const MAX_ALIGNED_LOCATION = 48;

const MESSAGE_INDENT = '  ';

type Style = Parameters<typeof styleText>[0];

type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  // The caller already decided colour is wanted; Node must not second-guess it from process.stdout.
  return (style, text) => styleText(style, text, { validateStream: false });
}

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'info' };
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warn: 'yellow', info: 'blue' };

/**
 * Input values end up in messages and paths; a control character among them (an escape sequence in a
 * payload string) would repaint the user's terminal, and a newline would break the one-line-per-finding layout.
 */
function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f]/g,
    (control) => `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

interface Row {
  location: string;
  severity: Severity;
  message: string;
  ruleId: string;
}

function toRow(finding: Finding): Row {
  const messageLabel = finding.messageIndex === undefined ? '' : `[message ${finding.messageIndex}] `;
  return {
    location: printable(`${finding.file}:${finding.line}:${finding.column}`),
    severity: finding.severity,
    message: printable(messageLabel + finding.message),
    ruleId: printable(finding.ruleId),
  };
}

interface Widths {
  location: number;
  severity: number;
  /** The whole line: messages wrap to it. */
  line: number;
}

function widthsOf(rows: Row[], line: number): Widths {
  const widths: Widths = { location: 0, severity: 0, line };
  for (const row of rows) {
    if (row.location.length <= MAX_ALIGNED_LOCATION) widths.location = Math.max(widths.location, row.location.length);
    widths.severity = Math.max(widths.severity, SEVERITY_LABEL[row.severity].length);
  }
  return widths;
}

/** Padding is computed on the plain text and colour added after, so alignment is the same with and without it. */
function rowLines(row: Row, widths: Widths, paint: Paint): string[] {
  const severity = SEVERITY_LABEL[row.severity];
  const head = [
    row.location.padEnd(widths.location),
    paint(SEVERITY_STYLE[row.severity], severity) + ' '.repeat(widths.severity - severity.length),
    paint('dim', row.ruleId),
  ].join('  ');
  return [head, ...wrapWords(row.message, widths.line, MESSAGE_INDENT)];
}

function inputErrorLine(fileReport: FileReport, paint: Paint, width: number): string[] {
  const inputError = fileReport.inputError;
  if (inputError === undefined) return [];
  const position =
    inputError.line === undefined ? '' : `:${inputError.line}${inputError.column === undefined ? '' : `:${inputError.column}`}`;
  const location = printable(fileReport.file + position);
  // Wrapped as plain text, coloured after, so the width is the same with and without colour.
  const [first = '', ...rest] = wrapWords(`${location}: error: ${printable(inputError.message)}`, width, '', MESSAGE_INDENT);
  return [`${location}: ${paint('red', 'error')}: ${first.slice(location.length + ': error: '.length)}`, ...rest];
}

/** The predicted answer; a rejected message's documented text wraps at its spaces, its words whole. */
function predictedLines(fileReport: FileReport, paint: Paint, width: number): string[] {
  if (fileReport.predicted === null) return [];
  const words = describePredicted(fileReport.predicted);
  const [headline = '', ...more] = wrapWords(`predicted: ${printable(words.headline)}`, width, '', MESSAGE_INDENT);
  return [
    `${paint('bold', 'predicted:')}${headline.slice('predicted:'.length)}`,
    ...more,
    ...words.details.flatMap((detail) => wrapWords(printable(detail), width, '  ', '    ')),
  ];
}

function fileBlock(fileReport: FileReport, rows: Row[], widths: Widths, paint: Paint, quiet: boolean): string[] {
  const lines = rows.flatMap((row) => rowLines(row, widths, paint));
  if (fileReport.findingsDropped > 0) {
    lines.push(
      paint('dim', `… and ${plural(fileReport.findingsDropped, 'more finding', 'more findings')} not shown; raise --max-findings`),
    );
  }
  lines.push(...inputErrorLine(fileReport, paint, widths.line));
  // Quiet: what needs attention only.
  if (quiet) return lines;
  // The predicted answer needs its file named when no finding line above did.
  if (lines.length === 0 && fileReport.predicted !== null) lines.push(`${printable(fileReport.file)}: no problems`);
  lines.push(...predictedLines(fileReport, paint, widths.line));
  return lines;
}

function summaryLine(report: PreflightReport, paint: Paint, width: number): string {
  const { error, warn, info } = report.summary.findings;
  const problems = error + warn + info;
  const { inputErrors } = report.summary;
  const files = plural(report.summary.files, 'file', 'files');
  const ignored = report.summary.ignored ?? 0;
  const ignoredNote = ignored > 0 ? ` (${ignored} ignored by the configuration file)` : '';
  if (problems === 0 && inputErrors === 0) return paintWrapped(['green', 'bold'], `✔ no problems in ${files}${ignoredNote}`, paint, width);
  const parts: string[] = [];
  if (problems > 0) {
    parts.push(
      `${plural(problems, 'problem', 'problems')} (${plural(error, 'error', 'errors')}, ${plural(warn, 'warning', 'warnings')}, ${info} info)`,
    );
  }
  if (inputErrors > 0) parts.push(`${plural(inputErrors, 'input', 'inputs')} could not be read`);
  const style: Style = error > 0 || inputErrors > 0 ? ['red', 'bold'] : ['yellow', 'bold'];
  return paintWrapped(style, `✖ ${parts.join(' and ')} in ${files}${ignoredNote}`, paint, width);
}

/** A line wrapped as plain text and each piece painted, so the width is the same with and without colour. */
function paintWrapped(style: Style, text: string, paint: Paint, width: number): string {
  return wrapWords(text, width, '', MESSAGE_INDENT)
    .map((line) => paint(style, line))
    .join('\n');
}

export function renderText(report: PreflightReport, ctx: RenderContext): string {
  const safeReport = redactDeep(report);
  const paint = painter(ctx.color);
  const files = filesInOrder(safeReport.files);
  const rowsByFile = files.map((fileReport) => findingsInOrder(fileReport.findings).map(toRow));
  // One set of widths for the whole report, as stylish does, so columns line up across files too.
  const widths = widthsOf(rowsByFile.flat(), ctx.width ?? TEXT_WIDTH);
  const blocks = files
    .map((fileReport, position) => fileBlock(fileReport, rowsByFile[position] ?? [], widths, paint, ctx.quiet === true))
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'));
  return [...blocks, summaryLine(safeReport, paint, widths.line)].join('\n\n') + '\n';
}
