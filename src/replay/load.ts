/**
 * Reads fixture files (YAML; JSON too) and checks each against the fixture format, the contract's names
 * and the `${name}` references, so that a replay never starts on a fixture it would stumble over half
 * way. Every problem names file, line, column and field; all the problems of every file are reported
 * together in one `FixtureError`.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { yamlDepthExcess } from '../parse/yaml-depth.js';
import { InputError } from '../parse/input.js';
import { READ_LIMITS, readBounded, readBoundedText } from '../parse/read-bounded.js';
import { PROFILE_NAMES } from '../contract/profiles.js';
import { formatFieldPath, type FieldPath, type Problem } from '../world/world-file-shape.js';
import { FixtureError, fixtureIssue, type FixtureIssue } from './fixture-error.js';
import { checkFixtureShape } from './fixture-shape.js';
import type { Fixture } from './fixture-types.js';
import { applyPlaceholders, referencesIn } from './substitute.js';
import { RUN_VARIABLE_NAMES } from './variables.js';
import { offsetOf } from '../world/yaml-locate.js';

/** A request body read from a `file:` beside the fixture. */
export interface FileBody {
  /** Absolute path of the file. */
  path: string;
  bytes: Uint8Array;
  /** The text, `placeholders` applied, when the file is UTF-8; `${name}` is substituted at run time. */
  text?: string;
}

export interface LoadedFixture {
  /** The fixture file as the caller named it (a directory given joined with the file's relative path). */
  file: string;
  fixture: Fixture;
  /** The `file:` bodies, by step index. */
  files: ReadonlyMap<number, FileBody>;
}

export interface LoadOptions {
  /** Relative paths are read from here; default the process's working directory. */
  cwd?: string;
}

const FIXTURE_FILE = /\.ya?ml$/i;

/**
 * Loads every fixture the paths name: a file, or a directory and every `*.yaml` / `*.yml` under it, in
 * sorted order. Throws `FixtureError` with every problem of every file.
 */
export async function loadFixtures(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedFixture[]> {
  const cwd = options.cwd ?? process.cwd();
  const issues: FixtureIssue[] = [];
  const files: { shown: string; absolute: string }[] = [];
  for (const given of paths) {
    const absolute = isAbsolute(given) ? given : resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch (error) {
      issues.push(fixtureIssue(given, 0, 0, '', unreadable(error)));
      continue;
    }
    if (!isDirectory) {
      files.push({ shown: given, absolute });
      continue;
    }
    const found = (await readdir(absolute, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && FIXTURE_FILE.test(entry.name))
      .map((entry) => relative(absolute, join(entry.parentPath, entry.name)))
      .sort();
    if (found.length === 0) issues.push(fixtureIssue(given, 0, 0, '', 'is a directory with no fixture files (*.yaml, *.yml) under it'));
    for (const rel of found) files.push({ shown: join(given, rel), absolute: join(absolute, rel) });
  }

  const loaded: LoadedFixture[] = [];
  const names = new Map<string, string>();
  for (const { shown, absolute } of files) {
    let text: string;
    try {
      text = await readBoundedText(absolute, { maxBytes: READ_LIMITS.fixture });
    } catch (error) {
      issues.push(fixtureIssue(shown, 0, 0, '', unreadable(error)));
      continue;
    }
    try {
      const fixture = await parseFixture(text, shown, (rel) => readBounded(resolve(dirname(absolute), rel), { maxBytes: READ_LIMITS.fixtureBody }), dirname(absolute));
      const other = names.get(fixture.fixture.name);
      if (other !== undefined) {
        issues.push(fixtureIssue(shown, 1, 1, 'name', `${JSON.stringify(fixture.fixture.name)} is also the name of ${other}; a report tells fixtures apart by name`));
        continue;
      }
      names.set(fixture.fixture.name, shown);
      loaded.push(fixture);
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error;
      issues.push(...error.errors);
    }
  }
  if (issues.length > 0) throw new FixtureError(issues);
  return loaded;
}

function unreadable(error: unknown): string {
  if (error instanceof InputError) {
    // The bounded reader's words, in the words this loader has always used for the common cases.
    if (error.message.startsWith('no such file')) return 'no such file or directory';
    if (error.message === 'is a directory, not a file') return 'is a directory';
    return `cannot be read: ${error.message}`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'cannot be read: permission denied';
  return `cannot be read: ${(error as Error).message}`;
}

/**
 * Checks one fixture file's text. `file` names it in messages; `readBody` reads a `file:` body by its
 * path relative to the fixture, and `dir` is where those paths are resolved.
 */
export async function parseFixture(text: string, file: string, readBody: (rel: string) => Promise<Uint8Array>, dir: string): Promise<LoadedFixture> {
  const tooDeep = yamlDepthExcess(text);
  if (tooDeep !== undefined) throw FixtureError.of(file, tooDeep.line, tooDeep.column, '', tooDeep.message);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new FixtureError(doc.errors.map((e) => fixtureIssue(file, at(e.pos[0]).line, at(e.pos[0]).col, '', `YAML syntax error: ${e.message.split('\n')[0]}`)));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw FixtureError.of(file, 1, 1, '', `cannot read the YAML: ${(error as Error).message}`);
  }
  if (data === null || data === undefined) throw FixtureError.of(file, 1, 1, '', 'the fixture file is empty; expected a mapping with name, summary, source and steps');

  const locate = (problems: Problem[]): FixtureIssue[] =>
    problems
      .map((p) => ({ p, offset: offsetOf(doc, p.path, p.atKey === true) }))
      .sort((a, b) => a.offset - b.offset)
      .map(({ p, offset }) => fixtureIssue(file, at(offset).line, at(offset).col, formatFieldPath(p.path), p.reason));

  const shape = checkFixtureShape(data);
  // Shape problems and unbound names are all told at once, so nothing is fixed one error at a time.
  if (shape.length > 0) throw new FixtureError(locate([...shape, ...checkReferences(data, new Map())]));

  const raw = data as Fixture;
  const fixture: Fixture = { ...raw, profiles: raw.profiles ?? [...PROFILE_NAMES], behaviours: raw.behaviours ?? [] };

  const problems: Problem[] = [];
  const files = new Map<number, FileBody>();
  for (const [index, step] of fixture.steps.entries()) {
    if (step.request.file === undefined) continue;
    const path = resolve(dir, step.request.file);
    try {
      const bytes = await readBody(step.request.file);
      const decoded = decodeText(bytes);
      files.set(index, { path, bytes, ...(decoded !== undefined ? { text: applyPlaceholders(decoded, fixture.placeholders) } : {}) });
    } catch (error) {
      problems.push({ path: ['steps', index, 'request', 'file'], reason: `${JSON.stringify(step.request.file)} (beside the fixture) ${unreadable(error)}` });
    }
  }
  problems.push(...checkReferences(data, files));
  if (problems.length > 0) throw new FixtureError(locate(problems));
  return { file, fixture, files };
}

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Every string of a value, with its path. */
function* stringsOf(value: unknown, path: FieldPath): Generator<[string, FieldPath]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* stringsOf(item, [...path, i]);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // Keys hold `${name}` too (a Catalog answer keyed by the batch id).
      yield [key, [...path, key]];
      yield* stringsOf(item, [...path, key]);
    }
  }
}

/** The data as a mapping, or an empty one: references are checked even in a fixture with shape problems. */
const fields = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const strings = (value: unknown): [string, string][] => Object.entries(fields(value)).filter((e): e is [string, string] => typeof e[1] === 'string');

/**
 * A `${name}` must have a value when its step runs: a binding, a run variable, or a capture of an earlier
 * step (the step's own captures count for its expectations, which are matched after capturing).
 */
function checkReferences(data: unknown, files: ReadonlyMap<number, FileBody>): Problem[] {
  const problems: Problem[] = [];
  const fixture = fields(data);
  const steps = Array.isArray(fixture['steps']) ? (fixture['steps'] as unknown[]).map(fields) : [];
  const capturedBy = new Map<string, number>();
  steps.forEach((step, i) => {
    for (const name of Object.keys(fields(step['capture']))) if (!capturedBy.has(name)) capturedBy.set(name, i);
  });
  const bindings = strings(fixture['bindings']);
  const bound = new Set([...RUN_VARIABLE_NAMES, ...bindings.map(([name]) => name)]);
  const unknown = (name: string, known: ReadonlySet<string>) => !bound.has(name) && !known.has(name);
  const explain = (name: string, step: number) => {
    const by = capturedBy.get(name);
    const when =
      by === undefined || by < step ? '' : by === step ? '; this step captures it, but only from its answer' : `; steps[${by}] captures it, later`;
    return `\${${name}} is used before any step captures it, and neither the fixture's bindings nor the run variables give it${when}`;
  };
  const check = (value: unknown, path: FieldPath, known: ReadonlySet<string>, step: number) => {
    for (const [text, at] of stringsOf(value, path)) {
      for (const ref of referencesIn(text)) if (unknown(ref, known)) problems.push({ path: at, reason: explain(ref, step) });
    }
  };

  for (const [name, text] of bindings) {
    for (const ref of referencesIn(text)) {
      if (!RUN_VARIABLE_NAMES.has(ref)) problems.push({ path: ['bindings', name], reason: `\${${ref}}: a binding may only use run variables` });
    }
  }

  const captured = new Set<string>();
  steps.forEach((step, i) => {
    const request = fields(step['request']);
    for (const key of ['path', 'headers', 'json', 'text']) check(request[key], ['steps', i, 'request', key], captured, i);
    check(files.get(i)?.text, ['steps', i, 'request', 'file'], captured, i);
    // Capture pointers are read from this step's answer, with what earlier steps captured.
    const captures = fields(step['capture']);
    for (const [name, source] of Object.entries(captures)) check(source, ['steps', i, 'capture', name], captured, i);
    const afterCapture = new Set([...captured, ...Object.keys(captures)]);
    const expect = fields(step['expect']);
    for (const key of ['headers', 'json']) check(expect[key], ['steps', i, 'expect', key], afterCapture, i);
    const until = fields(step['until']);
    for (const key of ['values', 'pointer']) check(until[key], ['steps', i, 'until', key], afterCapture, i);
    for (const name of afterCapture) captured.add(name);
  });
  return problems;
}
