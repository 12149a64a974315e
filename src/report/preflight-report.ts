/**
 * A pre-flight report's frame: who wrote it and for which world, profile and inlet, and the summary
 * counted from its files. The `preflight` command and the library's `preflight`/`preflightValues` build
 * their reports with these, so both write the same `PreflightReport`.
 */
import { VERSION } from '../version.js';
import type { FileReport, PreflightReport } from './model.js';

export function createPreflightReport(run: { profile: string; world: string; inlet: string | null }, files: FileReport[] = []): PreflightReport {
  const report: PreflightReport = {
    tool: { name: 'aep-ingest-harness', version: VERSION },
    profile: run.profile,
    world: run.world,
    inlet: run.inlet,
    files,
    summary: { files: 0, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0 },
  };
  return summarisePreflight(report);
}

/** Counts the findings by severity, the input errors and the files, from the files as they are now. */
export function summarisePreflight(report: PreflightReport): PreflightReport {
  const counts = { error: 0, warn: 0, info: 0 };
  let inputErrors = 0;
  for (const file of report.files) {
    for (const finding of file.findings) counts[finding.severity]++;
    if (file.inputError) inputErrors++;
  }
  report.summary.findings = counts;
  report.summary.inputErrors = inputErrors;
  report.summary.files = report.files.length;
  return report;
}
