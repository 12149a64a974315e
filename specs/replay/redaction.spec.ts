/**
 * Secrets never reach a recording (DESIGN.md, "Properties the whole harness keeps"): a session through
 * `aep-harness record` carrying real-looking credentials in headers, bodies and URLs, and a value matched
 * only by the user's `--redact` pattern, leaves none of them in any byte written (fixtures, attachments,
 * HAR, report files) nor in what the command printed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { settleBatches } from '../../src/server/batch-processing.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { filesUnder, INLET, payload, send, sendTraffic } from './record-traffic.js';

/** A JWT-shaped IMS access token (header {"alg":"RS256","typ":"JWT"}, made-up claims and signature). */
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZWRhY3Rpb24tc3BlYyIsImV4cCI6MTczMjM3MTYwMH0.Zm9yZ2VkLXNpZ25hdHVyZS0wMTIzNDU2Nzg5';
const SECRETS = {
  jwt: JWT,
  apiKey: 'ak7f3c9e2b1d4a6f80e5d4c3b2a1',
  clientSecret: 'p8e-Cl13ntS3cr3t-9QzX2',
  accessTokenField: 'at.9f8e7d6c5b4a3f2e1d0c',
  bearerInMessage: 'zq81KXw0pPq2LmN4vB7c',
  urlToken: 'tok5e6f7a8b9c0d1e2f3a4b',
  urlSecret: 'qs-secret-7Hn2Kp9',
  cookie: 's3ss10n-c00k13-v4lu3-881',
  custom: 'ACME-884213',
};

describe('a recording made with secrets in headers, bodies and URLs contains none of them', () => {
  let dir: string;
  let upstream: RunningServer;
  let stdout = '';
  let stderr = '';
  let code: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aep-redaction-'));
    upstream = await startServer({ store: createMemoryStore() });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd: dir };
    const running = main(
      ['record', '--upstream', upstream.url, '--out', 'fixtures', '--har', 'session.har', '--out-dir', 'reports', '--format', 'json', '--format', 'junit', '--format', 'markdown', '--redact', 'ACME-[0-9]{6}', '--fail-on', 'error'],
      io,
      () => stopped,
    );
    // The command prints its address once it listens (its modules load when it is named: allow a slow machine).
    let url: string | undefined;
    for (let k = 0; k < 3000 && url === undefined; k++) {
      url = /proxy on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (url === undefined) throw new Error(`record did not start: ${stdout} ${stderr}`);

    const credentials = { Authorization: `Bearer ${SECRETS.jwt}`, 'x-api-key': SECRETS.apiKey, Cookie: `session=${SECRETS.cookie}`, 'x-correlation-id': SECRETS.custom };
    await sendTraffic(url, { headers: credentials, settle: () => settleBatches(upstream.context) });
    // An IMS token exchange copied through the proxy: client_secret and access_token fields in bodies.
    await send(url, 'POST', `/ims/token/v3?client_secret=${SECRETS.urlSecret}`, {
      headers: { 'Content-Type': 'application/json', ...credentials },
      body: JSON.stringify({ client_id: 'acme-client', client_secret: SECRETS.clientSecret, access_token: SECRETS.accessTokenField, note: `ref ${SECRETS.custom}` }),
    });
    // A bearer string inside a streaming message, and a token in a query string.
    const request = JSON.parse(await payload('web-events.json')) as { messages: { body: { xdmEntity: Record<string, unknown> } }[] };
    request.messages[0]!.body.xdmEntity['comment'] = `pasted by mistake: Bearer ${SECRETS.bearerInMessage}`;
    await send(url, 'POST', `/collection/batch/${INLET}?access_token=${SECRETS.urlToken}`, { headers: { 'Content-Type': 'application/json', ...credentials }, body: JSON.stringify(request) });
    await send(url, 'GET', `/data/foundation/catalog/batches?access_token=${SECRETS.urlToken}&limit=1`, { headers: credentials });
    stop();
    code = await running;
  });
  afterAll(async () => {
    await upstream.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records the session and writes fixtures, a HAR and the report files', async () => {
    expect(code, stderr).toBeLessThanOrEqual(1);
    const files = (await filesUnder(dir)).map((f) => f.slice(dir.length + 1)).sort();
    expect(files).toContain('session.har');
    expect(files).toEqual(expect.arrayContaining(['reports/record.json', 'reports/record.xml', 'reports/record.md', 'reports/record-findings.json']));
    expect(files.filter((f) => f.startsWith('fixtures/') && f.endsWith('.yaml')).length).toBeGreaterThanOrEqual(7);
  });

  it.each(Object.entries(SECRETS))('%s appears in no byte written and nowhere in the log', async (_name, secret) => {
    for (const file of await filesUnder(dir)) {
      const bytes = await readFile(file);
      expect(bytes.includes(Buffer.from(secret)), `${file} holds the secret`).toBe(false);
      // Not even encoded: a URL-encoded or base64 copy is still the secret.
      expect(bytes.includes(Buffer.from(encodeURIComponent(secret))), `${file} holds it URL-encoded`).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64'))), `${file} holds it in base64`).toBe(false);
    }
    expect(stdout).not.toContain(secret);
    expect(stderr).not.toContain(secret);
  });

  it('keeps what was redacted visible as [REDACTED], and the credential headers out of fixtures', async () => {
    const har = await readFile(join(dir, 'session.har'), 'utf8');
    expect(har).toContain('"value": "[REDACTED]"');
    expect(har).toContain('access_token=[REDACTED]');
    for (const file of (await filesUnder(join(dir, 'fixtures'))).filter((f) => f.endsWith('.yaml'))) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toMatch(/^\s+(authorization|x-api-key|cookie|x-gw-ims-org-id|x-sandbox-name):/im);
      // A replay goes without the URL's credential, as without the headers (an echoed answer may still name it, redacted).
      expect(text).not.toMatch(/^\s+path: .*access_token/m);
    }
  });
});
