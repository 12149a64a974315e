/**
 * The inputs a command line names, as `preflight` takes them: files, directories (every file of the
 * kinds the run reads, below them, in path order), quoted globs (`'exports/**\/*.ndjson'`, as CI YAML
 * passes them; matched by tinyglobby) and `-` for standard input. Standard input is read as a stream into
 * a private temporary file, so the readers judge it as they judge a file, in flat memory, whatever sent it
 * (a pipe, a FIFO, a redirected file).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError, type CliIo } from './io.js';

/** One file to judge: how reports name it, and where it is read from. */
export interface InputFile {
  shown: string;
  path: string;
}

/** A name on the command line that gave no file: a directory with none of the kinds read, a glob matching nothing. */
export interface InputProblem {
  shown: string;
  message: string;
}

export interface ExpandedInputs {
  files: InputFile[];
  problems: InputProblem[];
  /** Removes the copy of standard input, if one was made. */
  cleanup(): Promise<void>;
}

/** How reports name standard input. */
export const STDIN_NAME = '-';

export interface ExpandOptions {
  /** The extensions (with the dot, lower case) a directory is searched for. */
  extensions: readonly string[];
  /** The extension standard input is judged with (`.ndjson`, `.parquet`…); undefined: `-` is refused, with `stdinHint`. */
  stdinExtension: string | undefined;
  stdinHint?: string;
}

const IGNORED_DIRS = ['**/node_modules/**', '**/.git/**'];

const bySortOrder = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

export async function expandInputs(names: readonly string[], opts: ExpandOptions, io: Pick<CliIo, 'cwd' | 'stdin'>): Promise<ExpandedInputs> {
  if (names.filter((name) => name === STDIN_NAME).length > 1) throw new UsageError('- (standard input) can be named once');
  if (names.includes(STDIN_NAME)) {
    if (opts.stdinExtension === undefined) throw new UsageError(`- (standard input) has no file name to tell its format from: ${opts.stdinHint ?? 'say it with an option'}`);
    if (io.stdin === undefined) throw new UsageError('- (standard input): this run has no standard input to read');
  }
  const files: InputFile[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (shown: string, path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ shown, path });
  };
  let tempDir: string | undefined;
  const cleanup = async () => {
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  };
  try {
    for (const name of names) {
      if (name === STDIN_NAME) {
        tempDir = await mkdtemp(join(tmpdir(), 'aep-harness-stdin-'));
        const path = join(tempDir, `stdin${opts.stdinExtension}`);
        await pipeline(Readable.from(io.stdin!), createWriteStream(path, { mode: 0o600 }));
        files.push({ shown: STDIN_NAME, path });
        continue;
      }
      const path = resolve(io.cwd, name);
      const kind = await kindOf(path);
      if (kind === 'directory') {
        const patterns = [`**/*.{${opts.extensions.map((e) => e.slice(1)).join(',')}}`];
        const found = (await glob(patterns, { cwd: path, onlyFiles: true, ignore: IGNORED_DIRS, caseSensitiveMatch: false, expandDirectories: false })).sort(bySortOrder);
        if (found.length === 0) problems.push({ shown: name, message: `a directory with no file to check (looked for ${opts.extensions.map((e) => `*${e}`).join(', ')} below it)` });
        for (const entry of found) add(join(name, entry), join(path, entry));
        continue;
      }
      if (kind === 'missing' && isDynamicPattern(name)) {
        const found = (await glob(name, { cwd: io.cwd, onlyFiles: true, ignore: IGNORED_DIRS, expandDirectories: false, absolute: true })).sort(bySortOrder);
        if (found.length === 0) problems.push({ shown: name, message: 'no file matches this pattern' });
        for (const entry of found) add(shownPath(entry, name, io.cwd), entry);
        continue;
      }
      // A file, or a name that is none: the reader says what is wrong with it (missing, unreadable…).
      add(name, path);
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { files, problems, cleanup };
}

async function kindOf(path: string): Promise<'directory' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'other';
  }
}

/** A glob's match named as the pattern was: relative to the working directory unless the pattern was absolute. */
function shownPath(absolute: string, pattern: string, cwd: string): string {
  if (pattern.startsWith('/')) return absolute;
  const rel = relative(cwd, absolute);
  return rel === '' ? absolute : rel;
}
