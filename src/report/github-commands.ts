/**
 * GitHub Actions workflow commands (`::error file=F,line=L,col=C,title=T::message`), escaped exactly as
 * GitHub's toolkit does (`@actions/core`, `command.ts`): in data `%`, `\r`, `\n`; in properties also `:`
 * and `,`. Shared by the `github` format of every report model.
 */
import type { Severity } from '../rules/finding.js';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type GithubLevel = 'error' | 'warning' | 'notice';

export const GITHUB_LEVEL: Record<Severity, GithubLevel> = { error: 'error', warn: 'warning', info: 'notice' };

/** One workflow command; properties with an undefined value are left out, the others kept in the order given. */
export function workflowCommand(level: GithubLevel, properties: [string, string | number | undefined][], message: string): string {
  const props = properties.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${level}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}
