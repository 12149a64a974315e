/** The HTML report of a `check-client` run: one self-contained page. */
import type { ClientFinding, ClientReport, ScenarioResult } from '../client/model.js';
import { redactClientReport } from '../client/common.js';
import { docLink, escapeHtml, token } from './escape.js';
import { batchGraph, campaignGraph, lifecycleSection, marksFrom } from './lifecycle.js';
import { badge, filterBar, page, table } from './page.js';

const STATUSES = ['pass', 'fail', 'not-exercised'] as const;

/** A scenario's API: the first word of its name (`streaming.happy` → `streaming`). */
export const scenarioApi = (s: { name: string }): string => s.name.split('.')[0] ?? s.name;

/** Shell quoting for the reproduction line: a word with anything but safe characters goes in single quotes. */
const quote = (w: string): string => (/^[A-Za-z0-9_./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

export function clientReproduction(report: ClientReport, scenario: string): string {
  return `aep-harness check-client --scenario ${quote(scenario)} -- ${report.run.command.map(quote).join(' ')}`;
}

function findingHtml(f: ClientFinding): string {
  const ex = f.exchanges.length > 0 ? ` <span class="muted">exchanges ${f.exchanges.map((i) => `#${i}`).join(', ')}</span>` : '';
  return `<div class="item finding ${token(f.severity)}">${badge(f.severity)} <span class="id">${escapeHtml(f.ruleId)}</span> ${escapeHtml(f.message)}${ex}<br>${docLink(f.docs)}</div>`;
}

function scenarioHtml(report: ClientReport, s: ScenarioResult): string {
  const head = `${badge(s.status)} <span class="id">${escapeHtml(s.name)}</span> ${escapeHtml(s.title)} <span class="muted">${s.exchanges.length} exchanges, ${s.findings.length} findings</span>`;
  const attrs = `class="item scenario ${token(s.status)}" data-api="${escapeHtml(token(scenarioApi(s)))}" data-status="${escapeHtml(token(s.status))}" data-scenario="${escapeHtml(s.name)}"`;
  const exchanges = table(
    ['#', 'at ms', 'request', 'status', 'call', 'fault'],
    s.exchanges.map((e) => [e.index, e.atMs, escapeHtml(`${e.method} ${e.path}`), e.status, escapeHtml(e.call), escapeHtml(e.fault ?? '')]),
  );
  const inner =
    `<p>${escapeHtml(s.description)}</p>` +
    (s.notExercised !== undefined ? `<p><strong>Not exercised:</strong> ${escapeHtml(s.notExercised)}</p>` : '') +
    s.findings.map(findingHtml).join('') +
    `<p><strong>Reproduce</strong></p><pre class="repro">${escapeHtml(clientReproduction(report, s.name))}</pre>` +
    `<p class="muted">Command: exit ${escapeHtml(String(s.command.exitCode))}${s.command.timedOut ? ', timed out' : ''}, ${s.command.durationMs} ms</p>` +
    (s.command.outputTail.length > 0 ? `<pre>${escapeHtml(s.command.outputTail.join('\n'))}</pre>` : '') +
    exchanges;
  if (s.status === 'pass') return `<div ${attrs}>${head}</div>`;
  return `<details ${attrs}><summary>${head}</summary>${inner}</details>`;
}

export function renderClientHtml(input: ClientReport): string {
  const report = redactClientReport(input);
  const apis = [...new Set(report.scenarios.map(scenarioApi))];
  const perApi = apis.map((api) => {
    const list = report.scenarios.filter((s) => scenarioApi(s) === api);
    const n = (st: string) => list.filter((s) => s.status === st).length;
    return [escapeHtml(api), n('pass'), n('fail'), n('not-exercised'), list.length];
  });
  const t = report.totals;
  const summary =
    `<section id="summary"><h2>Summary</h2>` +
    table(['API', 'pass', 'fail', 'not exercised', 'scenarios'], [...perApi, ['<strong>all</strong>', t.pass, t.fail, t.notExercised, t.scenarios]], ' id="summary-table"') +
    table(['severity', 'findings'], (['error', 'warn', 'info'] as const).map((s) => [badge(s), t.findings[s]]), ' id="severity-table"') +
    `<p>${t.exchanges} exchanges recorded.</p></section>`;
  const batch = batchGraph(report.run.profile);
  const campaign = campaignGraph();
  const diagrams = lifecycleSection(
    [
      { graph: batch, marks: marksFrom(batch, report.scenarios, (s, e) => scenarioApi(s) === 'batch' && e.event === 'complete', (s) => s.status) },
      { graph: campaign, marks: marksFrom(campaign, report.scenarios, (s) => scenarioApi(s) === 'campaign', (s) => s.status) },
    ],
    "Marked per scenario: a batch scenario drives the client's part of the batch life cycle (create, upload, COMPLETE), a Campaign scenario follows a request to its end; the report keeps no per-transition data.",
  );
  const body = summary + diagrams + `<section id="scenarios"><h2>Scenarios</h2>${filterBar({ apis, statuses: STATUSES })}${report.scenarios.map((s) => scenarioHtml(report, s)).join('')}</section>`;
  const r = report.run;
  const subtitle = `check-client -- ${r.command.join(' ')} · world ${r.world}, profile ${r.profile}, ${r.startedAt}, ${r.durationMs} ms · ${report.tool.name} ${report.tool.version}`;
  return page({ title: 'Client report: check-client', subtitle, body });
}
