/**
 * Checks a fixture file's data against the `Fixture` shape (`fixture-types.ts`), names in the contract
 * (behaviour ids, source ids, profiles, documented texts) and the matchers. One problem per mistake,
 * each with the path of the field it is about; `load.ts` turns paths into lines and columns.
 */
import { BEHAVIOUR_IDS, isBehaviourId } from '../contract/behaviours.js';
import { PROFILE_NAMES } from '../contract/profiles.js';
import { SOURCES } from '../contract/sources.js';
import { describe as describeData, type FieldPath, type Problem } from '../world/world-file-shape.js';
import { DOCUMENTED_TEXT_NAMES, documentedText } from './documented.js';
import type { HttpMethod, MatcherName } from './fixture-types.js';
import { EXACT_KEY, MATCHER_FIELDS, MATCHER_NAMES } from './matchers.js';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

const FIXTURE_KEYS = ['name', 'summary', 'source', 'profiles', 'behaviours', 'bindings', 'placeholders', 'errata', 'steps'];
const STEP_KEYS = ['name', 'request', 'expect', 'capture', 'until'];
const REQUEST_KEYS = ['method', 'path', 'headers', 'omitHeaders', 'json', 'text', 'file', 'generate'];
export const BODY_KEYS = ['json', 'text', 'file', 'generate'] as const;
const EXPECT_KEYS = ['status', 'headers', 'json', 'empty', 'behaviours'];
const UNTIL_KEYS = ['pointer', 'values', 'attempts', 'intervalMs'];
const SOURCE_REF_KEYS = ['source', 'section'];
const GENERATE_KEYS = ['size', 'fill'];

/** Generated bodies are for size limits (1 MB and a little over); nothing needs more than this. */
export const MAX_GENERATED_BYTES = 64 * 1024 * 1024;
const MAX_ATTEMPTS = 1000;
const MAX_INTERVAL_MS = 60_000;
const CAPTURE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

type Data = Record<string, unknown>;

class Checker {
  readonly problems: Problem[] = [];

  add(path: FieldPath, reason: string, atKey = false): void {
    this.problems.push(atKey ? { path, reason, atKey } : { path, reason });
  }

  /** A mapping with only `allowed` keys and every `required` one; false (and a problem) when not a mapping. */
  mapping(value: unknown, path: FieldPath, allowed: readonly string[], required: readonly string[] = []): value is Data {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, `must be a mapping, got ${describeData(value)}`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add([...path, key], `unknown key ${JSON.stringify(key)}; expected one of: ${allowed.join(', ')}`, true);
    }
    for (const key of required) {
      if (!Object.hasOwn(value, key)) this.add(path, `missing key ${JSON.stringify(key)} (required: ${required.join(', ')})`);
    }
    return true;
  }

  string(value: unknown, path: FieldPath, opts: { nonEmpty?: boolean } = {}): value is string {
    if (typeof value !== 'string') {
      const hint = typeof value === 'number' || typeof value === 'boolean' ? ' (quote it to make it a string)' : '';
      this.add(path, `must be a string, got ${describeData(value)}${hint}`);
      return false;
    }
    if (opts.nonEmpty === true && value.trim() === '') {
      this.add(path, 'must not be empty');
      return false;
    }
    return true;
  }

  integer(value: unknown, path: FieldPath, min: number, max: number): value is number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(path, `must be a whole number, got ${describeData(value)}`);
      return false;
    }
    if (value < min || value > max) {
      this.add(path, `must be between ${min} and ${max}, got ${value}`);
      return false;
    }
    return true;
  }

  boolean(value: unknown, path: FieldPath): value is boolean {
    if (typeof value !== 'boolean') {
      this.add(path, `must be true or false, got ${describeData(value)}`);
      return false;
    }
    return true;
  }

  list(value: unknown, path: FieldPath, opts: { nonEmpty?: boolean } = {}): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add(path, `must be a list, got ${describeData(value)}`);
      return false;
    }
    if (opts.nonEmpty === true && value.length === 0) {
      this.add(path, 'must not be empty');
      return false;
    }
    return true;
  }

  /** A string that must be one of a closed set. */
  oneOf(value: unknown, path: FieldPath, allowed: readonly string[], what?: string): boolean {
    if (!this.string(value, path)) return false;
    if (allowed.includes(value)) return true;
    this.add(path, `${JSON.stringify(value)} is not one of ${what ?? allowed.join(', ')}`);
    return false;
  }

  stringMap(value: unknown, path: FieldPath): value is Record<string, string> {
    if (!this.mapping(value, path, Object.keys(value !== null && typeof value === 'object' ? value : {}))) return false;
    let ok = true;
    for (const [key, item] of Object.entries(value)) ok = this.string(item, [...path, key]) && ok;
    return ok;
  }
}

/** Checks the data of one fixture file; an empty list when it has the `Fixture` shape. */
export function checkFixtureShape(data: unknown): Problem[] {
  const c = new Checker();
  if (!c.mapping(data, [], FIXTURE_KEYS, ['name', 'summary', 'source', 'steps'])) return c.problems;
  const has = (key: string) => Object.hasOwn(data, key);
  if (has('name')) c.string(data['name'], ['name'], { nonEmpty: true });
  if (has('summary')) c.string(data['summary'], ['summary']);
  if (has('source')) checkSources(c, data['source'], ['source']);
  if (has('profiles') && c.list(data['profiles'], ['profiles'], { nonEmpty: true })) {
    data['profiles'].forEach((p, i) => c.oneOf(p, ['profiles', i], PROFILE_NAMES));
  }
  // A wrong id is its own problem; the steps are not also told they name no behaviour.
  const fixtureBehaviours = has('behaviours');
  if (fixtureBehaviours) checkBehaviours(c, data['behaviours'], ['behaviours']);
  if (has('bindings')) c.stringMap(data['bindings'], ['bindings']);
  if (has('placeholders')) c.stringMap(data['placeholders'], ['placeholders']);
  if (has('errata') && c.list(data['errata'], ['errata'])) data['errata'].forEach((e, i) => c.string(e, ['errata', i]));
  if (has('steps') && c.list(data['steps'], ['steps'], { nonEmpty: true })) {
    data['steps'].forEach((step, i) => checkStep(c, step, ['steps', i], fixtureBehaviours));
  }
  return c.problems;
}

function checkSources(c: Checker, value: unknown, path: FieldPath): void {
  if (!c.list(value, path, { nonEmpty: true })) return;
  const ids = Object.keys(SOURCES);
  value.forEach((ref, i) => {
    if (!c.mapping(ref, [...path, i], SOURCE_REF_KEYS, SOURCE_REF_KEYS)) return;
    if (Object.hasOwn(ref, 'source')) c.oneOf(ref['source'], [...path, i, 'source'], ids, 'the source ids of src/contract/sources.ts');
    if (Object.hasOwn(ref, 'section')) c.string(ref['section'], [...path, i, 'section'], { nonEmpty: true });
  });
}

/** True when the list is there and every id is a behaviour of the catalogue. */
function checkBehaviours(c: Checker, value: unknown, path: FieldPath): boolean {
  if (!c.list(value, path, { nonEmpty: true })) return false;
  let ok = true;
  value.forEach((id, i) => {
    if (!c.string(id, [...path, i])) ok = false;
    else if (!isBehaviourId(id)) {
      c.add([...path, i], `${JSON.stringify(id)} is not a behaviour id of src/contract/behaviours.ts${suggest(id)}`);
      ok = false;
    }
  });
  return ok;
}

/** The closest behaviour id, when one is a few edits away: the likely typo. */
function suggest(id: string): string {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of BEHAVIOUR_IDS) {
    const distance = editDistance(id, candidate);
    if (best === undefined || distance < best.distance) best = { id: candidate, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(id.length / 5)) ? ` (did you mean ${JSON.stringify(best.id)}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function checkStep(c: Checker, step: unknown, path: FieldPath, fixtureBehaviours: boolean): void {
  if (!c.mapping(step, path, STEP_KEYS, ['name', 'request', 'expect'])) return;
  if (Object.hasOwn(step, 'name')) c.string(step['name'], [...path, 'name'], { nonEmpty: true });
  if (Object.hasOwn(step, 'request')) checkRequest(c, step['request'], [...path, 'request']);
  if (Object.hasOwn(step, 'expect')) checkExpect(c, step['expect'], [...path, 'expect'], fixtureBehaviours);
  if (Object.hasOwn(step, 'capture') && c.mapping(step['capture'], [...path, 'capture'], Object.keys((step['capture'] ?? {}) as object))) {
    for (const [name, source] of Object.entries(step['capture'] as Data)) {
      if (!CAPTURE_NAME.test(name)) c.add([...path, 'capture', name], `${JSON.stringify(name)} cannot be used as \${name}: use letters, digits, _ . -`, true);
      if (c.string(source, [...path, 'capture', name]) && !isCaptureSource(source)) {
        c.add([...path, 'capture', name], `${JSON.stringify(source)} is neither a JSON pointer into the body (/id, or "" for the whole body) nor header:<name>`);
      }
    }
  }
  if (Object.hasOwn(step, 'until') && c.mapping(step['until'], [...path, 'until'], UNTIL_KEYS, ['pointer', 'values'])) {
    const until = step['until'];
    if (Object.hasOwn(until, 'pointer') && c.string(until['pointer'], [...path, 'until', 'pointer']) && !isPointer(until['pointer'])) {
      c.add([...path, 'until', 'pointer'], `${JSON.stringify(until['pointer'])} is not a JSON pointer (it starts with /)`);
    }
    if (Object.hasOwn(until, 'values')) c.list(until['values'], [...path, 'until', 'values'], { nonEmpty: true });
    if (Object.hasOwn(until, 'attempts')) c.integer(until['attempts'], [...path, 'until', 'attempts'], 1, MAX_ATTEMPTS);
    if (Object.hasOwn(until, 'intervalMs')) c.integer(until['intervalMs'], [...path, 'until', 'intervalMs'], 0, MAX_INTERVAL_MS);
  }
}

function checkRequest(c: Checker, request: unknown, path: FieldPath): void {
  if (!c.mapping(request, path, REQUEST_KEYS, ['method', 'path'])) return;
  if (Object.hasOwn(request, 'method')) c.oneOf(request['method'], [...path, 'method'], HTTP_METHODS, HTTP_METHODS.join(', '));
  if (Object.hasOwn(request, 'path') && c.string(request['path'], [...path, 'path'], { nonEmpty: true }) && !request['path'].startsWith('/')) {
    c.add([...path, 'path'], `must start with / (it is relative to the target's base URL), got ${JSON.stringify(request['path'])}`);
  }
  if (Object.hasOwn(request, 'headers')) c.stringMap(request['headers'], [...path, 'headers']);
  if (Object.hasOwn(request, 'omitHeaders') && c.list(request['omitHeaders'], [...path, 'omitHeaders'])) {
    request['omitHeaders'].forEach((h, i) => c.string(h, [...path, 'omitHeaders', i], { nonEmpty: true }));
  }
  const bodies = Object.keys(request).filter((key) => (BODY_KEYS as readonly string[]).includes(key));
  if (bodies.length > 1) {
    // Shown at the second body: that is the line to delete or move.
    c.add([...path, bodies[1]!], `a request has at most one body, and this one also has ${bodies.filter((_, i) => i !== 1).join(' and ')}`, true);
  }
  if (Object.hasOwn(request, 'text')) c.string(request['text'], [...path, 'text']);
  if (Object.hasOwn(request, 'file')) c.string(request['file'], [...path, 'file'], { nonEmpty: true });
  if (Object.hasOwn(request, 'generate') && c.mapping(request['generate'], [...path, 'generate'], GENERATE_KEYS, ['size'])) {
    const generate = request['generate'];
    if (Object.hasOwn(generate, 'size')) c.integer(generate['size'], [...path, 'generate', 'size'], 0, MAX_GENERATED_BYTES);
    if (Object.hasOwn(generate, 'fill')) c.string(generate['fill'], [...path, 'generate', 'fill'], { nonEmpty: true });
  }
}

function checkExpect(c: Checker, expect: unknown, path: FieldPath, fixtureBehaviours: boolean): void {
  if (!c.mapping(expect, path, EXPECT_KEYS, ['status'])) return;
  if (Object.hasOwn(expect, 'status')) {
    const status = expect['status'];
    if (Array.isArray(status)) {
      if (c.list(status, [...path, 'status'], { nonEmpty: true })) status.forEach((s, i) => c.integer(s, [...path, 'status', i], 100, 599));
    } else c.integer(status, [...path, 'status'], 100, 599);
  }
  if (Object.hasOwn(expect, 'headers') && c.mapping(expect['headers'], [...path, 'headers'], Object.keys((expect['headers'] ?? {}) as object))) {
    for (const [name, value] of Object.entries(expect['headers'] as Data)) {
      if (typeof value === 'string') continue;
      if (isMatcherData(value)) checkMatcher(c, value, [...path, 'headers', name]);
      else c.add([...path, 'headers', name], `must be a string or a matcher ({ $match: … }), got ${describeData(value)}`);
    }
  }
  if (Object.hasOwn(expect, 'json')) checkExpected(c, expect['json'], [...path, 'json']);
  if (Object.hasOwn(expect, 'empty')) c.boolean(expect['empty'], [...path, 'empty']);
  if (Object.hasOwn(expect, 'empty') && expect['empty'] === true && Object.hasOwn(expect, 'json')) {
    c.add([...path, 'empty'], 'an answer cannot be both empty and JSON: give empty or json', true);
  }
  if (Object.hasOwn(expect, 'behaviours')) checkBehaviours(c, expect['behaviours'], [...path, 'behaviours']);
  else if (!fixtureBehaviours) {
    c.add(path, 'names no behaviour: give expect.behaviours, or behaviours at the top of the fixture');
  }
}

function isMatcherData(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, '$match');
}

/** An expected value: matchers where `$match` is, `$exact` a boolean, the rest any JSON. */
function checkExpected(c: Checker, value: unknown, path: FieldPath): void {
  if (isMatcherData(value)) return checkMatcher(c, value, path);
  if (Array.isArray(value)) return value.forEach((item, i) => checkExpected(c, item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === EXACT_KEY) c.boolean(item, [...path, key]);
      else checkExpected(c, item, [...path, key]);
    }
  }
}

function checkMatcher(c: Checker, matcher: Data, path: FieldPath): void {
  const name = matcher['$match'];
  if (!c.oneOf(name, [...path, '$match'], MATCHER_NAMES, `the matchers ${MATCHER_NAMES.join(', ')}`)) return;
  const fields = MATCHER_FIELDS[name as MatcherName];
  const allowed = ['$match', ...fields.required, ...fields.optional];
  for (const key of Object.keys(matcher)) {
    if (!allowed.includes(key)) {
      const valid = allowed.length === 1 ? `$match ${JSON.stringify(name)} takes no other key` : `expected one of: ${allowed.join(', ')}`;
      c.add([...path, key], `unknown key ${JSON.stringify(key)} for $match ${JSON.stringify(name)}; ${valid}`, true);
    }
  }
  for (const key of fields.required) {
    if (!Object.hasOwn(matcher, key)) c.add(path, `$match ${JSON.stringify(name)} needs ${JSON.stringify(key)}`);
  }
  switch (name as MatcherName) {
    case 'regex':
      if (Object.hasOwn(matcher, 'pattern') && c.string(matcher['pattern'], [...path, 'pattern'])) {
        try {
          new RegExp(matcher['pattern']);
        } catch (error) {
          c.add([...path, 'pattern'], `is not a regular expression: ${(error as Error).message}`);
        }
      }
      break;
    case 'xactionId':
      if (Object.hasOwn(matcher, 'index')) c.integer(matcher['index'], [...path, 'index'], 0, Number.MAX_SAFE_INTEGER);
      if (Object.hasOwn(matcher, 'batch')) c.string(matcher['batch'], [...path, 'batch'], { nonEmpty: true });
      break;
    case 'documented': {
      if (Object.hasOwn(matcher, 'text') && c.string(matcher['text'], [...path, 'text'])) {
        const text = documentedText(matcher['text']);
        if (text === undefined) {
          c.add([...path, 'text'], `${JSON.stringify(matcher['text'])} is not a documented text; expected one of: ${DOCUMENTED_TEXT_NAMES.join(', ')}`);
        } else {
          for (const key of ['inlet', 'org', 'value'] as const) {
            if (!Object.hasOwn(matcher, key)) continue;
            if (c.string(matcher[key], [...path, key]) && !text.uses.includes(key)) {
              c.add([...path, key], `${matcher['text']} has no ${key} to fill in`, true);
            }
          }
        }
      }
      break;
    }
    case 'oneOf':
      if (Object.hasOwn(matcher, 'values') && c.list(matcher['values'], [...path, 'values'], { nonEmpty: true })) {
        matcher['values'].forEach((v, i) => checkExpected(c, v, [...path, 'values', i]));
      }
      break;
    default:
      break;
  }
}

export function isPointer(text: string): boolean {
  return text === '' || text.startsWith('/');
}

export function isCaptureSource(text: string): boolean {
  return isPointer(text) || /^header:[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(text);
}
