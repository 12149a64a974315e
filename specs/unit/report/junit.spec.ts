import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, renderJunit } from '../../../src/report/junit.js';
import { BEARER, JWT, RULES, reportWithSecrets, sampleReport } from './fixture.js';
import { parseWellFormedXml, type XmlElement } from './xml-well-formed.js';

const ctx = { rules: RULES, color: false };

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((each) => each.name === name);
}

function suiteFor(root: XmlElement, file: string): XmlElement {
  const suite = root.children.find((each) => each.attributes['name'] === file);
  if (suite === undefined) throw new Error(`no testsuite for ${file}`);
  return suite;
}

describe('junit format: JUnit XML for CI test reporters', () => {
  it('is well-formed XML with a declaration and a <testsuites> root', () => {
    const output = renderJunit(sampleReport(), ctx);
    expect(output.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const root = parseWellFormedXml(output);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toEqual({ name: 'aep-harness preflight', tests: '5', failures: '1', errors: '1', skipped: '0', time: '0.000' });
  });

  it('has one testsuite per input file whose counts add up', () => {
    const root = parseWellFormedXml(renderJunit(sampleReport(), ctx));
    expect(root.children.map((suite) => suite.attributes['name'])).toEqual(['payloads/broken.json', 'payloads/request.json']);
    for (const suite of root.children) {
      const cases = suite.children.filter((each) => each.name === 'testcase');
      expect(Number(suite.attributes['tests'])).toBe(cases.length);
      expect(Number(suite.attributes['failures'])).toBe(cases.filter((each) => child(each, 'failure')).length);
      expect(Number(suite.attributes['errors'])).toBe(cases.filter((each) => child(each, 'error')).length);
    }
  });

  it('makes an error finding a failing testcase named after its rule and pointer', () => {
    const suite = suiteFor(parseWellFormedXml(renderJunit(sampleReport(), ctx)), 'payloads/request.json');
    const testcase = suite.children.find((each) => each.attributes['name'] === 'streaming/message-body-missing at /messages/1');
    expect(testcase?.attributes['classname']).toBe('payloads/request.json');
    const failure = child(testcase, 'failure');
    expect(failure?.attributes['type']).toBe('streaming/message-body-missing');
    expect(failure?.attributes['message']).toBe(
      'Message has a header but no body: the platform answers 400 "Message has unknown xdm format"',
    );
    expect(failure?.text.split('\n')[0]).toBe('payloads/request.json:21:5');
  });

  it('makes a warning (below the default --fail-on error) a passing testcase that says it in system-out, as an info finding', () => {
    const suite = suiteFor(parseWellFormedXml(renderJunit(sampleReport(), ctx)), 'payloads/request.json');
    const warning = suite.children.find((each) => each.attributes['name']?.startsWith('streaming/timestamp-format'));
    expect(child(warning, 'failure')).toBeUndefined();
    expect(child(warning, 'system-out')?.text).toMatch(/^warning payloads\/request\.json:52:24 \[message 2\] /);
    const info = suite.children.find((each) => each.attributes['name']?.startsWith('streaming/recommended-record-size'));
    expect(child(info, 'failure')).toBeUndefined();
    expect(child(info, 'system-out')?.text).toMatch(/^info payloads\/request\.json:/);
  });

  it('adds a passing predicted-answer testcase per file', () => {
    const suite = suiteFor(parseWellFormedXml(renderJunit(sampleReport(), ctx)), 'payloads/request.json');
    const predicted = suite.children.find((each) => each.attributes['name'] === 'predicted answer');
    expect(predicted?.children.map((each) => each.name)).toEqual(['system-out']);
    expect(child(predicted, 'system-out')?.text.split('\n')[0]).toBe(
      'predicted: 207 Multi-Status — 2 accepted (1 of them to the error batch), 1 rejected',
    );
  });

  it('makes an unreadable input an <error>', () => {
    const suite = suiteFor(parseWellFormedXml(renderJunit(sampleReport(), ctx)), 'payloads/broken.json');
    const error = child(suite.children[0], 'error');
    expect(error?.attributes['type']).toBe('input-error');
    expect(error?.text).toBe('payloads/broken.json:3:5: Unexpected token "}" where a value was expected');
  });

  it('escapes markup characters and drops characters XML 1.0 cannot hold', () => {
    const report = sampleReport();
    const finding = report.files[0]!.findings[2]!;
    finding.message = `a <b> & "c" 'd' \u0000\u0008\u000b\uffff end\nnext`;
    finding.pointer = '/messages/1/body/<&">';
    const output = renderJunit(report, ctx);
    expect(output).toContain('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;  end&#10;next');
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are what is looked for
    expect(output).not.toMatch(/[\u0000-\u0008\u000b\uffff]/);
    const suite = suiteFor(parseWellFormedXml(output), 'payloads/request.json');
    const failure = suite.children.flatMap((each) => each.children).find((each) => each.name === 'failure');
    expect(failure?.attributes['message']).toBe(`a <b> & "c" 'd'  end\nnext`);
    expect(suite.children.some((each) => each.attributes['name'] === 'streaming/message-body-missing at /messages/1/body/<&">')).toBe(true);
  });

  it('escape functions cover the five markup characters', () => {
    expect(escapeXmlText(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
    expect(escapeXmlAttribute('a\tb\r\nc')).toBe('a&#9;b&#13;&#10;c');
    expect(escapeXmlText('😀 kept')).toBe('😀 kept');
    expect(escapeXmlText('lone \ud800 surrogate')).toBe('lone  surrogate');
  });

  it('fails a findings-not-shown testcase when errors were cut by --max-findings', () => {
    const report = sampleReport();
    report.files[0]!.findingsDropped = 40;
    report.summary.findings.error = 41;
    const suite = suiteFor(parseWellFormedXml(renderJunit(report, ctx)), 'payloads/request.json');
    const dropped = suite.children.find((each) => each.attributes['name'] === 'findings not shown');
    expect(child(dropped, 'failure')?.attributes['message']).toBe('… and 40 more findings not shown; raise --max-findings');
    report.summary.findings.error = 1;
    report.summary.findings.info = 41;
    const onlyInfo = suiteFor(parseWellFormedXml(renderJunit(report, ctx)), 'payloads/request.json');
    expect(child(onlyInfo.children.find((each) => each.attributes['name'] === 'findings not shown'), 'failure')).toBeUndefined();
  });

  it('never contains a secret quoted in a finding', () => {
    const output = renderJunit(reportWithSecrets(), ctx);
    expect(output).not.toContain(BEARER);
    expect(output).not.toContain(JWT);
    expect(output).toContain('Bearer [REDACTED]');
  });
});

describe('the well-formedness check itself', () => {
  it('rejects what is not well-formed', () => {
    for (const xml of ['<a><b></a></b>', '<a>x & y</a>', '<a b="<"/>', '<a b="1" b="2"/>', '<a/><b/>', '<a>', '<a>\u0001</a>', '<a b=1/>']) {
      expect(() => parseWellFormedXml(xml), xml).toThrow();
    }
    expect(parseWellFormedXml('<a b="&#10;&amp;">t&lt;<c/></a>')).toEqual({
      name: 'a',
      attributes: { b: '\n&' },
      children: [{ name: 'c', attributes: {}, children: [], text: '' }],
      text: 't<',
    });
  });
});
