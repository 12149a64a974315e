import type { RenderContext } from './context.js';
import type { PreflightReport } from './model.js';
import { ndjsonLines } from './ndjson-events.js';
import { redactDeep } from './redact.js';

/**
 * Pre-flight and check-trace as NDJSON events (see `ndjson-events.ts`): `run-started`, then per file a
 * `file` event (its kind, bytes, input error and predicted answer) and one `finding` event per finding,
 * then `run-finished` with the summary. Redacted like every format.
 */
export function renderNdjson(report: PreflightReport, ctx: RenderContext): string {
  const safe = redactDeep(report);
  const events: Record<string, unknown>[] = [
    { event: 'run-started', model: 'preflight', command: ctx.command ?? 'preflight', tool: safe.tool, profile: safe.profile, world: safe.world, inlet: safe.inlet },
  ];
  for (const file of safe.files) {
    for (const finding of file.findings) events.push({ event: 'finding', model: 'preflight', ...finding });
    events.push({
      event: 'file',
      model: 'preflight',
      file: file.file,
      kind: file.kind,
      bytes: file.bytes,
      findings: file.findings.length,
      findingsDropped: file.findingsDropped,
      ...(file.inputError ? { inputError: file.inputError } : {}),
      predicted: file.predicted,
    });
  }
  events.push({ event: 'run-finished', model: 'preflight', summary: safe.summary });
  return ndjsonLines(events);
}
