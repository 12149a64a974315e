import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultWorld, loadWorld } from '../../../src/world/index.js';

const worldFile = fileURLToPath(new URL('../../../fixtures/worlds/default/world.yaml', import.meta.url));

describe('fixtures/worlds/default/world.yaml is the embedded default world', () => {
  it('loads to a world equal to defaultWorld(), except for its source', async () => {
    const fromFile = await loadWorld(worldFile);
    expect(fromFile.source).toBe(worldFile);
    expect({ ...fromFile, source: 'embedded:default' }).toStrictEqual(defaultWorld());
  });

  it('holds byte-identical copies of the embedded schemas', () => {
    for (const [copy, embedded] of [
      ['fixtures/worlds/default/schemas/web-event.json', 'src/world/default/web-event.schema.json'],
      ['fixtures/worlds/default/schemas/profile.json', 'src/world/default/profile.schema.json'],
    ] as const) {
      const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
      expect(read(copy), copy).toBe(read(embedded));
    }
  });
});
