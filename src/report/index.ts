import { isProfileName } from '../contract/profiles.js';
import { traceRuleInfos } from '../lifecycle/trace/invariants.js';
import { ruleCatalog } from '../rules/catalog.js';
import type { RuleInfo } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import { renderJson as json } from './json.js';
import { renderJunit as junit } from './junit.js';
import { renderMarkdown as markdown } from './markdown.js';
import type { PreflightReport } from './model.js';
import { renderSarif as sarif } from './sarif.js';
import { renderText as text } from './text.js';
import { renderGithub as github } from './github.js';
import { renderNdjson as ndjson } from './ndjson.js';
import { renderPreflightHtml as html } from './html/preflight.js';

/**
 * Every output format, one file each (as Spectral's formatters): a pure function from the report to the
 * bytes to write. The CLI owns files, streams and colour detection; nothing here touches the process.
 */
export type { RenderContext } from './context.js';
export type * from './model.js';
export { redactSecrets } from './redact.js';

export type Formatter = (report: PreflightReport, ctx: RenderContext) => string;

export const FORMATS = { text, json, sarif, junit, markdown, html, github, ndjson } as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;

export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** The usual file extension per format, for `--out-dir`. */
export const FORMAT_EXTENSIONS: Record<FormatName, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  junit: 'xml',
  markdown: 'md',
  github: 'github.txt',
  ndjson: 'ndjson',
  html: 'html',
};

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** Every rule a pre-flight or trace report may name, under the report's profile. */
export function reportRules(profile: string): RuleInfo[] {
  return [...ruleCatalog(isProfileName(profile) ? profile : 'docs'), ...traceRuleInfos()];
}

/** The report in one format; without `ctx.rules`, every rule of the harness under the report's profile; no colour unless asked. */
export function renderReport(format: FormatName, report: PreflightReport, ctx: Partial<RenderContext> = {}): string {
  return FORMATS[format](report, { ...ctx, rules: ctx.rules ?? reportRules(report.profile), color: ctx.color ?? false });
}
