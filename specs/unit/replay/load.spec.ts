/**
 * The fixture loader: every kind of mistake is found before anything is sent, and named with its file,
 * line, column and field; a file's problems all come together in one FixtureError.
 */
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureError } from '../../../src/replay/fixture-error.js';
import { loadFixtures, parseFixture } from '../../../src/replay/load.js';

const noFiles = async (rel: string): Promise<Uint8Array> => {
  throw Object.assign(new Error(`ENOENT: ${rel}`), { code: 'ENOENT' });
};

/** The located messages of a fixture text that does not load. */
async function problems(text: string, readBody = noFiles): Promise<string[]> {
  try {
    await parseFixture(text, 'batch/upload.yaml', readBody, '/fixtures/batch');
  } catch (error) {
    if (error instanceof FixtureError) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error('the fixture loaded');
}

const HEAD = `name: batch/upload
summary: one PUT
source:
  - { source: batch-overview, section: "Upload a small file" }
behaviours: [batch.upload.small]
steps:
`;
// Line 7 is the first step's line.

describe('parseFixture: a valid fixture', () => {
  it('loads, with every profile when it names none', async () => {
    const loaded = await parseFixture(
      `${HEAD}  - name: put
    request: { method: PUT, path: /x, text: "a" }
    expect: { status: 200 }
`,
      'batch/upload.yaml',
      noFiles,
      '/fixtures',
    );
    expect(loaded.fixture.profiles).toEqual(['docs', 'openapi', 'strict']);
    expect(loaded.fixture.steps[0]?.request.method).toBe('PUT');
  });
});

describe('parseFixture: each mistake with file, line, column and field', () => {
  it('a method that is not one of the six', async () => {
    expect(
      await problems(`${HEAD}  - name: create
    request: { method: POST, path: /a }
    expect: { status: 201 }
  - name: upload
    request:
      method: PUTT
      path: /b
    expect: { status: 200 }
`),
    ).toEqual(['batch/upload.yaml:12:15: steps[1].request.method: "PUTT" is not one of GET, POST, PUT, PATCH, DELETE, HEAD']);
  });

  it('an unknown key, at the key, naming the valid ones', async () => {
    expect(
      await problems(`${HEAD}  - name: put
    request: { method: PUT, path: /x }
    expect: { status: 200 }
    captures: { id: /id }
`),
    ).toEqual(['batch/upload.yaml:10:5: steps[0].captures: unknown key "captures"; expected one of: name, request, expect, capture, until']);
  });

  it('wrong types: a status in quotes, a list where a mapping goes', async () => {
    expect(
      await problems(`${HEAD}  - name: put
    request: { method: PUT, path: /x, headers: [a] }
    expect: { status: "200" }
`),
    ).toEqual([
      'batch/upload.yaml:8:48: steps[0].request.headers: must be a mapping, got a list',
      'batch/upload.yaml:9:23: steps[0].expect.status: must be a whole number, got the string "200"',
    ]);
  });

  it('missing required keys', async () => {
    expect(await problems(`name: x\nsteps:\n  - name: a\n    request: { path: /x }\n    expect: { status: 200 }\n`)).toEqual([
      'batch/upload.yaml:1:1: missing key "summary" (required: name, summary, source, steps)',
      'batch/upload.yaml:1:1: missing key "source" (required: name, summary, source, steps)',
      'batch/upload.yaml:4:14: steps[0].request: missing key "method" (required: method, path)',
      'batch/upload.yaml:5:13: steps[0].expect: names no behaviour: give expect.behaviours, or behaviours at the top of the fixture',
    ]);
  });

  it('behaviour ids, source ids and profile names that the contract does not have', async () => {
    expect(
      await problems(`name: batch/upload
summary: one PUT
source:
  - { source: batch-overvew, section: "Upload a small file" }
profiles: [docs, lenient]
behaviours: [batch.upload.smal]
steps:
  - name: put
    request: { method: PUT, path: /x }
    expect: { status: 200, behaviours: [batch.nothing] }
`),
    ).toEqual([
      'batch/upload.yaml:4:15: source[0].source: "batch-overvew" is not one of the source ids of src/contract/sources.ts',
      'batch/upload.yaml:5:18: profiles[1]: "lenient" is not one of docs, openapi, strict',
      'batch/upload.yaml:6:14: behaviours[0]: "batch.upload.smal" is not a behaviour id of src/contract/behaviours.ts (did you mean "batch.upload.small"?)',
      'batch/upload.yaml:10:41: steps[0].expect.behaviours[0]: "batch.nothing" is not a behaviour id of src/contract/behaviours.ts',
    ]);
  });

  it('matchers: an unknown name, a missing field, an unknown field, a documented text that does not exist', async () => {
    const found = await problems(`${HEAD}  - name: put
    request: { method: PUT, path: /x }
    expect:
      status: 200
      json:
        id: { $match: uuid }
        message: { $match: regex }
        entry: { $match: xactionId, index: 0, batchId: x }
        info: { $match: documented, text: campaign.trigger.done }
`);
    expect(found[0]).toBe('batch/upload.yaml:12:23: steps[0].expect.json.id.$match: "uuid" is not one of the matchers any, absent, id, time, string, number, regex, xactionId, documented, oneOf');
    expect(found[1]).toBe('batch/upload.yaml:13:18: steps[0].expect.json.message: $match "regex" needs "pattern"');
    expect(found[2]).toBe('batch/upload.yaml:14:47: steps[0].expect.json.entry.batchId: unknown key "batchId" for $match "xactionId"; expected one of: $match, index, batch');
    expect(found[3]).toMatch(/^batch\/upload\.yaml:15:43: steps\[0\]\.expect\.json\.info\.text: "campaign\.trigger\.done" is not a documented text; expected one of: streaming\.unknownXdmFormat, .*campaign\.trigger\.submitted/);
    expect(found).toHaveLength(4);
  });

  it('a request with two bodies, shown at the second', async () => {
    expect(
      await problems(`${HEAD}  - name: put
    request:
      method: PUT
      path: /x
      text: "a"
      json: { a: 1 }
    expect: { status: 200 }
`),
    ).toEqual(['batch/upload.yaml:12:7: steps[0].request.json: a request has at most one body, and this one also has text']);
  });

  it('a ${name} used before any step captures it and not bound', async () => {
    expect(
      await problems(`${HEAD}  - name: put
    request: { method: PUT, path: "/batches/\${batchId}/files/\${fileName}" }
    expect: { status: 200 }
  - name: create
    request: { method: POST, path: /batches }
    expect: { status: 201, json: { id: "\${batchId}" } }
    capture: { batchId: /id }
`),
    ).toEqual([
      "batch/upload.yaml:8:35: steps[0].request.path: ${batchId} is used before any step captures it, and neither the fixture's bindings nor the run variables give it; steps[1] captures it, later",
      "batch/upload.yaml:8:35: steps[0].request.path: ${fileName} is used before any step captures it, and neither the fixture's bindings nor the run variables give it",
    ]);
  });

  it('bindings, run variables and the step\'s own captures (in its expectations) are known names', async () => {
    await expect(
      parseFixture(
        `${HEAD.replace('steps:\n', 'bindings: { fileName: a.json }\nsteps:\n')}  - name: create
    request: { method: POST, path: "/batches/\${datasetId}/\${fileName}" }
    expect: { status: 201, json: { id: "\${batchId}" } }
    capture: { batchId: /id }
`,
        'b.yaml',
        noFiles,
        '/',
      ),
    ).resolves.toBeDefined();
  });

  it('a file body that is not beside the fixture', async () => {
    expect(
      await problems(`${HEAD}  - name: put
    request: { method: PUT, path: /x, file: bodies/missing.json }
    expect: { status: 200 }
`),
    ).toEqual(['batch/upload.yaml:8:45: steps[0].request.file: "bodies/missing.json" (beside the fixture) no such file or directory']);
  });

  it('YAML that does not parse', async () => {
    const found = await problems('name: [unclosed\nsummary: x\n');
    expect(found[0]).toMatch(/^batch\/upload\.yaml:\d+:\d+: YAML syntax error: /);
  });
});

describe('loadFixtures', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'replay-load-'));
    await mkdir(join(dir, 'b'), { recursive: true });
    await mkdir(join(dir, 'a', 'bodies'), { recursive: true });
    const fixture = (name: string, extra = '') =>
      `name: ${name}\nsummary: s\nsource: [{ source: batch-overview, section: x }]\nbehaviours: [batch.create]\n${extra}steps:\n  - name: s\n    request: { method: POST, path: /x, file: bodies/body.txt }\n    expect: { status: 201 }\n`;
    await writeFile(join(dir, 'b', 'two.yml'), fixture('two').replace(', file: bodies/body.txt', ''));
    await writeFile(join(dir, 'a', 'one.yaml'), fixture('one', 'placeholders: { "{ORG_ID}": "${orgId}" }\n'));
    await writeFile(join(dir, 'a', 'bodies', 'body.txt'), 'org={ORG_ID}');
    await writeFile(join(dir, 'a', 'notes.md'), 'not a fixture');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads every *.yaml and *.yml under a directory, sorted, and file bodies beside each fixture with placeholders applied', async () => {
    const loaded = await loadFixtures([dir]);
    expect(loaded.map((f) => f.fixture.name)).toEqual(['one', 'two']);
    expect(loaded[0]?.files.get(0)).toMatchObject({ path: join(dir, 'a', 'bodies', 'body.txt'), text: 'org=${orgId}' });
  });

  it('names the file as given, relative to cwd', async () => {
    const loaded = await loadFixtures(['a/one.yaml'], { cwd: dir });
    expect(loaded[0]?.file).toBe('a/one.yaml');
  });

  it('reports a missing path and the problems of every file together', async () => {
    await writeFile(join(dir, 'b', 'bad.yaml'), 'name: bad\n');
    try {
      await loadFixtures(['nowhere.yaml', 'b'], { cwd: dir });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FixtureError);
      const e = error as FixtureError;
      expect(e.errors.map((i) => i.message)).toEqual([
        'nowhere.yaml: no such file or directory',
        'b/bad.yaml:1:1: missing key "summary" (required: name, summary, source, steps)',
        'b/bad.yaml:1:1: missing key "source" (required: name, summary, source, steps)',
        'b/bad.yaml:1:1: missing key "steps" (required: name, summary, source, steps)',
      ]);
      expect(e.files).toEqual(['nowhere.yaml', 'b/bad.yaml']);
    } finally {
      await rm(join(dir, 'b', 'bad.yaml'));
    }
  });

  it('refuses two fixtures with the same name', async () => {
    await writeFile(join(dir, 'b', 'again.yaml'), (await import('node:fs')).readFileSync(join(dir, 'b', 'two.yml'), 'utf8'));
    try {
      await expect(loadFixtures(['b'], { cwd: dir })).rejects.toThrow('b/two.yml:1:1: name: "two" is also the name of b/again.yaml');
    } finally {
      await rm(join(dir, 'b', 'again.yaml'));
    }
  });
});
