import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { World } from './types.js';
import { buildWorld } from './world-build.js';
import { WorldError, worldIssue, type WorldIssue } from './world-error.js';
import { checkWorldFileShape, formatFieldPath, type Problem } from './world-file-shape.js';
import { nodeAt, offsetOf } from './yaml-locate.js';

/**
 * Reads and checks a world file (YAML, or JSON, which YAML reads too). `jsonSchema` paths are read
 * relative to the file. Throws a `WorldError` listing every problem found.
 */
export async function loadWorld(path: string): Promise<World> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a world file' : `cannot read: ${(error as Error).message}`;
    throw WorldError.of(path, 0, 0, '', reason);
  }
  const dir = dirname(path);
  return parseWorld(text, path, (relPath) => readFileSync(resolve(dir, relPath), 'utf8'));
}

/**
 * Checks a world file's text. `file` names it in messages and becomes `World.source`; `readSchemaFile`
 * reads a `jsonSchema` path (relative to the world file) and throws when it cannot.
 */
export function parseWorld(text: string, file: string, readSchemaFile: (relPath: string) => string): World {
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
  throw new WorldError(locate(all));
}
