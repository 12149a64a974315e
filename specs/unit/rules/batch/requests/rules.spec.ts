/** Every batch request rule: a request that passes it and one that fails it, with the pointer of the failure. */
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../../../../src/contract/profiles.js';
import { prepareRules, runRules, type RawFinding } from '../../../../../src/rules/engine.js';
import { BATCH_REQUEST_RULE_IDS } from '../../../../../src/rules/ids.js';
import { BATCH_REQUEST_RULES, buildRequestContext, type RequestInput } from '../../../../../src/rules/batch/requests/index.js';

const IMPORT = 'https://platform.adobe.io/data/foundation/import';
const FILE = `${IMPORT}/batches/B1/datasets/D1/files`;
const AUTH = { Authorization: 'Bearer <redacted>', 'x-api-key': 'k', 'x-gw-ims-org-id': 'ORG@AdobeOrg', 'x-sandbox-name': 'prod' };

const create = (body: unknown): RequestInput => ({
  method: 'POST',
  url: `${IMPORT}/batches`,
  headers: { ...AUTH, 'Content-Type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const put = (name = 'a.json', contentType = 'application/octet-stream'): RequestInput => ({
  method: 'PUT',
  url: `${FILE}/${name}`,
  headers: { ...AUTH, 'Content-Type': contentType },
  body: '{"a":1}\n',
});
const patch = (range: string | undefined, body = 'x'.repeat(10)): RequestInput => ({
  method: 'PATCH',
  url: `${FILE}/big.json`,
  headers: { ...AUTH, 'Content-Type': 'application/octet-stream', ...(range === undefined ? {} : { 'Content-Range': range }) },
  body,
});
const action = (query: string, batch = true): RequestInput => ({
  method: 'POST',
  url: batch ? `${IMPORT}/batches/B1${query}` : `${FILE}/big.json${query}`,
  headers: AUTH,
});

function run(ruleId: string, input: RequestInput, profile: ProfileName = 'docs'): RawFinding[] {
  const rule = BATCH_REQUEST_RULES.find((r) => r.id === ruleId)!;
  const ctx = buildRequestContext(input, profile, '/request');
  if (ctx === undefined) throw new Error('not a batch request');
  const out: RawFinding[] = [];
  runRules(prepareRules([rule], profile), ctx, out);
  return out;
}

interface Case {
  pass: RequestInput;
  fail: RequestInput;
  pointer: string;
  profile?: ProfileName;
  text?: string;
}

const CASES: Record<(typeof BATCH_REQUEST_RULE_IDS)[number], Case> = {
  'batch.request.header-missing': {
    pass: put(),
    fail: { ...put(), headers: { Authorization: 'Bearer secret-token-123456789', 'x-gw-ims-org-id': 'ORG@AdobeOrg', 'x-sandbox-name': 'prod', 'Content-Type': 'application/octet-stream' } },
    pointer: '/request/headers',
    text: 'x-api-key',
  },
  'batch.request.sandbox-name-case': { pass: put(), fail: { ...put(), headers: { ...AUTH, 'x-sandbox-name': 'Prod', 'Content-Type': 'application/octet-stream' } }, pointer: '/request/headers/3' },
  'batch.request.content-type': { pass: put(), fail: put('a.json', 'application/json'), pointer: '/request/headers/4', text: 'application/octet-stream' },
  'batch.request.multipart-body': { pass: put(), fail: put('a.json', 'multipart/form-data; boundary=x'), pointer: '/request/headers/4', text: 'curl -F' },
  'batch.request.action-missing': { pass: action('?action=COMPLETE'), fail: action(''), pointer: '/request/url' },
  'batch.request.action-unknown': { pass: action('?action=ABORT'), fail: action('?action=PROMOTE'), pointer: '/request/url', text: 'COMPLETE, ABORT, REVERT, FAIL' },
  'batch.request.action-case': { pass: action('?action=INITIALIZE', false), fail: action('?action=initialize', false), pointer: '/request/url', profile: 'openapi' },
  'batch.request.actions-parameter': { pass: action('?action=COMPLETE'), fail: action('?actions=COMPLETE'), pointer: '/request/url' },
  'batch.request.file-name-invalid': { pass: put('2025/03/a.json'), fail: put('2025//a.json'), pointer: '/request/url', text: 'empty folder name' },
  'batch.request.content-range-missing': { pass: patch('bytes 0-9/20'), fail: patch(undefined), pointer: '/request/headers' },
  'batch.request.content-range-malformed': { pass: patch('bytes 0-9'), fail: patch('0-9/20'), pointer: '/request/headers/5' },
  'batch.request.content-range-bounds': { pass: patch('bytes 10-19/20'), fail: patch('bytes 0-19/20'), pointer: '/request/headers/5', text: 'body holds 10' },
  'batch.request.create-body-invalid': { pass: create({ datasetId: 'D1' }), fail: create({ dataSetId: 'D1' }), pointer: '/request/postData/text' },
  'batch.request.input-format-missing': { pass: create({ datasetId: 'D1', inputFormat: { format: 'json' } }), fail: create({ datasetId: 'D1' }), pointer: '/request/postData/text', profile: 'openapi' },
  'batch.request.input-format-unknown': { pass: create({ datasetId: 'D1', inputFormat: { format: 'parquet' } }), fail: create({ datasetId: 'D1', inputFormat: { format: 'avro' } }), pointer: '/request/postData/text' },
  'batch.request.input-format-case': { pass: create({ datasetId: 'D1', inputFormat: { format: 'json' } }), fail: create({ datasetId: 'D1', inputFormat: { format: 'JSON' } }), pointer: '/request/postData/text' },
  'batch.request.input-format-legacy-csv': { pass: create({ datasetId: 'D1', inputFormat: { format: 'json' } }), fail: create({ datasetId: 'D1', inputFormat: { format: 'csv' } }), pointer: '/request/postData/text' },
  'batch.request.partial-ingestion-misspelled': {
    pass: create({ datasetId: 'D1', enableErrorDiagnostics: true, partialIngestionPercent: 5 }),
    fail: create({ datasetId: 'D1', enableErrorDiagnostics: true, partialIngestionPercentage: 5 }),
    pointer: '/request/postData/text',
    text: 'partialIngestionPercent"',
  },
  'batch.request.partial-ingestion-percent-range': { pass: create({ datasetId: 'D1', partialIngestionPercent: 100 }), fail: create({ datasetId: 'D1', partialIngestionPercent: 150 }), pointer: '/request/postData/text' },
};

for (const id of BATCH_REQUEST_RULE_IDS) {
  const c = CASES[id];
  describe(id, () => {
    it('passes a request that keeps it', () => {
      expect(run(id, c.pass, c.profile)).toEqual([]);
    });
    it('reports a request that breaks it, at the right place', () => {
      const findings = run(id, c.fail, c.profile);
      expect(findings).toHaveLength(1);
      expect(findings[0]!.pointer).toBe(c.pointer);
      if (c.text !== undefined) expect(findings[0]!.message).toContain(c.text);
      expect(findings[0]!.message).not.toContain('secret-token');
    });
  });
}

describe('profiles', () => {
  it('action=complete is info under docs (any case) and an error under openapi (upper case)', () => {
    expect(run('batch.request.action-case', action('?action=complete'), 'docs')[0]!.severity).toBe('info');
    expect(run('batch.request.action-case', action('?action=complete'), 'openapi')[0]!.severity).toBe('error');
  });
  it('inputFormat is optional under docs', () => {
    expect(run('batch.request.input-format-missing', create({ datasetId: 'D1' }), 'docs')).toEqual([]);
  });
  it('JSON in upper case is accepted under openapi', () => {
    expect(run('batch.request.input-format-case', create({ datasetId: 'D1', inputFormat: { format: 'JSON' } }), 'openapi')).toEqual([]);
  });
  it('a request outside the batch API has no context', () => {
    expect(buildRequestContext({ method: 'GET', url: 'https://platform.adobe.io/data/foundation/catalog/batch/B1', headers: {} }, 'docs')).toBeUndefined();
  });
});

describe('the rule list', () => {
  it('holds every batch request rule id once, in the ids order', () => {
    expect(BATCH_REQUEST_RULES.map((r) => r.id)).toEqual([...BATCH_REQUEST_RULE_IDS]);
  });
});
