import { describe, expect, it } from 'vitest';
import { FORMAT_EXTENSIONS, FORMAT_NAMES, FORMATS, isFormatName, renderReport } from '../../../src/report/index.js';
import { RULES, sampleReport } from './fixture.js';

describe('format registry', () => {
  it('has text, json, sarif, junit, markdown, html, github and ndjson, each with a file extension', () => {
    expect(FORMAT_NAMES).toEqual(['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'github', 'ndjson']);
    expect(Object.keys(FORMAT_EXTENSIONS).sort()).toEqual([...FORMAT_NAMES].sort());
  });

  it('tells a format name from anything else, own keys only', () => {
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('markdown')).toBe(true);
    expect(isFormatName('yaml')).toBe(false);
    expect(isFormatName('toString')).toBe(false);
  });

  it('renders through the named format', () => {
    const ctx = { rules: RULES, color: false };
    for (const name of FORMAT_NAMES) {
      expect(renderReport(name, sampleReport(), ctx)).toBe(FORMATS[name](sampleReport(), ctx));
    }
  });

  it('renders the same bytes twice and does not change the report', () => {
    const report = sampleReport();
    const ctx = { rules: RULES, color: true, cwd: '/work/project' };
    for (const name of FORMAT_NAMES) expect(renderReport(name, report, ctx)).toBe(renderReport(name, report, ctx));
    expect(report).toEqual(sampleReport());
  });
});
