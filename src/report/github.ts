import type { RenderContext } from './context.js';
import { GITHUB_LEVEL, workflowCommand } from './github-commands.js';
import type { PreflightReport } from './model.js';
import { shownPath } from './paths.js';
import { redactDeep } from './redact.js';

/**
 * Pre-flight and check-trace findings as GitHub Actions annotations, one workflow command a line: each
 * finding at its file, line and column (the file relative to the working directory), titled by its rule;
 * an input that could not be read is an error at the file. Redacted like every format.
 */
export function renderGithub(report: PreflightReport, ctx: RenderContext): string {
  const safe = redactDeep(report);
  const lines: string[] = [];
  for (const file of safe.files) {
    const path = shownPath(file.file, ctx.cwd);
    if (file.inputError) {
      lines.push(workflowCommand('error', [['file', path], ['line', file.inputError.line], ['col', file.inputError.column], ['title', 'input error']], file.inputError.message));
    }
    for (const f of file.findings) {
      lines.push(workflowCommand(GITHUB_LEVEL[f.severity], [['file', shownPath(f.file, ctx.cwd)], ['line', f.line], ['col', f.column], ['title', f.ruleId]], f.pointer !== '' ? `${f.message} (at ${f.pointer})` : f.message));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
