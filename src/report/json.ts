import type { RenderContext } from './context.js';
import type { PreflightReport } from './model.js';
import { redactDeep } from './redact.js';

/**
 * Pre-flight's JSON report (DESIGN.md, "Pre-flight's JSON report"): the model as it is, field for field,
 * so what a program reads is what the types in `model.ts` promise. Only secrets are changed.
 */
export function renderJson(report: PreflightReport, _ctx: RenderContext): string {
  return `${JSON.stringify(redactDeep(report), null, 2)}\n`;
}
