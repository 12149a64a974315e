import { styleText } from 'node:util';
import type { Finding, Severity } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import type { FileReport, PreflightReport } from './model.js';
import { filesInOrder, findingsInOrder } from './order.js';
import { describePredicted } from './predicted.js';
import { redactDeep } from './redact.js';

/**
 * The terminal report, laid out like ESLint's `stylish`: one aligned line per finding,
 * `path:line:column  severity  message  ruleId`, so terminals and editors can jump to the place;
 * then the file's predicted answer; a summary line at the end.
 */

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
  message: number;
}

function widthsOf(rows: Row[]): Widths {
  const widths: Widths = { location: 0, severity: 0, message: 0 };
  for (const row of rows) {
    widths.location = Math.max(widths.location, row.location.length);
    widths.severity = Math.max(widths.severity, SEVERITY_LABEL[row.severity].length);
    widths.message = Math.max(widths.message, row.message.length);
  }
  return widths;
}

/** Padding is computed on the plain text and colour added after, so alignment is the same with and without it. */
function rowLine(row: Row, widths: Widths, paint: Paint): string {
  const severity = SEVERITY_LABEL[row.severity];
  return [
    row.location.padEnd(widths.location),
    paint(SEVERITY_STYLE[row.severity], severity) + ' '.repeat(widths.severity - severity.length),
    row.message.padEnd(widths.message),
    paint('dim', row.ruleId),
  ].join('  ');
}

function inputErrorLine(fileReport: FileReport, paint: Paint): string[] {
  const inputError = fileReport.inputError;
  if (inputError === undefined) return [];
  const position =
    inputError.line === undefined ? '' : `:${inputError.line}${inputError.column === undefined ? '' : `:${inputError.column}`}`;
  return [`${printable(fileReport.file + position)}: ${paint('red', 'error')}: ${printable(inputError.message)}`];
}

function predictedLines(fileReport: FileReport, paint: Paint): string[] {
  if (fileReport.predicted === null) return [];
  const words = describePredicted(fileReport.predicted);
  return [
    `${paint('bold', 'predicted:')} ${printable(words.headline)}`,
    ...words.details.map((detail) => `  ${printable(detail)}`),
  ];
}

function fileBlock(fileReport: FileReport, rows: Row[], widths: Widths, paint: Paint): string[] {
  const lines = rows.map((row) => rowLine(row, widths, paint));
  if (fileReport.findingsDropped > 0) {
    lines.push(
      paint('dim', `… and ${plural(fileReport.findingsDropped, 'more finding', 'more findings')} not shown; raise --max-findings`),
    );
  }
  lines.push(...inputErrorLine(fileReport, paint));
  // The predicted answer needs its file named when no finding line above did.
  if (lines.length === 0 && fileReport.predicted !== null) lines.push(`${printable(fileReport.file)}: no problems`);
  lines.push(...predictedLines(fileReport, paint));
  return lines;
}

function summaryLine(report: PreflightReport, paint: Paint): string {
  const { error, warn, info } = report.summary.findings;
  const problems = error + warn + info;
  const { inputErrors } = report.summary;
  const files = plural(report.summary.files, 'file', 'files');
  const ignored = report.summary.ignored ?? 0;
  const ignoredNote = ignored > 0 ? ` (${ignored} ignored by the configuration file)` : '';
  if (problems === 0 && inputErrors === 0) return paint(['green', 'bold'], `✔ no problems in ${files}${ignoredNote}`);
  const parts: string[] = [];
  if (problems > 0) {
    parts.push(
      `${plural(problems, 'problem', 'problems')} (${plural(error, 'error', 'errors')}, ${plural(warn, 'warning', 'warnings')}, ${info} info)`,
    );
  }
  if (inputErrors > 0) parts.push(`${plural(inputErrors, 'input', 'inputs')} could not be read`);
  const style: Style = error > 0 || inputErrors > 0 ? ['red', 'bold'] : ['yellow', 'bold'];
  return paint(style, `✖ ${parts.join(' and ')} in ${files}${ignoredNote}`);
}

export function renderText(report: PreflightReport, ctx: RenderContext): string {
  const safeReport = redactDeep(report);
  const paint = painter(ctx.color);
  const files = filesInOrder(safeReport.files);
  const rowsByFile = files.map((fileReport) => findingsInOrder(fileReport.findings).map(toRow));
  // One set of widths for the whole report, as stylish does, so columns line up across files too.
  const widths = widthsOf(rowsByFile.flat());
  const blocks = files
    .map((fileReport, position) => fileBlock(fileReport, rowsByFile[position] ?? [], widths, paint))
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'));
  return [...blocks, summaryLine(safeReport, paint)].join('\n\n') + '\n';
}
