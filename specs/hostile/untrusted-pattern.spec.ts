/**
 * An untrusted XDM `pattern` froze pre-flight and the server: `^(a+)+$` against N `a`s and a `!` took
 * 3.7 s at N = 26, 59 s at 30, and never ended at 40, and one such message to `serve` made every other
 * client time out. Patterns now run on a linear-time engine; these specs assert the verdicts (a run that
 * backtracked would not finish), never a time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflightValues } from '../../src/rules/streaming/preflight-run.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { defaultWorld } from '../../src/world/default.js';
import { loadWorld } from '../../src/world/load.js';
import type { World } from '../../src/world/types.js';
import { spawnCli } from '../cli/run-cli.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const ref = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };

const EVIL = '^(a+)+$';
const HOSTILE_VALUE = `${'a'.repeat(40)}!`;

/** The default world, its web-event schema given a `code` field with a catastrophic-backtracking pattern. */
function hostileWorld(): World {
  const world = defaultWorld();
  const schema = world.schemas.find((s) => s.id === SCHEMA)!;
  const properties = schema.jsonSchema['properties'] as Record<string, unknown>;
  schema.jsonSchema = { ...schema.jsonSchema, properties: { ...properties, code: { type: 'string', pattern: EVIL } } };
  return world;
}

function message(id: string, code: string) {
  return {
    header: { schemaRef: ref, imsOrgId: ORG, datasetId: DATASET, createdAt: 1732371600000 },
    body: { xdmMeta: { schemaRef: ref }, xdmEntity: { _id: id, timestamp: '2024-11-23T14:20:00Z', code } },
  };
}

describe('pre-flight stays linear on ^(a+)+$ with 40 a and a !', () => {
  it('finds the pattern violation of the hostile value and none for a matching one', () => {
    const world = hostileWorld();
    const hostile = preflightValues(message('m1', HOSTILE_VALUE), { world });
    const violations = JSON.stringify(hostile.files[0]);
    expect(violations).toContain('must match pattern');
    expect(violations).toContain('/code');
    const fine = preflightValues(message('m2', 'a'.repeat(40)), { world });
    expect(JSON.stringify(fine.files[0])).not.toContain('must match pattern');
  });

  it('a value of 100 000 a and a ! is answered the same way', () => {
    const report = preflightValues(message('m3', `${'a'.repeat(100_000)}!`), { world: hostileWorld() });
    expect(JSON.stringify(report.files[0])).toContain('must match pattern');
  });
});

describe('the server stays linear on ^(a+)+$: one hostile message does not stall other clients', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ world: hostileWorld(), store: createMemoryStore() });
  });
  afterAll(() => server.close());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers the hostile message 400 with the pattern violation, and a valid request beside it 207', async () => {
    const [hostile, valid] = await Promise.all([
      post(`/collection/${INLET}?syncValidation=true`, message('h1', HOSTILE_VALUE)),
      post(`/collection/batch/${INLET}`, { messages: [message('v1', 'aaa')] }),
    ]);
    expect(hostile.status).toBe(400);
    expect(JSON.stringify(hostile.body)).toContain('"keyword":"pattern"');
    expect(valid.status).toBe(207);
  });
});

describe('a pattern the linear-time engine cannot run is named once, by schema and pointer, and not checked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aep-hostile-pattern-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const schemaFile = join(dir, 'password.schema.json');
  writeFileSync(
    schemaFile,
    JSON.stringify({
      type: 'object',
      properties: {
        _id: { type: 'string' },
        password: { type: 'string', pattern: '^(?=.*\\d).{8,}$' },
        country: { type: 'string', pattern: '^[A-Z]{2}$' },
      },
    }),
  );
  const worldFile = join(dir, 'world.yaml');
  writeFileSync(
    worldFile,
    `orgs:
  - id: ${ORG}
    sandboxes: [prod]
inlets:
  - id: inlet-1
    org: ${ORG}
    authenticationRequired: false
schemas:
  - id: https://ns.adobe.com/acme/schemas/accounts
    version: 1
    class: profile
    jsonSchema: password.schema.json
datasets:
  - id: ds-accounts
    schema: https://ns.adobe.com/acme/schemas/accounts
campaignMappings: []
`,
  );

  it('the loaded world carries one notice at the schema entry, with the pointer and the choice made', async () => {
    const world = await loadWorld(worldFile);
    expect(world.notices).toHaveLength(1);
    const [notice] = world.notices!;
    expect(notice).toMatchObject({ file: worldFile, line: 12, field: 'schemas[0].jsonSchema' });
    expect(notice!.reason).toBe(
      'schema "https://ns.adobe.com/acme/schemas/accounts", /properties/password/pattern: the pattern "^(?=.*\\\\d).{8,}$" is not checked (every value passes it): it uses a lookahead ((?= or (?!), which no linear-time engine runs',
    );
  });

  it('preflight prints the notice once on standard error; the other patterns are still checked', () => {
    const payload = join(dir, 'accounts.json');
    const msg = (id: string, entity: Record<string, unknown>) => ({
      header: { schemaRef: { id: 'https://ns.adobe.com/acme/schemas/accounts', contentType: 'application/vnd.adobe.xed-full+json;version=1' }, imsOrgId: ORG, datasetId: 'ds-accounts' },
      body: { xdmMeta: { schemaRef: { id: 'https://ns.adobe.com/acme/schemas/accounts', contentType: 'application/vnd.adobe.xed-full+json;version=1' } }, xdmEntity: { _id: id, ...entity } },
    });
    writeFileSync(payload, JSON.stringify({ messages: [msg('a1', { password: 'short', country: 'FR' }), msg('a2', { password: 'x', country: 'France' })] }));
    const result = spawnCli(['preflight', '--world', worldFile, '--format', 'json', '--no-config', payload]);
    const notes = result.stderr.split('\n').filter((line) => line.includes('note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('schemas[0].jsonSchema: schema "https://ns.adobe.com/acme/schemas/accounts", /properties/password/pattern');
    const report = JSON.parse(result.stdout) as { files: { findings: { pointer: string; message: string }[] }[] };
    const patternFindings = report.files[0]!.findings.filter((f) => f.message.includes('must match pattern'));
    expect(patternFindings.map((f) => f.message)).toEqual([expect.stringContaining('^[A-Z]{2}$')]);
  });
});
