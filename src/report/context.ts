import type { RuleInfo, Severity } from '../rules/finding.js';

/** What a format needs besides the report; everything the caller's process knows is passed in here. */
export interface RenderContext {
  /** The rules of the run, for SARIF's `tool.driver.rules` and help links. */
  rules: RuleInfo[];
  /** Colour for a terminal; the caller decides (TTY, `NO_COLOR`, `--color`), formats never look. */
  color: boolean;
  /** The directory paths are shown relative to (SARIF artifact URIs). */
  cwd?: string;
  /** The command that made the report (`preflight`, `check-trace`): JUnit's suite names, Markdown's title. Default `preflight`. */
  command?: string;
  /** `--fail-on`: a finding at or above it fails (a JUnit `<failure>`); default `error`. */
  failOn?: Severity;
  /** The text format's line width: messages wrap to it, rule ids are never cut. Default 100. */
  width?: number;
  /** The text format leaves out files without findings and the predicted answers: what needs attention, and the summary. */
  quiet?: boolean;
}
