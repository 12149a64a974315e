/**
 * Text from a run, made safe for Markdown and for the HTML it renders to; shared by every Markdown format
 * (pre-flight and check-trace, conformance, check-client). A placeholder such as `<batchId>` shows as
 * written, a target's HTML error page never renders, and a body goes in a fenced block no backtick run
 * inside can close, cut to a stated size.
 */

/**
 * `&`, `<` and `>` as entities, every character Markdown gives a meaning inline (emphasis, code, links
 * and images, tables, headings, strike-through, math) escaped with a backslash, line breaks made spaces,
 * and `#<digits>` put in a code span (GitHub would link it to an issue).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~$])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ')
    // `#3` (an exchange) must not become a link to issue 3 of the repository the comment is posted in.
    .replace(/\\#(\d+)/g, '`#$1`');
}

/** An inline code span that no backtick inside can close; in a table cell its pipes are escaped too. */
export function codeSpan(s: string, inTable = false): string {
  const oneLine = s.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${inTable ? oneLine.replace(/\|/g, '\\|') : oneLine}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any run of backticks inside. */
export function codeBlock(lines: readonly string[], info = 'text'): string {
  const body = lines.join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}

/** How much of a body a Markdown report shows. */
export const BODY_LIMITS = { lines: 40, bytes: 4096 } as const;

/**
 * A body (an answer, a counterexample) trimmed to `limits`, and a note saying how much was cut (empty when
 * nothing was). Cut on a line boundary where one is near, never inside a character.
 */
export function trimBody(body: string, limits: { lines: number; bytes: number } = BODY_LIMITS): { lines: string[]; note: string } {
  const all = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let bytes = 0;
  for (const line of all) {
    if (kept.length >= limits.lines) break;
    const size = Buffer.byteLength(line, 'utf8') + (kept.length > 0 ? 1 : 0);
    if (bytes + size > limits.bytes) {
      // A first line longer than the limit is cut inside it, on a character boundary.
      if (kept.length === 0) {
        let cut = '';
        for (const character of line) {
          if (Buffer.byteLength(cut + character, 'utf8') > limits.bytes) break;
          cut += character;
        }
        kept.push(cut);
        bytes = Buffer.byteLength(cut, 'utf8');
      }
      break;
    }
    kept.push(line);
    bytes += size;
  }
  const totalBytes = Buffer.byteLength(all.join('\n'), 'utf8');
  const cutLines = all.length - kept.length;
  const cutBytes = totalBytes - bytes;
  if (cutBytes <= 0) return { lines: kept, note: '' };
  const linePart = cutLines > 0 ? `${cutLines} line${cutLines === 1 ? '' : 's'}, ` : '';
  return { lines: kept, note: `${linePart}${cutBytes} byte${cutBytes === 1 ? '' : 's'} cut (${totalBytes} bytes in all)` };
}

/** A trimmed body in a fenced block, and the cut note in italics under it when something was cut. */
export function bodyBlock(body: string, info = 'text', limits?: { lines: number; bytes: number }): string[] {
  const { lines, note } = trimBody(body, limits);
  return note === '' ? [codeBlock(lines, info)] : [codeBlock(lines, info), '', `_${escapeMarkdown(note)}_`];
}

/** A documentation link only when it is a web address; its parentheses encoded so they cannot end the link. */
export function docsLink(docs: string, label = 'docs'): string {
  if (!URL.canParse(docs)) return '';
  const url = new URL(docs);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
  return `[${label}](${url.href.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}
