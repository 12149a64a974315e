/**
 * Any input, however broken, gets a clear message and an exit code, never a stack trace or a hang.
 * Each case runs the real command in a child process, as a user would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, unwrapped, type CliResult } from './run-cli.js';

const STACK_FRAME = /^\s+at .+[:(]\d+:\d+\)?$/m;
const work = mkdtempSync(join(tmpdir(), 'aep-bad-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const SCHEMA = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
const ref = { id: SCHEMA, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
const message = (entity: unknown) => ({
  header: { schemaRef: ref, imsOrgId: ORG, datasetId: '5f0c0c7f6c5f1b194c1e0b4a', createdAt: 1732371600000 },
  body: { xdmMeta: { schemaRef: ref }, xdmEntity: entity },
});
const entity = { _id: 'e-1', timestamp: '2024-11-23T14:20:00Z', eventType: 'web.webpagedetails.pageViews' };
const validRequest = JSON.stringify({ messages: [message(entity)] });

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

function expectNoStackTrace(result: CliResult): void {
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stdout).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toContain('internal error');
}

describe('bad inputs to preflight: a clear message and an exit code, never a stack trace', () => {
  it('an empty file: exit 3, "file is empty"', () => {
    const result = spawnCli(['preflight', file('empty.json', '')]);
    expectNoStackTrace(result);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('empty.json: error: file is empty');
  });

  it('truncated JSON: exit 3, streaming.request.not-json at the end of the text, predicted 400', () => {
    const text = validRequest.slice(0, 120);
    const result = spawnCli(['preflight', file('truncated.json', text), '--format', 'json']);
    expectNoStackTrace(result);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.files[0].findings[0]).toMatchObject({ ruleId: 'streaming.request.not-json', line: 1 });
    expect(report.files[0].findings[0].column).toBeGreaterThan(100);
    expect(report.files[0].predicted).toMatchObject({ status: 400 });
    expect(report.files[0].inputError.message).toMatch(/^not JSON: /);
  });

  it('a byte order mark: read past, with a warning; exit 0 at --fail-on error, 1 at --fail-on warn', () => {
    const path = file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(validRequest)]));
    const lenient = spawnCli(['preflight', path]);
    expectNoStackTrace(lenient);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('streaming.input.byte-order-mark');
    expect(lenient.stdout).toContain('predicted: 207');
    expect(spawnCli(['preflight', path, '--fail-on', 'warn']).code).toBe(1);
  });

  it('invalid UTF-8: exit 3, naming the byte offset, line and column of the first bad byte', () => {
    const head = Buffer.from('{"messages": [\n  {"header": {"imsOrgId": "');
    const path = file('latin1.json', Buffer.concat([head, Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('"}}]}')]));
    const result = spawnCli(['preflight', path]);
    expectNoStackTrace(result);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/UTF-8/);
    expect(unwrapped(result.stdout)).toContain(`offset ${head.length} (line 2, column 28)`);
    expect(result.stdout).toMatch(/latin1\.json:2:\d+/);
  });

  it('nesting 100 000 deep, as the request and inside an entity: findings, no crash', () => {
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    const asRequest = spawnCli(['preflight', file('deep-array.json', deepArray)]);
    expectNoStackTrace(asRequest);
    expect(asRequest.code).toBe(1);
    expect(asRequest.stdout).toContain('streaming.request.not-object');

    const deepObject = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const inEntity = validRequest.replace('"eventType":"web.webpagedetails.pageViews"', `"eventType":"web.webpagedetails.pageViews","deep":${deepObject}`);
    const inOrg = validRequest.replace(`"imsOrgId":"${ORG}"`, `"imsOrgId":${deepObject}`);
    const result = spawnCli(['preflight', file('deep-entity.json', inEntity), file('deep-org.json', inOrg)]);
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('extraneous key [deep] is not permitted');
    expect(result.stdout).toContain('imsOrgId an object is not the org of inlet');
  });

  it('__proto__ keys: ordinary keys, reported as what they are, and nothing is polluted', () => {
    const text = `{"messages": [{"__proto__": {"header": {"imsOrgId": "${ORG}"}}, "body": {"xdmMeta": {"schemaRef": ${JSON.stringify(ref)}}, "xdmEntity": {}}},
      ${JSON.stringify(message(entity)).replace('"eventType"', '"__proto__": {"polluted": true}, "eventType"')}]}`;
    const result = spawnCli(['preflight', file('proto.json', text), '--format', 'json']);
    expectNoStackTrace(result);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const rules = report.files[0].findings.map((f: { ruleId: string; messageIndex: number }) => `${f.messageIndex}:${f.ruleId}`);
    expect(rules).toContain('0:streaming.header.missing');
    expect(rules).toContain('1:streaming.entity.xdm-invalid');
    expect(report.files[0].findings.find((f: { messageIndex: number }) => f.messageIndex === 1).pointer).toBe('/messages/1/body/xdmEntity/__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a directory with no payload file below it: exit 3, saying what was looked for', () => {
    const dir = join(work, 'a-directory.json');
    mkdirSync(dir);
    const result = spawnCli(['preflight', dir]);
    expectNoStackTrace(result);
    expect(result.code).toBe(3);
    expect(unwrapped(result.stdout)).toContain('a-directory.json: error: a directory with no file to check (looked for *.json, *.ndjson, *.jsonl below it)');
  });

  it('a missing file: exit 3, "no such file"; the other files are still checked', () => {
    const good = file('good.json', validRequest);
    const result = spawnCli(['preflight', join(work, 'missing.json'), good]);
    expectNoStackTrace(result);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('missing.json: error: no such file');
    expect(result.stdout).toContain('predicted: 207');
  });

  describe('a 50 MB request file', () => {
    let path = '';
    beforeAll(() => {
      path = join(work, 'fifty.json');
      const fd = openSync(path, 'w');
      const one = JSON.stringify(message({ ...entity, web: { webPageDetails: { name: 'x'.repeat(1800) } } }));
      writeSync(fd, '{"messages": [');
      let bytes = 14;
      let first = true;
      while (bytes < 50 * 1024 * 1024) {
        writeSync(fd, first ? one : `,${one}`);
        bytes += one.length + 1;
        first = false;
      }
      writeSync(fd, ']}');
      closeSync(fd);
    });

    it('predicts 413 with the size and the limit, and still says what else is wrong; exit 1', () => {
      const result = spawnCli(['preflight', path, '--format', 'json', '--max-findings', '5']);
      expectNoStackTrace(result);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.files[0].predicted).toMatchObject({ status: 413 });
      expect(report.files[0].findings[0]).toMatchObject({ ruleId: 'streaming.request.too-large', line: 1, column: 1 });
      expect(report.files[0].findings[0].message).toContain('1,048,576');
    });
  });
});
