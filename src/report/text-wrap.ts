/**
 * Word wrapping for the terminal formats: lines cut at spaces to a width, a word longer than the width
 * kept whole on its own line (an id, a URL or a JSON pointer is never cut in two).
 */

/** `text` in lines of at most `width` characters, cut at spaces; the first line after `indent`, the others after `rest`. */
export function wrapWords(text: string, width: number, indent = '', rest = indent): string[] {
  const room = Math.max(1, width - Math.max(indent.length, rest.length));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') {
      // Runs of spaces in a message are kept as written, inside the line they fall in.
      if (line !== '') line += ' ';
      continue;
    }
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line.trimEnd());
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines.map((l, index) => (index === 0 ? indent : rest) + l);
}
