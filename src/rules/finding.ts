/**
 * The one findings model every rule produces and every report reads.
 * Shape promised to users in DESIGN.md: { ruleId, severity, message, file, pointer, line, column, messageIndex?, docs }.
 */
export type Severity = 'error' | 'warn' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

export interface Finding {
  /** Stable id from the closed set in `rules/ids.ts`; filter on it, not on `message`. */
  ruleId: string;
  severity: Severity;
  /** The documented rule in plain words, with the values from the input filled in. */
  message: string;
  /** The input file as the user named it. */
  file: string;
  /** RFC 6901 JSON pointer into the file's JSON (for NDJSON: into that line's message). */
  pointer: string;
  /** 1-based line in the file. */
  line: number;
  /** 1-based column in the file, counted in UTF-16 code units as editors do. */
  column: number;
  /** 0-based position of the message in the request (or the NDJSON line's message number). */
  messageIndex?: number;
  /** Where the rule is documented: a URL. */
  docs: string;
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** What a report needs to know about a rule (SARIF `tool.driver.rules`, help links, titles). */
export interface RuleInfo {
  id: string;
  /** One line, no values: "Message body is missing". */
  title: string;
  /** The documented rule in plain words, for help texts. */
  description: string;
  /** Severity under the default profile. */
  defaultSeverity: Severity;
  /** Where the rule is documented: a URL. */
  docs: string;
}
