import type { ConformanceReport } from './model.js';
import { redactDeep } from '../redact.js';

/** The conformance report as JSON: the model itself, every string redacted. Stable for tools to read. */
export function renderConformanceJson(report: ConformanceReport): string {
  return `${JSON.stringify(redactDeep(report), null, 2)}\n`;
}
