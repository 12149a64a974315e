/**
 * Finding, reading and checking the configuration file (`aep-harness.config.yaml`, `.yml` or `.json`).
 * The file is checked against `configSchema()` through ajv; every problem names the file, line, column and
 * field, and all of them are told together in one `ConfigError`. Paths in the file are made absolute
 * against its directory; globs are compiled once.
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { linearRegExp } from '../world/linear-regexp.js';
import { InputError } from '../parse/input.js';
import { READ_LIMITS, readBoundedText } from '../parse/read-bounded.js';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { yamlDepthExcess } from '../parse/yaml-depth.js';
import type { ProfileName } from '../contract/profiles.js';
import { didYouMean } from '../parse/nearest.js';
import { pointerToPath, significantErrors } from '../parse/schema-errors.js';
import type { Severity } from '../rules/finding.js';
import { locatedIssue, type LocatedIssue } from '../world/world-error.js';
import { describe, formatFieldPath, type FieldPath, type Problem } from '../world/world-file-shape.js';
import { offsetOf } from '../world/yaml-locate.js';
import { compileGlob, type GlobMatcher } from './glob.js';
import { knownRuleIds } from './rule-ids.js';
import { COMMANDS_WITH_FORMATS, CONFIG_FILE_NAMES, configSchema, type RuleSetting } from './schema.js';

/** Severity per rule id, as the file gives it. */
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

export interface ConfigOverride {
  /** The globs as written. */
  files: readonly string[];
  rules: RuleSettings;
  /** One matcher per glob, for paths relative to the configuration file's directory. */
  matchers: readonly GlobMatcher[];
}

export interface ConfigIgnore {
  /** Its position in `ignores`, for messages. */
  index: number;
  rule?: string;
  files?: readonly string[];
  matchers?: readonly GlobMatcher[];
  pointer?: string;
  reason: string;
}

/** A configuration ready to use: every path absolute, every glob compiled, every value checked. */
export interface ResolvedConfig {
  /** The file's absolute path; null when no file is used (none found, or `--no-config`). */
  file: string | null;
  /** The file as messages name it: relative to the working directory when under it. */
  shown: string | null;
  /** The directory the file's paths and globs are relative to (the working directory when there is no file). */
  dir: string;
  /** The working directory: finding files named relative to it are matched against globs from `dir`. */
  cwd: string;
  world?: string;
  profile?: ProfileName;
  /** A list for every command, or a list per command name. */
  formats?: readonly string[] | Readonly<Record<string, readonly string[]>>;
  outDir?: string;
  failOn?: Severity;
  rules: RuleSettings;
  overrides: readonly ConfigOverride[];
  ignores: readonly ConfigIgnore[];
  /** A problem with a field of the file (`formats[1]`) found when a command uses it, located in the file. */
  issue(path: FieldPath, reason: string): LocatedIssue;
}

/** A configuration file that cannot be used: every problem in `errors`, in file order; the message lists them one a line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly errors: readonly LocatedIssue[];
  /** The file could not be read as text (too large, not UTF-8, a FIFO nobody writes to): exit 3, not 2. */
  readonly unreadable: boolean;

  constructor(errors: readonly LocatedIssue[], unreadable = false) {
    if (errors.length === 0) throw new TypeError('ConfigError needs at least one issue');
    super(errors.map((issue) => issue.message).join('\n'));
    this.errors = errors;
    this.unreadable = unreadable;
  }

  static of(file: string, line: number, column: number, field: string, reason: string, unreadable = false): ConfigError {
    return new ConfigError([locatedIssue(file, line, column, field, reason)], unreadable);
  }
}

/** No configuration: every command's built-in defaults, no rule settings, nothing ignored. */
export function emptyConfig(cwd: string): ResolvedConfig {
  return { file: null, shown: null, dir: cwd, cwd, rules: {}, overrides: [], ignores: [], issue: (path, reason) => locatedIssue('', 0, 0, formatFieldPath(path), reason) };
}

/** A path for messages: relative to the working directory when it is under it. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The configuration file that applies in `startDir`: the first directory, from `startDir` up to the
 * filesystem root, that holds one of `CONFIG_FILE_NAMES`. Two of them in one directory are refused: which
 * one applies would be a guess.
 */
export async function findConfigFile(startDir: string, cwd: string = startDir): Promise<string | undefined> {
  let dir = resolve(startDir);
  for (;;) {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) if (await isFile(join(dir, name))) found.push(join(dir, name));
    if (found.length > 1) {
      const [first, ...rest] = found.map((f) => shownPath(f, cwd));
      throw ConfigError.of(first!, 0, 0, '', `${rest.join(' and ')} ${rest.length === 1 ? 'is' : 'are'} beside it: keep one configuration file per directory`);
    }
    if (found.length === 1) return found[0];
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and checks a configuration file. `path` is absolute or relative to `cwd`. */
export async function loadConfigFile(path: string, cwd: string): Promise<ResolvedConfig> {
  const absolute = resolve(cwd, path);
  const shown = shownPath(absolute, cwd);
  let text: string;
  try {
    text = await readBoundedText(absolute, { maxBytes: READ_LIMITS.config });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (error.message === 'no such file') throw ConfigError.of(shown, 0, 0, '', 'no such file');
    if (error.message === 'is a directory, not a file') throw ConfigError.of(shown, 0, 0, '', 'is a directory, not a configuration file');
    throw ConfigError.of(shown, error.line ?? 0, error.column ?? 0, '', error.message, true);
  }
  return parseConfig(text, { file: absolute, shown, cwd });
}

let validateConfig: ValidateFunction | undefined;

/** Checks a configuration file's text; `file` is its absolute path (its directory anchors relative paths), `shown` names it in messages. */
export function parseConfig(text: string, where: { file: string; shown: string; cwd: string }): ResolvedConfig {
  const { file, shown, cwd } = where;
  const tooDeep = yamlDepthExcess(text);
  if (tooDeep !== undefined) throw ConfigError.of(shown, tooDeep.line, tooDeep.column, '', tooDeep.message, true);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => locatedIssue(shown, at(e.pos[0]).line, at(e.pos[0]).col, '', `YAML syntax error: ${e.message.split('\n')[0]}`)));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw ConfigError.of(shown, 1, 1, '', `cannot read the YAML: ${(error as Error).message}`);
  }
  const dir = dirname(file);
  const issue = (path: FieldPath, reason: string) => {
    const { line, col } = at(offsetOf(doc, path));
    return locatedIssue(shown, line, col, formatFieldPath(path), reason);
  };
  if (data === null || data === undefined) return { ...emptyConfig(cwd), file, shown, dir, issue };

  validateConfig ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, code: { regExp: linearRegExp } }).compile(configSchema());
  const problems: Problem[] = validateConfig(data) ? [] : significantErrors(validateConfig.errors ?? []).map((e) => toProblem(e, data));
  if (problems.length === 0) problems.push(...globProblems(data as RawConfig));
  if (problems.length > 0) throw locatedError(problems, doc, shown, at);
  return resolveConfig(data as RawConfig, { file, shown, dir, cwd, issue });
}

function locatedError(problems: readonly Problem[], doc: Document, shown: string, at: (offset: number) => { line: number; col: number }): ConfigError {
  const located = problems.map((problem) => ({ problem, offset: offsetOf(doc, problem.path, problem.atKey === true) }));
  located.sort((a, b) => a.offset - b.offset);
  return new ConfigError(located.map(({ problem, offset }) => locatedIssue(shown, at(offset).line, at(offset).col, formatFieldPath(problem.path), problem.reason)));
}

/** The file's data once the schema holds. */
interface RawConfig {
  world?: string;
  profile?: ProfileName;
  formats?: string[] | Record<string, string[]>;
  outDir?: string;
  failOn?: Severity;
  rules?: Record<string, RuleSetting>;
  overrides?: { files: string | string[]; rules: Record<string, RuleSetting> }[];
  ignores?: { rule?: string; files?: string | string[]; pointer?: string; reason: string }[];
}

const list = (globs: string | string[]): string[] => (typeof globs === 'string' ? [globs] : globs);

function globProblems(data: RawConfig): Problem[] {
  const problems: Problem[] = [];
  const check = (globs: string | string[], path: FieldPath) => {
    list(globs).forEach((glob, i) => {
      try {
        compileGlob(glob);
      } catch (error) {
        problems.push({ path: typeof globs === 'string' ? path : [...path, i], reason: `is not a glob: ${(error as Error).message}` });
      }
    });
  };
  data.overrides?.forEach((o, i) => check(o.files, ['overrides', i, 'files']));
  data.ignores?.forEach((g, i) => g.files !== undefined && check(g.files, ['ignores', i, 'files']));
  return problems;
}

function resolveConfig(data: RawConfig, base: Pick<ResolvedConfig, 'file' | 'shown' | 'dir' | 'cwd' | 'issue'>): ResolvedConfig {
  const matchers = (globs: string | string[]) => list(globs).map(compileGlob);
  return {
    ...base,
    ...(data.world !== undefined ? { world: resolve(base.dir, data.world) } : {}),
    ...(data.profile !== undefined ? { profile: data.profile } : {}),
    ...(data.formats !== undefined ? { formats: data.formats } : {}),
    ...(data.outDir !== undefined ? { outDir: resolve(base.dir, data.outDir) } : {}),
    ...(data.failOn !== undefined ? { failOn: data.failOn } : {}),
    rules: data.rules ?? {},
    overrides: (data.overrides ?? []).map((o) => ({ files: list(o.files), rules: o.rules, matchers: matchers(o.files) })),
    ignores: (data.ignores ?? []).map((g, index) => ({
      index,
      ...(g.rule !== undefined ? { rule: g.rule } : {}),
      ...(g.files !== undefined ? { files: list(g.files), matchers: matchers(g.files) } : {}),
      ...(g.pointer !== undefined ? { pointer: g.pointer } : {}),
      reason: g.reason,
    })),
  };
}

/**
 * The formats `config.formats` gives `command`, or undefined when it gives none. A format the command
 * does not write is a `ConfigError` at its place in the file.
 */
export function formatsFor(config: ResolvedConfig, command: string, valid: readonly string[]): string[] | undefined {
  const formats = config.formats;
  if (formats === undefined) return undefined;
  const own = Array.isArray(formats) ? formats : (formats as Record<string, readonly string[]>)[command];
  if (own === undefined) return undefined;
  const path = (i: number): FieldPath => (Array.isArray(formats) ? ['formats', i] : ['formats', command, i]);
  const wrong = own.map((format, i) => ({ format, i })).filter(({ format }) => !valid.includes(format));
  if (wrong.length > 0) {
    const hint = Array.isArray(formats) ? `; give a list per command instead, as formats: { ${command}: [${valid[0]}], … }` : '';
    throw new ConfigError(wrong.map(({ format, i }) => config.issue(path(i), `${command} writes ${valid.join(', ')}, not ${JSON.stringify(format)}${hint}`)));
  }
  return [...own];
}

// --- ajv's errors in plain words ---

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function toProblem(error: ErrorObject, root: unknown): Problem {
  const path = pointerToPath(error.instancePath, root);
  const parentSchema = (error.parentSchema ?? {}) as { properties?: object; required?: string[] };
  const last = path[path.length - 1];
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const valid = Object.keys(parentSchema.properties ?? {});
      return { path: [...path, key], atKey: true, reason: `unknown key ${JSON.stringify(key)}; expected one of: ${valid.join(', ')}${didYouMean(key, valid)}` };
    }
    case 'required': {
      const key = String(error.params['missingProperty']);
      if (key === 'reason' && path[0] === 'ignores') {
        return { path, reason: 'missing key "reason": an ignore says why the findings it drops do not matter' };
      }
      return { path, reason: `missing key ${JSON.stringify(key)} (required: ${(parentSchema.required ?? []).join(', ')})` };
    }
    case 'propertyNames': {
      const key = String(error.params['propertyName']);
      if (path[0] === 'formats') {
        return { path: [...path, key], atKey: true, reason: `${JSON.stringify(key)} is not a command that writes formats; expected one of: ${COMMANDS_WITH_FORMATS.join(', ')}${didYouMean(key, COMMANDS_WITH_FORMATS)}` };
      }
      return { path: [...path, key], atKey: true, reason: unknownRuleId(key) };
    }
    case 'anyOf':
      if (last === 'rule') return { path, reason: unknownRuleId(String(error.data)) };
      if (path[0] === 'ignores') return { path, reason: 'names no rule, files or pointer, so it would ignore every finding: give at least one' };
      return { path, reason: error.message ?? 'fails "anyOf"' };
    case 'type': {
      const types = ([] as unknown[]).concat(error.params['type']).flatMap((t) => String(t).split(','));
      const hint = types.includes('string') && (typeof error.data === 'number' || typeof error.data === 'boolean') ? ' (quote it to make it a string)' : '';
      return { path, reason: `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}, got ${describe(error.data)}${hint}` };
    }
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[]).map(String);
      const near = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { path, reason: `must be one of: ${allowed.join(', ')}; got ${describe(error.data)}${near}` };
    }
    case 'pattern':
      if (last === 'pointer') return { path, reason: `must be a JSON pointer, "" or starting with /; got ${describe(error.data)}` };
      return { path, reason: 'must not be empty' };
    case 'minLength':
    case 'minItems':
      return { path, reason: 'must not be empty' };
    case 'uniqueItems': {
      const items = Array.isArray(error.data) ? (error.data as unknown[]) : [];
      return { path, reason: `lists ${JSON.stringify(items[Number(error.params['j'])])} more than once` };
    }
    default:
      return { path, reason: error.message ?? `fails "${error.keyword}"` };
  }
}

function unknownRuleId(id: string): string {
  return `${JSON.stringify(id)} is not a rule id of the harness${didYouMean(id, knownRuleIds())}; aep-harness rules lists them`;
}
