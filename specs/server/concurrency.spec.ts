/**
 * Many clients at once (bounded, loopback): every message the server accepted is in exactly one
 * success or error batch, found by its xactionId; nothing lost, nothing twice, nothing rejected stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';

const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const EVENTS = { schema: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f', dataset: '5f0c0c7f6c5f1b194c1e0b4a' };
const PROFILES = { schema: 'https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f', dataset: '5f0c0c7f6c5f1b194c1e0b4b' };
const CLIENTS = 16;
const REQUESTS_PER_CLIENT = 12;
const MESSAGES_PER_REQUEST = 25;

const dataDir = mkdtempSync(join(tmpdir(), 'aep-concurrency-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A mix: mostly valid events and profiles, some for the error batch, some rejected at the endpoint. */
function message(client: number, request: number, index: number): unknown {
  const n = client * 10_000 + request * 100 + index;
  const target = n % 3 === 0 ? PROFILES : EVENTS;
  const ref = { id: target.schema, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
  const entity: Record<string, unknown> = target === EVENTS ? { _id: `e-${n}`, timestamp: '2024-11-23T14:20:00Z' } : { _id: `p-${n}` };
  if (n % 7 === 0) entity['unexpected'] = true; // streaming validation fails: error batch
  const header: Record<string, unknown> = { schemaRef: ref, imsOrgId: n % 11 === 0 ? 'Other@AdobeOrg' : ORG, datasetId: target.dataset };
  return { header, body: { xdmMeta: { schemaRef: ref }, xdmEntity: entity } };
}

describe('concurrent clients on the streaming endpoint, with the file store', () => {
  it('accounts for every accepted message in exactly one success or error batch', async () => {
    const server = await startServer({ dataDir });
    const accepted = new Set<string>();
    let rejected = 0;
    try {
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let request = 0; request < REQUESTS_PER_CLIENT; request++) {
            const messages = Array.from({ length: MESSAGES_PER_REQUEST }, (_, i) => message(client, request, i));
            const response = await fetch(`${server.url}/collection/batch/${INLET}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ messages }),
            });
            expect(response.status).toBe(207);
            const body = (await response.json()) as { responses: ({ xactionId: string } | { statusCode: number })[] };
            expect(body.responses).toHaveLength(MESSAGES_PER_REQUEST);
            for (const entry of body.responses) {
              if ('xactionId' in entry) accepted.add(entry.xactionId);
              else rejected++;
            }
          }
        }),
      );
    } finally {
      await server.close();
    }

    // Reopen from disk: what was acknowledged must be there after the server is gone.
    const reopened = await startServer({ dataDir });
    try {
      const store = reopened.context.store;
      const seen = new Map<string, number>();
      let errorBatchMessages = 0;
      for (const batch of store.listBatches()) {
        const records = (await store.readRecords(batch.id)) as { xactionId: string }[];
        expect(records.length).toBe(batch.metrics['inputRecordCount']);
        if (batch.kind === 'streaming-error') errorBatchMessages += records.length;
        for (const record of records) seen.set(record.xactionId, (seen.get(record.xactionId) ?? 0) + 1);
      }
      const total = CLIENTS * REQUESTS_PER_CLIENT * MESSAGES_PER_REQUEST;
      expect(accepted.size + rejected).toBe(total);
      expect(rejected).toBeGreaterThan(0);
      expect(errorBatchMessages).toBeGreaterThan(0);
      expect([...seen.keys()].sort()).toEqual([...accepted].sort());
      expect([...seen.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
