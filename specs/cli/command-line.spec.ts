/** The command line: commands loaded only when named, and the advice for unset credential variables. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { runCli } from './run-cli.js';

const SRC = join(import.meta.dirname, '../../src');

/** The project modules a module loads when it is imported: its static, non-type imports, transitively. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'(\.[^']+)';/gms)) {
      visit(resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return seen;
}

describe('commands are loaded when named', () => {
  it('the entry point loads no command module up front: --help lists the commands from src/cli/commands.ts', () => {
    const loaded = [...staticClosure(join(SRC, 'cli/bin.ts'))].map((file) => file.slice(SRC.length + 1)).sort();
    expect(loaded).toEqual(['cli/bin.ts', 'cli/commands.ts', 'cli/io.ts', 'cli/main.ts', 'version.ts']);
  });

  it('--help still lists every command with its arguments and description', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['preflight [files...]', 'serve', 'rules', 'check-trace <files...>', 'check-client [command...]', 'record', 'replay [fixtures...]', 'verify', 'report <results>']) {
      expect(result.stdout).toContain(`  ${command}`);
    }
  });

  it('a command named after `help` shows that command\'s options', async () => {
    const result = await runCli(['help', 'preflight']);
    expect(result.stdout).toContain('--max-findings <n>');
    expect(result.stdout).toContain('-q, --quiet');
  });

  it('an unknown command is a usage error', async () => {
    const result = await runCli(['preflite', 'x.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'preflite'");
  });
});

describe('replay against a URL with unset credential variables', () => {
  let server: RunningServer;
  const reportsDir = mkdtempSync(join(tmpdir(), 'aep-credentials-'));
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(reportsDir, { recursive: true, force: true });
  });

  it('says which variables to set, a line to export, and what the reference server takes', async () => {
    const fixture = join(import.meta.dirname, '../../fixtures/exchanges/streaming/newer-stream-to-dataset.yaml');
    const result = await runCli(['replay', fixture, '--target', server.url, '--out-dir', reportsDir], { env: {} });
    expect(result.stderr).toContain('note: AEP_ACCESS_TOKEN, AEP_API_KEY, AEP_ORG_ID, AEP_SANDBOX_NAME not set');
    expect(result.stderr).toContain('set AEP_ACCESS_TOKEN, AEP_API_KEY, AEP_ORG_ID, AEP_SANDBOX_NAME in the environment, for example:');
    expect(result.stderr).toContain('export AEP_ACCESS_TOKEN=any-value AEP_API_KEY=any-value AEP_ORG_ID=5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg AEP_SANDBOX_NAME=prod');
    expect(result.stderr).toContain('against the reference server (aep-harness serve) any value works for AEP_ACCESS_TOKEN and AEP_API_KEY; AEP_ORG_ID and AEP_SANDBOX_NAME must name an org and a sandbox of its world (embedded:default)');
  });

  it('says nothing when they are set', async () => {
    const fixture = join(import.meta.dirname, '../../fixtures/exchanges/streaming/newer-stream-to-dataset.yaml');
    const env = { AEP_ACCESS_TOKEN: 'x', AEP_API_KEY: 'y', AEP_ORG_ID: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg', AEP_SANDBOX_NAME: 'prod' };
    const result = await runCli(['replay', fixture, '--target', server.url, '--out-dir', reportsDir], { env });
    expect(result.stderr).not.toContain('not set');
  });
});
