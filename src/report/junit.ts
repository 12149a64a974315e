import { atOrAbove, type Finding, type Severity } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import type { FileReport, PreflightReport } from './model.js';
import { filesInOrder, findingsInOrder } from './order.js';
import { describePredicted } from './predicted.js';
import { shownPath } from './paths.js';
import { redactDeep } from './redact.js';

/**
 * JUnit XML for CI test reporters (GitLab, Jenkins, GitHub test-report actions): a `<testsuites>` root
 * named after the command (`aep-harness preflight`, `aep-harness check-trace`), one `<testsuite>` per input
 * file (named as reports name files: relative to the working directory), one `<testcase>` per finding,
 * each classname the suite's file.
 *
 * Severity follows `--fail-on` (`ctx.failOn`, default `error`), as the exit code does: a finding at or
 * above it is a `<failure>`; one below it is a passing testcase with the finding in `<system-out>`. An
 * input that could not be read is an `<error>` (the test could not run), not a failure. Each file also
 * gets a passing `predicted answer` testcase saying what the platform would answer; a file with nothing
 * else to say (a clean HAR) gets one passing `no findings` case, so no suite is empty. The root carries
 * `name`, `tests`, `failures`, `errors`, `skipped` and `time` as every JUnit file of the harness does;
 * `time` is 0 because a pre-flight report carries no clock (two runs print the same bytes).
 */

/** XML 1.0 `Char`: tab, line feed, carriage return, and the ranges below; everything else cannot be written at all. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // In an attribute a parser turns raw line breaks and tabs into spaces; character references keep them.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** Escapes for element content: markup characters become entities; characters XML cannot carry are dropped. */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (character) => ENTITY[character] ?? character);
}

/** Escapes for an attribute value (always written in double quotes): as for text, and whitespace kept as references. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"'\n\r\t]/g, (character) => ENTITY[character] ?? character);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

interface TestCase {
  name: string;
  /** `failure` for error findings, `error` for unreadable input, absent for a passing case. */
  outcome?: { element: 'failure' | 'error'; message: string; type: string; body: string };
  systemOut?: string;
}

function where(finding: Finding, cwd: string | undefined): string {
  return `${shownPath(finding.file, cwd)}:${finding.line}:${finding.column}`;
}

function describeFinding(finding: Finding): string {
  const messageLabel = finding.messageIndex === undefined ? '' : `[message ${finding.messageIndex}] `;
  return `${messageLabel}${finding.message}`;
}

function caseName(finding: Finding): string {
  return `${finding.ruleId} at ${finding.pointer === '' ? '(document root)' : finding.pointer}`;
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'info' };

function findingCase(finding: Finding, failOn: Severity, cwd: string | undefined): TestCase {
  if (atOrAbove(finding.severity, failOn)) {
    return {
      name: caseName(finding),
      outcome: {
        element: 'failure',
        message: finding.message,
        type: finding.ruleId,
        body: `${where(finding, cwd)}\n${SEVERITY_WORD[finding.severity]} ${describeFinding(finding)}\n${finding.docs}`,
      },
    };
  }
  return { name: caseName(finding), systemOut: `${SEVERITY_WORD[finding.severity]} ${where(finding, cwd)} ${describeFinding(finding)} (${finding.docs})` };
}

/**
 * Findings cut by `--max-findings` still exist. Their severities are not kept per file, only in the
 * report's summary; when the summary counts more errors than the files list, some of the unlisted ones are
 * errors and the case fails, so a truncated report never turns a red pipeline green.
 */
function droppedCase(fileReport: FileReport, hiddenErrors: boolean): TestCase | null {
  if (fileReport.findingsDropped === 0) return null;
  const noun = fileReport.findingsDropped === 1 ? 'finding' : 'findings';
  const text = `… and ${fileReport.findingsDropped} more ${noun} not shown; raise --max-findings`;
  if (!hiddenErrors) return { name: 'findings not shown', systemOut: text };
  return { name: 'findings not shown', outcome: { element: 'failure', message: text, type: 'findings-dropped', body: text } };
}

function inputErrorCase(fileReport: FileReport, cwd: string | undefined): TestCase | null {
  const inputError = fileReport.inputError;
  if (inputError === undefined) return null;
  const position =
    inputError.line === undefined ? '' : `:${inputError.line}${inputError.column === undefined ? '' : `:${inputError.column}`}`;
  return {
    name: 'read input',
    outcome: {
      element: 'error',
      message: inputError.message,
      type: 'input-error',
      body: `${shownPath(fileReport.file, cwd)}${position}: ${inputError.message}`,
    },
  };
}

function predictedCase(fileReport: FileReport): TestCase | null {
  if (fileReport.predicted === null) return null;
  const words = describePredicted(fileReport.predicted);
  return { name: 'predicted answer', systemOut: [`predicted: ${words.headline}`, ...words.details].join('\n') };
}

function testCaseXml(testCase: TestCase, classname: string): string {
  const open = `    <testcase${attributes({ classname, name: testCase.name })}`;
  const children: string[] = [];
  if (testCase.outcome !== undefined) {
    const { element, message, type, body } = testCase.outcome;
    children.push(`      <${element}${attributes({ message, type })}>${escapeXmlText(body)}</${element}>`);
  }
  if (testCase.systemOut !== undefined) children.push(`      <system-out>${escapeXmlText(testCase.systemOut)}</system-out>`);
  if (children.length === 0) return `${open}/>`;
  return [`${open}>`, ...children, '    </testcase>'].join('\n');
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
}

interface SuiteOptions {
  hiddenErrors: boolean;
  failOn: Severity;
  cwd: string | undefined;
}

function suite(fileReport: FileReport, opts: SuiteOptions): Suite {
  const cases = [
    inputErrorCase(fileReport, opts.cwd),
    ...findingsInOrder(fileReport.findings).map((finding) => findingCase(finding, opts.failOn, opts.cwd)),
    droppedCase(fileReport, opts.hiddenErrors),
    predictedCase(fileReport),
  ].filter((testCase): testCase is TestCase => testCase !== null);
  if (cases.length === 0) cases.push({ name: 'no findings' });
  const failures = cases.filter((testCase) => testCase.outcome?.element === 'failure').length;
  const errors = cases.filter((testCase) => testCase.outcome?.element === 'error').length;
  const name = shownPath(fileReport.file, opts.cwd);
  const open = `  <testsuite${attributes({ name, tests: cases.length, failures, errors, skipped: 0, time: '0.000' })}>`;
  const xml = [open, ...cases.map((testCase) => testCaseXml(testCase, name)), '  </testsuite>'].join('\n');
  return { xml, tests: cases.length, failures, errors };
}

export function renderJunit(report: PreflightReport, ctx: RenderContext): string {
  const safeReport = redactDeep(report);
  const failOn = ctx.failOn ?? 'error';
  const files = filesInOrder(safeReport.files);
  // Findings cut by --max-findings are counted per severity only in the summary; when the summary counts
  // more failing findings than the files list, some of the unlisted ones fail.
  const failingIn = (counts: Record<Severity, number>) =>
    (Object.keys(counts) as Severity[]).filter((severity) => atOrAbove(severity, failOn)).reduce((sum, severity) => sum + counts[severity], 0);
  const listed = { error: 0, warn: 0, info: 0 };
  for (const finding of files.flatMap((fileReport) => fileReport.findings)) listed[finding.severity]++;
  const hiddenErrors = failingIn(safeReport.summary.findings) > failingIn(listed);
  const suites = files.map((fileReport) => suite(fileReport, { hiddenErrors, failOn, cwd: ctx.cwd }));
  const totals = suites.reduce(
    (sum, each) => ({ tests: sum.tests + each.tests, failures: sum.failures + each.failures, errors: sum.errors + each.errors }),
    { tests: 0, failures: 0, errors: 0 },
  );
  const name = `aep-harness ${ctx.command ?? 'preflight'}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name, ...totals, skipped: 0, time: '0.000' })}>`,
    ...suites.map((each) => each.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
