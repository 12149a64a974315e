/**
 * Documented texts carried exactly: the contract's Campaign bodies and batch-overview facts against the
 * source documents in `../shared/seeds/`. These need the folder beside the project, so they run from
 * `npm run test:shared` (which .ci/run calls), not from `npm test`.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_SPELLINGS, BATCH_ENDPOINTS, BATCH_STATUSES, CREATE_BATCH_RESPONSE } from '../src/contract/batch.js';
import { STATUS_RESPONSES, TRIGGER_RESPONSES } from '../src/contract/campaign.js';
import { codeBlocks, readSeed } from './seeds.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('every documented Campaign body, exactly as in the seed', () => {
  const seed = readSeed('campaign-triggering-ingestion');
  const blocks = codeBlocks(seed);
  const bodies = { ...Object.fromEntries(Object.entries(TRIGGER_RESPONSES).map(([k, v]) => [`POST ${k}`, v])), ...Object.fromEntries(Object.entries(STATUS_RESPONSES).map(([k, v]) => [`GET ${k}`, v])) };

  for (const [name, body] of Object.entries(bodies)) {
    it(`${name}: "${body.info}" with status ${body.status}`, () => {
      const infoLine = `"info": "${body.info}"`;
      expect(seed).toContain(infoLine);
      // The status sits in the same JSON object as the info text.
      const block = blocks.find((b) => b.includes(infoLine));
      expect(block).toBeDefined();
      const object = block!.split('}').find((o) => o.includes(infoLine))!;
      expect(object).toMatch(new RegExp(`"status":\\s*"${escape(body.status)}"`));
      for (const field of body.fields) expect(object).toContain(`"${field}":`);
      for (const [field, value] of Object.entries(body.example ?? {})) expect(object).toContain(`"${field}": ${JSON.stringify(value)}`);
    });
  }

  it('there are no other info texts in the seed', () => {
    const documented = new Set(Object.values(bodies).map((b) => b.info));
    const found = [...seed.matchAll(/"info": "([^"]*)"/g)].map((m) => m[1]);
    expect(found.length).toBe(documented.size);
    for (const text of found) expect(documented).toContain(text);
  });
});

describe('against the batch overview seed', () => {
  const seed = readSeed('batch-overview');

  it('the create-batch answer has exactly the documented fields and initial values', () => {
    const block = codeBlocks(seed).find((b) => b.includes('"status": "loading"'));
    expect(block).toBeDefined();
    const body = JSON.parse(block!) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([...CREATE_BATCH_RESPONSE.fields].sort());
    expect(body).toMatchObject(CREATE_BATCH_RESPONSE.initial);
  });

  it('the status table has as many rows as the contract has statuses', () => {
    const table = seed.slice(seed.lastIndexOf('| ------ |'));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(BATCH_STATUSES.length);
  });

  it('the documented paths and spellings appear as written', () => {
    expect(seed).toContain(`PUT ${BATCH_ENDPOINTS.uploadFile.path}`);
    expect(seed).toContain('POST /batches/{BATCH_ID}?action=COMPLETE');
    for (const s of ACTION_SPELLINGS.filter((a) => a.seenIn.some((ref) => ref.source === 'batch-overview'))) expect(seed).toContain(`?${s.query}`);
  });
});
