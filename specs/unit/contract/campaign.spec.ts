import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_ENDPOINT,
  CAMPAIGN_REQUEST_STATUSES,
  CAMPAIGN_STATUS_FIELD_LIST,
  STATUS_RESPONSES,
  TRIGGER_RESPONSES,
  fillCampaignText,
  pickCampaign,
} from '../../../src/contract/campaign.js';
import { codeBlocks, readSeed } from './seeds.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Campaign XDM ingestion endpoint', () => {
  it('is POST and GET on the same path', () => {
    expect(CAMPAIGN_ENDPOINT.path).toBe('/{ORGANIZATION}/campaign/dataIngestion/xdmIngestion/{MAPPING_ID}/ingest');
    expect(CAMPAIGN_ENDPOINT.trigger.method).toBe('POST');
    expect(CAMPAIGN_ENDPOINT.status.method).toBe('GET');
  });

  it('fills <value> with the mapping id', () => {
    expect(fillCampaignText(TRIGGER_RESPONSES['not-stopped'].info, 'ProfileToAEP')).toBe(
      'Unable to submit data ingestion request, XDM Mapping ID: ProfileToAEP is not stopped',
    );
  });

  it('the field list omits Aborted, which an example answers', () => {
    expect(CAMPAIGN_REQUEST_STATUSES).toContain('Aborted');
    expect(CAMPAIGN_STATUS_FIELD_LIST.values).not.toContain('Aborted');
    expect(STATUS_RESPONSES.aborted.status).toBe('Aborted');
  });

  it('numRecords outside Success: every example carries it (docs), the field list says success only (strict)', () => {
    expect(pickCampaign('docs', 'campaign.numRecords.presence').value).toBe('always');
    expect(pickCampaign('strict', 'campaign.numRecords.presence').value).toBe('success-only');
  });
});

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
