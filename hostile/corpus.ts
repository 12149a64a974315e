/**
 * The bad-input corpus: every command that reads a file, given every kind of broken input (empty,
 * truncated, not UTF-8, UTF-16, NUL bytes, nesting 100 000 deep, `__proto__`, a YAML alias bomb, a
 * 5 MB line, the wrong type, a directory, a missing path) and seeded mutations of valid files (cut,
 * bytes flipped, bytes inserted, a slice repeated). Each run must end within its deadline with a
 * documented exit code (0 to 4) and a message, never a stack trace or "internal error".
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliJob } from './cli-pool.js';
import type { Random } from './random.js';

export const ROOT = join(import.meta.dirname, '..');
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';

/** Named contents of bad inputs, for any file type. */
function badContents(random: Random): [string, Buffer][] {
  const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
  const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
  const billionLaughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)}]`)].join('\n');
  return [
    ['empty', Buffer.alloc(0)],
    ['white space', Buffer.from(' \n\t\r\n ')],
    ['truncated JSON', Buffer.from('{"messages": [{"header": {"imsOrgId": "5D2E')],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9, 0xff, 0xc3, 0x28]), Buffer.from('"}')])],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"messages": []}', 'utf16le')])],
    ['UTF-8 BOM then JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"messages": []}')])],
    ['NUL bytes', Buffer.from('{"a":\u0000\u0000"b"}\u0000')],
    ['random bytes', random.bytes(4096)],
    ['nesting 100 000 deep', Buffer.from(deepArray)],
    ['objects 5 000 deep', Buffer.from(deepObject)],
    ['__proto__ and constructor keys', Buffer.from('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "messages": [{"__proto__": null}]}')],
    ['a YAML alias bomb', Buffer.from(billionLaughs)],
    ['YAML tags and anchors', Buffer.from('!!js/function "function(){}"\n--- !<tag:yaml.org,2002:binary> AAAA\n')],
    ['a 5 MB line', Buffer.from(`{"messages": [{"body": {"xdmEntity": {"_id": "${'x'.repeat(5 * 1024 * 1024)}"}}}]}`)],
    ['a number too large', Buffer.from('{"messages": [1e999999, -1e999999, 123456789012345678901234567890]}')],
    ['JSON of the wrong type', Buffer.from('[["messages"], null, "text", 12]')],
    ['null', Buffer.from('null')],
    ['lone surrogates', Buffer.from('{"a": "\\ud800\\udfff\\ud800", "\\udc00": 1}')],
    ['CRLF and a control character', Buffer.from('{"messages":\r\n[\u0007]}\r\n')],
    ['ten thousand small lines', Buffer.from(Array.from({ length: 10_000 }, (_, k) => `{"_id":"${k}","x":[${k}]}`).join('\n'))],
  ];
}

/** A seeded mutation of a valid file, named for the report. */
function mutate(valid: Buffer, random: Random): [string, Buffer] {
  const at = random.int(Math.max(1, valid.length));
  switch (random.int(5)) {
    case 0:
      return [`cut at byte ${at}`, valid.subarray(0, at)];
    case 1: {
      const copy = Buffer.from(valid);
      const n = 1 + random.int(8);
      for (let k = 0; k < n; k++) copy[random.int(copy.length)] = random.int(256);
      return [`${n} bytes flipped`, copy];
    }
    case 2:
      return [`random bytes inserted at ${at}`, Buffer.concat([valid.subarray(0, at), random.bytes(1 + random.int(64)), valid.subarray(at)])];
    case 3: {
      const end = Math.min(valid.length, at + 1 + random.int(200));
      return [`bytes ${at}-${end} repeated`, Buffer.concat([valid.subarray(0, end), valid.subarray(at, end), valid.subarray(at)])];
    }
    default: {
      const text = valid.toString('utf8');
      const quote = text.indexOf('"', at);
      const cut = quote === -1 ? at : quote;
      return [`a value nested 3 000 deep at ${cut}`, Buffer.from(`${text.slice(0, cut)}${'['.repeat(3000)}"x"${']'.repeat(3000)},${text.slice(cut)}`)];
    }
  }
}

interface Target {
  /** What reads the input. */
  command: string;
  ext: string;
  valid: Buffer;
  argv(path: string, work: string): string[];
}

function targets(work: string): Target[] {
  const read = (rel: string) => readFileSync(join(ROOT, rel));
  const request = read('fixtures/payloads/web-events.json');
  const ndjson = read('fixtures/payloads/web-events.ndjson');
  const har = read('fixtures/traces/batch-and-campaign.har');
  const world = read('fixtures/worlds/default/world.yaml');
  const fixture = read('fixtures/exchanges/streaming/newer-stream-to-dataset.yaml');
  const batchRecords = Buffer.from(`${JSON.stringify({ _id: 'e-1', timestamp: '2024-11-23T14:20:00Z' })}\n${JSON.stringify({ _id: 'e-2', timestamp: '2024-11-23T14:21:00Z' })}\n`);
  const csv = Buffer.from('_id,timestamp\ne-1,2024-11-23T14:20:00Z\ne-2,2024-11-23T14:21:00Z\n');
  const validRequest = join(work, 'valid-request.json');
  writeFileSync(validRequest, request);
  const report = Buffer.from(JSON.stringify({ tool: { name: 'aep-ingest-harness' }, files: [] }));
  const config = Buffer.from('formats: [json]\nprofile: docs\n');
  return [
    { command: 'preflight (request file)', ext: 'json', valid: request, argv: (p) => ['preflight', p, '--format', 'json'] },
    { command: 'preflight (NDJSON file)', ext: 'ndjson', valid: ndjson, argv: (p) => ['preflight', p] },
    { command: 'preflight --kind message', ext: 'json', valid: request, argv: (p) => ['preflight', '--kind', 'message', p] },
    { command: 'preflight --dataset (JSON records)', ext: 'json', valid: batchRecords, argv: (p) => ['preflight', '--dataset', DATASET, '--jobs', '1', p] },
    { command: 'preflight --dataset --multiline', ext: 'json', valid: Buffer.from(`[${batchRecords.toString().trim().split('\n').join(',')}]`), argv: (p) => ['preflight', '--dataset', DATASET, '--multiline', '--jobs', '1', p] },
    { command: 'preflight --dataset (CSV)', ext: 'csv', valid: csv, argv: (p) => ['preflight', '--dataset', DATASET, '--jobs', '1', p] },
    { command: 'preflight --dataset (Parquet)', ext: 'parquet', valid: Buffer.from('PAR1'), argv: (p) => ['preflight', '--dataset', DATASET, '--jobs', '1', p] },
    { command: 'preflight --world', ext: 'yaml', valid: world, argv: (p) => ['preflight', '--world', p, validRequest] },
    { command: 'preflight --config', ext: 'yaml', valid: config, argv: (p) => ['preflight', '--config', p, validRequest] },
    { command: 'check-trace', ext: 'har', valid: har, argv: (p) => ['check-trace', p, '--format', 'json'] },
    { command: 'record --from-har', ext: 'har', valid: har, argv: (p, w) => ['record', '--from-har', p, '--out', join(w, 'recorded'), '--no-config'] },
    { command: 'replay (fixture file)', ext: 'yaml', valid: fixture, argv: (p) => ['replay', p] },
    { command: 'report', ext: 'json', valid: report, argv: (p) => ['report', p] },
  ];
}

/** Every command given every bad content and `mutants` seeded mutations of its valid input. */
export function corpusJobs(work: string, random: Random, mutants: number): CliJob[] {
  const dir = join(work, 'inputs');
  mkdirSync(dir, { recursive: true });
  const bad = badContents(random);
  const jobs: CliJob[] = [];
  let n = 0;
  for (const target of targets(work)) {
    const cases: [string, Buffer][] = [...bad];
    for (let k = 0; k < mutants; k++) cases.push(mutate(target.valid, random));
    for (const [name, content] of cases) {
      const path = join(dir, `input-${n++}.${target.ext}`);
      writeFileSync(path, content);
      jobs.push({ argv: target.argv(path, work), cwd: work, label: `${target.command}: ${name}` });
    }
    jobs.push({ argv: target.argv(join(dir, `missing-${n++}.${target.ext}`), work), cwd: work, label: `${target.command}: a missing path` });
    const directory = join(dir, `a-directory-${n++}.${target.ext}`);
    mkdirSync(directory);
    jobs.push({ argv: target.argv(directory, work), cwd: work, label: `${target.command}: a directory` });
  }
  // An XDM pattern that backtracks catastrophically on a backtracking engine, and a value that makes it.
  const schema = join(dir, 'backtracking-schema.json');
  writeFileSync(schema, JSON.stringify({ type: 'object', properties: { eventType: { type: 'string', pattern: '^(a+)+$' } } }));
  writeFileSync(join(dir, 'backtracking-world.yaml'), worldNaming(schema));
  const value = join(dir, 'backtracking-request.json');
  writeFileSync(value, readFileSync(validRequest(work), 'utf8').replace(/"eventType":\s*"[^"]*"/, `"eventType": "${'a'.repeat(40)}!"`));
  jobs.push({ argv: ['preflight', '--world', join(dir, 'backtracking-world.yaml'), value], cwd: work, label: 'preflight --world: the XDM pattern ^(a+)+$ and 40 a then !' });
  return jobs;
}

const validRequest = (work: string) => join(work, 'valid-request.json');

/** The default world with its web-event schema's jsonSchema pointing at `path`. */
export function worldNaming(path: string): string {
  return `orgs:
  - id: ${ORG}
    sandboxes: [prod]
inlets:
  - id: 9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5
    org: ${ORG}
schemas:
  - id: https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f
    version: 1
    class: experienceevent
    jsonSchema: ${JSON.stringify(path)}
datasets:
  - id: ${DATASET}
    schema: https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f
`;
}

/** A run's output is a crash when it shows a stack frame or the harness's own "internal error". */
const STACK_FRAME = /^\s+at .+[:(]\d+:\d+\)?$/m;
export function looksLikeCrash(text: string): boolean {
  return STACK_FRAME.test(text) || /internal error/i.test(text);
}
