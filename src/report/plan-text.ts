import type { PlannedRequest, PlanReport } from '../rules/batch/plan.js';
import type { Severity } from '../rules/finding.js';

/**
 * The upload plan for a terminal: what was decided (profile, threshold, part size), one table row per
 * request (a chunked file has a row per part with its exact Content-Range), the entries left out and why,
 * the findings, and a summary line.
 */

/** Names come from the file system; a control character in one must not repaint the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function target(req: PlannedRequest): string {
  return `${req.method} ${req.path}${req.query ? `?action=${req.query.action}` : ''}`;
}

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'info' };

export function renderPlanText(plan: PlanReport): string {
  const out: string[] = [];
  out.push(`Upload plan for ${printable(plan.dir)} (profile ${plan.profile})`);
  out.push(`  chunking threshold: ${plan.threshold.bytes} bytes (${plan.threshold.reading}); a file over it goes by the large-file upload`);
  out.push(`  part size: ${plan.chunkBytes.bytes} bytes (${plan.chunkBytes.chosenBy === 'default' ? "the harness's default" : 'chosen'})`);
  out.push(`  Content-Range: ${plan.contentRange.form}, end inclusive (the harness's reading)`);
  out.push('');

  const rows: string[][] = [];
  for (const file of plan.files) {
    const name = printable(file.name);
    file.requests.forEach((req, i) => {
      const what = req.query?.action ?? req.method;
      rows.push([i === 0 ? name : '', i === 0 ? String(file.bytes) : '', i === 0 ? file.method : '', what, req.headers['Content-Range'] ?? '', target(req)]);
    });
  }
  rows.push(['(batch)', '', '', 'COMPLETE', '', target(plan.completeBatch)]);
  out.push(...table(['file', 'bytes', 'upload', 'request', 'Content-Range', 'method and path'], rows));

  if (plan.refused.length > 0 || plan.unreadable.length > 0) {
    out.push('', 'Left out of the plan:');
    for (const entry of [...plan.refused, ...plan.unreadable]) out.push(`  ${printable(entry.name)}: ${printable(entry.reason)}`);
  }
  if (plan.findings.length > 0) {
    out.push('', 'Findings:');
    for (const f of plan.findings) out.push(`  ${SEVERITY_LABEL[f.severity].padEnd(7)}  ${printable(f.message)}  ${f.ruleId}`);
  }
  const s = plan.summary;
  out.push(
    '',
    `${plural(s.files, 'file')}, ${s.bytes} bytes: ${s.put} by PUT, ${s.chunked} chunked in ${plural(s.parts, 'part')}, ${plural(s.requests, 'request')} in all` +
      `${s.refused + s.unreadable > 0 ? `; ${s.refused + s.unreadable} left out` : ''}` +
      ` (${plural(s.findings.error, 'error')}, ${plural(s.findings.warn, 'warning')}, ${s.findings.info} info` +
      `${(s.ignored ?? 0) > 0 ? `; ${s.ignored} ignored by the configuration file` : ''})`,
  );
  return `${out.join('\n')}\n`;
}
