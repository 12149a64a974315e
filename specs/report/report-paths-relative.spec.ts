/**
 * Reports name files relative to the working directory: a file given by its absolute path under `cwd` is
 * shown as its relative path in JUnit (suite name, classname, failure body) and Markdown, and a fixture
 * file in the conformance formats; a file outside `cwd` keeps its path.
 */
import { describe, expect, it } from 'vitest';
import { renderConformanceJunit } from '../../src/report/conformance/junit.js';
import { renderConformanceMarkdown } from '../../src/report/conformance/markdown.js';
import { buildConformanceReport } from '../../src/report/conformance/model.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { shownPath } from '../../src/report/paths.js';
import { RULES, sampleReport } from '../unit/report/fixture.js';
import { readJunit } from './junit-reader.js';

const CWD = '/home/user/project';

function absoluteReport() {
  const report = sampleReport();
  for (const file of report.files) {
    file.file = `${CWD}/${file.file}`;
    for (const finding of file.findings) finding.file = `${CWD}/${finding.file}`;
  }
  return report;
}

describe('files relative to the working directory', () => {
  it('shownPath', () => {
    expect(shownPath(`${CWD}/a/b.json`, CWD)).toBe('a/b.json');
    expect(shownPath(`${CWD}/a/b.json`, `${CWD}/`)).toBe('a/b.json');
    expect(shownPath('./a/b.json', CWD)).toBe('a/b.json');
    expect(shownPath('/elsewhere/b.json', CWD)).toBe('/elsewhere/b.json');
    expect(shownPath(`${CWD}-other/b.json`, CWD)).toBe(`${CWD}-other/b.json`);
    expect(shownPath('C:\\work\\p\\a.json', 'C:\\work\\p')).toBe('a.json');
  });

  it('JUnit: suites, classnames and failure bodies', () => {
    const xml = renderJunit(absoluteReport(), { rules: RULES, color: false, cwd: CWD });
    expect(xml).not.toContain(CWD);
    const file = readJunit(xml);
    expect(file.suites.map((s) => s.attributes['name'])).toEqual(['payloads/broken.json', 'payloads/request.json']);
    const failure = file.suites.flatMap((s) => s.cases).find((c) => c.failure !== undefined);
    expect(failure?.classname).toBe('payloads/request.json');
    expect(failure?.failure?.text.startsWith('payloads/request.json:21:5')).toBe(true);
  });

  it('Markdown', () => {
    const markdown = renderMarkdown(absoluteReport(), { rules: RULES, color: false, cwd: CWD });
    expect(markdown).not.toContain(CWD);
    expect(markdown).toContain('`payloads/request.json:21:5`');
  });

  it('conformance JUnit and Markdown name the fixture file relative to it', () => {
    const report = buildConformanceReport(
      { command: 'record', target: 'upstream', profile: 'docs', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 10 },
      [{ behaviour: 'streaming.batch.status-207', ok: false, subject: 'POST /x', origin: { kind: 'fixture', fixture: 'recorded', file: `${CWD}/fixtures/recorded`, step: 0 }, expected: '207', actual: '500' }],
      { version: '0.1.0' },
    );
    for (const out of [renderConformanceJunit(report, { cwd: CWD }), renderConformanceMarkdown(report, { cwd: CWD })]) {
      expect(out).not.toContain(CWD);
      expect(out).toContain('fixtures/recorded');
    }
  });
});
