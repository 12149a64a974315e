/**
 * A file as every report names it: relative to the working directory when it lies under it (forward
 * slashes, no leading `./`), as given otherwise. Pure string work: `node:path` would resolve relative
 * names against the process's own directory, and a format must not look at the process.
 */
export function shownPath(file: string, cwd: string | undefined): string {
  const path = file.replace(/\\/g, '/');
  if (cwd === undefined) return path.replace(/^(\.\/)+/, '');
  const base = cwd.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base !== '' && path.startsWith(`${base}/`)) return path.slice(base.length + 1);
  return path.replace(/^(\.\/)+/, '');
}
