import type { Finding } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import type { FileReport, PreflightReport } from './model.js';
import { filesInOrder, findingsInOrder } from './order.js';
import { describePredicted } from './predicted.js';
import { redactDeep } from './redact.js';

/**
 * JUnit XML for CI test reporters (GitLab, Jenkins, GitHub test-report actions): one `<testsuite>` per
 * input file, one `<testcase>` per finding.
 *
 * Severity choice: only `error` findings are `<failure>`s. A `warn` finding is a passing testcase with the
 * warning in `<system-out>`: CI readers know only pass and fail, and a warning failing the pipeline's test
 * view would contradict the exit code under the default `--fail-on error`. `info` findings are not test
 * cases at all. An input that could not be read is an `<error>` (the test could not run), not a failure.
 * Each file also gets a passing `predicted answer` testcase saying what the platform would answer.
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

function where(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}`;
}

function describeFinding(finding: Finding): string {
  const messageLabel = finding.messageIndex === undefined ? '' : `[message ${finding.messageIndex}] `;
  return `${messageLabel}${finding.message}`;
}

function caseName(finding: Finding): string {
  return `${finding.ruleId} at ${finding.pointer === '' ? '(document root)' : finding.pointer}`;
}

function findingCase(finding: Finding): TestCase | null {
  if (finding.severity === 'error') {
    return {
      name: caseName(finding),
      outcome: {
        element: 'failure',
        message: finding.message,
        type: finding.ruleId,
        body: `${where(finding)}\n${describeFinding(finding)}\n${finding.docs}`,
      },
    };
  }
  if (finding.severity === 'warn') {
    return { name: caseName(finding), systemOut: `warning ${where(finding)} ${describeFinding(finding)} (${finding.docs})` };
  }
  return null;
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

function inputErrorCase(fileReport: FileReport): TestCase | null {
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
      body: `${fileReport.file}${position}: ${inputError.message}`,
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

function suite(fileReport: FileReport, hiddenErrors: boolean): Suite {
  const cases = [
    inputErrorCase(fileReport),
    ...findingsInOrder(fileReport.findings).map(findingCase),
    droppedCase(fileReport, hiddenErrors),
    predictedCase(fileReport),
  ].filter((testCase): testCase is TestCase => testCase !== null);
  const failures = cases.filter((testCase) => testCase.outcome?.element === 'failure').length;
  const errors = cases.filter((testCase) => testCase.outcome?.element === 'error').length;
  const open = `  <testsuite${attributes({ name: fileReport.file, tests: cases.length, failures, errors, skipped: 0 })}`;
  const xml =
    cases.length === 0
      ? `${open}/>`
      : [`${open}>`, ...cases.map((testCase) => testCaseXml(testCase, fileReport.file)), '  </testsuite>'].join('\n');
  return { xml, tests: cases.length, failures, errors };
}

export function renderJunit(report: PreflightReport, _ctx: RenderContext): string {
  const safeReport = redactDeep(report);
  const files = filesInOrder(safeReport.files);
  const listedErrors = files
    .flatMap((fileReport) => fileReport.findings)
    .filter((finding) => finding.severity === 'error').length;
  const hiddenErrors = safeReport.summary.findings.error > listedErrors;
  const suites = files.map((fileReport) => suite(fileReport, hiddenErrors));
  const totals = suites.reduce(
    (sum, each) => ({ tests: sum.tests + each.tests, failures: sum.failures + each.failures, errors: sum.errors + each.errors }),
    { tests: 0, failures: 0, errors: 0 },
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'aep-harness preflight', ...totals })}>`,
    ...suites.map((each) => each.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
