/**
 * The data of `npm run conformance:adobe` (expectations.yaml), read and checked against the contract: every
 * source, behaviour, disagreement and erratum it names must exist in `src/contract/`, so an expectation can
 * never point at nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { BEHAVIOUR_IDS } from '../../src/contract/behaviours.js';
import { SOURCES, type SourceRef } from '../../src/contract/sources.js';

export const EXPECTATIONS_FILE = fileURLToPath(new URL('./expectations.yaml', import.meta.url));
const CONTRACT_DIR = new URL('../../src/contract/', import.meta.url);

export const COLLECTIONS = ['data-ingestion-api', 'catalog-service-api', 'data-access-api'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export const OPENAPI_FILES = ['streaming-ingestion.yaml', 'batch-ingestion.yaml', 'catalog.yaml', 'data-access.yaml'] as const;
export type OpenapiFile = (typeof OPENAPI_FILES)[number];

export interface Until {
  pointer: string;
  values: string[];
  attempts: number;
  intervalMs: number;
}

export interface PostmanStep {
  name: string;
  collection: CollectionName;
  /** The request's method and path as the collection writes it: `POST /data/foundation/import/batches`. */
  request: string;
  variables: Record<string, string>;
  /** A JSON body, given to the collection's `{{…}}` body variable. */
  json?: unknown;
  /** A body that replaces the collection's, with the reason. */
  body?: { raw: string; why: string };
  headers?: Record<string, string>;
  expect: { status: number; pointer?: Record<string, string[]>; sources: SourceRef[] };
  capture: Record<string, string>;
  until?: Until;
}

/** A request of a collection the reference server does not serve, by design, with the reason. */
export interface NotServed {
  collection: CollectionName;
  request: string;
  reason: string;
  /** The reference server's answer to a route it does not serve. */
  status: number;
}

export interface KnownViolation {
  file: OpenapiFile;
  /** The OpenAPI operation: method and path template as the file writes it (`POST /batches`). */
  operation: string;
  /** Where Prism locates it, indices as `[]`: `response.body.errors[].rows[]`, `request.header.content-type`. */
  location: string;
  /** Prism's code: the JSON Schema keyword (`type`, `enum`, `required`…) or its error name (`NO_PATH_MATCHED_ERROR`). */
  code: string;
  /** The contract's disagreement or erratum that explains it… */
  disagreement?: string;
  erratum?: string;
  /** …or the documented behaviour whose request is invalid on purpose. */
  invalidOnPurpose?: string;
  note: string;
}

export interface Expectations {
  postman: { environment: Record<string, string>; steps: PostmanStep[]; notServed: NotServed[] };
  prism: { violations: KnownViolation[] };
}

export class ExpectationsError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ids of every disagreement and erratum the contract records (each module's `*_DISAGREEMENTS` and `*_ERRATA`). */
export async function contractRecords(): Promise<{ disagreements: Set<string>; errata: Set<string> }> {
  const disagreements = new Set<string>();
  const errata = new Set<string>();
  for (const file of readdirSync(CONTRACT_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(fileURLToPath(new URL(file, CONTRACT_DIR))).href)) as Obj;
    for (const [name, value] of Object.entries(module)) {
      if (!isObj(value)) continue;
      if (name.endsWith('_DISAGREEMENTS')) for (const id of Object.keys(value)) disagreements.add(id);
      if (name.endsWith('_ERRATA')) for (const id of Object.keys(value)) errata.add(id);
    }
  }
  return { disagreements, errata };
}

export async function loadExpectations(file = EXPECTATIONS_FILE): Promise<Expectations> {
  const raw = parse(readFileSync(file, 'utf8'), { merge: true }) as unknown;
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const records = await contractRecords();
  if (!isObj(raw) || !isObj(raw.postman) || !isObj(raw.prism)) throw new ExpectationsError(`${file}: needs postman and prism sections`);

  const sources = (where: string, value: unknown): SourceRef[] => {
    if (!Array.isArray(value) || value.length === 0) {
      problem(where, 'needs at least one source');
      return [];
    }
    return value.map((s, i) => {
      if (!isObj(s) || typeof s.source !== 'string' || typeof s.section !== 'string') problem(`${where}[${i}]`, 'a source is { source, section }');
      else if (!Object.hasOwn(SOURCES, s.source)) problem(`${where}[${i}]`, `unknown source id "${String(s.source)}" (src/contract/sources.ts)`);
      return s as unknown as SourceRef;
    });
  };
  const strings = (where: string, value: unknown): Record<string, string> => {
    if (value === undefined) return {};
    if (!isObj(value)) {
      problem(where, 'a map of strings');
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') problem(`${where}.${k}`, 'a string');
      else out[k] = v;
    }
    return out;
  };
  const collection = (where: string, value: unknown): CollectionName => {
    if (!(COLLECTIONS as readonly unknown[]).includes(value)) problem(where, `one of ${COLLECTIONS.join(', ')}`);
    return value as CollectionName;
  };

  const steps: PostmanStep[] = [];
  const rawSteps = raw.postman.steps;
  if (!Array.isArray(rawSteps)) problem('postman.steps', 'a list');
  for (const [i, s] of (Array.isArray(rawSteps) ? rawSteps : []).entries()) {
    const where = `postman.steps[${i}]`;
    if (!isObj(s) || typeof s.name !== 'string' || typeof s.request !== 'string' || !isObj(s.expect) || typeof s.expect.status !== 'number') {
      problem(where, 'needs name, collection, request and expect.status');
      continue;
    }
    const step: PostmanStep = {
      name: s.name,
      collection: collection(`${where}.collection`, s.collection),
      request: s.request,
      variables: strings(`${where}.variables`, s.variables),
      expect: { status: s.expect.status, sources: sources(`${where}.expect.sources`, s.expect.sources) },
      capture: strings(`${where}.capture`, s.capture),
    };
    if (s.json !== undefined) step.json = s.json;
    if (s.body !== undefined) {
      if (!isObj(s.body) || typeof s.body.raw !== 'string' || typeof s.body.why !== 'string') problem(`${where}.body`, 'needs raw and why');
      else step.body = { raw: s.body.raw, why: s.body.why };
    }
    if (s.headers !== undefined) step.headers = strings(`${where}.headers`, s.headers);
    if (s.expect.pointer !== undefined) {
      if (!isObj(s.expect.pointer)) problem(`${where}.expect.pointer`, 'a map of pointer to accepted values');
      else step.expect.pointer = s.expect.pointer as Record<string, string[]>;
    }
    if (s.until !== undefined) {
      const u = s.until;
      if (!isObj(u) || typeof u.pointer !== 'string' || !Array.isArray(u.values) || typeof u.attempts !== 'number' || typeof u.intervalMs !== 'number') {
        problem(`${where}.until`, 'needs pointer, values, attempts, intervalMs');
      } else step.until = { pointer: u.pointer, values: u.values.map(String), attempts: u.attempts, intervalMs: u.intervalMs };
    }
    steps.push(step);
  }

  const notServed: NotServed[] = [];
  const rawNotServed = raw.postman.notServed ?? [];
  for (const [i, n] of (Array.isArray(rawNotServed) ? rawNotServed : []).entries()) {
    const where = `postman.notServed[${i}]`;
    if (!isObj(n) || typeof n.request !== 'string' || typeof n.reason !== 'string' || typeof n.status !== 'number') {
      problem(where, 'needs collection, request, reason and status');
      continue;
    }
    notServed.push({ collection: collection(`${where}.collection`, n.collection), request: n.request, reason: n.reason, status: n.status });
  }

  const violations: KnownViolation[] = [];
  const rawViolations = raw.prism.violations ?? [];
  for (const [i, v] of (Array.isArray(rawViolations) ? rawViolations : []).entries()) {
    const where = `prism.violations[${i}]`;
    if (!isObj(v) || typeof v.operation !== 'string' || typeof v.location !== 'string' || typeof v.code !== 'string' || typeof v.note !== 'string') {
      problem(where, 'needs file, operation, location, code and note');
      continue;
    }
    if (!(OPENAPI_FILES as readonly unknown[]).includes(v.file)) problem(`${where}.file`, `one of ${OPENAPI_FILES.join(', ')}`);
    const reasons = (['disagreement', 'erratum', 'invalidOnPurpose'] as const).filter((k) => v[k] !== undefined);
    if (reasons.length !== 1) problem(where, 'names exactly one of disagreement, erratum, invalidOnPurpose');
    if (v.disagreement !== undefined && !records.disagreements.has(String(v.disagreement)))
      problem(`${where}.disagreement`, `"${String(v.disagreement)}" is not a disagreement of src/contract/`);
    if (v.erratum !== undefined && !records.errata.has(String(v.erratum))) problem(`${where}.erratum`, `"${String(v.erratum)}" is not an erratum of src/contract/`);
    if (v.invalidOnPurpose !== undefined && !(BEHAVIOUR_IDS as readonly string[]).includes(String(v.invalidOnPurpose)))
      problem(`${where}.invalidOnPurpose`, `"${String(v.invalidOnPurpose)}" is not a behaviour of src/contract/behaviours.ts`);
    violations.push(v as unknown as KnownViolation);
  }
  const seen = new Set<string>();
  for (const v of violations) {
    const key = violationKey(v);
    if (seen.has(key)) problem('prism.violations', `listed twice: ${key}`);
    seen.add(key);
  }

  if (problems.length > 0) throw new ExpectationsError(`${file}:\n  ${problems.join('\n  ')}`);
  return { postman: { environment: strings('postman.environment', raw.postman.environment), steps, notServed }, prism: { violations } };
}

export function violationKey(v: Pick<KnownViolation, 'file' | 'operation' | 'location' | 'code'>): string {
  return `${v.file} ${v.operation} ${v.location} ${v.code}`;
}
