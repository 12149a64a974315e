/** The HTML report of `preflight` and `check-trace`: one self-contained page. */
import type { Finding, Severity } from '../../rules/finding.js';
import type { RenderContext } from '../context.js';
import type { FileReport, PreflightReport } from '../model.js';
import { redactDeep } from '../redact.js';
import { docLink, escapeHtml, token } from './escape.js';
import { batchGraph, campaignGraph, lifecycleSection } from './lifecycle.js';
import { badge, filterBar, page, table } from './page.js';
import { isProfileName } from '../../contract/profiles.js';

const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info'];

/** A finding's API: the first word of its rule id (`streaming.*`, `batch.*`, `trace.*`). */
export const findingApi = (f: { ruleId: string }): string => f.ruleId.split('.')[0] ?? f.ruleId;

function findingHtml(f: Finding, ctx: Partial<RenderContext>): string {
  const title = ctx.rules?.find((r) => r.id === f.ruleId)?.title;
  const where = `${f.file}:${f.line}:${f.column}`;
  return (
    `<div class="item finding ${token(f.severity)}" data-api="${escapeHtml(token(findingApi(f)))}" data-status="${escapeHtml(f.severity)}" data-rule="${escapeHtml(f.ruleId)}">` +
    `${badge(f.severity)} <code class="where">${escapeHtml(where)}</code> <span class="id">${escapeHtml(f.ruleId)}</span>${title !== undefined ? ` <span class="muted">${escapeHtml(title)}</span>` : ''}` +
    `<p>${escapeHtml(f.message)}</p>` +
    `<p class="muted">pointer <code>${escapeHtml(f.pointer === '' ? '(whole document)' : f.pointer)}</code>${f.messageIndex !== undefined ? `, message ${f.messageIndex}` : ''} · ${docLink(f.docs)}</p>` +
    `<pre class="repro">${escapeHtml(`aep-harness ${ctx.command ?? 'preflight'} ${f.file}   # ${where} ${f.ruleId}`)}</pre></div>`
  );
}

function fileHtml(file: FileReport, ctx: Partial<RenderContext>): string {
  const error = file.inputError
    ? `<p class="item error"><strong>Input error:</strong> ${escapeHtml(file.inputError.message)}${file.inputError.line !== undefined ? ` (line ${file.inputError.line}, column ${file.inputError.column ?? 1})` : ''}</p>`
    : '';
  const dropped = file.findingsDropped > 0 ? `<p class="muted">${file.findingsDropped} more findings not kept (--max-findings).</p>` : '';
  const predicted = file.predicted && 'status' in file.predicted ? ` · predicted answer ${escapeHtml(String(file.predicted.status))}` : '';
  return (
    `<section class="file"><h3><code>${escapeHtml(file.file)}</code> <span class="muted">${escapeHtml(file.kind ?? 'unread')}, ${file.bytes} bytes, ${file.findings.length} findings${predicted}</span></h3>` +
    `${error}${file.findings.map((f) => findingHtml(f, ctx)).join('')}${dropped}</section>`
  );
}

export function renderPreflightHtml(input: PreflightReport, ctx: Partial<RenderContext> = {}): string {
  const report = redactDeep(input);
  const all = report.files.flatMap((f) => f.findings);
  const apis = [...new Set(all.map(findingApi))].sort();
  const perApi = apis.map((api) => {
    const list = all.filter((f) => findingApi(f) === api);
    return [escapeHtml(api), ...SEVERITIES.map((s) => list.filter((f) => f.severity === s).length), list.length];
  });
  const s = report.summary;
  const totalRow = ['<strong>all</strong>', s.findings.error, s.findings.warn, s.findings.info, s.findings.error + s.findings.warn + s.findings.info];
  const summary =
    `<section id="summary"><h2>Summary</h2>` +
    table(['API', 'error', 'warn', 'info', 'findings'], [...perApi, totalRow], ' id="summary-table"') +
    `<p>${s.files} files, ${s.inputErrors} input errors${s.ignored !== undefined ? `, ${s.ignored} findings ignored by the configuration` : ''}.</p></section>`;
  const command = ctx.command ?? 'preflight';
  const diagrams =
    command === 'check-trace'
      ? lifecycleSection(
          [
            { graph: batchGraph(isProfileName(report.profile) ? report.profile : 'docs'), marks: new Map() },
            { graph: campaignGraph(), marks: new Map() },
          ],
          'The life cycles the trace was replayed through; a trace report names findings, not transitions, so no edge is marked.',
        )
      : '';
  const body =
    summary +
    diagrams +
    `<section id="findings"><h2>Findings</h2>${filterBar({ apis, statuses: SEVERITIES })}${report.files.map((f) => fileHtml(f, ctx)).join('')}</section>`;
  const subtitle = `profile ${report.profile}, world ${report.world}${report.inlet ? `, inlet ${report.inlet}` : ''} · ${report.tool.name} ${report.tool.version}`;
  return page({ title: `Pre-flight report: ${command}`, subtitle, body });
}
