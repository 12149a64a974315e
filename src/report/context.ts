import type { RuleInfo } from '../rules/finding.js';

/** What a format needs besides the report; everything the caller's process knows is passed in here. */
export interface RenderContext {
  /** The rules of the run, for SARIF's `tool.driver.rules` and help links. */
  rules: RuleInfo[];
  /** Colour for a terminal; the caller decides (TTY, `NO_COLOR`, `--color`), formats never look. */
  color: boolean;
  /** The directory paths are shown relative to (SARIF artifact URIs). */
  cwd?: string;
}
