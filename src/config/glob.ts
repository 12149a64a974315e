/**
 * File globs of the configuration (`overrides[].files`, `ignores[].files`), matched against paths relative
 * to the configuration file's directory, with `/` between segments:
 *
 * - `*` any characters but `/`; `?` one character but `/`; `[abc]`, `[a-z]`, `[!abc]` one of (or none of) a set;
 * - `**` as a whole segment: any number of directories, none included (`payloads/**` is everything under
 *   `payloads`);
 * - `{a,b}` either alternative (`*.{json,ndjson}`); `\` makes the next character literal;
 * - a pattern without a `/` matches a name in any directory (`*.ndjson`, as in `.gitignore`);
 * - a pattern that matches a directory matches everything under it (`fixtures/legacy`, `fixtures/legacy/`);
 * - a leading `./` is the configuration file's directory itself.
 */

export type GlobMatcher = (path: string) => boolean;

/** Why a pattern is not a glob, or undefined when it is one. */
export function globProblem(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A matcher for a relative path (`a/b/c.json`); throws an `Error` saying why when the pattern is not a glob. */
export function compileGlob(pattern: string): GlobMatcher {
  let body = pattern;
  while (body.startsWith('./')) body = body.slice(2);
  const anyDepth = !body.replace(/\/+$/, '').includes('/');
  body = body.replace(/\/+$/, '');
  if (body === '' || body === '.') return () => true;
  const source = toRegExpSource(body, pattern);
  const regex = new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${source}(?:/.*)?$`, 's');
  return (path) => regex.test(path.replace(/^(\.\/)+/, ''));
}

function toRegExpSource(glob: string, pattern: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    switch (ch) {
      case '\\': {
        const next = glob[++i];
        if (next !== undefined) out += escape(next);
        break;
      }
      case '*': {
        if (glob[i + 1] === '*') {
          const atStart = i === 0 || glob[i - 1] === '/';
          let j = i + 2;
          while (glob[j] === '*') j++;
          const atEnd = j === glob.length || glob[j] === '/';
          if (atStart && atEnd) {
            // `**/` : no directory or any number of them; a trailing `**`: anything below.
            if (glob[j] === '/') {
              out += '(?:[^/]*(?:/[^/]*)*/)?';
              i = j;
            } else {
              out += '.*';
              i = j - 1;
            }
            break;
          }
          i = j - 1;
        }
        out += '[^/]*';
        break;
      }
      case '?':
        out += '[^/]';
        break;
      case '[': {
        const close = glob.indexOf(']', i + 2);
        if (close === -1) throw new Error(`${JSON.stringify(pattern)} opens a [set] that does not close`);
        let set = glob.slice(i + 1, close);
        const negated = set.startsWith('!') || set.startsWith('^');
        if (negated) set = set.slice(1);
        out += `[${negated ? '^/' : ''}${set.replace(/[\\\]^]/g, (c) => `\\${c}`)}]`;
        i = close;
        break;
      }
      case '{':
        braces++;
        out += '(?:';
        break;
      case '}':
        if (braces === 0) {
          out += '\\}';
          break;
        }
        braces--;
        out += ')';
        break;
      case ',':
        out += braces > 0 ? '|' : ',';
        break;
      default:
        out += escape(ch);
    }
  }
  if (braces > 0) throw new Error(`${JSON.stringify(pattern)} opens a {group} that does not close`);
  return out;
}

function escape(ch: string): string {
  return /[.+^$()|[\]{}\\/*?]/.test(ch) ? `\\${ch}` : ch;
}

/** True when any of the patterns matches the path. */
export function matchesAny(matchers: readonly GlobMatcher[], path: string): boolean {
  return matchers.some((match) => match(path));
}
