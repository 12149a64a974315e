/**
 * The reference client's batch ingestion against the reference server in-process: a small file by one PUT,
 * a large one by parts that tile it, COMPLETE only after the upload and retried, polling on its schedule, a
 * failed batch whose failed records are read, and ABORT when an upload fails for good.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AepClient, type AepClientOptions } from '../../src/client/index.js';
import { FAILED_BATCH_FILE } from '../../src/contract/catalog.js';
import { DOCUMENTED_BAD_DATE_TIME } from '../../src/generate/invalid-records.js';
import { parseContentRange } from '../../src/contract/batch.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { EVENTS_DATASET, fastTiming, jsonAnswer, pointedAt, records, recordingFetch, type Fault, type Recorded } from './helpers.js';

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), 'aep-client-batch-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const lines = (values: unknown[]) => Buffer.from(values.map((v) => JSON.stringify(v)).join('\n') + '\n');

/** What each call was, in the words of the batch overview. */
function kinds(calls: Recorded[]): string[] {
  return calls.map((c) => {
    const action = c.url.searchParams.get('action');
    const p = c.url.pathname;
    if (p.endsWith('/import/batches')) return 'create';
    if (p.includes('/files/')) return c.method === 'PUT' ? 'put' : c.method === 'PATCH' ? 'part' : `file-${action}`;
    if (p.includes('/import/batches/')) return `batch-${action}`;
    if (p.includes('/catalog/')) return 'poll';
    if (p.includes('/export/')) return c.url.searchParams.has('path') ? 'download' : 'list';
    return 'other';
  });
}

function client(extra: AepClientOptions, fault?: Fault) {
  const recorded = recordingFetch(fault);
  const timing = fastTiming();
  return { client: new AepClient(pointedAt(server, { fetch: recorded.fetch, ...timing.options, ...extra })), calls: recorded.calls, waits: timing.waits };
}

describe('a small file', () => {
  it('is created, PUT, completed and polled to success', async () => {
    const { client: c, calls, waits } = client({});
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(10)), name: 'events.json' });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: 'active', completed: true, aborted: false, uploaded: { parts: 1 }, failedRecords: [] });
    expect(['success', 'active']).toContain(result.statusAsWritten);
    const k = kinds(calls);
    expect(k.slice(0, 3)).toEqual(['create', 'put', 'batch-COMPLETE']);
    expect(k.slice(3).every((x) => x === 'poll')).toBe(true);
    expect(JSON.parse(calls[0]!.body.toString())).toEqual({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } });
    expect(calls[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'spec-api-key', 'x-sandbox-name': 'prod' });
    expect(calls[0]!.headers['authorization']).toMatch(/^Bearer /);
    expect(calls[1]!.headers['content-type']).toBe('application/octet-stream');
    expect(calls[1]!.url.pathname).toBe(`/data/foundation/import/batches/${result.batchId}/datasets/${EVENTS_DATASET}/files/events.json`);
    expect(calls.at(-1)!.url.pathname).toBe(`/data/foundation/catalog/batches/${result.batchId}`);
    // The first poll 1 s after COMPLETE, then twice as long each time.
    expect(waits[0]).toBe(1000);
    waits.slice(1).forEach((w, i) => expect(w).toBe(Math.min(30_000, waits[i]! * 2)));
  });
});

describe('a large file', () => {
  it('goes by INITIALIZE, parts that tile it with Content-Range, and the file COMPLETE, from a path on disk', async () => {
    const file = join(dir, 'big.ndjson');
    const bytes = lines(records(8));
    await writeFile(file, bytes);
    const { client: c, calls } = client({ largeFileThresholdBytes: 2_000, partBytes: 1_500 });
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('active');
    expect(result.name).toBe('big.ndjson');
    const k = kinds(calls);
    const parts = calls.filter((_, i) => k[i] === 'part');
    expect(result.uploaded).toEqual({ bytes: bytes.length, parts: parts.length });
    expect(k.slice(0, 2)).toEqual(['create', 'file-INITIALIZE']);
    expect(k.slice(2, 2 + parts.length).every((x) => x === 'part')).toBe(true);
    expect(k.slice(2 + parts.length, 4 + parts.length)).toEqual(['file-COMPLETE', 'batch-COMPLETE']);
    // Contiguous: no gap, no overlap, the declared total the file's size.
    let next = 0;
    for (const part of parts) {
      const range = parseContentRange(part.headers['content-range']!)!;
      expect(range.start).toBe(next);
      expect(range.total).toBe(bytes.length);
      expect(part.body.length).toBe(range.end - range.start + 1);
      expect(part.headers['content-type']).toBe('application/octet-stream');
      next = range.end + 1;
    }
    expect(next).toBe(bytes.length);
  });
});

describe('a failed batch', () => {
  it('ends failed, and its failed records are read through the export API', async () => {
    const good = records(6);
    const bad = records(2).map((r, i) => ({ ...r, _id: `bad-${i}`, timestamp: DOCUMENTED_BAD_DATE_TIME }));
    const { client: c, calls } = client({});
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines([...good.slice(0, 3), bad[0], ...good.slice(3), bad[1]]), name: 'mixed.json' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('failed');
    expect(result.failedFiles).toHaveLength(2);
    expect(result.failedRecords).toHaveLength(2);
    for (const record of result.failedRecords) {
      const errors = (record.value as Record<string, unknown>)[FAILED_BATCH_FILE.validationErrorsField] as { pointerToViolation: string; message: string }[];
      expect(errors[0]!.pointerToViolation).toBe(FAILED_BATCH_FILE.documentedExample.pointerToViolation);
      expect(errors[0]!.message.startsWith(`[${DOCUMENTED_BAD_DATE_TIME}] is not a valid date-time`)).toBe(true);
    }
    const k = kinds(calls);
    expect(k.filter((x) => x === 'list')).toHaveLength(1);
    expect(k.filter((x) => x === 'download')).toHaveLength(2);
    expect(k.lastIndexOf('poll')).toBeLessThan(k.indexOf('list'));
  });
});

describe('faults', () => {
  const isPut = (r: { method: string }) => r.method === 'PUT';

  it('retries a PUT answered 503, then completes', async () => {
    let n = 0;
    const { client: c, calls, waits } = client({}, (r) => (isPut(r) && n++ < 2 ? jsonAnswer(503, {}) : undefined));
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(3)), name: 'a.json' });
    expect(result.status).toBe('active');
    expect(kinds(calls).slice(0, 5)).toEqual(['create', 'put', 'put', 'put', 'batch-COMPLETE']);
    expect(waits.slice(0, 2)).toEqual([275, 550]);
  });

  it('ABORTs, and never completes, a batch whose upload failed for good', async () => {
    const { client: c, calls } = client({}, (r) => (isPut(r) ? jsonAnswer(500, { title: 'boom' }) : undefined));
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(3)), name: 'a.json' });
    expect(result.error?.kind).toBe('gave-up');
    expect(result.error?.message).toMatch(/upload of a\.json failed.*the batch was aborted/);
    expect(result).toMatchObject({ aborted: true, completed: false, status: 'aborted' });
    const k = kinds(calls);
    expect(k.filter((x) => x === 'put')).toHaveLength(6);
    expect(k.at(-1)).toBe('batch-ABORT');
    expect(k).not.toContain('batch-COMPLETE');
  });

  it('retries COMPLETE answered 503 (documented as safe to retry)', async () => {
    let n = 0;
    const isComplete = (r: { method: string; url: URL }) => r.method === 'POST' && r.url.searchParams.get('action') === 'COMPLETE' && !r.url.pathname.includes('/files/');
    const { client: c, calls } = client({}, (r) => (isComplete(r) && n++ === 0 ? jsonAnswer(503, {}) : undefined));
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(3)), name: 'a.json' });
    expect(result.status).toBe('active');
    expect(kinds(calls).slice(0, 4)).toEqual(['create', 'put', 'batch-COMPLETE', 'batch-COMPLETE']);
  });

  it('retries a poll answered 503 at the next slot of the poll schedule, not sooner', async () => {
    let n = 0;
    const { client: c, waits } = client({}, (r) => (r.url.pathname.includes('/catalog/') && n++ < 2 ? jsonAnswer(503, {}) : undefined));
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(3)), name: 'a.json' });
    expect(result.status).toBe('active');
    expect(waits.slice(0, 3)).toEqual([1000, 2000, 4000]);
  });

  it('stops polling at the deadline, with the last status read', async () => {
    let now = 0;
    const { client: c, calls } = client(
      { polling: { deadlineMs: 10_000 }, now: () => now, sleep: async (ms) => void (now += ms) },
      (r) => (r.url.pathname.includes('/catalog/') ? jsonAnswer(200, { [r.url.pathname.split('/').pop()!]: { status: 'staging' } }) : undefined),
    );
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(3)), name: 'a.json' });
    expect(result.error?.kind).toBe('deadline');
    expect(result.statusAsWritten).toBe('staging');
    // Polls at 1, 3 and 7 s; the next would come at 15 s, after the deadline.
    expect(kinds(calls).filter((x) => x === 'poll')).toHaveLength(3);
  });

  it('does not create a second batch after the connection broke mid-create', async () => {
    let n = 0;
    const { client: c, calls } = client({}, (r) => {
      if (r.url.pathname.endsWith('/import/batches') && n++ === 0) throw new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
      return undefined;
    });
    const result = await c.ingestBatchFile({ datasetId: EVENTS_DATASET, file: lines(records(1)), name: 'a.json' });
    expect(result.error?.kind).toBe('gave-up');
    expect(result.batchId).toBeUndefined();
    expect(calls).toHaveLength(0);
  });
});
