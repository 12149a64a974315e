/** The formats of a `check-client` run, one file each, all pure functions of one `ClientReport`; every one redacts. */
import { renderClientJson } from './json.js';
import { renderClientJunit } from './junit.js';
import { renderClientMarkdown } from './markdown.js';
import type { ClientReport } from './model.js';
import { renderClientSarif } from './sarif.js';
import { renderClientText } from './text.js';
import { renderClientGithub } from './github.js';
import { renderClientNdjson } from './ndjson.js';
import { renderClientHtml } from '../html/client.js';

export const CLIENT_FORMATS = {
  text: (report: ClientReport, ctx: { color: boolean }) => renderClientText(report, ctx),
  json: (report: ClientReport) => renderClientJson(report),
  junit: (report: ClientReport) => renderClientJunit(report),
  markdown: (report: ClientReport) => renderClientMarkdown(report),
  sarif: (report: ClientReport) => renderClientSarif(report),
  github: (report: ClientReport) => renderClientGithub(report),
  ndjson: (report: ClientReport) => renderClientNdjson(report),
  html: (report: ClientReport) => renderClientHtml(report),
} as const;

export type ClientFormat = keyof typeof CLIENT_FORMATS;

export const CLIENT_FORMAT_NAMES = Object.keys(CLIENT_FORMATS) as ClientFormat[];

export const CLIENT_EXTENSIONS: Record<ClientFormat, string> = { text: 'txt', json: 'json', junit: 'xml', markdown: 'md', sarif: 'sarif', html: 'html', github: 'github.txt', ndjson: 'ndjson' };

export function isClientFormat(name: string): name is ClientFormat {
  return Object.hasOwn(CLIENT_FORMATS, name);
}

export function renderClient(format: ClientFormat, report: ClientReport, ctx: { color: boolean }): string {
  return CLIENT_FORMATS[format](report, ctx);
}

export type * from './model.js';
