/** A server started on a store holding batches left loaded or staging (a crash, a stop) finishes them. */
import { describe, expect, it } from 'vitest';
import { settleBatches } from '../../src/server/batch-processing.js';
import { startServer } from '../../src/server/index.js';
import { createMemoryStore } from '../../src/server/store/index.js';
import { EVENTS_DATASET, IMPORT, PLATFORM_HEADERS } from './batch-client.js';

async function batchLeftIn(status: 'loaded' | 'staging') {
  const store = createMemoryStore();
  const first = await startServer({ store });
  const created = await fetch(`${first.url}${IMPORT}/batches`, {
    method: 'POST',
    headers: { ...PLATFORM_HEADERS, 'Content-Type': 'application/json' },
    body: JSON.stringify({ datasetId: EVENTS_DATASET, inputFormat: { format: 'json' } }),
  });
  const { id } = (await created.json()) as { id: string };
  const put = await fetch(`${first.url}${IMPORT}/batches/${id}/datasets/${EVENTS_DATASET}/files/events.json`, {
    method: 'PUT',
    headers: { ...PLATFORM_HEADERS, 'Content-Type': 'application/octet-stream' },
    body: '{"_id":"a","timestamp":"2024-11-23T14:20:00Z"}\n{"_id":"b","timestamp":"2024-11-23T14:21:00Z"}',
  });
  expect(put.status).toBe(200);
  await first.close();
  // What a crash after COMPLETE (or during validation) leaves in the store.
  const batch = store.getBatch(id)!;
  await store.putBatch({ ...batch, status, history: [...batch.history, { status, at: batch.updated, event: status === 'loaded' ? 'complete' : 'promote-step' }] });
  return { store, id };
}

describe('processing resumes after a restart', () => {
  for (const status of ['loaded', 'staging'] as const) {
    it(`a batch left ${status} is validated and becomes active, its records stored once`, async () => {
      const { store, id } = await batchLeftIn(status);
      const second = await startServer({ store });
      try {
        await settleBatches(second.context);
        expect(store.getBatch(id)?.status).toBe('active');
        expect(await store.readRecords(id)).toHaveLength(2);
      } finally {
        await second.close();
      }
    });
  }
});
