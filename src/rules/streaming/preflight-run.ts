/**
 * A pre-flight run of streaming payloads, for the `preflight` command and for programs: one analyser for
 * the world, profile and inlet, every input judged by it, and the `PreflightReport` the JSON format writes.
 * Files are read as `preflight FILE...` reads them; values in memory (a message, a `{messages}` request,
 * an array of messages, a body as text or bytes) are judged as the same bytes in a file would be.
 */
import type { ProfileName } from '../../contract/profiles.js';
import type { FileReport, InputKind, PreflightReport } from '../../report/model.js';
import { createPreflightReport } from '../../report/preflight-report.js';
import { defaultWorld } from '../../world/default.js';
import { loadWorld } from '../../world/load.js';
import type { World } from '../../world/types.js';
import { StreamingAnalyser } from './analyse.js';
import { DEFAULT_MAX_FINDINGS, preflightBody, preflightFile } from './preflight.js';

export interface PreflightRunOptions {
  /** The tenant: a world, or the path of a world file; default the embedded default world. */
  world?: World | string;
  /** Which reading to follow where Adobe's sources disagree; default `docs`. */
  profile?: ProfileName;
  /** The inlet the payloads will be sent to; default the world's only inlet. */
  inletId?: string;
  /** How to read files: `auto` (default) as `preflight --kind auto` does. */
  kind?: InputKind | 'auto';
  /** Findings kept per input; the rest are counted. Default 1000. */
  maxFindings?: number;
}

export interface PreflightValuesOptions {
  /**
   * The tenant; default the embedded default world. Its analyser is built at the first call and kept for
   * the world object: a world changed afterwards is judged as it was (pass a new object instead).
   */
  world?: World;
  profile?: ProfileName;
  inletId?: string;
  /** `auto` (default): an object with `header` or `body` and no `messages` is one message, anything else a request. */
  kind?: 'request' | 'message' | 'auto';
  maxFindings?: number;
  /** What the report calls the value (its `file`); default `<value>`. */
  name?: string;
}

/** A message, a `{messages: [...]}` request, an array of messages, or a body as text or bytes. */
export type PreflightValue = unknown;

const analysers = new WeakMap<World, Map<string, StreamingAnalyser>>();
let sharedDefaultWorld: World | undefined;

/**
 * The analyser for a world, profile and inlet, built once: preparing the rules, indexing the world and
 * compiling its XDM validators is the costly part, and an analyser keeps nothing of what it judged.
 * Throws `ConfigurationError` when the inlet is not the world's (or the world has several and none is named).
 */
export function analyserFor(world: World, profile: ProfileName = 'docs', inletId?: string): StreamingAnalyser {
  let byRun = analysers.get(world);
  if (byRun === undefined) analysers.set(world, (byRun = new Map()));
  const key = `${profile}\u0000${inletId ?? ''}`;
  let analyser = byRun.get(key);
  if (analyser === undefined) {
    analyser = new StreamingAnalyser({ world, profile, inletId });
    byRun.set(key, analyser);
  }
  return analyser;
}

/** Pre-flight of files, each judged on its own, as `aep-harness preflight FILE...` does. */
export async function preflightFiles(files: readonly string[], analyser: StreamingAnalyser, opts: { kind?: InputKind | 'auto'; maxFindings?: number } = {}): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) reports.push(await preflightFile(file, analyser, { kind: opts.kind ?? 'auto', maxFindings: opts.maxFindings ?? DEFAULT_MAX_FINDINGS }));
  return reports;
}

/**
 * What the streaming endpoint would answer to each file, and why: the report `preflight --format json`
 * writes. An input that cannot be read is an `inputError` of its file, not an exception; a world file
 * that does not load throws `WorldError`, an inlet the world lacks `ConfigurationError`.
 */
export async function preflight(files: string | readonly string[], options: PreflightRunOptions = {}): Promise<PreflightReport> {
  const world = typeof options.world === 'string' ? await loadWorld(options.world) : (options.world ?? defaultWorld());
  const profile = options.profile ?? 'docs';
  const analyser = new StreamingAnalyser({ world, profile, inletId: options.inletId });
  const list = typeof files === 'string' ? [files] : files;
  const reports = await preflightFiles(list, analyser, { ...(options.kind !== undefined ? { kind: options.kind } : {}), ...(options.maxFindings !== undefined ? { maxFindings: options.maxFindings } : {}) });
  return createPreflightReport({ profile, world: world.source, inlet: analyser.inlet.id }, reports);
}

/** The bytes a client would send for a value: text and bytes as they are, anything else as `JSON.stringify` writes it. */
function bodyOf(value: PreflightValue): { body: Uint8Array | string; kind?: 'request' } | { error: string } {
  if (typeof value === 'string' || value instanceof Uint8Array) return { body: value };
  if (value instanceof ArrayBuffer) return { body: new Uint8Array(value) };
  // An array is the messages of one request.
  const root = Array.isArray(value) ? { messages: value } : value;
  let text: string | undefined;
  try {
    text = JSON.stringify(root);
  } catch (error) {
    return { error: `the value cannot be serialised as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text === undefined) return { error: `${value === undefined ? 'undefined' : `a ${typeof value}`} is not a JSON value` };
  return Array.isArray(value) ? { body: text, kind: 'request' } : { body: text };
}

/**
 * What the streaming endpoint would answer to a value in memory, and why, in the same report as
 * `preflight` (one entry, named `options.name`). Objects are judged as `JSON.stringify` serialises
 * them: sizes are of that text, and lines and columns are in it (line 1); pointers name the value's
 * fields (`/messages/2/header/imsOrgId`; for an array of messages, its request `{messages: [...]}`).
 * Synchronous: nothing is read from disk.
 */
export function preflightValues(value: PreflightValue, options: PreflightValuesOptions = {}): PreflightReport {
  const world = options.world ?? (sharedDefaultWorld ??= defaultWorld());
  const profile = options.profile ?? 'docs';
  const analyser = analyserFor(world, profile, options.inletId);
  const name = options.name ?? '<value>';
  const found = bodyOf(value);
  const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const file: FileReport =
    'error' in found
      ? { file: name, kind: null, bytes: 0, findings: [], findingsDropped: 0, inputError: { message: found.error }, predicted: null }
      : preflightBody(found.body, name, analyser, { kind: found.kind ?? options.kind ?? 'auto', maxFindings });
  return createPreflightReport({ profile, world: world.source, inlet: analyser.inlet.id }, [file]);
}
