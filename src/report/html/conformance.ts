/** The HTML report of a conformance run (`replay`, `verify`, `record`): one self-contained page. */
import type { BehaviourApi } from '../../contract/behaviours.js';
import { redactDeep } from '../redact.js';
import type { BehaviourResult, ConformanceCheck, ConformanceReport } from '../conformance/model.js';
import { docLink, escapeHtml, token } from './escape.js';
import { batchGraph, campaignGraph, lifecycleSection, marksFrom, type Edge } from './lifecycle.js';
import { badge, filterBar, page, table } from './page.js';

const STATUSES = ['pass', 'fail', 'not-exercised'] as const;

/** The edges of the batch and Campaign life cycles a behaviour stands for (per behaviour: the model has no per-transition data). */
export function behaviourCovers(id: string, e: Edge): boolean {
  switch (id) {
    case 'batch.status.legal-transitions':
    case 'campaign.status.read':
      return true;
    case 'batch.complete':
    case 'batch.complete.idempotent':
    case 'batch.status.loading-until-complete':
      return e.event === 'complete';
    case 'batch.abort':
      return e.event === 'abort';
    case 'batch.revert':
      return e.event === 'revert';
    case 'batch.processing.outcome':
      return ['promote-step', 'validation-passed', 'validation-failed', 'retry', 'stall'].includes(e.event);
    case 'campaign.status.num-records-on-success-only':
      return e.event === 'succeed';
    default:
      return false;
  }
}

/** The command line (or fixture step) that reproduces a failing check. */
export function reproduction(check: ConformanceCheck): string {
  const o = check.origin;
  if (o.kind === 'fixture') return `aep-harness replay ${o.file}   # step ${o.step + 1}${o.stepName ? ` "${o.stepName}"` : ''} of fixture ${o.fixture}`;
  return `aep-harness verify --property ${o.property} --seed ${o.seed}${o.path !== undefined ? ` --path ${o.path}` : ''}`;
}

function failureHtml(check: ConformanceCheck): string {
  const rows: string[] = [`<p>${escapeHtml(check.subject)}</p>`];
  if (check.expected !== undefined) rows.push(`<p><strong>Expected</strong></p><pre>${escapeHtml(check.expected)}</pre>`);
  if (check.actual !== undefined) rows.push(`<p><strong>Actual</strong></p><pre>${escapeHtml(check.actual)}</pre>`);
  if (check.counterexample !== undefined) rows.push(`<p><strong>Counterexample</strong></p><pre>${escapeHtml(check.counterexample)}</pre>`);
  rows.push(`<p><strong>Reproduce</strong></p><pre class="repro">${escapeHtml(reproduction(check))}</pre>`);
  return `<div class="failure">${rows.join('')}</div>`;
}

function behaviourHtml(b: BehaviourResult): string {
  const sources = b.sources.map((s) => `${docLink(s.url, s.title)} <span class="muted">(${escapeHtml(s.section)})</span>`).join('<br>');
  const head = `${badge(b.status)} <span class="id">${escapeHtml(b.id)}</span> ${escapeHtml(b.title)} <span class="muted">${b.checks} checks, ${b.failed} failed</span>`;
  const attrs = `class="item behaviour ${token(b.status)}" data-api="${escapeHtml(token(b.api))}" data-status="${escapeHtml(token(b.status))}" data-behaviour="${escapeHtml(b.id)}"`;
  if (b.status !== 'fail') return `<div ${attrs}>${head}<div class="sources">${sources}</div></div>`;
  const more = b.failed > b.failures.length ? `<p class="muted">${b.failed - b.failures.length} more failing checks not kept in the report.</p>` : '';
  return `<details ${attrs}><summary>${head}</summary><div class="sources">${sources}</div>${b.failures.map(failureHtml).join('')}${more}</details>`;
}

export function renderConformanceHtml(input: ConformanceReport): string {
  const report = redactDeep(input);
  const apis = [...new Set(report.behaviours.map((b) => b.api))] as BehaviourApi[];
  const perApi = apis.map((api) => {
    const list = report.behaviours.filter((b) => b.api === api);
    const n = (s: string) => list.filter((b) => b.status === s).length;
    return [escapeHtml(api), n('pass'), n('fail'), n('not-exercised'), list.length];
  });
  const t = report.totals;
  const summary =
    `<section id="summary"><h2>Summary</h2>` +
    table(['API', 'pass', 'fail', 'not exercised', 'behaviours'], [...perApi, ['<strong>all</strong>', t.pass, t.fail, t.notExercised, t.behaviours]], ' id="summary-table"') +
    `<p>${t.checks} checks, ${t.failedChecks} failed.</p></section>`;
  const batch = batchGraph(report.run.profile);
  const campaign = campaignGraph();
  const status = (b: BehaviourResult) => b.status;
  const diagrams = lifecycleSection(
    [
      { graph: batch, marks: marksFrom(batch, report.behaviours, (b, e) => b.api === 'batch' && behaviourCovers(b.id, e), status) },
      { graph: campaign, marks: marksFrom(campaign, report.behaviours, (b, e) => b.api === 'campaign' && behaviourCovers(b.id, e), status) },
    ],
    'Transitions are marked per behaviour of the life cycle (batch.status.legal-transitions, batch.complete, batch.abort, batch.revert, batch.processing.outcome, campaign.status.read, …): the report keeps no per-transition data, so an edge is failed when a behaviour that covers it failed and covered when one passed.',
  );
  const body =
    summary +
    diagrams +
    `<section id="behaviours"><h2>Behaviours</h2>${filterBar({ apis, statuses: STATUSES })}${report.behaviours.map(behaviourHtml).join('')}</section>`;
  const r = report.run;
  const subtitle = `${r.command} against ${r.target}, profile ${r.profile}, ${r.startedAt}, ${r.durationMs} ms${r.seed !== undefined ? `, seed ${r.seed}` : ''}${r.runs !== undefined ? `, ${r.runs} runs per property` : ''}${r.fixtures !== undefined ? `, ${r.fixtures} fixtures` : ''} · ${report.tool.name} ${report.tool.version}`;
  return page({ title: `Conformance report: ${r.command}`, subtitle, body });
}
