/**
 * The localized source documents the project was created from (`shared/seeds/`), for specs that check a
 * documented text is carried exactly. The project lives beside `shared/` (CI clones it there); without it
 * these checks fail with a message saying where they looked (or set AEP_SEEDS_DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SOURCES, type SourceId } from '../src/contract/sources.js';

const SEEDS_DIR = process.env.AEP_SEEDS_DIR ?? fileURLToPath(new URL('../../shared/seeds/', import.meta.url));

export function seedPath(source: SourceId): string {
  const seed = SOURCES[source].seed;
  if (seed === undefined) throw new Error(`source ${source} has no seed`);
  return `${SEEDS_DIR.replace(/\/?$/, '/')}${seed}`;
}

export function readSeed(source: SourceId): string {
  const path = seedPath(source);
  if (!existsSync(path)) throw new Error(`seed of ${source} not found at ${path}: clone the project beside shared/, or set AEP_SEEDS_DIR`);
  return readFileSync(path, 'utf8');
}

/** The fenced code blocks of a seed, in order. */
export function codeBlocks(text: string): string[] {
  const parts = text.split(/^\s*```.*$/m);
  return parts.filter((_, i) => i % 2 === 1);
}
