/** `aep-harness serve` prints a line per request (off with --quiet) and answers its health route. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'aep-serve-log-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
let runs = 0;

/** Runs serve in-process, calls `use(url)` once it says where it listens, then stops it as SIGTERM would. */
async function serving(args: string[], use: (url: string) => Promise<void>): Promise<CliResult> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let listening!: (url: string) => void;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const run = runCli(['serve', '--port', '0', '--data-dir', join(work, `data-${runs++}`), ...args], {
    stopSignal: () => stopped,
    onStdout: (text) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match) listening(match[1]!);
    },
  });
  try {
    await use(await Promise.race([url, run.then((r) => Promise.reject(new Error(`serve ended: ${r.stderr}`)))]));
  } finally {
    stop();
  }
  return run;
}

describe('aep-harness serve: request log and health route', () => {
  it('logs method, path (no query), status and milliseconds of each request on standard error, and answers GET /aep-harness/health', async () => {
    let health: unknown;
    let healthStatus = 0;
    const result = await serving([], async (url) => {
      const answer = await fetch(`${url}/aep-harness/health`);
      healthStatus = answer.status;
      health = await answer.json();
      const batch = await fetch(`${url}/collection/batch/${INLET}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ messages: [{ header: {} }] }) });
      await batch.arrayBuffer();
      await (await fetch(`${url}/data/foundation/catalog/batch/nope?secret_query=1`)).arrayBuffer();
    });
    expect(result.code, result.stderr).toBe(0);
    expect(healthStatus).toBe(200);
    expect(health).toMatchObject({ status: 'ok', name: 'aep-ingest-harness', profile: 'docs', world: 'embedded:default' });
    expect(result.stdout).toContain('/aep-harness/health');
    const lines = result.stderr.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^GET \/aep-harness\/health 200 \d+\.\d ms$/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^POST /collection/batch/${INLET} 207 \\d+\\.\\d ms$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^GET \/data\/foundation\/catalog\/batch\/nope \d{3} \d+\.\d ms$/));
    expect(result.stderr).not.toContain('secret_query');
  });

  it('answers the health route even when a fault is asked for', async () => {
    const result = await serving(['--quiet'], async (url) => {
      expect((await fetch(`${url}/aep-harness/health`, { headers: { 'x-aep-harness-fault': '503' } })).status).toBe(200);
      expect((await fetch(`${url}/collection/batch/${INLET}`, { method: 'POST', headers: { 'x-aep-harness-fault': '503' }, body: '{}' })).status).toBe(503);
    });
    expect(result.code).toBe(0);
  });

  it('prints no request line with --quiet', async () => {
    const result = await serving(['--quiet'], async (url) => {
      expect((await fetch(`${url}/aep-harness/health`)).status).toBe(200);
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('/aep-harness/health');
    expect(result.stdout).toContain('listening on');
  });
});
