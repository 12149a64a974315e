import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorld, parseWorld, WorldError } from '../../../src/world/index.js';

const EVENT_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-06/schema#',
  $id: 'https://ns.adobe.com/acme/schemas/s1',
  type: 'object',
  'meta:class': 'https://ns.adobe.com/xdm/context/experienceevent',
  properties: { _id: { type: 'string' } },
});

const FILES: Record<string, string> = {
  'schemas/s1.json': EVENT_SCHEMA,
  'schemas/not-json.json': '{\n  "type": "object",\n  oops\n}',
  'schemas/list.json': '[1, 2]',
  'schemas/bad.json': JSON.stringify({ type: 'object', properties: { a: { type: 'strin' } } }),
};

function readSchemaFile(relPath: string): string {
  const text = FILES[relPath];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${relPath}'`), { code: 'ENOENT' });
  return text;
}

/** A small valid world; the spec below each swaps in one mistake. */
const VALID = `orgs:
  - id: A@AdobeOrg
    sandboxes: [prod]
inlets:
  - id: inlet-1
    org: A@AdobeOrg
    authenticationRequired: false
schemas:
  - id: https://ns.adobe.com/acme/schemas/s1
    version: 1
    class: experienceevent
    jsonSchema: schemas/s1.json
datasets:
  - id: ds1
    schema: https://ns.adobe.com/acme/schemas/s1
`;

function parse(text: string): ReturnType<typeof parseWorld> {
  return parseWorld(text, 'world.yaml', readSchemaFile);
}

/** The WorldError parsing `text` throws. */
function errorOf(text: string): WorldError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof WorldError) return error;
    throw error;
  }
  throw new Error('expected a WorldError');
}

describe('a valid world file', () => {
  it('loads, with shorthands expanded, the version as a string and time-series derived', () => {
    const world = parse(VALID);
    expect(world.source).toBe('world.yaml');
    expect(world.campaignMappings).toEqual([]);
    expect(world.inlets).toStrictEqual([{ id: 'inlet-1', org: 'A@AdobeOrg', authenticationRequired: false }]);
    expect(world.schemas[0]).toStrictEqual({
      id: 'https://ns.adobe.com/acme/schemas/s1',
      version: '1',
      class: 'https://ns.adobe.com/xdm/context/experienceevent',
      timeSeries: true,
      jsonSchema: JSON.parse(EVENT_SCHEMA),
    });
  });

  it('keeps a version the way it is written (1.0 stays "1.0")', () => {
    expect(parse(VALID.replace('version: 1', 'version: 1.0')).schemas[0]!.version).toBe('1.0');
    expect(parse(VALID.replace('version: 1', 'version: "2"')).schemas[0]!.version).toBe('2');
  });

  it('derives time-series from meta:extends for a custom class, and not for profile', () => {
    const custom = VALID.replace('class: experienceevent', 'class: https://ns.adobe.com/acme/classes/visit').replace(
      'jsonSchema: schemas/s1.json',
      'jsonSchema: { type: object, "meta:extends": ["https://ns.adobe.com/xdm/data/time-series"] }',
    );
    const world = parse(custom);
    expect(world.schemas[0]!.class).toBe('https://ns.adobe.com/acme/classes/visit');
    expect(world.schemas[0]!.timeSeries).toBe(true);

    const profile = VALID.replace('class: experienceevent', 'class: profile').replace(
      'jsonSchema: schemas/s1.json',
      'jsonSchema: { type: object, title: Profiles }',
    );
    expect(parse(profile).schemas[0]).toMatchObject({
      class: 'https://ns.adobe.com/xdm/context/profile',
      timeSeries: false,
      title: 'Profiles',
    });
  });

  it('accepts an inline jsonSchema, inlet names and tokens, and Campaign mappings', () => {
    const world = parse(
      VALID.replace('authenticationRequired: false', 'authenticationRequired: true\n    name: Secure\n    tokens: [t1]') +
        'campaignMappings:\n  - { id: M1, published: true, stopped: false }\n',
    );
    expect(world.inlets[0]).toStrictEqual({ id: 'inlet-1', org: 'A@AdobeOrg', authenticationRequired: true, name: 'Secure', tokens: ['t1'] });
    expect(world.campaignMappings).toEqual([{ id: 'M1', published: true, stopped: false }]);
  });
});

describe('a JSON world file is accepted (JSON is YAML)', () => {
  it('loads the same world as the YAML', () => {
    const json = JSON.stringify(
      {
        orgs: [{ id: 'A@AdobeOrg', sandboxes: ['prod'] }],
        inlets: [{ id: 'inlet-1', org: 'A@AdobeOrg', authenticationRequired: false }],
        schemas: [{ id: 'https://ns.adobe.com/acme/schemas/s1', version: 1, class: 'experienceevent', jsonSchema: 'schemas/s1.json' }],
        datasets: [{ id: 'ds1', schema: 'https://ns.adobe.com/acme/schemas/s1' }],
      },
      null,
      '\t',
    );
    expect(parseWorld(json, 'world.json', readSchemaFile)).toEqual({ ...parse(VALID), source: 'world.json' });
  });

  it('locates JSON mistakes by line and column too', () => {
    const error = (() => {
      try {
        parseWorld('{\n  "orgs": [],\n  "inlets": [],\n  "schemas": [],\n  "datasets": [],\n  "inlet": []\n}', 'w.json', readSchemaFile);
      } catch (e) {
        return e as WorldError;
      }
      throw new Error('expected a WorldError');
    })();
    expect(error.message).toBe(
      'w.json:6:3: inlet: unknown key "inlet"; expected one of: orgs, inlets, schemas, datasets, campaignMappings, faults',
    );
  });
});

describe('an unknown key names the valid keys', () => {
  it('at the top level', () => {
    const error = errorOf(VALID + 'inlet: []\n');
    expect(error).toBeInstanceOf(WorldError);
    expect(error.message).toBe(
      'world.yaml:16:1: inlet: unknown key "inlet"; expected one of: orgs, inlets, schemas, datasets, campaignMappings, faults',
    );
    expect([error.file, error.line, error.column, error.field]).toEqual(['world.yaml', 16, 1, 'inlet']);
  });

  it('inside a list entry', () => {
    const error = errorOf(VALID.replace('    org: A@AdobeOrg', '    orgId: A@AdobeOrg'));
    expect(error.errors.map((issue) => issue.message)).toEqual([
      'world.yaml:5:5: inlets[0]: missing key "org" (required: id, org, authenticationRequired)',
      'world.yaml:6:5: inlets[0].orgId: unknown key "orgId"; expected one of: id, org, authenticationRequired, name, tokens',
    ]);
  });
});

describe('an inlet must name an org of the world', () => {
  it('reports the inlet, the org it names and the orgs known', () => {
    const error = errorOf(VALID.replace('    org: A@AdobeOrg', '    org: X@AdobeOrg'));
    expect(error.message).toBe('world.yaml:6:10: inlets[0].org: names org "X@AdobeOrg", which is not in orgs (known: A@AdobeOrg)');
    expect(error.field).toBe('inlets[0].org');
    expect([error.line, error.column]).toEqual([6, 10]);
  });
});

describe('ids are unique within each list', () => {
  it('reports the second org with the same id', () => {
    const error = errorOf(VALID.replace('    sandboxes: [prod]\n', '    sandboxes: [prod]\n  - id: A@AdobeOrg\n    sandboxes: [dev]\n'));
    expect(error.message).toBe('world.yaml:4:9: orgs[1].id: duplicate id "A@AdobeOrg"; orgs[0] has it already');
  });

  it('reports duplicate datasets and Campaign mappings too', () => {
    const error = errorOf(
      VALID +
        '  - id: ds1\n    schema: https://ns.adobe.com/acme/schemas/s1\n' +
        'campaignMappings:\n  - { id: M, published: true, stopped: true }\n  - { id: M, published: true, stopped: true }\n',
    );
    expect(error.errors.map((issue) => issue.field)).toEqual(['datasets[1].id', 'campaignMappings[1].id']);
  });
});

describe("a dataset must name a schema of the world", () => {
  it('reports the dataset and the schemas known', () => {
    const error = errorOf(VALID.replace('    schema: https://ns.adobe.com/acme/schemas/s1', '    schema: https://ns.adobe.com/acme/schemas/s2'));
    expect(error.message).toBe(
      'world.yaml:15:13: datasets[0].schema: names schema "https://ns.adobe.com/acme/schemas/s2", which is not in schemas (known: https://ns.adobe.com/acme/schemas/s1)',
    );
  });
});

describe('a schema class is experienceevent, profile or an absolute URI', () => {
  it.each(['ExperienceEvent', 'xdm/context/profile', 'record'])('rejects %s', (cls) => {
    const error = errorOf(VALID.replace('class: experienceevent', `class: ${cls}`));
    expect(error.message).toBe(
      `world.yaml:11:12: schemas[0].class: "${cls}" is not a class; expected experienceevent, profile or an absolute class URI`,
    );
  });

  it("rejects a class that contradicts the jsonSchema's meta:class", () => {
    const error = errorOf(VALID.replace('class: experienceevent', 'class: profile'));
    expect(error.errors[0]!.reason).toBe(
      "names https://ns.adobe.com/xdm/context/profile, but the jsonSchema's meta:class is https://ns.adobe.com/xdm/context/experienceevent",
    );
  });
});

describe('jsonSchema must read as a JSON object the validator can compile', () => {
  const withSchema = (path: string): WorldError => errorOf(VALID.replace('jsonSchema: schemas/s1.json', `jsonSchema: ${path}`));

  it('reports a path that cannot be read', () => {
    expect(withSchema('schemas/missing.json').message).toBe(
      'world.yaml:12:17: schemas[0].jsonSchema: no such file "schemas/missing.json" (paths are relative to the world file)',
    );
  });

  it('reports a file that is not JSON, with the place in it', () => {
    expect(withSchema('schemas/not-json.json').errors[0]!.reason).toMatch(/^"schemas\/not-json.json" is not JSON: .*\(line 3, column 3\)$/);
  });

  it('reports JSON that is not an object', () => {
    expect(withSchema('schemas/list.json').errors[0]!.reason).toBe('"schemas/list.json" holds a list, not a schema object');
  });

  it('reports a schema that does not compile', () => {
    expect(withSchema('schemas/bad.json').errors[0]!.reason).toMatch(/^"schemas\/bad.json" is not a schema the validator can compile: /);
  });

  it('reports an inline schema that does not compile', () => {
    expect(withSchema('{ type: 12 }').errors[0]!.field).toBe('schemas[0].jsonSchema');
  });
});

describe('values of the wrong type are named, with a hint for YAML numbers', () => {
  it('asks to quote an id YAML reads as a number', () => {
    const error = errorOf(VALID.replace('  - id: ds1', '  - id: 12345'));
    expect(error.message).toBe('world.yaml:14:9: datasets[0].id: must be a string, got number 12345 (quote it to make it a string)');
  });

  it('names an authenticationRequired that is not a boolean', () => {
    const error = errorOf(VALID.replace('authenticationRequired: false', 'authenticationRequired: "no"'));
    expect(error.errors[0]!.reason).toBe('must be true or false, got the string "no"');
  });

  it('rejects a version that is not a version number', () => {
    expect(errorOf(VALID.replace('version: 1', 'version: v1')).errors[0]!.reason).toBe(
      '"v1" is not a schema version; expected a number like 1 or 1.2',
    );
  });
});

describe('every problem is collected into one WorldError, in file order', () => {
  it('lists all, with the first one on the error itself', () => {
    const text = VALID.replace('    org: A@AdobeOrg', '    org: X@AdobeOrg')
      .replace('class: experienceevent', 'class: event')
      .replace('    schema: https://ns.adobe.com/acme/schemas/s1', '    schema: nowhere')
      .replace('orgs:', 'extra: 1\norgs:');
    const error = errorOf(text);
    expect(error.errors.map((issue) => `${issue.line}:${issue.field}`)).toEqual([
      '1:extra',
      '7:inlets[0].org',
      '12:schemas[0].class',
      '16:datasets[0].schema',
    ]);
    expect([error.line, error.column, error.field]).toEqual([1, 1, 'extra']);
    expect(error.message.split('\n')).toEqual(error.errors.map((issue) => issue.message));
  });
});

describe('a YAML syntax error gives its line and column', () => {
  it('reports an unclosed flow sequence', () => {
    const error = errorOf(VALID.replace('sandboxes: [prod]', 'sandboxes: [prod'));
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^world\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('reports a duplicate key at the second one', () => {
    const error = errorOf(VALID + 'orgs: []\n');
    expect([error.line, error.column]).toEqual([16, 1]);
    expect(error.message).toMatch(/YAML syntax error: .*unique/);
  });

  it('reports an empty file', () => {
    expect(errorOf('# nothing here\n').message).toBe(
      'world.yaml:1:1: the world file is empty; expected a mapping with orgs, inlets, schemas and datasets',
    );
  });

  it('reports a document that is not a mapping', () => {
    expect(errorOf('- a\n- b\n').message).toBe('world.yaml:1:1: must be a mapping, got a list');
  });
});

describe('loadWorld reads the file and its schemas relative to it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'world-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a world whose jsonSchema path is relative to the world file', async () => {
    writeFileSync(join(dir, 'world.yaml'), VALID.replace('schemas/s1.json', 's1.json'));
    writeFileSync(join(dir, 's1.json'), EVENT_SCHEMA);
    const world = await loadWorld(join(dir, 'world.yaml'));
    expect(world.source).toBe(join(dir, 'world.yaml'));
    expect(world.schemas[0]!.jsonSchema).toEqual(JSON.parse(EVENT_SCHEMA));
  });

  it('reports a missing world file as "no such file"', async () => {
    const missing = join(dir, 'nope.yaml');
    await expect(loadWorld(missing)).rejects.toThrow(WorldError);
    await expect(loadWorld(missing)).rejects.toMatchObject({ message: `${missing}: no such file`, file: missing, line: 0 });
  });

  it('reports a directory given as the world file', async () => {
    await expect(loadWorld(dir)).rejects.toMatchObject({ message: `${dir}: is a directory, not a world file` });
  });
});

describe('a Campaign mapping may say how its ingestion requests end, and how long they take', () => {
  const MAPPINGS = 'campaignMappings:\n  - id: M1\n    published: true\n    stopped: true\n';

  it('loads success with numRecords, failed with its reason, aborted, and processingMs', () => {
    const world = parse(
      VALID +
        MAPPINGS +
        '    outcome: { status: success, numRecords: 15 }\n    processingMs: 2000\n' +
        '  - { id: M2, published: true, stopped: true, outcome: { status: failed, reason: upload } }\n' +
        '  - { id: M3, published: true, stopped: true, outcome: { status: aborted } }\n',
    );
    expect(world.campaignMappings).toStrictEqual([
      { id: 'M1', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 }, processingMs: 2000 },
      { id: 'M2', published: true, stopped: true, outcome: { status: 'failed', reason: 'upload' } },
      { id: 'M3', published: true, stopped: true, outcome: { status: 'aborted' } },
    ]);
  });

  it('names the valid statuses and reasons', () => {
    expect(errorOf(VALID + MAPPINGS + '    outcome: { status: done }\n').message).toBe(
      'world.yaml:20:24: campaignMappings[0].outcome.status: must be one of: success, failed, aborted; got the string "done"',
    );
    expect(errorOf(VALID + MAPPINGS + '    outcome: { status: failed, reason: network }\n').message).toBe(
      'world.yaml:20:40: campaignMappings[0].outcome.reason: must be one of: fetch, upload; got the string "network"',
    );
  });

  it('names an unknown outcome key with the valid ones', () => {
    expect(errorOf(VALID + MAPPINGS + '    outcome: { status: success, records: 3 }\n').message).toBe(
      'world.yaml:20:33: campaignMappings[0].outcome.records: unknown key "records"; expected one of: status, numRecords, reason',
    );
  });

  it('asks a failed outcome for its reason, and keeps reason and numRecords to their status', () => {
    expect(errorOf(VALID + MAPPINGS + '    outcome: { status: failed }\n').message).toBe(
      'world.yaml:20:14: campaignMappings[0].outcome: a failed outcome needs a reason: fetch (no record could be fetched) or upload (the batch failed to upload)',
    );
    expect(errorOf(VALID + MAPPINGS + '    outcome: { status: aborted, reason: fetch, numRecords: 2 }\n').errors.map((e) => e.message)).toEqual([
      'world.yaml:20:33: campaignMappings[0].outcome.reason: reason goes with status failed, not aborted',
      'world.yaml:20:48: campaignMappings[0].outcome.numRecords: numRecords goes with status success; a request that ends aborted ingests no records',
    ]);
  });

  it('wants processingMs and numRecords as non-negative integers', () => {
    expect(errorOf(VALID + MAPPINGS + '    processingMs: -5\n').message).toBe(
      'world.yaml:20:19: campaignMappings[0].processingMs: must be at least 0, got number -5',
    );
    expect(errorOf(VALID + MAPPINGS + '    processingMs: 1.5\n').errors[0]!.reason).toBe('must be an integer, got number 1.5');
  });
});

describe('world-level faults', () => {
  it('loads a list of faults as written', () => {
    const world = parse(
      VALID +
        'faults:\n' +
        '  - { path: /collection/batch/, status: 429, every: 2 }\n' +
        '  - { path: "/data/foundation/import/batches/*", method: POST, status: 503, retryAfter: 7 }\n' +
        '  - { path: /data/foundation/catalog/, latencyMs: 250 }\n' +
        '  - { path: /collection/, drop: true, every: 5 }\n',
    );
    expect(world.faults).toStrictEqual([
      { path: '/collection/batch/', status: 429, every: 2 },
      { path: '/data/foundation/import/batches/*', method: 'POST', status: 503, retryAfter: 7 },
      { path: '/data/foundation/catalog/', latencyMs: 250 },
      { path: '/collection/', drop: true, every: 5 },
    ]);
  });

  it('leaves faults out of a world without them', () => {
    expect('faults' in parse(VALID)).toBe(false);
  });

  it('names an unknown key with the valid ones', () => {
    expect(errorOf(VALID + 'faults:\n  - path: /collection/\n    status: 429\n    retry: 3\n').message).toBe(
      'world.yaml:19:5: faults[0].retry: unknown key "retry"; expected one of: path, method, status, retryAfter, latencyMs, drop, every',
    );
  });

  it('reports each bad value at its place, in file order', () => {
    const error = errorOf(
      VALID +
        'faults:\n' +
        '  - path: collection/batch\n' +
        '    method: FETCH\n' +
        '    status: 404\n' +
        '    latencyMs: 60000\n' +
        '    every: 0\n' +
        '  - method: GET\n    drop: true\n',
    );
    expect(error.errors.map((issue) => issue.message)).toEqual([
      'world.yaml:17:11: faults[0].path: "collection/batch" is not a request path; expected a prefix such as /collection/batch/ or a glob such as /data/foundation/import/batches/*/datasets/**',
      'world.yaml:18:13: faults[0].method: must be one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS; got the string "FETCH"',
      'world.yaml:19:13: faults[0].status: must be one of: 429, 500, 503; got number 404',
      'world.yaml:20:16: faults[0].latencyMs: must be at most 10000, got number 60000',
      'world.yaml:21:12: faults[0].every: must be at least 1, got number 0',
      'world.yaml:22:5: faults[1]: missing key "path" (required: path)',
    ]);
  });

  it('refuses a fault that does nothing, a retryAfter without 503, and drop with a status', () => {
    expect(errorOf(VALID + 'faults:\n  - path: /collection/\n    every: 3\n').message).toBe(
      'world.yaml:17:5: faults[0]: the fault does nothing; give status, latencyMs or drop: true',
    );
    expect(errorOf(VALID + 'faults:\n  - { path: /collection/, status: 429, retryAfter: 2 }\n').message).toBe(
      'world.yaml:17:40: faults[0].retryAfter: retryAfter is the Retry-After header of a 503; it needs status: 503',
    );
    expect(errorOf(VALID + 'faults:\n  - { path: /collection/, status: 503, drop: true }\n').message).toBe(
      'world.yaml:17:40: faults[0].drop: drop closes the connection without an answer, so status would never be sent; give one of them',
    );
  });

  it('wants a list of mappings', () => {
    expect(errorOf(VALID + 'faults: /collection/\n').message).toBe('world.yaml:16:9: faults: must be a list, got the string "/collection/"');
  });
});
