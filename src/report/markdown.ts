/**
 * Markdown for people (a pull-request comment, a job summary) from a pre-flight or check-trace report: a
 * summary (files, predicted answers, findings per severity), then per file a table of findings (location,
 * severity, rule, message) and the predicted answer, with the documented text of every rejected message
 * in a fenced block. Every text from the run is escaped (`../markdown-text.ts`): a `<batchId>` shows as
 * written and markup in a payload never renders. Files are named relative to the working directory.
 */
import type { Finding, Severity } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import { bodyBlock, codeSpan, docsLink, escapeMarkdown } from './markdown-text.js';
import type { FileReport, PredictedAnswer, PredictedMessage, PreflightReport } from './model.js';
import { filesInOrder, findingsInOrder } from './order.js';
import { shownPath } from './paths.js';
import { describePredicted } from './predicted.js';
import { redactDeep } from './redact.js';

const SEVERITY: Record<Severity, string> = { error: '❌ error', warn: '⚠️ warning', info: 'ℹ️ info' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function findingRow(finding: Finding, cwd: string | undefined): string {
  const location = `${shownPath(finding.file, cwd)}:${finding.line}:${finding.column}`;
  const messageLabel = finding.messageIndex === undefined ? '' : `[message ${finding.messageIndex}] `;
  const link = docsLink(finding.docs);
  return `| ${codeSpan(location, true)} | ${SEVERITY[finding.severity]} | ${codeSpan(finding.ruleId, true)} | ${escapeMarkdown(messageLabel + finding.message)}${link === '' ? '' : ` (${link})`} |`;
}

/** The rejected messages of a predicted answer, each with the documented text the platform sends. */
function rejectedMessages(predicted: PredictedAnswer): Extract<PredictedMessage, { outcome: 'rejected' }>[] {
  const messages =
    predicted.kind === 'batch-request' && predicted.status === 207
      ? predicted.messages
      : predicted.kind === 'single-message' && predicted.message !== undefined
        ? [predicted.message]
        : predicted.kind === 'message-stream'
          ? predicted.notAccepted
          : [];
  return messages.filter((m): m is Extract<PredictedMessage, { outcome: 'rejected' }> => m.outcome === 'rejected');
}

function predictedSection(fileReport: FileReport): string[] {
  const predicted = fileReport.predicted;
  if (predicted === null) return [];
  const words = describePredicted(predicted);
  const out = ['', `**Predicted answer:** ${escapeMarkdown(words.headline)}`];
  const rejected = rejectedMessages(predicted);
  const rejectedIndex = new Set(rejected.map((m) => m.index));
  const others = words.details.filter((line) => {
    const index = /^message (\d+): /.exec(line);
    return index === null || !rejectedIndex.has(Number(index[1]));
  });
  if (others.length > 0) out.push('', ...others.map((line) => `- ${escapeMarkdown(line)}`));
  if (rejected.length > 0) {
    out.push('', `${plural(rejected.length, 'message')} rejected, with the documented text of each 400 entry:`, '');
    out.push(...bodyBlock(rejected.map((m) => `message ${m.index}: ${m.statusCode} ${m.message}`).join('\n')));
  }
  return out;
}

function fileSection(fileReport: FileReport, cwd: string | undefined): string[] {
  const out = ['', `### ${codeSpan(shownPath(fileReport.file, cwd))}`];
  const inputError = fileReport.inputError;
  if (inputError !== undefined) {
    const position = inputError.line === undefined ? '' : ` at line ${inputError.line}${inputError.column === undefined ? '' : `, column ${inputError.column}`}`;
    out.push('', `**Could not be read**${position}: ${escapeMarkdown(inputError.message)}`);
  }
  const findings = findingsInOrder(fileReport.findings);
  if (findings.length > 0) {
    out.push('', '| location | severity | rule | message |', '| --- | --- | --- | --- |', ...findings.map((f) => findingRow(f, cwd)));
  } else if (inputError === undefined) {
    out.push('', 'No findings.');
  }
  if (fileReport.findingsDropped > 0) {
    out.push('', `… and ${plural(fileReport.findingsDropped, 'more finding')} not shown; raise \`--max-findings\``);
  }
  out.push(...predictedSection(fileReport));
  return out;
}

export function renderMarkdown(report: PreflightReport, ctx: RenderContext): string {
  const safe = redactDeep(report);
  const files = filesInOrder(safe.files);
  const { error, warn, info } = safe.summary.findings;
  const failOn = ctx.failOn ?? 'error';
  const predicted = files.filter((f) => f.predicted !== null).length;
  const out = [`## aep-harness ${escapeMarkdown(ctx.command ?? 'preflight')}`, ''];
  const facts = [`profile ${codeSpan(safe.profile)}`, `world ${escapeMarkdown(safe.world)}`];
  if (safe.inlet !== null) facts.push(`inlet ${codeSpan(safe.inlet)}`);
  facts.push(`fail on ${codeSpan(failOn)}`);
  out.push(facts.join(' · '), '');
  const summary = [
    plural(safe.summary.files, 'file'),
    plural(predicted, 'predicted answer'),
    `${plural(error, 'error')}, ${plural(warn, 'warning')}, ${info} info`,
  ];
  if (safe.summary.inputErrors > 0) summary.push(`${plural(safe.summary.inputErrors, 'input')} could not be read`);
  if ((safe.summary.ignored ?? 0) > 0) summary.push(`${safe.summary.ignored} ignored by the configuration file`);
  out.push(`**${summary.join(' · ')}**`, '');
  out.push('| severity | findings |', '| --- | ---: |', `| ${SEVERITY.error} | ${error} |`, `| ${SEVERITY.warn} | ${warn} |`, `| ${SEVERITY.info} | ${info} |`);
  for (const fileReport of files) out.push(...fileSection(fileReport, ctx.cwd));
  return `${out.join('\n')}\n`;
}
