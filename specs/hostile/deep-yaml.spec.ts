/**
 * A world or configuration nested 5 000 or 100 000 levels deep aborted the process (SIGABRT: V8's
 * "RegExpCompiler Allocation failed" at the end of the stack, inside the YAML parser's recursion) instead
 * of failing as an input. Such a text is now refused, with its location, before it is parsed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_YAML_DEPTH, yamlDepthExcess } from '../../src/parse/yaml-depth.js';
import { FixtureError } from '../../src/replay/fixture-error.js';
import { loadFixtures } from '../../src/replay/load.js';
import { spawnCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'aep-deep-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flow = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const PAYLOAD = join(import.meta.dirname, '../../fixtures/payloads/web-events.json');

describe('a YAML text nested deeper than the harness reads', () => {
  for (const depth of [5_000, 100_000]) {
    it(`a world file ${depth} levels deep is an input error (exit 3), not an aborted process`, () => {
      const world = join(dir, `world-${depth}.yaml`);
      writeFileSync(world, flow(depth));
      const result = spawnCli(['preflight', '--world', world, PAYLOAD]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`${world}:1:${MAX_YAML_DEPTH + 1}: nested deeper than ${MAX_YAML_DEPTH} levels`);
      expect(result.stderr).not.toMatch(/FATAL ERROR| {4}at /);
    });
  }

  it('a configuration 5 000 levels deep is an input error (exit 3)', () => {
    const config = join(dir, 'deep-config.yaml');
    writeFileSync(config, `preflight: ${flow(5_000)}\n`);
    const result = spawnCli(['preflight', '--config', config, PAYLOAD]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('nested deeper than 1000 levels');
    expect(result.stderr).not.toMatch(/FATAL ERROR| {4}at /);
  });

  it('a fixture 100 000 levels deep is a fixture error with its location', async () => {
    const fixture = join(dir, 'deep.fixture.yaml');
    writeFileSync(fixture, `name: deep\nsteps: ${flow(100_000)}\n`);
    const error = (await loadFixtures([fixture]).catch((e: unknown) => e)) as FixtureError;
    expect(error).toBeInstanceOf(FixtureError);
    expect(error.message).toMatch(/:2:\d+: nested deeper than 1000 levels/);
  });
});

describe('yamlDepthExcess', () => {
  it('passes a text exactly at the limit and refuses one level more, where it starts', () => {
    expect(yamlDepthExcess(flow(MAX_YAML_DEPTH))).toBeUndefined();
    expect(yamlDepthExcess(flow(MAX_YAML_DEPTH + 1))).toMatchObject({ line: 1, column: MAX_YAML_DEPTH + 1 });
  });

  it('counts block indentation and compact sequences with flow collections', () => {
    expect(yamlDepthExcess(`a:\n${' '.repeat(600)}b: ${flow(401)}\n`)).toMatchObject({ line: 2 });
    expect(yamlDepthExcess(`${'- '.repeat(501)}x\n`)).toMatchObject({ line: 1 });
    expect(yamlDepthExcess(`${'- '.repeat(499)}x\n`)).toBeUndefined();
  });

  it('ignores brackets inside quoted scalars and comments, and closes what it opened', () => {
    const quoted = `a: "${'['.repeat(5000)}"\nb: '${'{'.repeat(5000)}'\n# ${'['.repeat(5000)}\nc: [${"'[', ".repeat(3000)}x]\n`;
    expect(yamlDepthExcess(quoted)).toBeUndefined();
    expect(yamlDepthExcess(`${flow(900)}\n${flow(900)}\n`)).toBeUndefined();
  });

  it('reads the worlds, configurations and fixtures the project ships', async () => {
    const { readFile } = await import('node:fs/promises');
    const { glob } = await import('tinyglobby');
    const files = await glob(['fixtures/**/*.yaml', 'examples/**/*.yaml', 'specs/**/*.yaml'], { cwd: join(import.meta.dirname, '../..'), absolute: true });
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(yamlDepthExcess(await readFile(file, 'utf8')), file).toBeUndefined();
  });
});
