/**
 * A configuration's `rules`, `overrides` and `ignores` applied to findings. Any command's findings take
 * them as long as they carry a rule id and a severity, and, for the globs and pointers to match, the file
 * (as the user named it, relative to the working directory) and a JSON pointer. They change what is
 * reported and what fails the run, never what a rule finds or what the platform is predicted to answer.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileReport } from '../report/model.js';
import type { Severity } from '../rules/finding.js';
import type { ConfigIgnore, ResolvedConfig } from './load.js';
import type { RuleSetting } from './schema.js';

/** What applying a configuration needs of a finding. */
export interface ConfigurableFinding {
  ruleId: string;
  severity: Severity;
  /** The file the finding is in, as the user named it (relative to the working directory, or absolute). */
  file?: string;
  /** RFC 6901 pointer of the finding in its file. */
  pointer?: string;
}

export interface AppliedFindings<F> {
  /** The findings kept, in their order, each with the severity the configuration gives its rule there. */
  findings: F[];
  /** How many an `ignores` entry dropped. */
  ignored: number;
  /** How many were dropped because their rule is `off`. */
  off: number;
  /** Per `ignores` entry (by index), how many findings it dropped: an entry that drops none may be stale. */
  ignoredBy: number[];
}

/** The path globs are matched against: relative to the configuration file's directory, `/` between segments. */
export function configRelativePath(config: ResolvedConfig, file: string): string {
  const absolute = isAbsolute(file) ? file : resolve(config.cwd, file);
  const rel = relative(config.dir, absolute);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * The setting for a rule in a file: the last `overrides` entry whose files match and which names the rule,
 * else `rules`, else undefined (the rule's own severity stands).
 */
export function ruleSettingFor(config: ResolvedConfig, ruleId: string, file?: string): RuleSetting | undefined {
  const path = file === undefined ? undefined : configRelativePath(config, file);
  for (let i = config.overrides.length - 1; i >= 0; i--) {
    const override = config.overrides[i]!;
    const setting = override.rules[ruleId];
    if (setting !== undefined && path !== undefined && override.matchers.some((match) => match(path))) return setting;
  }
  return config.rules[ruleId];
}

/** The first `ignores` entry that drops this finding, if any: every field an entry gives must match. */
export function ignoreFor(config: ResolvedConfig, finding: ConfigurableFinding): ConfigIgnore | undefined {
  let path: string | undefined;
  return config.ignores.find((ignore) => {
    if (ignore.rule !== undefined && ignore.rule !== finding.ruleId) return false;
    if (ignore.pointer !== undefined) {
      const pointer = finding.pointer;
      if (pointer === undefined) return false;
      if (ignore.pointer !== '' && pointer !== ignore.pointer && !pointer.startsWith(`${ignore.pointer}/`)) return false;
    }
    if (ignore.matchers !== undefined) {
      if (finding.file === undefined) return false;
      path ??= configRelativePath(config, finding.file);
      const relativePath = path;
      if (!ignore.matchers.some((match) => match(relativePath))) return false;
    }
    return true;
  });
}

/** Applies `rules`, `overrides` and `ignores` to a list of findings (the list itself is not changed). */
export function applyConfig<F extends ConfigurableFinding>(config: ResolvedConfig, findings: readonly F[]): AppliedFindings<F> {
  const result: AppliedFindings<F> = { findings: [], ignored: 0, off: 0, ignoredBy: config.ignores.map(() => 0) };
  for (const finding of findings) {
    const setting = ruleSettingFor(config, finding.ruleId, finding.file);
    if (setting === 'off') {
      result.off++;
      continue;
    }
    const ignore = ignoreFor(config, finding);
    if (ignore !== undefined) {
      result.ignored++;
      result.ignoredBy[ignore.index]!++;
      continue;
    }
    result.findings.push(setting === undefined || setting === finding.severity ? finding : { ...finding, severity: setting });
  }
  return result;
}

/** Applies the configuration to every file of a report (`preflight`, `check-trace`); returns how many findings were ignored. */
export function applyConfigToFiles(config: ResolvedConfig, files: FileReport[]): number {
  if (config.file === null) return 0;
  let ignored = 0;
  for (const file of files) {
    const applied = applyConfig(config, file.findings);
    file.findings = applied.findings;
    ignored += applied.ignored;
  }
  return ignored;
}
