/**
 * The conformance formats, one file each, all pure functions of one `ConformanceReport`; every one
 * redacts secrets. (`text` is the terminal summary; the HTML report comes later.)
 */
import type { ConformanceReport } from './model.js';
import { renderConformanceJson } from './json.js';
import { renderConformanceJunit } from './junit.js';
import { renderConformanceMarkdown } from './markdown.js';
import { renderConformanceSarif } from './sarif.js';
import { renderConformanceText } from './text.js';
import { renderConformanceGithub } from './github.js';
import { renderConformanceNdjson } from './ndjson.js';
import { renderConformanceHtml } from '../html/conformance.js';

/** What a conformance format needs besides the report: colour for the terminal, the directory files are named relative to. */
export interface ConformanceRenderContext {
  color: boolean;
  cwd?: string;
}

export const CONFORMANCE_FORMATS = {
  text: (report: ConformanceReport, ctx: { color: boolean }) => renderConformanceText(report, ctx),
  json: (report: ConformanceReport) => renderConformanceJson(report),
  junit: (report: ConformanceReport, ctx: ConformanceRenderContext) => renderConformanceJunit(report, ctx),
  markdown: (report: ConformanceReport, ctx: ConformanceRenderContext) => renderConformanceMarkdown(report, ctx),
  sarif: (report: ConformanceReport, ctx: ConformanceRenderContext) => renderConformanceSarif(report, ctx),
  github: (report: ConformanceReport) => renderConformanceGithub(report),
  ndjson: (report: ConformanceReport) => renderConformanceNdjson(report),
  html: (report: ConformanceReport) => renderConformanceHtml(report),
} as const;

export type ConformanceFormat = keyof typeof CONFORMANCE_FORMATS;

export const CONFORMANCE_FORMAT_NAMES = Object.keys(CONFORMANCE_FORMATS) as ConformanceFormat[];

export const CONFORMANCE_EXTENSIONS: Record<ConformanceFormat, string> = { text: 'txt', json: 'json', junit: 'xml', markdown: 'md', sarif: 'sarif', html: 'html', github: 'github.txt', ndjson: 'ndjson' };

export function isConformanceFormat(name: string): name is ConformanceFormat {
  return Object.hasOwn(CONFORMANCE_FORMATS, name);
}

export function renderConformance(format: ConformanceFormat, report: ConformanceReport, ctx: ConformanceRenderContext): string {
  return CONFORMANCE_FORMATS[format](report, ctx);
}
