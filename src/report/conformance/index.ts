/**
 * The conformance formats, one file each, all pure functions of one `ConformanceReport`; every one
 * redacts secrets. (`text` is the terminal summary; the HTML report comes later.)
 */
import type { ConformanceReport } from './model.js';
import { renderConformanceJson } from './json.js';
import { renderConformanceJunit } from './junit.js';
import { renderConformanceMarkdown } from './markdown.js';
import { renderConformanceText } from './text.js';

export const CONFORMANCE_FORMATS = {
  text: (report: ConformanceReport, ctx: { color: boolean }) => renderConformanceText(report, ctx),
  json: (report: ConformanceReport) => renderConformanceJson(report),
  junit: (report: ConformanceReport) => renderConformanceJunit(report),
  markdown: (report: ConformanceReport) => renderConformanceMarkdown(report),
} as const;

export type ConformanceFormat = keyof typeof CONFORMANCE_FORMATS;

export const CONFORMANCE_FORMAT_NAMES = Object.keys(CONFORMANCE_FORMATS) as ConformanceFormat[];

export const CONFORMANCE_EXTENSIONS: Record<ConformanceFormat, string> = { text: 'txt', json: 'json', junit: 'xml', markdown: 'md' };

export function isConformanceFormat(name: string): name is ConformanceFormat {
  return Object.hasOwn(CONFORMANCE_FORMATS, name);
}

export function renderConformance(format: ConformanceFormat, report: ConformanceReport, ctx: { color: boolean }): string {
  return CONFORMANCE_FORMATS[format](report, ctx);
}
