import { dirname, resolve } from 'node:path';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../parse/input.js';
import { READ_LIMITS, readBoundedText } from '../parse/read-bounded.js';
import { yamlDepthExcess } from '../parse/yaml-depth.js';
import type { World } from './types.js';
import { buildWorld } from './world-build.js';
import { WorldError, worldIssue, type WorldIssue } from './world-error.js';
import { checkWorldFileShape, formatFieldPath, type Problem } from './world-file-shape.js';
import { nodeAt, offsetOf } from './yaml-locate.js';

/**
 * Reads and checks a world file (YAML, or JSON, which YAML reads too). `jsonSchema` paths are read
 * relative to the file. The world file and its schema files are read with size limits (`READ_LIMITS`),
 * as UTF-8, and never by waiting forever on a FIFO. Throws a `WorldError` listing every problem found.
 */
export async function loadWorld(path: string): Promise<World> {
  let text: string;
  try {
    text = await readBoundedText(path, { maxBytes: READ_LIMITS.world });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (error.message === 'no such file') throw WorldError.of(path, 0, 0, '', 'no such file');
    if (error.message === 'is a directory, not a file') throw WorldError.of(path, 0, 0, '', 'is a directory, not a world file');
    throw WorldError.of(path, error.line ?? 0, error.column ?? 0, '', error.message, true);
  }
  refuseTooDeep(text, path);
  const dir = dirname(path);
  const schemaFiles = await readSchemaFiles(text, dir);
  return parseShallowWorld(text, path, (relPath) => {
    const read = schemaFiles.get(relPath);
    if (read === undefined) throw new InputError('no such file', relPath);
    if ('error' in read) throw read.error;
    return read.text;
  });
}

/**
 * The schema files a world names, read before the world is checked (parseWorld reads them through a
 * synchronous callback, and a bounded read of a pipe cannot be synchronous). A world whose YAML does
 * not parse names none: parseWorld reports the YAML.
 */
async function readSchemaFiles(text: string, dir: string): Promise<Map<string, { text: string } | { error: unknown }>> {
  const files = new Map<string, { text: string } | { error: unknown }>();
  let data: unknown;
  try {
    data = parseDocument(text.replace(/^\uFEFF/, '')).toJS();
  } catch {
    return files;
  }
  const schemas = (data as { schemas?: unknown } | null)?.schemas;
  if (!Array.isArray(schemas)) return files;
  for (const entry of schemas) {
    const relPath = (entry as { jsonSchema?: unknown } | null)?.jsonSchema;
    if (typeof relPath !== 'string' || relPath === '' || files.has(relPath)) continue;
    try {
      files.set(relPath, { text: await readBoundedText(resolve(dir, relPath), { maxBytes: READ_LIMITS.schema }) });
    } catch (error) {
      files.set(relPath, { error });
    }
  }
  return files;
}

/**
 * Checks a world file's text. `file` names it in messages and becomes `World.source`; `readSchemaFile`
 * reads a `jsonSchema` path (relative to the world file) and throws when it cannot.
 */
export function parseWorld(text: string, file: string, readSchemaFile: (relPath: string) => string): World {
  refuseTooDeep(text, file);
  return parseShallowWorld(text, file, readSchemaFile);
}

/** A text nested deeper than the YAML parser's recursion survives is refused before it is parsed. */
function refuseTooDeep(text: string, file: string): void {
  const tooDeep = yamlDepthExcess(text);
  if (tooDeep !== undefined) throw WorldError.of(file, tooDeep.line, tooDeep.column, '', tooDeep.message, true);
}

/** parseWorld for a text whose depth is already checked. */
function parseShallowWorld(text: string, file: string, readSchemaFile: (relPath: string) => string): World {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    throw new WorldError(
      doc.errors.map((error) => {
        const { line, column } = position(error.pos[0]);
        return worldIssue(file, line, column, '', `YAML syntax error: ${error.message}`);
      }),
    );
  }

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // The yaml package refuses documents whose aliases expand without bound.
    throw WorldError.of(file, 1, 1, '', `cannot read the YAML: ${(error as Error).message}`);
  }
  if (data === null || data === undefined) {
    throw WorldError.of(file, 1, 1, '', 'the world file is empty; expected a mapping with orgs, inlets, schemas and datasets');
  }

  const shapeProblems = checkWorldFileShape(data);
  const { world, problems, notices } = buildWorld(data, shapeProblems.length === 0, {
    source: file,
    readSchemaFile,
    sourceText: (path) => {
      const node = nodeAt(doc, path);
      return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
    },
  });

  const locate = (list: readonly Problem[]): WorldIssue[] => {
    const located = list.map((problem) => ({ problem, offset: offsetOf(doc, problem.path, problem.atKey === true) }));
    // Stable sort: problems in the order they appear in the file, shape problems first at one place.
    located.sort((a, b) => a.offset - b.offset);
    return located.map(({ problem, offset }) => {
      const { line, column } = position(offset);
      return worldIssue(file, line, column, formatFieldPath(problem.path), problem.reason);
    });
  };
  const all = [...shapeProblems, ...problems];
  if (world !== undefined && all.length === 0) return notices.length > 0 ? { ...world, notices: locate(notices) } : world;
  throw new WorldError(locate(all), all.some((problem) => problem.unreadable === true));
}
