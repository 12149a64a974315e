/**
 * The HTML reports opened from disk in real headless Chromium (Debian's package, driven by playwright-core;
 * no browser is downloaded). Run by `npm run test:browser`, which `.ci/run` calls after installing chromium;
 * `npm test` leaves this file out (vitest.config.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderClient } from '../../src/report/client/index.js';
import { renderConformance } from '../../src/report/conformance/index.js';
import { renderReport } from '../../src/report/index.js';
import { clientSample, conformanceSample, preflightSample } from './html-samples.js';

const CHROMIUM = '/usr/bin/chromium';
const REPORTS = join(import.meta.dirname, '../../reports');

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'aep-html-'));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is absent: this spec needs Debian's chromium, which .ci/run installs (apt-get install -y chromium)`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    // playwright-core starts every launch on a new empty profile directory of its own (it refuses --user-data-dir here).
  ,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(name: string, html: string, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: opts.javaScriptEnabled ?? true });
  // Offline: any request that is not the file itself fails the spec.
  const external: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  expect(external).toEqual([]);
  return page;
}

/** The summary table's "all" row, as numbers. */
async function totalsRow(page: Page): Promise<number[]> {
  const cells = await page.locator('#summary-table tbody tr:last-child td.n').allTextContents();
  return cells.map(Number);
}

async function diagramsRender(page: Page) {
  for (const name of ['batch', 'campaign']) {
    const svg = page.locator(`svg[data-lifecycle="${name}"]`);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
    const states = svg.locator('g.state rect');
    expect(await states.count()).toBeGreaterThan(3);
    const first = await states.first().boundingBox();
    expect(first!.width * first!.height).toBeGreaterThan(0);
    expect(await svg.locator('g.edge path').count()).toBeGreaterThan(2);
  }
}

describe('HTML reports in Chromium', () => {
  it('conformance: counts match the model, diagrams render, a failing behaviour expands, filters hide; screenshot', async () => {
    const report = conformanceSample();
    const page = await open('conformance', renderConformance('html', report, { color: false }));
    expect(await totalsRow(page)).toEqual([report.totals.pass, report.totals.fail, report.totals.notExercised, report.totals.behaviours]);
    await diagramsRender(page);
    expect(await page.locator('svg[data-lifecycle="batch"] g.edge[data-mark="failed"]').count()).toBeGreaterThan(0);
    expect(await page.locator('svg[data-lifecycle="campaign"] g.edge[data-mark="covered"]').count()).toBe(3);

    const failing = page.locator('details[data-behaviour="streaming.batch.body-shape"]');
    const repro = failing.locator('pre.repro');
    expect(await repro.isVisible()).toBe(false);
    await failing.locator('summary').click();
    expect(await repro.isVisible()).toBe(true);
    expect(await repro.textContent()).toContain('aep-harness replay fixtures/docs/streaming/multi.yaml');
    // Run text is shown as text: the markup in the answer never became elements.
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await failing.textContent()).toContain('<script>alert(2)</script>');

    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: join(REPORTS, 'html-report.png'), fullPage: true });
    await page.locator('#lifecycles').screenshot({ path: join(REPORTS, 'html-report-lifecycles.png') });

    const items = page.locator('[data-behaviour]');
    const visible = async () => (await items.evaluateAll((els) => els.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null).length));
    expect(await visible()).toBe(report.behaviours.length);
    await page.locator('#filters input[name="status"][value="not-exercised"]').uncheck();
    expect(await visible()).toBe(report.totals.pass + report.totals.fail);
    await page.locator('#filters input[name="api"][value="streaming"]').uncheck();
    const nonStreaming = report.behaviours.filter((b) => b.api !== 'streaming' && b.status !== 'not-exercised').length;
    expect(await visible()).toBe(nonStreaming);
  });

  it('pre-flight: the severity counts match the model, every finding shows, the severity filter hides', async () => {
    const report = await preflightSample();
    const page = await open('preflight', renderReport('html', report));
    const s = report.summary.findings;
    expect(await totalsRow(page)).toEqual([s.error, s.warn, s.info, s.error + s.warn + s.info]);
    const findings = page.locator('.finding');
    expect(await findings.count()).toBe(report.files.flatMap((f) => f.findings).length);
    await page.locator('#filters input[name="status"][value="error"]').uncheck();
    const shown = await findings.evaluateAll((els) => els.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null).length);
    expect(shown).toBe(report.files.flatMap((f) => f.findings).filter((f) => f.severity !== 'error').length);
    await page.screenshot({ path: join(REPORTS, 'html-report-preflight.png'), fullPage: true });
  });

  it('check-client: counts, diagrams, a failing scenario expands with its check-client line; readable with JS off', async () => {
    const report = clientSample();
    const html = renderClient('html', report, { color: false });
    const page = await open('client', html);
    expect(await totalsRow(page)).toEqual([report.totals.pass, report.totals.fail, report.totals.notExercised, report.totals.scenarios]);
    expect((await page.locator('#severity-table td.n').allTextContents()).map(Number)).toEqual([1, 1, 0]);
    await diagramsRender(page);
    const failing = page.locator('details[data-scenario="streaming.retry-503"]');
    await failing.locator('summary').click();
    expect(await failing.locator('pre.repro').textContent()).toBe("aep-harness check-client --scenario streaming.retry-503 -- node 'my client.mjs'");
    await page.locator('#filters input[name="status"][value="fail"]').uncheck();
    expect(await failing.isVisible()).toBe(false);

    const noJs = await open('client-nojs', html, { javaScriptEnabled: false });
    expect(await noJs.locator('#filters').isVisible()).toBe(false);
    expect(await noJs.locator('[data-scenario]').evaluateAll((els) => els.filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null).length)).toBe(3);
  });
});
