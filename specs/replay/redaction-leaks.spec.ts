/**
 * The seven secrets `record` used to leak into fixtures and the HAR, one `describe` each, named after the
 * leak: a `client_secret` whose value is an array (whose redaction also broke the JSON), `token` and
 * `secret` fields of an NDJSON batch file, an NDJSON file with one byte that is not UTF-8, a Parquet
 * `access_token` column, and `code=` / `key=` of a URL echoed in an answer. A session goes through the
 * recording proxy to the reference server (and to a small echoing upstream for the URLs); every byte the
 * command writes is searched for each planted value, raw, URL-encoded and in base64.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadFixtures } from '../../src/replay/load.js';
import { createRedactor } from '../../src/report/redact.js';
import { startProxySession, type RecordingResult } from '../../src/replay/record/session.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/default.js';
import { DATASET, filesUnder, INLET, ORG, payload, send } from './record-traffic.js';

const PLANTED = {
  arrayClientSecret: ['cs-arr-7Qw9Zx2Lp4', 'cs-arr-8Rt1Yu3Mn5'],
  nestedClientSecret: 'cs-obj-3Vb6Nm9Kj2',
  ndjsonToken: 'nd-token-5Gh8Jk1Lq3',
  ndjsonSecret: 'nd-secret-2Wd4Fr6Ty8',
  invalidUtf8Token: 'bin-token-9Pl3Ok5Ij7',
  parquetAccessToken: 'pq-access-4Uh6Yg8Tf0',
  echoedCode: 'oauth-code-6Rd8Es0Wa2',
  echoedKey: 'url-key-1Qa3Zs5Xd7',
} as const;

const everyValue = (): string[] => Object.values(PLANTED).flat();

/** Every form a planted value could be written in and still be read back. */
const forms = (value: string) => [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];

let dir: string;
let upstream: RunningServer;
let echo: Server;
let echoUrl: string;
let recording: RecordingResult;
let written: Map<string, Buffer>;
let uploads: { ndjson: string; invalid: Buffer; parquet: Buffer };

/** An upstream that answers every call with the URLs a real one echoes: a redirect target, a signed link. */
async function startEcho(): Promise<void> {
  echo = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', location: `https://login.example.test/cb?code=${PLANTED.echoedCode}&state=s1` });
      res.end(JSON.stringify({ next: `https://login.example.test/cb?code=${PLANTED.echoedCode}&state=s1`, download: `https://files.example.test/f.csv?key=${PLANTED.echoedKey}&v=2`, note: `see https://x.example.test/?a=1&key=${PLANTED.echoedKey}` }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const address = echo.address() as { port: number };
  echoUrl = `http://127.0.0.1:${address.port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aep-redaction-leaks-'));
  upstream = await startServer({ store: createMemoryStore() });
  await startEcho();
  const world = defaultWorld();
  const platform = { 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod', 'x-api-key': 'acme-client', Authorization: 'Bearer planted-but-not-counted-0000000000' };

  const session = await startProxySession({ world, profile: 'docs', redact: createRedactor(), outDir: join(dir, 'fixtures'), harFile: join(dir, 'session.har'), upstream: upstream.url });
  // A streaming request whose first message carries a client_secret as an array, and one as an object.
  const request = JSON.parse(await payload('web-events.json')) as { messages: { body: { xdmEntity: Record<string, unknown> } }[] };
  request.messages[0]!.body.xdmEntity['client_secret'] = [...PLANTED.arrayClientSecret];
  request.messages[0]!.body.xdmEntity['auth'] = { clientSecret: { value: PLANTED.nestedClientSecret, rotated: false } };
  await send(session.url, 'POST', `/collection/batch/${INLET}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });

  const created = await send(session.url, 'POST', '/data/foundation/import/batches', { headers: { ...platform, 'Content-Type': 'application/json' }, body: JSON.stringify({ datasetId: DATASET, inputFormat: { format: 'json' } }) });
  const batchId = (created.json as { id: string }).id;
  const file = (name: string) => `/data/foundation/import/batches/${batchId}/datasets/${DATASET}/files/${name}`;
  const octets = { ...platform, 'Content-Type': 'application/octet-stream' };
  uploads = {
    ndjson: [
      JSON.stringify({ _id: 'e-1', timestamp: '2024-11-23T14:20:00Z', token: PLANTED.ndjsonToken }),
      JSON.stringify({ _id: 'e-2', timestamp: '2024-11-23T14:21:00Z', profile: { Secret: PLANTED.ndjsonSecret } }),
      '',
    ].join('\n'),
    invalid: Buffer.concat([Buffer.from(`${JSON.stringify({ _id: 'e-3', token: PLANTED.invalidUtf8Token })}\n{"_id":"e-4","name":"caf`), Buffer.from([0xe9]), Buffer.from('"}\n')]),
    parquet: Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: '_id', data: ['e-5', 'e-6'], type: 'STRING' },
          { name: 'access_token', data: [PLANTED.parquetAccessToken, PLANTED.parquetAccessToken], type: 'STRING' },
        ],
      }),
    ),
  };
  await send(session.url, 'PUT', file('events.json'), { headers: octets, body: uploads.ndjson });
  await send(session.url, 'PUT', file('latin1.json'), { headers: octets, body: uploads.invalid });
  await send(session.url, 'PUT', file('events.parquet'), { headers: octets, body: uploads.parquet });
  recording = await session.stop();

  const echoed = await startProxySession({ world, profile: 'docs', redact: createRedactor(), outDir: join(dir, 'echoed'), harFile: join(dir, 'echoed.har'), upstream: echoUrl });
  await send(echoed.url, 'GET', '/data/foundation/export/files/abc', { headers: platform });
  await echoed.stop();

  written = new Map();
  for (const path of await filesUnder(dir)) written.set(path, await readFile(path));
});

afterAll(async () => {
  await upstream.close();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function expectNowhere(values: readonly string[]): void {
  expect(written.size).toBeGreaterThanOrEqual(4);
  for (const [path, bytes] of written) {
    for (const value of values) for (const form of forms(value)) expect(bytes.includes(Buffer.from(form)), `${path} holds ${value}`).toBe(false);
  }
}

const fixtureTexts = () => [...written].filter(([path]) => path.endsWith('.yaml')).map(([, bytes]) => bytes.toString('utf8'));
const harOf = (name: string) => JSON.parse(written.get(join(dir, name))!.toString('utf8')) as { log: { entries: { request: { url: string; postData?: { text: string; comment?: string } }; response: { headers: { name: string; value: string }[]; content: { text: string; size: number } } }[] } };

describe('leak 1: a client_secret whose value is an array', () => {
  it('is redacted whole, in the fixture and in the HAR', () => {
    expectNowhere([...PLANTED.arrayClientSecret, PLANTED.nestedClientSecret]);
  });

  it('leaves the streaming body valid JSON, with the marker where the array was', () => {
    const entry = harOf('session.har').log.entries.find((e) => e.request.url.includes('/collection/batch/'))!;
    const body = JSON.parse(entry.request.postData!.text) as { messages: { body: { xdmEntity: Record<string, unknown> } }[] };
    expect(body.messages[0]!.body.xdmEntity['client_secret']).toBe('[REDACTED]');
    expect(body.messages[0]!.body.xdmEntity['auth']).toEqual({ clientSecret: '[REDACTED]' });
    const fixture = parseYaml(fixtureTexts().find((t) => t.includes('/collection/batch/'))!) as { steps: { request: { json?: { messages: { body: { xdmEntity: Record<string, unknown> } }[] } } }[] };
    expect(fixture.steps[0]!.request.json!.messages[0]!.body.xdmEntity['client_secret']).toBe('[REDACTED]');
  });

  it('writes fixtures that still load and replay green against a fresh reference server', async () => {
    const loaded = await loadFixtures([join(dir, 'fixtures')]);
    expect(loaded.length).toBe(recording.fixtures.length);
    let stdout = '';
    const code = await main(['replay', join(dir, 'fixtures'), '--format', 'json', '--output', join(dir, 'replay-out', 'replay.json')], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, env: {}, cwd: dir });
    expect(code, stdout).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'replay-out', 'replay.json'), 'utf8')) as { totals: { pass: number; fail: number } };
    // The streaming fixture, with "[REDACTED]" where the array was, gets the same answers again.
    expect(report.totals).toMatchObject({ fail: 0 });
    expect(report.totals.pass).toBeGreaterThanOrEqual(5);
  });
});

describe('leak 2: token fields in an NDJSON batch file', () => {
  it('is redacted line by line, each line still JSON', () => {
    expectNowhere([PLANTED.ndjsonToken]);
    const entry = harOf('session.har').log.entries.find((e) => e.request.url.endsWith('/events.json'))!;
    const lines = entry.request.postData!.text.split('\n').filter((l) => l !== '');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)[0]).toEqual({ _id: 'e-1', timestamp: '2024-11-23T14:20:00Z', token: '[REDACTED]' });
  });
});

describe('leak 3: secret fields in an NDJSON batch file', () => {
  it('is redacted at any depth, whatever the case of its name', () => {
    expectNowhere([PLANTED.ndjsonSecret]);
    const entry = harOf('session.har').log.entries.find((e) => e.request.url.endsWith('/events.json'))!;
    const second = JSON.parse(entry.request.postData!.text.split('\n')[1]!) as { profile: Record<string, unknown> };
    expect(second.profile).toEqual({ Secret: '[REDACTED]' });
  });
});

describe('leak 4: an NDJSON file with one byte that is not UTF-8', () => {
  it('is withheld: no .bin beside the fixture, no base64 in the HAR; the size and SHA-256 are kept with the reason', () => {
    expectNowhere([PLANTED.invalidUtf8Token]);
    expect([...written.keys()].filter((p) => p.endsWith('.bin'))).toEqual([]);
    const entry = harOf('session.har').log.entries.find((e) => e.request.url.endsWith('/latin1.json'))!;
    expect(entry.request.postData!.text).toBe('');
    const sha256 = createHash('sha256').update(uploads.invalid).digest('hex');
    expect(entry.request.postData!.comment).toContain(sha256);
    const step = recording.fixtures.flatMap((f) => f.fixture.steps).find((s) => s.request.path.endsWith('/latin1.json'))!;
    expect(step.request.withheld).toEqual({ bytes: uploads.invalid.length, sha256, reason: expect.stringMatching(/not UTF-8/) });
  });

  it('a fixture with a withheld body loads, and replay skips it saying why', async () => {
    const batch = recording.fixtures.find((f) => f.fixture.steps.some((s) => s.request.withheld !== undefined))!;
    let stdout = '';
    await main(['replay', join(dir, 'fixtures', batch.file), '--format', 'json', '--output', join(dir, 'replay-out', 'skipped.json')], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, env: {}, cwd: dir });
    expect(stdout).toMatch(/withheld from the recording/);
  });
});

describe('leak 5: a Parquet access_token column', () => {
  it('is withheld whole: Parquet is binary, its columns cannot be redacted safely', () => {
    expectNowhere([PLANTED.parquetAccessToken]);
    const step = recording.fixtures.flatMap((f) => f.fixture.steps).find((s) => s.request.path.endsWith('/events.parquet'))!;
    expect(step.request.withheld).toEqual({ bytes: uploads.parquet.length, sha256: createHash('sha256').update(uploads.parquet).digest('hex'), reason: expect.stringMatching(/Parquet/) });
  });
});

describe('leak 6: code= of a URL echoed in an answer', () => {
  it('is redacted in the body and in the Location header, and the body stays JSON', () => {
    expectNowhere([PLANTED.echoedCode]);
    const entry = harOf('echoed.har').log.entries[0]!;
    expect((JSON.parse(entry.response.content.text) as { next: string }).next).toBe('https://login.example.test/cb?code=[REDACTED]&state=s1');
    expect(entry.response.headers.find((h) => h.name.toLowerCase() === 'location')!.value).toContain('code=[REDACTED]&state=s1');
  });
});

describe('leak 7: key= of a URL echoed in an answer', () => {
  it('is redacted wherever the URL stands in the text', () => {
    expectNowhere([PLANTED.echoedKey]);
    const body = JSON.parse(harOf('echoed.har').log.entries[0]!.response.content.text) as { download: string; note: string };
    expect(body.download).toBe('https://files.example.test/f.csv?key=[REDACTED]&v=2');
    expect(body.note).toBe('see https://x.example.test/?a=1&key=[REDACTED]');
  });
});

describe('every planted value of the session', () => {
  it(`none of the ${everyValue().length} is in any byte written`, () => {
    expectNowhere(everyValue());
  });
});
