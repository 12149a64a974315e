import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { renderConformance } from '../../src/report/conformance/index.js';
import { renderClient } from '../../src/report/client/index.js';
import { escapeHtml, safeUrl } from '../../src/report/html/escape.js';
import { batchGraph, layout } from '../../src/report/html/lifecycle.js';
import { BATCH_TRANSITIONS } from '../../src/contract/batch.js';
import { clientSample, conformanceSample, JWT, preflightSample } from './html-samples.js';

/** Every src/href address of a page that is not a documentation link (an anchor with class "doc"). */
function externalRefs(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(/<([a-z]+)([^>]*?)\s(src|href)="([^"]*)"/gi)) {
    const [, tag, attrs, , url] = m;
    if (tag === 'a' && /class="doc"/.test(attrs!)) continue;
    refs.push(url!);
  }
  return refs.concat([...html.matchAll(/url\((?!#)[^)]*\)/g)].map((m) => m[0]));
}

function checkPage(html: string) {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(externalRefs(html)).toEqual([]);
  expect(html).not.toMatch(/<link\b|@import|@font-face/);
  expect(html).not.toContain('<script>alert');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  expect(html).not.toContain(JWT);
  expect(html).toContain('[REDACTED]');
  expect(html.match(/<script>/g)).toHaveLength(1);
}

describe('HTML report', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('https://experienceleague.adobe.com/x')).toBe('https://experienceleague.adobe.com/x');
  });

  it('lays the batch life cycle out deterministically, one place per status', () => {
    const graph = batchGraph('docs');
    const a = layout(graph);
    const b = layout(graph);
    expect([...a.placed.values()]).toEqual([...b.placed.values()]);
    for (const t of BATCH_TRANSITIONS) expect(a.placed.has(t.from) && a.placed.has(t.to)).toBe(true);
    const spots = new Set([...a.placed.values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(a.placed.size);
  });

  it('pre-flight: self-contained, escaped, redacted, every finding with file:line:column and rule', async () => {
    const report = await preflightSample();
    const html = renderReport('html', report);
    checkPage(html);
    const findings = report.files.flatMap((f) => f.findings);
    expect(html.match(/class="item finding /g)).toHaveLength(findings.length);
    for (const f of findings) {
      expect(html).toContain(escapeHtml(`${f.file}:${f.line}:${f.column}`));
      expect(html).toContain(`data-rule="${f.ruleId}"`);
    }
  });

  it('check-trace pages draw the life cycles', async () => {
    const html = renderReport('html', await preflightSample(), { command: 'check-trace' });
    expect(html).toContain('data-lifecycle="batch"');
    expect(html).toContain('data-lifecycle="campaign"');
  });

  it('conformance: one item per behaviour, failures with their reproduction, life-cycle edges marked', () => {
    const report = conformanceSample();
    const html = renderConformance('html', report, { color: false });
    checkPage(html);
    expect(html.match(/data-behaviour="/g)).toHaveLength(report.behaviours.length);
    expect(html).toContain('aep-harness verify --property batch.life-cycle --seed 42 --path 3:1');
    expect(html).toContain('aep-harness replay fixtures/docs/streaming/multi.yaml   # step 2 &quot;send two&quot;');
    expect(html).toContain('data-edge="loading-&gt;loaded:complete" data-mark="failed"');
    expect(html).toMatch(/data-edge="In Progress-&gt;Success:succeed" data-mark="covered"/);
    expect(html).toMatch(/<details class="item behaviour fail"[^>]*data-behaviour="streaming.batch.body-shape"/);
  });

  it('check-client: every scenario and finding, the check-client line to reproduce it', () => {
    const report = clientSample();
    const html = renderClient('html', report, { color: false });
    checkPage(html);
    expect(html.match(/data-scenario="/g)).toHaveLength(3);
    expect(html.match(/class="item finding /g)).toHaveLength(2);
    expect(html).toContain("aep-harness check-client --scenario streaming.retry-503 -- node &#39;my client.mjs&#39;");
    expect(html).toContain('Authorization: [REDACTED]');
  });
});
