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
