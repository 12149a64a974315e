/**
 * The machine refusing what a command needs is said in words with exit code 3, never as a defect (70)
 * and never with a stack trace. Each case runs the real command in a child process, as a user would.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { spawnCli, type CliResult } from './run-cli.js';

const STACK_FRAME = /^\s+at .+[:(]\d+:\d+\)?$/m;
const work = mkdtempSync(join(tmpdir(), 'aep-env-'));
const FIXTURES = join(import.meta.dirname, '../../fixtures');

let taken: Server;
let takenPort: number;
let upstream: RunningServer;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  const address = taken.address();
  takenPort = typeof address === 'object' && address !== null ? address.port : 0;
  upstream = await startServer();
});

afterAll(async () => {
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  await upstream.close();
  rmSync(work, { recursive: true, force: true });
});

/** As spawnCli, without blocking this process: the upstream served from here must answer the probe. */
function spawnCliAsync(argv: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/bin.ts'), ...argv], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

function expectEnvironmentError(result: CliResult, says: string): void {
  const context = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
  expect(result.code, context).toBe(3);
  expect(result.stderr, context).toContain(says);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stdout).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toContain('defect');
}

describe('environment errors: a clear message, exit 3, no stack trace', () => {
  it('serve --port on a port another program holds', () => {
    const result = spawnCli(['serve', '--port', String(takenPort), '--data-dir', join(work, 'data-port')]);
    expectEnvironmentError(result, `the server cannot listen on 127.0.0.1:${takenPort}: the port is in use by another program; choose another --port, or --port 0 for a free one`);
  });

  it('serve --data-dir held by another live process', () => {
    const dir = join(work, 'held');
    mkdirSync(dir);
    // The spec's own process is alive and is not the server's: its pid in LOCK holds the directory.
    writeFileSync(join(dir, 'LOCK'), `${process.pid}\n`);
    const result = spawnCli(['serve', '--port', '0', '--data-dir', dir]);
    expectEnvironmentError(result, `is in use by process ${process.pid}; two servers must not share a data directory. Stop that server, or give another --data-dir`);
  });

  it('serve --data-dir below a file', () => {
    writeFileSync(join(work, 'plain-file'), 'x');
    const result = spawnCli(['serve', '--port', '0', '--data-dir', join(work, 'plain-file', 'data')]);
    expectEnvironmentError(result, 'cannot be used: a part of its path is a file, not a directory; give another --data-dir');
  });

  it('record --port on a port another program holds', async () => {
    const result = await spawnCliAsync(['record', '--upstream', upstream.url, '--port', String(takenPort), '--out', join(work, 'recorded')]);
    expectEnvironmentError(result, `the proxy cannot listen on 127.0.0.1:${takenPort}: the port is in use by another program`);
  });

  it('preflight --output that cannot be written (below a file)', () => {
    writeFileSync(join(work, 'not-a-dir'), 'x');
    const result = spawnCli(['preflight', join(FIXTURES, 'payloads/web-events.json'), '--format', 'json', '--output', join(work, 'not-a-dir', 'r.json')]);
    expectEnvironmentError(result, 'not-a-dir is a file, not a directory');
    expect(result.stdout).toBe('');
  });

  it('preflight --out-dir that is a file', () => {
    writeFileSync(join(work, 'out-file'), 'x');
    const result = spawnCli(['preflight', join(FIXTURES, 'payloads/web-events.json'), '--format', 'sarif', '--out-dir', join(work, 'out-file')]);
    expectEnvironmentError(result, 'out-file is a file, not a directory');
  });
});
