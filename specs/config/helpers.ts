/** Temporary project trees for the configuration specs, and the payloads they check. */
import { mkdtemp, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.js';

export const ROOT = join(import.meta.dirname, '../..');

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh directory holding `files` (path → text); removed after the spec file. */
export async function tree(files: Record<string, string>): Promise<string> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'aep-config-')));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** The request of three web events with two mistakes and a warning, as in the README. */
export const MIXED = () => readFile(join(ROOT, 'fixtures/payloads/web-events-mixed.json'), 'utf8');

/** Three clean web events, the first with createdAt in seconds: one warning, nothing else. */
export async function oneWarning(): Promise<string> {
  const request = JSON.parse(await readFile(join(ROOT, 'fixtures/payloads/web-events.json'), 'utf8')) as { messages: { header: Record<string, unknown> }[] };
  request.messages[0]!.header['createdAt'] = 1732371600;
  return JSON.stringify(request, null, 2);
}

/** A HAR whose batch is created and never completed: one trace.client.complete-missing (error). */
export function neverCompleted(): string {
  const entry = {
    startedDateTime: '2025-03-04T09:00:00.000Z',
    time: 120,
    request: {
      method: 'POST',
      url: 'https://platform.adobe.io/data/foundation/import/batches',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Authorization', value: 'Bearer <redacted>' },
        { name: 'x-api-key', value: '<redacted>' },
        { name: 'x-gw-ims-org-id', value: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg' },
        { name: 'x-sandbox-name', value: 'prod' },
        { name: 'Content-Type', value: 'application/json' },
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
      postData: { mimeType: 'application/json', text: '{"datasetId":"5f0c0c7f6c5f1b194c1e0b4a","inputFormat":{"format":"json"}}' },
    },
    response: {
      status: 201,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      cookies: [],
      content: { size: 31, mimeType: 'application/json', text: '{"id":"B1","status":"loading"}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 31,
    },
    cache: {},
    timings: { send: 0, wait: 120, receive: 0 },
  };
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'spec', version: '1' }, entries: [entry] } });
}

/** Runs the command in `cwd`, as a user there would. */
export function run(cwd: string, ...argv: string[]): Promise<CliResult> {
  return runCli(argv, { cwd });
}

/** The JSON report a run printed on standard output. */
export function json(result: CliResult): { profile: string; world: string; summary: { findings: Record<string, number>; ignored?: number }; files: { findings: { ruleId: string; severity: string; pointer: string }[]; predicted: unknown }[] } {
  return JSON.parse(result.stdout) as ReturnType<typeof json>;
}
