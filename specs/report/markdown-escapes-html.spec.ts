/**
 * Markdown escapes HTML in every text from a run: a placeholder such as `<batchId>` shows as written, and
 * a target's HTML error page with a `<script>` never renders. Answer bodies go in fenced blocks, trimmed
 * with a note of what was cut, behind a fence longer than any backtick run inside. Rendered by markdown-it
 * with raw HTML allowed (as a pull-request comment is): the output holds no element Markdown did not make.
 */
import { describe, expect, it } from 'vitest';
import { renderConformanceMarkdown } from '../../src/report/conformance/markdown.js';
import { buildConformanceReport } from '../../src/report/conformance/model.js';
import { renderMarkdown as renderPreflightMarkdown } from '../../src/report/markdown.js';
import { bodyBlock, codeBlock, escapeMarkdown, trimBody } from '../../src/report/markdown-text.js';
import { RULES, sampleReport } from '../unit/report/fixture.js';
import { codeBlocksIn, elementsIn, rawElements, renderMarkdown } from './markdown-render.js';

const HTML_PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>502 Bad Gateway</title></head>',
  '<body><h1>Bad Gateway</h1><script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>',
  ...Array.from({ length: 80 }, (_, i) => `<p>padding line ${i} with a \`\`\`\` fence and ${'x'.repeat(40)}</p>`),
  '</body></html>',
].join('\n');

function conformanceReport() {
  return buildConformanceReport(
    { command: 'replay', target: 'https://gw.example/<target>', profile: 'docs', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 1000, fixtures: 1 },
    [
      {
        behaviour: 'streaming.batch.status-207',
        ok: false,
        subject: 'POST /collection/batch/<inletId> with 2 messages <b>bold</b>',
        origin: { kind: 'fixture', fixture: 'streaming/<fixture>', file: 'fixtures/a.yaml', step: 0, stepName: 'send <two>' },
        expected: '207 with xactionId <batchId>-0',
        actual: `502 ${HTML_PAGE}`,
      },
      {
        behaviour: 'streaming.batch.one-entry-per-message',
        ok: false,
        subject: 'POST /collection/batch/x',
        origin: { kind: 'generated', property: 'streaming.mutated-requests', seed: 7, path: '1' },
        expected: '2 entries',
        actual: '1 entry',
        counterexample: `{"messages": ["<script>alert(1)</script>", "\`\`\`\`\`"]}`,
      },
    ],
    { version: '0.1.0' },
  );
}

function preflightReport() {
  const report = sampleReport();
  const finding = report.files[0]!.findings[0]!;
  finding.message = 'xactionId is <batchId>-0 and <script>alert(1)</script> & <img src=x onerror=alert(1)>';
  return report;
}

describe('Markdown escapes HTML in every text from a run', () => {
  for (const [name, render] of [
    ['preflight', () => renderPreflightMarkdown(preflightReport(), { rules: RULES, color: false })],
    ['check-trace', () => renderPreflightMarkdown(preflightReport(), { rules: RULES, color: false, command: 'check-trace' })],
    ['replay / verify / record', () => renderConformanceMarkdown(conformanceReport())],
  ] as const) {
    it(`${name}: no raw HTML element once rendered, and placeholders show as written`, () => {
      const markdown = render();
      const html = renderMarkdown(markdown);
      expect(rawElements(html)).toEqual([]);
      expect(html).not.toMatch(/<(script|img|iframe|b)\b/i);
      // The placeholder is shown as text: escaped in the HTML, so a browser shows `<batchId>`.
      expect(html).toContain('&lt;batchId&gt;');
    });
  }

  it('a target\'s HTML error page is in a fenced block, trimmed, with what was cut', () => {
    const markdown = renderConformanceMarkdown(conformanceReport());
    const html = renderMarkdown(markdown);
    const blocks = codeBlocksIn(html);
    const page = blocks.find((b) => b.includes('502 Bad Gateway'));
    expect(page).toBeDefined();
    expect(page).toContain('<script>alert(document.cookie)</script>');
    expect(page!.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
    expect(markdown).toMatch(/_\d+ lines, \d+ bytes cut \(\d+ bytes in all\)_/);
    // The counterexample's five backticks do not close its fence.
    expect(blocks.some((b) => b.includes('`````'))).toBe(true);
  });
});

describe('the shared Markdown text helpers', () => {
  it('escapeMarkdown makes markup and Markdown syntax plain text', () => {
    const html = renderMarkdown(escapeMarkdown('<b>x</b> *y* _z_ [l](http://e) `c` | #12 &amp;'));
    expect(elementsIn(html)).toEqual(['p', 'code']);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<em>');
    expect(html).not.toContain('<a ');
    expect(html).toContain('&amp;amp;');
  });

  it('codeBlock uses a fence longer than any backtick run inside', () => {
    const block = codeBlock(['a ``` b', 'c ``````` d']);
    expect(block.startsWith('````````text\n')).toBe(true);
    expect(codeBlocksIn(renderMarkdown(block))).toEqual(['a ``` b\nc ``````` d\n']);
  });

  it('trimBody says how many lines and bytes were cut, and cuts nothing that fits', () => {
    expect(trimBody('one\ntwo')).toEqual({ lines: ['one', 'two'], note: '' });
    const { lines, note } = trimBody(Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n'), { lines: 3, bytes: 1000 });
    expect(lines).toEqual(['line 0', 'line 1', 'line 2']);
    expect(note).toBe('7 lines, 49 bytes cut (69 bytes in all)');
    const long = trimBody('é'.repeat(10), { lines: 5, bytes: 5 });
    expect(long.lines).toEqual(['éé']);
    expect(long.note).toBe('16 bytes cut (20 bytes in all)');
    expect(bodyBlock('x'.repeat(10), 'text', { lines: 5, bytes: 4 }).at(-1)).toBe('_6 bytes cut (10 bytes in all)_');
  });
});
