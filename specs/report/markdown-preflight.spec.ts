/**
 * `preflight --format markdown` (and check-trace's): a summary (files, predicted answers, findings per
 * severity), a table of findings per file (location, severity, rule, message), the predicted answer with
 * the documented text of every rejected message. Read through markdown-it's tokens, as a renderer does.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { FORMAT_EXTENSIONS, renderReport } from '../../src/report/index.js';
import { RULES, UNKNOWN_XDM, sampleReport } from '../unit/report/fixture.js';
import { runCli } from '../cli/run-cli.js';
import { codeBlocksIn, rawElements, renderMarkdown } from './markdown-render.js';

const ROOT = join(import.meta.dirname, '../..');
const md = new MarkdownIt();

/** Each table's rows as the text of their cells (header row first). */
function tables(markdown: string): string[][][] {
  const out: string[][][] = [];
  let table: string[][] | null = null;
  let row: string[] | null = null;
  for (const token of md.parse(markdown, {})) {
    if (token.type === 'table_open') table = [];
    else if (token.type === 'table_close' && table) {
      out.push(table);
      table = null;
    }
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row && table) {
      table.push(row);
      row = null;
    }
    else if (token.type === 'inline' && row) row.push((token.children ?? []).map((c) => c.content).join(''));
  }
  return out;
}

describe('preflight Markdown', () => {
  const markdown = renderReport('markdown', sampleReport(), { rules: RULES });

  it('is a registered format written as .md', () => {
    expect(FORMAT_EXTENSIONS.markdown).toBe('md');
  });

  it('opens with a summary: files, predicted answers, findings per severity', () => {
    expect(markdown.startsWith('## aep-harness preflight\n')).toBe(true);
    expect(markdown).toContain('**2 files · 1 predicted answer · 1 error, 1 warning, 1 info · 1 input could not be read**');
    const [severities] = tables(markdown);
    expect(severities).toEqual([
      ['severity', 'findings'],
      ['❌ error', '1'],
      ['⚠️ warning', '1'],
      ['ℹ️ info', '1'],
    ]);
  });

  it('has a table of findings per file: location, severity, rule, message', () => {
    const findings = tables(markdown)[1]!;
    expect(findings[0]).toEqual(['location', 'severity', 'rule', 'message']);
    expect(findings).toHaveLength(4);
    const error = findings.find((row) => row[2] === 'streaming/message-body-missing')!;
    expect(error[0]).toBe('payloads/request.json:21:5');
    expect(error[1]).toBe('❌ error');
    expect(error[3]).toContain('[message 1] Message has a header but no body');
  });

  it('shows the predicted answer and each rejected message with its documented text', () => {
    expect(markdown).toContain('**Predicted answer:** 207 Multi-Status — 2 accepted (1 of them to the error batch), 1 rejected');
    const blocks = codeBlocksIn(renderMarkdown(markdown));
    expect(blocks).toContain(`message 1: 400 ${UNKNOWN_XDM}\n`);
  });

  it('says when a file could not be read, and holds no raw HTML', () => {
    expect(markdown).toContain('### `payloads/broken.json`');
    expect(markdown).toMatch(/\*\*Could not be read\*\* at line 3, column 5: /);
    expect(rawElements(renderMarkdown(markdown))).toEqual([]);
  });
});

describe('the commands', () => {
  it('preflight --format markdown names files relative to the working directory', async () => {
    const run = await runCli(['preflight', join(ROOT, 'fixtures/payloads/web-events-mixed.json'), '--no-config', '--format', 'markdown'], { cwd: ROOT });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('### `fixtures/payloads/web-events-mixed.json`');
    expect(run.stdout).not.toContain(ROOT);
    expect(run.stdout).toContain('with the documented text of each 400 entry');
  });

  it('check-trace --format markdown is titled after check-trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'md-trace-'));
    const run = await runCli(['check-trace', join(ROOT, 'fixtures/traces/batch-and-campaign.har'), '--no-config', '--format', 'markdown', '--out-dir', dir], { cwd: ROOT });
    expect(run.code).toBe(0);
    const text = await readFile(join(dir, 'check-trace.md'), 'utf8');
    expect(text.startsWith('## aep-harness check-trace\n')).toBe(true);
    expect(text).toContain('### `fixtures/traces/batch-and-campaign.har`');
    expect(text).toContain('No findings.');
  });
});
