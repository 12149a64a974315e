import type { Ajv } from 'ajv';
import type { CampaignMapping, CampaignOutcome, Dataset, Inlet, Org, World, WorldFault, XdmSchema } from './types.js';
import { InputError } from '../parse/input.js';
import { createXdmAjv } from './xdm-ajv.js';
import { unsupportedPatterns } from './xdm-patterns.js';
import { describe, type FieldPath, type Problem } from './world-file-shape.js';

export const EXPERIENCE_EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';
export const PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const TIME_SERIES = 'https://ns.adobe.com/xdm/data/time-series';

const CLASS_SHORTHANDS: Record<string, string> = {
  experienceevent: EXPERIENCE_EVENT_CLASS,
  profile: PROFILE_CLASS,
};

export interface BuildContext {
  /** Where the world comes from (`World.source`). */
  source: string;
  /** Reads a `jsonSchema` file named relative to the world file; throws when it cannot. */
  readSchemaFile(relPath: string): string;
  /** The text a scalar was written as, where the spelling matters (`version: 1.0` is "1.0", not 1). */
  sourceText(path: FieldPath): string | undefined;
}

type Entry = { index: number; value: Record<string, unknown> };

/**
 * The checks a JSON Schema cannot express (ids unique per list, references between lists, classes,
 * the XDM schemas themselves), and the world they describe. Reads the data defensively: it runs even
 * when the shape check failed, so that one run reports every problem; `world` is only built when
 * `shapeOk` and no problem was found here.
 */
export function buildWorld(data: unknown, shapeOk: boolean, ctx: BuildContext): { world?: World; problems: Problem[]; notices: Problem[] } {
  const problems: Problem[] = [];
  // What loads but is not checked as written (a pattern the linear-time engine cannot run).
  const notices: Problem[] = [];
  const root = isRecord(data) ? data : {};
  const orgs = entries(root['orgs']);
  const inlets = entries(root['inlets']);
  const schemaEntries = entries(root['schemas']);
  const datasets = entries(root['datasets']);
  const mappings = entries(root['campaignMappings']);
  const faults = entries(root['faults']);

  for (const [list, items] of [
    ['orgs', orgs],
    ['inlets', inlets],
    ['schemas', schemaEntries],
    ['datasets', datasets],
    ['campaignMappings', mappings],
  ] as const) {
    checkUniqueIds(list, items, problems);
  }
  if (Array.isArray(root['orgs'])) checkReferences('inlets', inlets, 'org', 'orgs', orgs, problems);
  if (Array.isArray(root['schemas'])) checkReferences('datasets', datasets, 'schema', 'schemas', schemaEntries, problems);

  for (const entry of mappings) checkOutcome(entry, problems);
  for (const entry of faults) checkFault(entry, problems);

  let ajv: Ajv | undefined;
  const schemas: XdmSchema[] = [];
  for (const entry of schemaEntries) {
    const schema = readXdmSchema(entry, ctx, problems, notices, () => (ajv ??= createXdmAjv()));
    if (schema !== undefined) schemas.push(schema);
  }

  if (!shapeOk || problems.length > 0) return { problems, notices };
  // The shape check has passed: every entry has its required keys with the right types.
  const world: World = {
    source: ctx.source,
    orgs: orgs.map(({ value }): Org => ({ id: value['id'] as string, sandboxes: [...(value['sandboxes'] as string[])] })),
    inlets: inlets.map(({ value }): Inlet => ({
      id: value['id'] as string,
      org: value['org'] as string,
      authenticationRequired: value['authenticationRequired'] as boolean,
      ...(typeof value['name'] === 'string' ? { name: value['name'] } : {}),
      ...(Array.isArray(value['tokens']) ? { tokens: [...(value['tokens'] as string[])] } : {}),
    })),
    schemas,
    datasets: datasets.map(({ value }): Dataset => ({
      id: value['id'] as string,
      schema: value['schema'] as string,
      ...(typeof value['name'] === 'string' ? { name: value['name'] } : {}),
    })),
    campaignMappings: mappings.map(({ value }): CampaignMapping => ({
      id: value['id'] as string,
      published: value['published'] as boolean,
      stopped: value['stopped'] as boolean,
      ...(isRecord(value['outcome']) ? { outcome: { ...value['outcome'] } as CampaignOutcome } : {}),
      ...(typeof value['processingMs'] === 'number' ? { processingMs: value['processingMs'] } : {}),
    })),
    ...(Array.isArray(root['faults']) ? { faults: faults.map(({ value }) => ({ ...value }) as unknown as WorldFault) } : {}),
  };
  return { world, problems, notices };
}

/** Which keys go with which outcome status; the shape check has already named unknown keys and values. */
function checkOutcome({ index, value }: Entry, problems: Problem[]): void {
  const outcome = value['outcome'];
  if (!isRecord(outcome)) return;
  const at = (key: string): FieldPath => ['campaignMappings', index, 'outcome', key];
  const status = outcome['status'];
  if (status === 'failed' && outcome['reason'] === undefined) {
    problems.push({
      path: ['campaignMappings', index, 'outcome'],
      reason: 'a failed outcome needs a reason: fetch (no record could be fetched) or upload (the batch failed to upload)',
    });
  }
  if (status !== 'failed' && outcome['reason'] !== undefined && typeof status === 'string') {
    problems.push({ path: at('reason'), atKey: true, reason: `reason goes with status failed, not ${status}` });
  }
  if (status !== 'success' && outcome['numRecords'] !== undefined && typeof status === 'string') {
    problems.push({ path: at('numRecords'), atKey: true, reason: `numRecords goes with status success; a request that ends ${status} ingests no records` });
  }
}

/** A fault entry must do something, and only things that can happen together. */
function checkFault({ index, value }: Entry, problems: Problem[]): void {
  const at = (key: string): FieldPath => ['faults', index, key];
  const path = value['path'];
  if (typeof path === 'string' && path !== '' && !path.startsWith('/')) {
    problems.push({
      path: at('path'),
      reason: `${JSON.stringify(path)} is not a request path; expected a prefix such as /collection/batch/ or a glob such as /data/foundation/import/batches/*/datasets/**`,
    });
  }
  if (value['status'] === undefined && value['latencyMs'] === undefined && value['drop'] !== true) {
    problems.push({ path: ['faults', index], reason: 'the fault does nothing; give status, latencyMs or drop: true' });
  }
  if (value['retryAfter'] !== undefined && value['status'] !== 503) {
    problems.push({ path: at('retryAfter'), atKey: true, reason: 'retryAfter is the Retry-After header of a 503; it needs status: 503' });
  }
  if (value['drop'] === true && value['status'] !== undefined) {
    problems.push({ path: at('drop'), atKey: true, reason: 'drop closes the connection without an answer, so status would never be sent; give one of them' });
  }
}

function checkUniqueIds(list: string, items: readonly Entry[], problems: Problem[]): void {
  const firstIndex = new Map<string, number>();
  for (const { index, value } of items) {
    const id = value['id'];
    if (typeof id !== 'string') continue;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else problems.push({ path: [list, index, 'id'], reason: `duplicate id ${JSON.stringify(id)}; ${list}[${first}] has it already` });
  }
}

function checkReferences(
  list: string,
  items: readonly Entry[],
  key: string,
  targetList: string,
  targets: readonly Entry[],
  problems: Problem[],
): void {
  const known = targets.map(({ value }) => value['id']).filter((id): id is string => typeof id === 'string');
  const knownSet = new Set(known);
  const targetKind = targetList.replace(/s$/, '');
  for (const { index, value } of items) {
    const ref = value[key];
    if (typeof ref !== 'string' || knownSet.has(ref)) continue;
    problems.push({
      path: [list, index, key],
      reason: `names ${targetKind} ${JSON.stringify(ref)}, which is not in ${targetList} (known: ${listForHumans(known)})`,
    });
  }
}

function listForHumans(values: readonly string[], max = 10): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, and ${values.length - max} more` : shown;
}

function readXdmSchema(entry: Entry, ctx: BuildContext, problems: Problem[], notices: Problem[], ajv: () => Ajv): XdmSchema | undefined {
  const { index, value } = entry;
  const at = (key: string): FieldPath => ['schemas', index, key];
  const before = problems.length;

  const classUri = expandClass(value['class'], at('class'), problems);
  const version = readVersion(value['version'], ctx.sourceText(at('version')), at('version'), problems);
  const jsonSchema = readJsonSchema(value['jsonSchema'], at('jsonSchema'), ctx, problems, ajv);

  if (classUri !== undefined && jsonSchema !== undefined) {
    const metaClass = jsonSchema['meta:class'];
    if (typeof metaClass === 'string' && metaClass !== classUri) {
      problems.push({ path: at('class'), reason: `names ${classUri}, but the jsonSchema's meta:class is ${metaClass}` });
    }
  }
  if (problems.length > before || typeof value['id'] !== 'string' || classUri === undefined) return undefined;
  if (version === undefined || jsonSchema === undefined) return undefined;

  for (const { pointer, pattern, reason } of unsupportedPatterns(jsonSchema)) {
    notices.push({
      path: at('jsonSchema'),
      reason: `schema ${JSON.stringify(value['id'])}, ${pointer}: the pattern ${JSON.stringify(pattern)} is not checked (every value passes it): ${reason}`,
    });
  }

  const extendsList = jsonSchema['meta:extends'];
  const timeSeries =
    classUri === EXPERIENCE_EVENT_CLASS ||
    classUri === TIME_SERIES ||
    (Array.isArray(extendsList) && extendsList.includes(TIME_SERIES));
  const title = typeof value['title'] === 'string' ? value['title'] : jsonSchema['title'];
  return {
    id: value['id'],
    version,
    class: classUri,
    timeSeries,
    jsonSchema,
    ...(typeof title === 'string' ? { title } : {}),
  };
}

function expandClass(value: unknown, path: FieldPath, problems: Problem[]): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined; // the shape check reports it
  const expanded = CLASS_SHORTHANDS[value];
  if (expanded !== undefined) return expanded;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return value;
  problems.push({
    path,
    reason: `${JSON.stringify(value)} is not a class; expected experienceevent, profile or an absolute class URI`,
  });
  return undefined;
}

function readVersion(value: unknown, written: string | undefined, path: FieldPath, problems: Problem[]): string | undefined {
  let version: string;
  if (typeof value === 'number') version = written !== undefined && /^[0-9.]+$/.test(written) ? written : String(value);
  else if (typeof value === 'string') version = value;
  else return undefined;
  // The version goes into a content type (`;version=1`): a major, or major.minor, version number.
  if (!/^[0-9]+(\.[0-9]+)?$/.test(version)) {
    problems.push({ path, reason: `${JSON.stringify(version)} is not a schema version; expected a number like 1 or 1.2` });
    return undefined;
  }
  return version;
}

function readJsonSchema(
  value: unknown,
  path: FieldPath,
  ctx: BuildContext,
  problems: Problem[],
  ajv: () => Ajv,
): Record<string, unknown> | undefined {
  let schema: unknown = value;
  let named = 'the inline schema';
  if (typeof value === 'string') {
    if (value === '') return undefined; // the shape check reports it
    named = JSON.stringify(value);
    let text: string;
    try {
      text = ctx.readSchemaFile(value);
    } catch (error) {
      const reason = unreadable(value, error);
      // Missing or a directory: the world does not hold together (exit 2); anything else: the file cannot be read (exit 3).
      const notText = error instanceof InputError && !MISSING.has(error.message);
      problems.push({ path, reason, ...(notText ? { unreadable: true as const } : {}) });
      return undefined;
    }
    try {
      schema = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      problems.push({ path, reason: `${named} is not JSON: ${jsonErrorText(error, text)}` });
      return undefined;
    }
  }
  if (!isRecord(schema)) {
    if (typeof value === 'string') problems.push({ path, reason: `${named} holds ${describe(schema)}, not a schema object` });
    return undefined;
  }
  try {
    ajv().compile(schema);
  } catch (error) {
    problems.push({ path, reason: `${named} is not a schema the validator can compile: ${(error as Error).message}` });
    return undefined;
  }
  return schema;
}

/** What the bounded reader says of a path that names no file, or a directory. */
const MISSING = new Set(['no such file', 'no such file (a part of the path is not a directory)', 'is a directory, not a file']);

function unreadable(relPath: string, error: unknown): string {
  if (error instanceof InputError) {
    if (error.message.startsWith('no such file')) return `no such file ${JSON.stringify(relPath)} (paths are relative to the world file)`;
    if (error.message === 'is a directory, not a file') return `${JSON.stringify(relPath)} is a directory, not a schema file`;
    return `cannot read ${JSON.stringify(relPath)}: ${error.message}`;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `no such file ${JSON.stringify(relPath)} (paths are relative to the world file)`;
  if (code === 'EISDIR') return `${JSON.stringify(relPath)} is a directory, not a schema file`;
  return `cannot read ${JSON.stringify(relPath)}: ${error instanceof Error ? error.message : String(error)}`;
}

/** JSON.parse's message, with the line and column when it gives a character position. */
function jsonErrorText(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] === undefined) return message;
  const before = text.slice(0, Number(position[1])).split('\n');
  return `${message} (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

function entries(list: unknown): Entry[] {
  if (!Array.isArray(list)) return [];
  const result: Entry[] = [];
  list.forEach((value: unknown, index) => {
    if (isRecord(value)) result.push({ index, value });
  });
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
