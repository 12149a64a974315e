import { redactClientReport } from './common.js';
import type { ClientReport } from './model.js';

/** The report as it is: the model of `model.ts`, redacted, 2-space indent, for scripts and `aep-harness report`. */
export function renderClientJson(report: ClientReport): string {
  return `${JSON.stringify(redactClientReport(report), null, 2)}\n`;
}
