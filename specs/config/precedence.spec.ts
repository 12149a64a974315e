/**
 * Flag > configuration file > built-in default, for every option the file sets (world, profile,
 * formats, outDir, failOn), on the commands that have the option; paths read from the file's directory.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatsFor, parseConfig } from '../../src/config/index.js';
import { FORMAT_NAMES } from '../../src/report/index.js';
import { json, MIXED, neverCompleted, oneWarning, ROOT, run, tree } from './helpers.js';

const DEFAULT_WORLD = join(ROOT, 'fixtures/worlds/default/world.yaml');

describe('precedence: flag > configuration > built-in default', () => {
  it('profile', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'profile: strict\n', 'r.json': await MIXED() });
    const file = join(root, 'r.json');
    expect(json(await run(root, 'preflight', '--format', 'json', file)).profile).toBe('strict');
    expect(json(await run(root, 'preflight', '--format', 'json', '--profile', 'openapi', file)).profile).toBe('openapi');
    expect(json(await run(root, 'preflight', '--format', 'json', '--no-config', file)).profile).toBe('docs');
  });

  it('failOn: a warning fails the run under the file\'s warn, not under --fail-on error nor by default', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'failOn: warn\n', 'r.json': await oneWarning() });
    const file = join(root, 'r.json');
    expect((await run(root, 'preflight', file)).code).toBe(1);
    expect((await run(root, 'preflight', '--fail-on', 'error', file)).code).toBe(0);
    expect((await run(root, 'preflight', '--no-config', file)).code).toBe(0);
  });

  it('formats: one list for every command; --format replaces it; --output FMT=FILE names the formats too', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'formats: [json]\n', 'r.json': await MIXED() });
    const file = join(root, 'r.json');
    expect(json(await run(root, 'preflight', file)).profile).toBe('docs');
    expect((await run(root, 'preflight', '--format', 'text', file)).stdout).toContain('predicted: 207 Multi-Status');
    const named = await run(root, 'preflight', '--output', 'sarif=out.sarif', file);
    expect(named.stdout).toBe('');
    expect(existsSync(join(root, 'out.sarif'))).toBe(true);
    expect((await run(root, 'preflight', '--no-config', file)).stdout).toContain('predicted: 207 Multi-Status');
  });

  it('formats per command: preflight and check-trace each take their own list', async () => {
    const root = await tree({
      'aep-harness.config.yaml': 'formats:\n  preflight: [json]\n  check-trace: [sarif]\n',
      'r.json': await MIXED(),
      't.har': neverCompleted(),
    });
    expect(json(await run(root, 'preflight', join(root, 'r.json'))).profile).toBe('docs');
    const sarif = JSON.parse((await run(root, 'check-trace', join(root, 't.har'))).stdout) as { version: string };
    expect(sarif.version).toBe('2.1.0');
  });

  it('outDir and world are read from the configuration file\'s directory, not the working directory; flags from the working directory', async () => {
    const root = await tree({ 'r.json': await MIXED(), 'deep/down/.keep': '' });
    await writeFile(join(root, 'aep-harness.config.yaml'), `world: ${relative(root, DEFAULT_WORLD)}\nformats: [text, json]\noutDir: out\n`);
    const cwd = join(root, 'deep/down');
    const result = await run(cwd, 'preflight', join(root, 'r.json'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(existsSync(join(root, 'out/preflight.txt'))).toBe(true);
    const report = JSON.parse(await readFile(join(root, 'out/preflight.json'), 'utf8')) as { world: string };
    expect(report.world).toBe(DEFAULT_WORLD);

    await run(cwd, 'preflight', '--out-dir', 'here', join(root, 'r.json'));
    expect(existsSync(join(cwd, 'here/preflight.json'))).toBe(true);
    const flagged = await run(cwd, 'preflight', '--world', 'nowhere.yaml', join(root, 'r.json'));
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain(join(cwd, 'nowhere.yaml'));
  });

  it('check-trace takes profile and failOn from the file', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'profile: openapi\nfailOn: info\nformats: [json]\n', 't.har': neverCompleted() });
    const result = await run(root, 'check-trace', join(root, 't.har'));
    expect(result.code).toBe(1);
    expect(json(result).profile).toBe('openapi');
    expect(json(await run(root, 'check-trace', '--profile', 'strict', join(root, 't.har'))).profile).toBe('strict');
  });

  it('replay writes the formats the file gives it to the file\'s outDir; --out-dir wins', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'formats:\n  replay: [json, markdown]\noutDir: reports/conformance\n', 'work/.keep': '' });
    const fixture = join(ROOT, 'specs/unit/replay/fixtures/streaming-two-messages.yaml');
    const result = await run(join(root, 'work'), 'replay', fixture);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(root, 'reports/conformance/replay.json'))).toBe(true);
    expect(existsSync(join(root, 'reports/conformance/replay.md'))).toBe(true);
    await run(join(root, 'work'), 'replay', '--out-dir', 'mine', fixture);
    expect(existsSync(join(root, 'work/mine/replay.json'))).toBe(true);
  });

  it('a list of formats preflight writes (markdown among them) stands in for --format', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'formats: [json, markdown]\noutDir: out\n', 'r.json': await MIXED() });
    const result = await run(root, 'preflight', join(root, 'r.json'));
    expect(result.code).toBe(1);
    expect(existsSync(join(root, 'out/preflight.json'))).toBe(true);
    expect(existsSync(join(root, 'out/preflight.md'))).toBe(true);
  });

  // Every command writes the same formats today, so the refusal is shown on a command that writes fewer.
  it('a list of formats with one a command does not write is refused when that command runs, at the format', () => {
    const config = parseConfig('formats: [json, html]\n', { file: '/p/aep-harness.config.yaml', shown: 'aep-harness.config.yaml', cwd: '/p' });
    expect(formatsFor(config, 'preflight', FORMAT_NAMES)).toEqual(['json', 'html']);
    expect(() => formatsFor(config, 'narrow', ['text', 'json'])).toThrow(
      'aep-harness.config.yaml:1:17: formats[1]: narrow writes text, json, not "html"; give a list per command instead, as formats: { narrow: [text], … }',
    );
  });
});
