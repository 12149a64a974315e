/**
 * Writing a recording: each fixture as a YAML file (its comment at the head), under the output
 * directory. Everything written here comes from redacted exchanges; a body that could not be redacted is
 * not among it (the fixture keeps its size and hash).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RecordedFixture } from './fixtures.js';

function fixtureYaml(recorded: RecordedFixture): string {
  const head = recorded.comment.map((line) => `# ${line}`).join('\n');
  return `${head}\n${stringify(recorded.fixture, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Writes every fixture; returns the paths written. */
export async function writeFixtures(dir: string, fixtures: readonly RecordedFixture[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const recorded of fixtures) {
    const path = join(dir, recorded.file);
    await writeFile(path, fixtureYaml(recorded));
    written.push(path);
  }
  return written;
}
