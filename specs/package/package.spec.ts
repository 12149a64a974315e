/**
 * The package as a user gets it: packed with `npm pack`, installed offline into a fresh project, imported
 * from JavaScript (every documented export of `.` and `./vitest`), type-checked as a TypeScript consumer,
 * and the example suite (`examples/vitest-suite/`, taken from the tarball) run with its own Vitest: it
 * passes, and a copy with one planted client bug fails with the matcher's message.
 *
 * What is packed: `dist/` when it is at least as new as every source file (a fresh clone after `npm ci`,
 * whose `prepare` built it); otherwise the sources compiled into a temporary directory, so the spec never
 * tests stale output and never rewrites the working tree's `dist/`.
 *
 * Offline: `npm ci` caches the tarballs of the lockfile but not the registry's metadata, so a bare
 * `npm install --offline <tarball>` cannot resolve the package's dependencies. The fresh project gets a
 * lockfile made from this project's (the dependencies of the package, of Vitest, TypeScript and
 * @types/node, at the versions installed here), and npm installs every one of them from its cache.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Every value the entries export, as the README documents them. */
const DOCUMENTED = {
  '.': [
    'AepClient',
    'AepClientError',
    'CLIENT_ENVIRONMENT',
    'CLIENT_VARIABLES',
    'DEFAULT_MAX_REQUEST_BYTES',
    'DEFAULT_POLL_POLICY',
    'DEFAULT_RETRY_POLICY',
    'RetryPolicyError',
    'clientFromEnv',
    'formatSummary',
    'packMessages',
    'parseRetryAfter',
    'readMessagesFile',
    'retryPolicy',
    'runClientFromEnv',
    'CLIENT_EXTENSIONS',
    'CLIENT_FORMAT_NAMES',
    'CONFORMANCE_EXTENSIONS',
    'CONFORMANCE_FORMAT_NAMES',
    'CommandNotStarted',
    'ConfigurationError',
    'DEFAULT_FIXTURES_DIR',
    'DEFAULT_RUNS',
    'DEFAULT_WORLD_SOURCE',
    'FORMAT_EXTENSIONS',
    'FORMAT_NAMES',
    'FixtureError',
    'PROFILE_NAMES',
    'SCENARIO_NAMES',
    'ScenarioWorldError',
    'TargetUnreachable',
    'TraceError',
    'VERIFY_GROUPS',
    'VERIFY_PROPERTY_NAMES',
    'VERSION',
    'WorldError',
    'checkClient',
    'checkHarText',
    'checkTrace',
    'defaultWorld',
    'isConformanceFormat',
    'isFormatName',
    'loadWorld',
    'parseWorld',
    'preflight',
    'preflightValues',
    'readHar',
    'renderClient',
    'renderConformance',
    'renderReport',
    'replay',
    'startServer',
    'verify',
  ],
  './vitest': ['aepMatchers', 'useReferenceServer'],
};

/** The line of the example's client the planted bug replaces: the timestamp written without "T" and zone. */
const CLIENT_LINE = 'timestamp: view.at.toISOString(),';
const PLANTED_LINE = "timestamp: view.at.toISOString().slice(0, 19).replace('T', ' '),";

const STEP_TIMEOUT_MS = 60_000;

function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  // Nothing of this Vitest run leaks into the child's (its worker variables would confuse a Vitest in there).
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: STEP_TIMEOUT_MS,
    env: { ...base, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', npm_config_update_notifier: 'false', ...env },
  });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Whether dist/ holds a JavaScript file at least as new as each source file (and the JSON they import). */
function distIsFresh(): boolean {
  for (const file of walk(join(ROOT, 'src'))) {
    const rel = relative(join(ROOT, 'src'), file);
    if (rel.endsWith('.d.ts')) continue;
    const built = rel.endsWith('.ts') ? rel.replace(/\.ts$/, '.js') : rel.endsWith('.json') ? rel : undefined;
    if (built === undefined) continue;
    const target = join(ROOT, 'dist', built);
    if (!existsSync(target) || statSync(target).mtimeMs < statSync(file).mtimeMs) return false;
  }
  return true;
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
  [key: string]: unknown;
}

/**
 * The lockfile entries of `names` and everything they depend on, found as Node finds them: in the
 * dependent's own node_modules, then each one above it.
 */
function lockClosure(packages: Record<string, LockEntry>, names: readonly string[]): Record<string, LockEntry> {
  const found: Record<string, LockEntry> = {};
  const locate = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (base === '') return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut === -1 ? '' : base.slice(0, cut);
    }
  };
  const queue: [string, string][] = names.map((name) => ['', name]);
  while (queue.length > 0) {
    const [from, name] = queue.shift()!;
    const path = locate(from, name);
    if (path === undefined) {
      if (from === '') throw new Error(`${name} is not in package-lock.json`);
      continue; // an optional dependency for another platform, or an optional peer
    }
    if (found[path]) continue;
    const entry = packages[path]!;
    if (entry.link) throw new Error(`${path} is a link in package-lock.json`);
    const { dev: _dev, devOptional: _devOptional, peer: _peer, extraneous: _extraneous, ...kept } = entry;
    found[path] = kept;
    const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    const deps = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n))];
    for (const dep of deps) queue.push([path, dep]);
  }
  return found;
}

describe('the package, packed and installed offline into a fresh project', () => {
  let tmp: string;
  let tarball: string;
  let packed: string[];
  let project: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'aep-harness-package-'));

    // 1. dist/, or the sources compiled afresh.
    let dist = join(ROOT, 'dist');
    if (!distIsFresh()) {
      dist = join(tmp, 'build');
      ok(run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist], ROOT), 'compiling the sources');
    }

    // 2. A copy of what `files` names, packed as npm packs it (`files` and its exclusions applied by npm).
    const stage = join(tmp, 'stage');
    mkdirSync(stage);
    for (const name of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) cpSync(join(ROOT, name), join(stage, name));
    for (const entry of pkg.files) {
      if (entry.startsWith('!') || entry === 'dist' || !existsSync(join(ROOT, entry))) continue;
      cpSync(join(ROOT, entry), join(stage, entry), { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('node_modules') });
    }
    cpSync(dist, join(stage, 'dist'), { recursive: true });
    const out = ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], stage), 'npm pack');
    const info = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0]!;
    tarball = join(tmp, info.filename);
    packed = info.files.map((f) => f.path);

    // 3. The example from the tarball, depending on the tarball, with a lockfile of what this project installed.
    const unpacked = join(tmp, 'unpacked');
    mkdirSync(unpacked);
    ok(run('tar', ['-xzf', tarball, '-C', unpacked], tmp), 'tar');
    project = join(tmp, 'project');
    cpSync(join(unpacked, 'package/examples/vitest-suite'), project, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const spec = `file:${relative(project, tarball)}`;
    manifest.devDependencies[pkg.name] = spec;
    writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const others = Object.keys(manifest.devDependencies).filter((n) => n !== pkg.name);
    const lock = {
      name: 'aep-harness-vitest-suite-example',
      version: '0.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'aep-harness-vitest-suite-example', version: '0.0.0', devDependencies: manifest.devDependencies },
        [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, dependencies: pkg.dependencies, peerDependencies: pkg.peerDependencies, peerDependenciesMeta: pkg.peerDependenciesMeta },
        ...lockClosure(rootLock.packages, [...Object.keys(pkg.dependencies), ...others]),
      },
    };
    writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', spec], project), 'npm install --offline');
  }, 3 * STEP_TIMEOUT_MS);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ships the entries, their types, the fixtures and examples the docs use, and no source map', () => {
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/vitest/index.js', 'dist/vitest/index.d.ts', 'dist/cli/bin.js', 'LICENSE', 'CHANGELOG.md', 'README.md']) {
      expect(packed, file).toContain(file);
    }
    for (const dir of ['fixtures/payloads/', 'fixtures/exchanges/', 'fixtures/traces/', 'fixtures/worlds/', 'examples/vitest-suite/']) {
      expect(packed.some((f) => f.startsWith(dir)), dir).toBe(true);
    }
    expect(packed.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.includes('node_modules/') || f.startsWith('specs/'))).toEqual([]);
  });

  it('every documented export of "." and "./vitest" imports from JavaScript, and nothing else is exported', () => {
    const script = `
      const main = await import('${pkg.name}');
      const vitest = await import('${pkg.name}/vitest');
      const { existsSync } = await import('node:fs');
      const names = { '.': Object.keys(main).sort(), './vitest': Object.keys(vitest).sort() };
      const world = main.defaultWorld();
      const report = main.preflightValues({ messages: [] }, { world });
      const server = await main.startServer({ world });
      await server.close();
      console.log(JSON.stringify({ names, version: main.VERSION, fixtures: existsSync(main.DEFAULT_FIXTURES_DIR), status: report.files[0].predicted.status, url: server.url.startsWith('http://127.0.0.1:') }));
    `;
    writeFileSync(join(project, 'exports.mjs'), script);
    const result = JSON.parse(ok(run(process.execPath, ['exports.mjs'], project), 'node exports.mjs')) as Record<string, unknown>;
    expect(result).toEqual({ names: { '.': [...DOCUMENTED['.']].sort(), './vitest': [...DOCUMENTED['./vitest']].sort() }, version: pkg.version, fixtures: true, status: 400, url: true });
    const docs = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of [...DOCUMENTED['.'], ...DOCUMENTED['./vitest']]) expect(docs, name).toContain(`\`${name}`);
  });

  it('type-checks as a TypeScript consumer: the example, and the entries and matchers used as documented', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { expect } from 'vitest';
import { defaultWorld, preflight, preflightValues, renderReport, replay, startServer, type ConformanceReport, type PreflightReport, type RunningServer, type World } from '${pkg.name}';
import { useReferenceServer, type RecordedCall, type ReferenceServer } from '${pkg.name}/vitest';

const world: World = defaultWorld();
const report: PreflightReport = preflightValues({ messages: [] }, { world, profile: 'strict' });
const text: string = renderReport('sarif', report);
const files: Promise<PreflightReport> = preflight(['a.json'], { world: 'world.yaml' });
const conformance: Promise<ConformanceReport> = replay({ target: 'http://127.0.0.1:8080' });
const server: Promise<RunningServer> = startServer({ world });
export function matchers(reference: ReferenceServer, calls: RecordedCall[], response: Response): Promise<void> {
  const url: string = reference.env.AEP_STREAMING_URL;
  expect({ messages: [] }).toBeAcceptedBy({ world, profile: 'openapi', inletId: url });
  expect(calls).toSatisfyBatchLifecycle({ failOn: 'error' });
  expect({ status: 207, body: {} }).toMatchDocumentedResponse({ messages: [] });
  expect({ sent: {} }).toEqual({ sent: expect.toBeAcceptedBy() });
  // @ts-expect-error: not a profile
  expect({}).toBeAcceptedBy({ profile: 'lenient' });
  return expect(response).toMatchDocumentedResponse('{}');
}
void [text, files, conformance, server, useReferenceServer];
`,
    );
    writeFileSync(join(project, 'tsconfig.consumer.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src', 'test', 'consumer.ts'] }));
    ok(run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.consumer.json'], project), 'tsc');
  });

  it('the example suite passes with its own Vitest', () => {
    const result = run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run'], project);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it('a copy with one planted client bug fails, with the matcher’s message', () => {
    const broken = join(tmp, 'project-broken');
    cpSync(project, broken, { recursive: true, filter: (src) => src !== join(project, 'node_modules') });
    symlinkSync(join(project, 'node_modules'), join(broken, 'node_modules'), 'dir');
    const client = join(broken, 'src/client.ts');
    const source = readFileSync(client, 'utf8');
    expect(source).toContain(CLIENT_LINE);
    writeFileSync(client, source.replace(CLIENT_LINE, PLANTED_LINE));
    const result = run(process.execPath, [join(broken, 'node_modules/vitest/vitest.mjs'), 'run'], broken);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(1);
    expect(output).toContain('builds messages the endpoint accepts, every one');
    expect(output).toContain('to be accepted by inlet');
    expect(output).toContain('message 0: accepted, then to the error batch (fails streaming validation)');
    expect(output).toContain('streaming.entity.xdm-invalid at /messages/0/body/xdmEntity/timestamp');
    expect(output).toMatch(/Tests\s+1 failed \| 3 passed \(4\)/);
  });
});
