/**
 * Which configuration file a command uses: the nearest from the working directory upward (up to the
 * filesystem root), the one `--config` names, or none with `--no-config`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile } from '../../src/config/index.js';
import { json, MIXED, ROOT, run, tree } from './helpers.js';

describe('discovery', () => {
  it('finds the file in a directory above the working directory', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'profile: strict\n', 'a/b/request.json': await MIXED() });
    const result = await run(join(root, 'a/b'), 'preflight', '--format', 'json', join(root, 'a/b/request.json'));
    expect(result.stderr).toBe('');
    expect(json(result).profile).toBe('strict');
  });

  it('uses the nearest file: one in a directory below wins over one above', async () => {
    const root = await tree({
      'aep-harness.config.yaml': 'profile: strict\n',
      'a/aep-harness.config.json': '{ "profile": "openapi" }\n',
      'a/b/request.json': await MIXED(),
    });
    expect(json(await run(join(root, 'a/b'), 'preflight', '--format', 'json', join(root, 'a/b/request.json'))).profile).toBe('openapi');
    expect(await findConfigFile(join(root, 'a/b'))).toBe(join(root, 'a/aep-harness.config.json'));
    expect(await findConfigFile(root)).toBe(join(root, 'aep-harness.config.yaml'));
  });

  it('reads each of the three names: .yaml, .yml and .json', async () => {
    for (const name of ['aep-harness.config.yaml', 'aep-harness.config.yml', 'aep-harness.config.json']) {
      const root = await tree({ [name]: '{"profile": "strict"}\n', 'request.json': await MIXED() });
      expect(json(await run(root, 'preflight', '--format', 'json', join(root, 'request.json'))).profile, name).toBe('strict');
    }
  });

  it('stops at the filesystem root: with no file on the way up, the built-in defaults', async () => {
    const root = await tree({ 'a/b/request.json': await MIXED() });
    // Nothing above the temporary directory holds a configuration file (else this spec would not say much).
    expect(await findConfigFile(dirname(root))).toBeUndefined();
    expect(await findConfigFile(join(root, 'a/b'))).toBeUndefined();
    const result = await run(join(root, 'a/b'), 'preflight', '--format', 'json', join(root, 'a/b/request.json'));
    expect(json(result).profile).toBe('docs');
    expect(json(result).summary.ignored).toBeUndefined();
  });

  it('refuses two configuration files in one directory, naming both', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'profile: strict\n', 'aep-harness.config.json': '{}', 'request.json': await MIXED() });
    const result = await run(root, 'preflight', join(root, 'request.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('aep-harness: aep-harness.config.yaml: aep-harness.config.json is beside it: keep one configuration file per directory\n');
  });

  it('--config FILE uses that file, whatever its name and wherever it is, and reads its paths from its directory', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'profile: strict\n', 'a/request.json': await MIXED() });
    const world = join(ROOT, 'fixtures/worlds/default/world.yaml');
    await mkdir(join(root, 'team'));
    await writeFile(join(root, 'team/harness.yaml'), `profile: openapi\nworld: ${relative(join(root, 'team'), world)}\n`);
    const result = await run(join(root, 'a'), 'preflight', '--config', '../team/harness.yaml', '--format', 'json', join(root, 'a/request.json'));
    expect(result.stderr).toBe('');
    expect(json(result).profile).toBe('openapi');
    expect(json(result).world).toBe(world);
  });

  it('--config names a file that does not exist: a usage error', async () => {
    const root = await tree({ 'request.json': await MIXED() });
    const result = await run(root, 'preflight', '--config', 'nowhere.yaml', join(root, 'request.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('aep-harness: nowhere.yaml: no such file\n');
  });

  it('--no-config ignores the file found, even one that does not load', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'profile: strict\nfromats: [json]\n', 'request.json': await MIXED() });
    expect((await run(root, 'preflight', join(root, 'request.json'))).code).toBe(2);
    const result = await run(root, 'preflight', '--no-config', '--format', 'json', join(root, 'request.json'));
    expect(result.stderr).toBe('');
    expect(json(result).profile).toBe('docs');
  });

  it('every command with an option the file sets takes --config and --no-config, and --help says where the file is looked for', async () => {
    for (const command of ['preflight', 'check-trace', 'replay', 'verify', 'record', 'serve', 'rules']) {
      const help = await run(process.cwd(), command, '--help');
      expect(help.stdout, command).toContain('--config <file>');
      expect(help.stdout, command).toContain('--no-config');
      expect(help.stdout.replace(/\s+/g, ' '), command).toContain(
        'aep-harness.config.yaml, aep-harness.config.yml, aep-harness.config.json: the first found in the working directory or a directory above it, up to the filesystem root',
      );
    }
  });
});
