/**
 * The reference client driven by check-client's environment: `runClientFromEnv` doing each job handed over,
 * and `bin.ts` as a process (its summary, its exit codes, and never the token in what it prints).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary, runClientFromEnv, type ClientEnvironment } from '../../src/client/index.js';
import { DOCUMENTED_BAD_DATE_TIME } from '../../src/generate/invalid-records.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { EVENTS_DATASET, fastTiming, INLET, manyEvents, ORG, records, TOKEN } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), 'aep-client-env-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function environment(extra: ClientEnvironment): ClientEnvironment {
  return {
    AEP_STREAMING_URL: server.url,
    AEP_PLATFORM_URL: server.url,
    AEP_CAMPAIGN_URL: server.url,
    AEP_INLET_ID: INLET.id,
    AEP_ORG_ID: ORG,
    AEP_SANDBOX_NAME: 'prod',
    AEP_ACCESS_TOKEN: TOKEN,
    AEP_API_KEY: 'spec-api-key',
    AEP_DATASET_ID: EVENTS_DATASET,
    AEP_SCENARIO: 'spec',
    ...extra,
  };
}

async function ndjson(name: string, values: unknown[], extraLines: string[] = []): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, [...values.map((v) => JSON.stringify(v)), ...extraLines].join('\n') + '\n');
  return file;
}

describe('runClientFromEnv', () => {
  it('sends the messages file, ingests the batch file and triggers the mapping, and sums it up', async () => {
    const messages = manyEvents(5);
    (messages[2]!.header as Record<string, unknown>)['imsOrgId'] = 'BBBBBBBBBBBBBBBBBBBBBBBB@AdobeOrg';
    const messagesFile = await ndjson('messages.ndjson', messages, ['{not json']);
    const bad = { ...records(1)[0], _id: 'bad', timestamp: DOCUMENTED_BAD_DATE_TIME };
    const batchFile = await ndjson('records.json', [...records(3), bad]);
    const timing = fastTiming();
    const summary = await runClientFromEnv(environment({ AEP_MESSAGES_FILE: messagesFile, AEP_BATCH_FILE: batchFile, AEP_CAMPAIGN_MAPPING_ID: 'ProfileToAEP' }), { client: timing.options });
    expect(summary.ok).toBe(true);
    expect(summary.problems).toEqual([]);
    expect(summary.scenario).toBe('spec');
    expect(summary.streaming).toMatchObject({ messages: 6, requests: 1, accepted: 4 });
    expect(summary.streaming!.rejected).toEqual([{ line: 3, statusCode: 400, message: expect.stringContaining('absent or wrong ims org') }]);
    expect(summary.streaming!.notAccepted).toEqual([{ line: 6, status: 'not-sent', reason: expect.stringMatching(/^line 6 is not JSON/) }]);
    expect(summary.batch).toMatchObject({ status: 'failed', completed: true, failedFiles: [expect.any(String)] });
    expect(summary.batch!.failedRecords).toHaveLength(1);
    expect(summary.campaign).toMatchObject({ mappingId: 'ProfileToAEP', trigger: 'submitted', status: 'Success', numRecords: 15 });
    const text = formatSummary(summary);
    expect(text).toMatch(/^streaming: 6 messages in 1 request: 4 accepted, 1 rejected, 1 not accepted$/m);
    expect(text).toMatch(/line 3: rejected 400: inletId: \[/);
    expect(text).toMatch(/^batch: \S+: failed, 1 failed record in 1 failed file$/m);
    expect(text).toMatch(/^campaign: mapping ProfileToAEP: request \d+: Success, 15 records/m);
    expect(JSON.stringify(summary) + text).not.toContain(TOKEN);
  });

  it('names the variables a job needs and are not set', async () => {
    const summary = await runClientFromEnv({ AEP_MESSAGES_FILE: '/nonexistent.ndjson', AEP_CAMPAIGN_MAPPING_ID: 'ProfileToAEP' });
    expect(summary.ok).toBe(false);
    expect(summary.problems).toEqual(['streaming: AEP_STREAMING_URL, AEP_INLET_ID not set', 'campaign: AEP_CAMPAIGN_URL, AEP_ORG_ID, AEP_ACCESS_TOKEN, AEP_API_KEY not set']);
  });

  it('has nothing to do when no job is handed over', async () => {
    const summary = await runClientFromEnv(environment({}));
    expect(summary.ok).toBe(true);
    expect(formatSummary(summary)).toMatch(/^nothing to do/);
  });
});

describe('bin.ts', () => {
  const run = (env: ClientEnvironment) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src/client/bin.ts'), '--verbose'], { cwd: ROOT, env: { PATH: process.env['PATH'], ...env }, timeout: 15_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('exits 0 when the jobs were dealt with, prints a summary and never the token', async () => {
    const file = await ndjson('bin-messages.ndjson', manyEvents(3));
    const { code, stdout, stderr } = await run(environment({ AEP_MESSAGES_FILE: file, AEP_CAMPAIGN_MAPPING_ID: 'ProfileToAEP' }));
    expect(stdout).toMatch(/^streaming: 3 messages in 1 request: 3 accepted, 0 rejected, 0 not accepted$/m);
    expect(stdout).toMatch(/^campaign: mapping ProfileToAEP: request \d+: Success/m);
    expect(code).toBe(0);
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it('exits 1 when it gave up (an inlet the server does not have)', async () => {
    const file = await ndjson('bin-lost.ndjson', manyEvents(2));
    const { code, stdout } = await run(environment({ AEP_MESSAGES_FILE: file, AEP_INLET_ID: 'no-such-inlet' }));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^gave up: streaming: answered 404/m);
  });
});
