/**
 * JUnit XML read back as CI tools read it: fast-xml-parser (the parser many JUnit readers use), attributes
 * kept, every testsuite and testcase a list. The helpers count what the XML holds, so a spec can check the
 * counts the root and each suite declare against the cases that are there.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface JunitCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string; text: string };
  skipped?: { message?: string };
  systemOut?: string;
}

export interface JunitSuite {
  attributes: Record<string, string>;
  cases: JunitCase[];
}

export interface JunitFile {
  attributes: Record<string, string>;
  suites: JunitSuite[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  textNodeName: '#text',
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

type Node = Record<string, unknown>;

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node !== null && typeof node === 'object') return String((node as Node)['#text'] ?? '');
  return '';
}

function outcome(node: unknown): { message: string; type: string; text: string } | undefined {
  if (node === undefined) return undefined;
  const n = (typeof node === 'object' && node !== null ? node : {}) as Node;
  return { message: String(n['message'] ?? ''), type: String(n['type'] ?? ''), text: textOf(node) };
}

function attributesOf(node: Node): Record<string, string> {
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => typeof value === 'string' && !key.startsWith('#'))) as Record<string, string>;
}

export function readJunit(xml: string): JunitFile {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at ${valid.err.line}:${valid.err.col}`);
  const doc = parser.parse(xml) as Node;
  const root = doc['testsuites'] as Node | undefined;
  if (root === undefined) throw new Error('no <testsuites> root');
  const suites = ((root['testsuite'] as Node[] | undefined) ?? []).map((suite): JunitSuite => ({
    attributes: attributesOf(suite),
    cases: ((suite['testcase'] as Node[] | undefined) ?? []).map((testcase): JunitCase => {
      const failure = outcome(testcase['failure']);
      const error = outcome(testcase['error']);
      const c: JunitCase = { classname: String(testcase['classname']), name: String(testcase['name']) };
      if (failure) c.failure = failure;
      if (error) c.error = error;
      if (testcase['skipped'] !== undefined) c.skipped = typeof testcase['skipped'] === 'object' ? { message: String((testcase['skipped'] as Node)['message'] ?? '') } : {};
      if (testcase['system-out'] !== undefined) c.systemOut = textOf(testcase['system-out']);
      return c;
    }),
  }));
  return { attributes: attributesOf(root), suites };
}

/** What the cases hold, counted as a CI reader counts them. */
export function countCases(cases: readonly JunitCase[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failure !== undefined).length,
    errors: cases.filter((c) => c.error !== undefined).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
  };
}

/** The declared counts of the root and every suite equal the cases there; returns the root's. */
export function checkCounts(file: JunitFile): { tests: number; failures: number; errors: number; skipped: number } {
  for (const suite of file.suites) {
    const counted = countCases(suite.cases);
    for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) {
      if (Number(suite.attributes[key]) !== counted[key]) throw new Error(`suite ${suite.attributes['name']}: ${key}="${suite.attributes[key]}" but ${counted[key]} counted`);
    }
  }
  const all = countCases(file.suites.flatMap((s) => s.cases));
  for (const key of ['tests', 'failures', 'errors', 'skipped'] as const) {
    if (Number(file.attributes[key]) !== all[key]) throw new Error(`root: ${key}="${file.attributes[key]}" but ${all[key]} counted`);
  }
  return all;
}

export const ROOT_ATTRIBUTES = ['errors', 'failures', 'name', 'skipped', 'tests', 'time'];
