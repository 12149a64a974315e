import { describe, expect, it } from 'vitest';
import {
  ACTION_SPELLINGS,
  BATCH_BASE,
  BATCH_ENDPOINTS,
  BATCH_ERROR_CODES,
  BATCH_LIMITS,
  BATCH_STATUSES,
  BATCH_STATUS_MEANINGS,
  BATCH_STATUS_TABLES,
  PARTIAL_INGESTION,
  batchEndpointLabel,
  canonicalBatchStatus,
  parseContentRange,
  pickBatch,
  readAction,
} from '../../../src/contract/batch.js';

describe('batch endpoints', () => {
  it('live under /data/foundation/import', () => {
    expect(BATCH_BASE.path).toBe('/data/foundation/import');
  });

  it('answer the documented statuses', () => {
    expect(batchEndpointLabel('createBatch')).toBe('POST /batches');
    expect(BATCH_ENDPOINTS.createBatch.status).toBe(201);
    expect(BATCH_ENDPOINTS.uploadFile).toMatchObject({ method: 'PUT', status: 200, requestContentType: 'application/octet-stream' });
    expect(batchEndpointLabel('initializeLargeFile')).toBe('POST /batches/{BATCH_ID}/datasets/{DATASET_ID}/files/{FILE_NAME}?action=INITIALIZE');
    expect(BATCH_ENDPOINTS.initializeLargeFile.status).toBe(201);
    expect(BATCH_ENDPOINTS.uploadFilePart).toMatchObject({ method: 'PATCH', status: 200 });
    expect(batchEndpointLabel('batchAction')).toBe('POST /batches/{BATCH_ID}?action=COMPLETE');
    expect(BATCH_ENDPOINTS.batchAction.status).toBe(200);
  });
});

describe('file COMPLETE status: 201 (API guide) or 200 (OpenAPI)', () => {
  it('is picked per profile', () => {
    expect(pickBatch('docs', 'batch.fileComplete.status').value).toBe(201);
    expect(pickBatch('openapi', 'batch.fileComplete.status').value).toBe(200);
    expect(pickBatch('strict', 'batch.fileComplete.status').value).toBe(201);
    expect(BATCH_ENDPOINTS.completeLargeFile.statusDisagreement).toBe('batch.fileComplete.status');
  });
});

describe('chunking threshold: 512 MB (overview) or 256 MB (OpenAPI PUT note)', () => {
  it('docs reads 512 MB, openapi and strict 256 MB', () => {
    expect(pickBatch('docs', 'batch.chunkThreshold.bytes').value).toBe(512 * 1024 * 1024);
    expect(pickBatch('openapi', 'batch.chunkThreshold.bytes').value).toBe(256 * 1024 * 1024);
    expect(pickBatch('strict', 'batch.chunkThreshold.bytes').value).toBe(256 * 1024 * 1024);
  });
});

describe('ABORT: not once loaded (overview) or while processing (API guide)', () => {
  it('docs and strict take the overview, openapi the API guide', () => {
    expect(pickBatch('docs', 'batch.abort.allowedFrom').value).toEqual(['loading']);
    expect(pickBatch('strict', 'batch.abort.allowedFrom').value).toEqual(['loading']);
    expect(pickBatch('openapi', 'batch.abort.allowedFrom').value).not.toContain('active');
    expect(pickBatch('openapi', 'batch.abort.allowedFrom').value).toContain('loaded');
  });
});

describe('action spellings', () => {
  it('records every spelling seen, with where', () => {
    const queries = ACTION_SPELLINGS.map((s) => `${s.level}:${s.query}`);
    for (const q of ['batch:action=COMPLETE', 'batch:action=complete', 'batch:actions=COMPLETE', 'file:action=initialize', 'file:action=INITIALIZE', 'batch:action=FAIL']) {
      expect(queries).toContain(q);
    }
  });

  it('docs reads any case; openapi only the upper-case enum', () => {
    expect(readAction('file', 'initialize', 'docs')).toBe('INITIALIZE');
    expect(readAction('batch', 'complete', 'docs')).toBe('COMPLETE');
    expect(readAction('file', 'initialize', 'openapi')).toBeUndefined();
    expect(readAction('batch', 'COMPLETE', 'openapi')).toBe('COMPLETE');
    expect(readAction('batch', 'INITIALIZE', 'docs')).toBeUndefined();
    expect(readAction('batch', 'constructor', 'docs')).toBeUndefined();
  });
});

describe('Content-Range', () => {
  it('reads bytes start-end with an optional total, end inclusive', () => {
    expect(parseContentRange('bytes 0-1023/4096')).toEqual({ start: 0, end: 1023, total: 4096 });
    expect(parseContentRange('bytes 1024-2047')).toEqual({ start: 1024, end: 2047 });
    expect(parseContentRange('bytes 0-1023/*')).toEqual({ start: 0, end: 1023 });
  });

  it('refuses what is not two ordered integers', () => {
    for (const v of ['0-1023', 'bytes 10-5', 'bytes a-b', 'bytes 0-4096/4096', 'items 0-1']) expect(parseContentRange(v)).toBeUndefined();
  });
});

describe('limits', () => {
  it('carry the documented numbers', () => {
    expect(BATCH_LIMITS.filesPerBatch.value).toBe(1500);
    expect(BATCH_LIMITS.fieldsPerRow.value).toBe(10_000);
    expect(BATCH_LIMITS.batchesPerMinutePerUser.value).toBe(138);
    expect(BATCH_LIMITS.partRangeBytes).toMatchObject({ min: 0, max: 512_000_000 });
  });
});

describe('partial ingestion', () => {
  it('names partialIngestionPercent and records the client misspelling', () => {
    expect(Object.keys(PARTIAL_INGESTION.fields)).toEqual(['enableErrorDiagnostics', 'partialIngestionPercent']);
    expect(PARTIAL_INGESTION.clientMisspellings.partialIngestionPercentage.means).toBe('partialIngestionPercent');
    expect(Object.values(PARTIAL_INGESTION.tags)).toEqual(['acp_enableErrorDiagnostics', 'acp_partialIngestionPercent']);
  });

  it('carries the documented error texts exactly', () => {
    expect(BATCH_ERROR_CODES['106'].description).toBe('Dataset file is empty. Please upload file with data.');
    expect(BATCH_ERROR_CODES['118'].description).toBe('CSV file contains empty header row.');
  });
});

describe('batch statuses', () => {
  it('every overview status has a meaning; active and failed have their aliases', () => {
    expect(Object.keys(BATCH_STATUS_MEANINGS).sort()).toEqual([...BATCH_STATUSES].sort());
    expect(canonicalBatchStatus('success')).toBe('active');
    expect(canonicalBatchStatus('failure')).toBe('failed');
    expect(canonicalBatchStatus('processing')).toBeUndefined();
  });

  it("every overview status is in the Catalog OpenAPI's 16-value enum", () => {
    expect(BATCH_STATUS_TABLES.catalogOpenapi.values).toHaveLength(16);
    for (const s of BATCH_STATUSES) expect(BATCH_STATUS_TABLES.catalogOpenapi.values).toContain(s);
    expect(BATCH_STATUS_TABLES.batchIngestionOpenapi.values).toHaveLength(8);
  });

  it('the troubleshooting table adds archived and retained and lacks deleted and staged', () => {
    const t: readonly string[] = BATCH_STATUS_TABLES.troubleshooting.values;
    expect(t).toContain('archived');
    expect(t).toContain('retained');
    expect(t).not.toContain('deleted');
    expect(t).not.toContain('staged');
  });
});
