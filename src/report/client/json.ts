import { redactDeep } from '../redact.js';
import type { ClientReport } from './model.js';

/** The report as it is: the model of `model.ts`, redacted, for scripts and `aep-harness report`. */
export function renderClientJson(report: ClientReport): string {
  return `${JSON.stringify(redactDeep(report), null, 2)}\n`;
}
