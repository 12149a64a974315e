import { describe, expect, it } from 'vitest';
import {
  BATCH_METRICS,
  BATCH_OBJECT_FIELDS,
  FAILED_BATCH_FILES,
  GET_BATCH,
  pickCatalog,
} from '../../../src/contract/catalog.js';
import { GATEWAY_ERRORS, SERVICE_ERROR, gatewayErrorBody, statusOfErrorCode } from '../../../src/contract/gateway.js';

describe('Catalog: looking up a batch', () => {
  it('serves both paths; the profile names the one its documentation shows', () => {
    expect(GET_BATCH.paths.singular.path).toBe('/batch/{BATCH_ID}');
    expect(GET_BATCH.paths.plural.path).toBe('/batches/{BATCH_ID}');
    expect(pickCatalog('docs', 'catalog.getBatch.path').value).toBe('/batch/{BATCH_ID}');
    expect(pickCatalog('openapi', 'catalog.getBatch.path').value).toBe('/batches/{BATCH_ID}');
    expect(GET_BATCH.keyedByBatchId).toBe(true);
  });

  it('carries the batch object fields by their documented names', () => {
    for (const f of ['id', 'imsOrg', 'status', 'created', 'updated', 'createdUser', 'updatedUser', 'relatedObjects', 'version', 'tags', 'inputFormat', 'errors', 'metrics']) {
      expect(Object.keys(BATCH_OBJECT_FIELDS)).toContain(f);
    }
  });

  it('reads times as milliseconds in every profile, keeping the ISO-string reading', () => {
    expect(pickCatalog('docs', 'catalog.times.type').value).toBe('milliseconds');
  });

  it('derives failedRecordCount as input minus output (the guide writes it backwards)', () => {
    expect(BATCH_METRICS.failedRecordCount({ inputRecordCount: 519, outputRecordCount: 514 })).toBe(5);
  });

  it('lists failed files 100 to a page', () => {
    expect(FAILED_BATCH_FILES.path).toBe('/batches/{BATCH_ID}/failed');
    expect(FAILED_BATCH_FILES.listing.page.limit).toBe(100);
  });
});

describe('gateway errors', () => {
  it('carry the documented codes and messages exactly', () => {
    expect(gatewayErrorBody('tokenMissing')).toEqual({ error_code: '403010', message: 'Oauth token is missing.' });
    expect(gatewayErrorBody('tokenInvalid')).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
    expect(gatewayErrorBody('apiKeyMissing')).toEqual({ error_code: '403000', message: 'Api Key is required' });
    expect(gatewayErrorBody('apiKeyInvalid')).toEqual({ error_code: '403003', message: 'Api Key is invalid' });
    expect(gatewayErrorBody('headerMissing')).toEqual({ error_code: '400003', message: 'Missing header' });
    expect(gatewayErrorBody('profileInvalid')).toEqual({ error_code: '403025', message: 'Profile is not valid' });
  });

  it("answer the HTTP status of the code's first three digits", () => {
    expect(statusOfErrorCode('401013')).toBe(401);
    for (const e of Object.values(GATEWAY_ERRORS)) expect(e.status).toBe(Number(e.errorCode.slice(0, 3)));
  });

  it('service errors are problem bodies', () => {
    expect(Object.keys(SERVICE_ERROR.example)).toEqual([...SERVICE_ERROR.fields]);
  });
});
