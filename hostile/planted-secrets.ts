/**
 * The planted-secrets run: `record` (proxying to the reference server, and to an upstream that echoes
 * URLs and credentials back) and `preflight` and `check-trace` over inputs that carry credentials in
 * every place a user's traffic puts them, every report format of each command written; then every byte
 * written (fixtures, HAR, reports) and everything printed is searched for each planted value, raw,
 * URL-encoded and in base64.
 */
import { createServer, type Server } from 'node:http';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { main } from '../src/cli/main.js';
import { startServer } from '../src/server/index.js';
import { createMemoryStore } from '../src/server/store/index.js';
import { ROOT } from './corpus.js';
import type { Random } from './random.js';

const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html', 'github', 'ndjson'];

export interface SecretsResult {
  planted: number;
  found: { secret: string; where: string }[];
  filesSearched: number;
  bytesSearched: number;
}

/** A value that looks like what it stands for and is unique to this run (the seed is in it). */
interface Planted { [name: string]: string }

function plant(random: Random): Planted & Record<'bearerHeader' | 'apiKeyHeader' | 'cookie' | 'customSecretHeader', string> {
  const v = (prefix: string) => `${prefix}${random.word(18)}`;
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  const jwt = (sub: string) => `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(`{"sub":"${sub}","exp":1732371600}`)}.${b64url(random.word(32))}`;
  return {
    bearerHeader: jwt(v('hdr')),
    apiKeyHeader: v('ak'),
    cookie: v('ck'),
    customSecretHeader: v('xcs'),
    queryAccessToken: v('qat'),
    queryClientSecret: v('qcs'),
    queryCode: v('qcode'),
    queryKey: v('qkey'),
    bodyClientSecret: v('bcs'),
    arrayClientSecretA: v('arrA'),
    arrayClientSecretB: v('arrB'),
    nestedPassword: v('npw'),
    numberApiKey: String(100000000 + random.int(800000000)),
    ndjsonToken: v('ndt'),
    ndjsonSecret: v('nds'),
    invalidUtf8Token: v('bad'),
    parquetAccessToken: v('pqt'),
    csvPassword: v('csvpw'),
    bearerInMessage: v('bim'),
    jwtInMessage: jwt(v('jim')),
    echoedCode: v('ecode'),
    echoedKey: v('ekey'),
    echoedHeaderToken: v('eht'),
    userPattern: `ACME-${100000 + random.int(800000)}`,
    preflightPassword: v('ppw'),
    preflightClientSecret: v('pcs'),
    preflightOrgJwt: jwt(v('porg')),
    preflightBearer: v('pbr'),
    preflightUrlCode: v('purl'),
    datasetToken: v('dst'),
    traceBearer: jwt(v('tr')),
    traceQueryToken: v('tqt'),
    traceBodySecret: v('tbs'),
  };
}

interface Captured {
  stdout: string;
  stderr: string;
}

async function run(argv: string[], cwd: string, printed: Captured[], stop?: () => Promise<void>): Promise<number> {
  const out: Captured = { stdout: '', stderr: '' };
  printed.push(out);
  const io = { stdout: { write: (s: string) => ((out.stdout += s), true), isTTY: false }, stderr: { write: (s: string) => ((out.stderr += s), true), isTTY: false }, env: { NO_COLOR: '1' }, cwd };
  return main(argv, io, stop);
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<unknown> {
  const answer = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await answer.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `record` through its command, every format, while `traffic` goes through the proxy. */
async function record(cwd: string, upstream: string, name: string, printed: Captured[], traffic: (proxy: string) => Promise<void>): Promise<void> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const argv = ['record', '--upstream', upstream, '--out', `${name}/fixtures`, '--har', `${name}/session.har`, '--out-dir', `${name}/reports`, '--redact', 'ACME-[0-9]{6}', '--no-config', ...FORMATS.flatMap((f) => ['--format', f])];
  const before = printed.length;
  const running = run(argv, cwd, printed, () => stopped);
  let url: string | undefined;
  for (let k = 0; k < 3000 && url === undefined; k++) {
    url = /proxy on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed[before]?.stdout ?? '')?.[1];
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (url === undefined) throw new Error(`record did not start: ${printed[before]?.stderr ?? ''}`);
  try {
    await traffic(url);
  } finally {
    stop();
    await running;
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export async function plantedSecretsRun(opts: { random: Random; work: string; plantLeak?: boolean }): Promise<SecretsResult> {
  const secrets = plant(opts.random);
  const cwd = join(opts.work, 'secrets');
  const inputs = join(cwd, 'inputs');
  mkdirSync(inputs, { recursive: true });
  const printed: Captured[] = [];
  const upstream = await startServer({ store: createMemoryStore() });
  const echo: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', location: `https://login.example.test/cb?code=${secrets.echoedCode}&state=1`, 'x-session-token': secrets.echoedHeaderToken, 'set-cookie': `sid=${secrets.cookie}; HttpOnly` });
      res.end(JSON.stringify({ next: `https://login.example.test/cb?code=${secrets.echoedCode}&state=1`, file: `https://files.example.test/x.csv?v=1&key=${secrets.echoedKey}`, seen: req.url }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
  const credentials = { Authorization: `Bearer ${secrets.bearerHeader}`, 'x-api-key': secrets.apiKeyHeader, Cookie: `session=${secrets.cookie}`, 'x-client-secret': secrets.customSecretHeader, 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod' };
  const payload = JSON.parse(readFileSync(join(ROOT, 'fixtures/payloads/web-events.json'), 'utf8')) as { messages: { header: Record<string, unknown>; body: { xdmEntity: Record<string, unknown> } }[] };

  try {
    await record(cwd, upstream.url, 'record-platform', printed, async (proxy) => {
      const request = structuredClone(payload);
      request.messages[0]!.body.xdmEntity['client_secret'] = [secrets.arrayClientSecretA, secrets.arrayClientSecretB];
      request.messages[0]!.body.xdmEntity['comment'] = `pasted: Bearer ${secrets.bearerInMessage} and ${secrets.jwtInMessage} ref ${secrets.userPattern}`;
      request.messages[1]!.body.xdmEntity['settings'] = { Password: { value: secrets.nestedPassword }, apiKey: Number(secrets.numberApiKey) };
      await call(proxy, 'POST', `/collection/batch/${INLET}?access_token=${secrets.queryAccessToken}`, { 'content-type': 'application/json', ...credentials }, JSON.stringify(request));
      await call(proxy, 'POST', `/ims/token/v3?client_secret=${secrets.queryClientSecret}&code=${secrets.queryCode}&key=${secrets.queryKey}`, { 'content-type': 'application/json', ...credentials }, JSON.stringify({ client_id: 'acme', client_secret: secrets.bodyClientSecret }));
      const created = (await call(proxy, 'POST', '/data/foundation/import/batches', { 'content-type': 'application/json', ...credentials }, JSON.stringify({ datasetId: DATASET, inputFormat: { format: 'json' } }))) as { id: string };
      const file = (n: string) => `/data/foundation/import/batches/${created.id}/datasets/${DATASET}/files/${n}`;
      const octets = { ...credentials, 'content-type': 'application/octet-stream' };
      await call(proxy, 'PUT', file('a.json'), octets, `${JSON.stringify({ _id: 'e-1', timestamp: '2024-11-23T14:20:00Z', token: secrets.ndjsonToken })}\n${JSON.stringify({ _id: 'e-2', deep: { inner: { SECRET: secrets.ndjsonSecret } } })}\n`);
      await call(proxy, 'PUT', file('b.json'), octets, Buffer.concat([Buffer.from(`{"_id":"e-3","token":"${secrets.invalidUtf8Token}","name":"caf`), Buffer.from([0xe9]), Buffer.from('"}\n')]));
      await call(proxy, 'PUT', file('c.parquet'), octets, Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'access_token', data: [secrets.parquetAccessToken], type: 'STRING' }] })));
      await call(proxy, 'PUT', file('d.csv'), { ...credentials, 'content-type': 'text/csv' }, `_id,password,name\ne-4,${secrets.csvPassword},x\n`);
    });
    await record(cwd, echoUrl, 'record-echo', printed, async (proxy) => {
      await call(proxy, 'GET', `/oauth/authorize?client_id=acme&code=${secrets.queryCode}`, credentials);
    });

    // preflight: a request, an NDJSON file and a batch file carrying secrets, every format.
    const request = structuredClone(payload);
    request.messages[0]!.body.xdmEntity['password'] = secrets.preflightPassword;
    request.messages[0]!.body.xdmEntity['client_secret'] = [secrets.preflightClientSecret];
    request.messages[1]!.header['imsOrgId'] = secrets.preflightOrgJwt;
    request.messages[1]!.body.xdmEntity['eventType'] = `Bearer ${secrets.preflightBearer}`;
    request.messages[1]!.body.xdmEntity['_id'] = `https://login.example.test/cb?code=${secrets.preflightUrlCode}`;
    writeFileSync(join(inputs, 'request.json'), JSON.stringify(request, null, 2));
    writeFileSync(join(inputs, 'messages.ndjson'), request.messages.map((m) => JSON.stringify(m)).join('\n'));
    writeFileSync(join(inputs, 'records.json'), `${JSON.stringify({ _id: 'r-1', timestamp: 'not a time', token: secrets.datasetToken })}\n`);
    for (const format of FORMATS) {
      await run(['preflight', 'inputs/request.json', 'inputs/messages.ndjson', '--format', format, '--output', `preflight/preflight.${format}`, '--no-config'], cwd, printed);
      await run(['preflight', '--dataset', DATASET, 'inputs/records.json', '--jobs', '1', '--format', format, '--output', `preflight-dataset/preflight.${format}`, '--no-config'], cwd, printed);
    }
    await run(['preflight', 'inputs/request.json', 'inputs/messages.ndjson', '--no-config'], cwd, printed);

    // check-trace: a HAR captured elsewhere with the credentials still in it.
    const har = JSON.parse(readFileSync(join(ROOT, 'fixtures/traces/batch-and-campaign.har'), 'utf8')) as { log: { entries: { request: { url: string; headers: { name: string; value: string }[] }; response: { content: { text?: string } } }[] } };
    for (const entry of har.log.entries) {
      entry.request.headers.push({ name: 'Authorization', value: `Bearer ${secrets.traceBearer}` });
      entry.request.url += `${entry.request.url.includes('?') ? '&' : '?'}access_token=${secrets.traceQueryToken}`;
    }
    har.log.entries[0]!.response.content.text = JSON.stringify({ client_secret: secrets.traceBodySecret, ...(JSON.parse(har.log.entries[0]!.response.content.text ?? '{}') as object) });
    writeFileSync(join(inputs, 'trace.har'), JSON.stringify(har));
    for (const format of FORMATS) await run(['check-trace', 'inputs/trace.har', '--format', format, '--output', `check-trace/check-trace.${format}`, '--no-config'], cwd, printed);
    await run(['record', '--from-har', 'inputs/trace.har', '--out', 'record-har/fixtures', '--har', 'record-har/session.har', '--out-dir', 'record-har/reports', '--no-config', ...FORMATS.flatMap((f) => ['--format', f])], cwd, printed);
    // report: the pre-flight JSON rendered again in every format.
    for (const format of FORMATS) await run(['report', 'preflight/preflight.json', '--format', format, '--output', `report/preflight.${format}`], cwd, printed);
  } finally {
    await upstream.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  }

  const outputs = filesUnder(cwd).filter((p) => !p.startsWith(inputs));
  if (opts.plantLeak === true) {
    // The proof that the search finds a leak: one value written as a defective writer would.
    const target = outputs.find((p) => p.endsWith('.md')) ?? outputs[0]!;
    appendFileSync(target, `\n${secrets.queryClientSecret}\n`);
  }
  const found: SecretsResult['found'] = [];
  let bytesSearched = 0;
  const haystacks: { where: string; bytes: Buffer }[] = outputs.map((path) => ({ where: path.slice(cwd.length + 1), bytes: readFileSync(path) }));
  printed.forEach((p, k) => haystacks.push({ where: `output of run ${k + 1} (stdout)`, bytes: Buffer.from(p.stdout) }, { where: `output of run ${k + 1} (stderr)`, bytes: Buffer.from(p.stderr) }));
  for (const h of haystacks) bytesSearched += h.bytes.length;
  for (const [name, value] of Object.entries(secrets)) {
    const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')];
    const where = haystacks.filter((h) => forms.some((f) => h.bytes.includes(Buffer.from(f)))).map((h) => h.where);
    if (where.length > 0) found.push({ secret: name, where: where.slice(0, 5).join(', ') });
  }
  return { planted: Object.keys(secrets).length, found, filesSearched: outputs.length, bytesSearched };
}
