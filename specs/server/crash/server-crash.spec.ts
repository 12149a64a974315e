/**
 * A reference server process killed with SIGKILL in the middle of uploads: after a restart on the same
 * data directory, every acknowledged file (byte for byte), chunk, batch status and streamed message is
 * there, nothing half-written is, and batches completed before the crash finish processing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore } from '../../../src/server/store/index.js';

const ROOT = join(import.meta.dirname, '../../..');
const INLET = '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5';
const ORG = '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg';
const DATASET = '5f0c0c7f6c5f1b194c1e0b4a';
const IMPORT = '/data/foundation/import';
const HEADERS = { Authorization: 'Bearer crash-spec', 'x-api-key': 'crash-spec', 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod' };
const FINAL_OR_LATER = ['loaded', 'staging', 'staged', 'active', 'success', 'failed'];

const work = mkdtempSync(join(tmpdir(), 'aep-server-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'serve-child.ts'), dataDir], { cwd: ROOT });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = /URL (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return { child, url, exited };
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Acknowledged {
  batches: Map<string, 'loading' | 'completed'>;
  files: Map<string, { batchId: string; name: string; sha256: string }>;
  chunks: { batchId: string; name: string; start: number; end: number }[];
  xactionIds: Set<string>;
}

/** One client: batches with small files, a chunked file and COMPLETE, plus streaming requests, until the server dies. */
async function client(url: string, n: number, acked: Acknowledged, stop: { dead: boolean }): Promise<void> {
  const call = async (method: string, path: string, body?: Uint8Array | string, type = 'application/json') => {
    const response = await fetch(`${url}${path}`, { method, headers: { ...HEADERS, 'Content-Type': type }, ...(body !== undefined ? { body: Buffer.from(body) } : {}) });
    return { status: response.status, text: await response.text() };
  };
  try {
    for (let round = 0; !stop.dead && round < 200; round++) {
      const created = await call('POST', `${IMPORT}/batches`, JSON.stringify({ datasetId: DATASET, inputFormat: { format: 'json' } }));
      expect(created.status).toBe(201);
      const batchId = (JSON.parse(created.text) as { id: string }).id;
      acked.batches.set(batchId, 'loading');
      for (let f = 0; f < 2; f++) {
        const lines = Array.from({ length: 20 + (randomBytes(1)[0]! % 200) }, (_, i) => JSON.stringify({ _id: `c${n}-${round}-${f}-${i}`, timestamp: '2024-11-23T14:20:00Z', web: { webPageDetails: { name: randomBytes(24).toString('hex') } } }));
        const bytes = new TextEncoder().encode(lines.join('\n'));
        const name = `part-${f}.json`;
        const put = await call('PUT', `${IMPORT}/batches/${batchId}/datasets/${DATASET}/files/${name}`, bytes, 'application/octet-stream');
        expect(put.status).toBe(200);
        acked.files.set(`${batchId}/${name}`, { batchId, name, sha256: sha(bytes) });
      }
      const big = new TextEncoder().encode(Array.from({ length: 300 }, (_, i) => JSON.stringify({ _id: `big-${n}-${round}-${i}`, timestamp: '2024-11-23T14:20:00Z' })).join('\n'));
      const name = 'big.json';
      const path = `${IMPORT}/batches/${batchId}/datasets/${DATASET}/files/${name}`;
      expect((await call('POST', `${path}?action=INITIALIZE`)).status).toBe(201);
      const half = Math.floor(big.length / 2);
      for (const [start, end] of [[0, half - 1], [half, big.length - 1]] as const) {
        const response = await fetch(`${url}${path}`, {
          method: 'PATCH',
          headers: { ...HEADERS, 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${start}-${end}/${big.length}` },
          body: Buffer.from(big.subarray(start, end + 1)),
        });
        await response.text();
        expect(response.status).toBe(200);
        acked.chunks.push({ batchId, name, start, end });
      }
      expect([200, 201]).toContain((await call('POST', `${path}?action=COMPLETE`)).status);
      acked.files.set(`${batchId}/${name}`, { batchId, name, sha256: sha(big) });
      expect((await call('POST', `${IMPORT}/batches/${batchId}?action=COMPLETE`)).status).toBe(200);
      acked.batches.set(batchId, 'completed');

      const messages = Array.from({ length: 10 }, (_, i) => ({
        header: { schemaRef: { id: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f', contentType: 'application/vnd.adobe.xed-full+json;version=1' }, imsOrgId: ORG, datasetId: DATASET },
        body: { xdmMeta: { schemaRef: { id: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f', contentType: 'application/vnd.adobe.xed-full+json;version=1' } }, xdmEntity: { _id: `s-${n}-${round}-${i}`, timestamp: '2024-11-23T14:20:00Z' } },
      }));
      const streamed = await call('POST', `/collection/batch/${INLET}`, JSON.stringify({ messages }));
      expect(streamed.status).toBe(207);
      for (const entry of (JSON.parse(streamed.text) as { responses: { xactionId?: string }[] }).responses) if (entry.xactionId) acked.xactionIds.add(entry.xactionId);
    }
  } catch (error) {
    // After the kill, requests fail: that is the point. Before it, a failure is a real one.
    if (!stop.dead) throw error;
  }
}

describe('a server process killed with SIGKILL in the middle of uploads', () => {
  it('keeps every acknowledged file, chunk, status and message, and nothing half-written', async () => {
    const dataDir = join(work, 'data');
    const acked: Acknowledged = { batches: new Map(), files: new Map(), chunks: [], xactionIds: new Set() };
    const first = await startChild(dataDir);
    const stop = { dead: false };
    const clients = Array.from({ length: 4 }, (_, n) => client(first.url, n, acked, stop));
    // Killed in the middle of uploads once some of each kind are acknowledged (on a loaded machine that
    // takes longer than on an idle one), at a random moment after that.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      if (acked.files.size > 4 && [...acked.batches.values()].includes('completed') && acked.xactionIds.size > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 200 + (randomBytes(1)[0]! % 600)));
    stop.dead = true;
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(clients);
    expect(acked.files.size).toBeGreaterThan(4);
    expect([...acked.batches.values()]).toContain('completed');

    // Restart on the same directory: acknowledged statuses are there, and completed batches finish processing.
    const second = await startChild(dataDir);
    try {
      for (const [batchId, state] of acked.batches) {
        let status = '';
        for (let attempt = 0; attempt < 100; attempt++) {
          const response = await fetch(`${second.url}/data/foundation/catalog/batches/${batchId}`, { headers: HEADERS });
          expect(response.status).toBe(200);
          status = ((await response.json()) as Record<string, { status: string }>)[batchId]!.status;
          if (state === 'loading' || !['loaded', 'staging'].includes(status)) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (state === 'completed') expect(['active', 'success', 'failed'], `batch ${batchId}`).toContain(status);
        else expect(['loading', ...FINAL_OR_LATER], `batch ${batchId}`).toContain(status);
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    // Byte for byte, through the store itself once no server holds it.
    const store = await openFileStore(dataDir);
    try {
      for (const file of acked.files.values()) {
        const bytes = await store.readFile(file.batchId, DATASET, file.name);
        expect(sha(bytes), `${file.batchId}/${file.name}`).toBe(file.sha256);
      }
      for (const chunk of acked.chunks) {
        const record = store.getFile(chunk.batchId, DATASET, chunk.name);
        expect(record, `${chunk.batchId}/${chunk.name}`).toBeDefined();
        if (record!.state === 'uploading') expect(record!.ranges).toContainEqual([chunk.start, chunk.end]);
      }
      const stored = new Set<string>();
      for (const batch of store.listBatches()) {
        if (batch.kind === 'api') continue;
        for (const record of (await store.readRecords(batch.id)) as { xactionId: string }[]) stored.add(record.xactionId);
      }
      for (const xactionId of acked.xactionIds) expect(stored.has(xactionId), xactionId).toBe(true);
    } finally {
      await store.close();
    }
    const leftovers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (/\.tmp/.test(entry.name)) leftovers.push(join(dir, entry.name));
      }
    };
    walk(dataDir);
    expect(leftovers).toEqual([]);
  });
});
