/**
 * The child of the crash spec: opens the file store (fsync on, the default) in the directory it is
 * given and writes until it is killed, from several workers at once as a server under load would.
 * Usage: node --import tsx writer.ts <data-dir> <round>
 * Prints READY once the store is open, then `BEGIN <json>` before and `ACK <json>` after each write.
 */
import { writeSync } from 'node:fs';
import { openFileStore, type BatchRecord } from '../../../src/server/store/index.js';
import { DATASET, chunkLabel, contentFor, sha256, statusAt, wholeFileLabel, type WriterEvent } from './content.js';

const WORKERS = 4;
const MAX_FILE_BYTES = 256 * 1024;
const MAX_CHUNK_BYTES = 64 * 1024;

const [dir, roundArg] = process.argv.slice(2);
if (dir === undefined || roundArg === undefined) throw new Error('usage: writer.ts <data-dir> <round>');
const round = Number(roundArg);

/** Synchronous, so a line is in the pipe before the next write starts: a kill cannot lose a BEGIN. */
function print(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const begin = (event: WriterEvent) => print(`BEGIN ${JSON.stringify(event)}`);
const ack = (event: WriterEvent) => print(`ACK ${JSON.stringify(event)}`);
const random = (below: number) => Math.floor(Math.random() * below);

const store = await openFileStore(dir);
print('READY');

function batchAt(id: string, version: number): BatchRecord {
  return {
    id,
    datasetId: DATASET,
    imsOrg: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg',
    sandbox: 'prod',
    status: statusAt(version),
    inputFormat: { format: 'json' },
    created: 0,
    updated: version,
    createdUser: 'crash-writer',
    updatedUser: 'crash-writer',
    tags: {},
    errors: [],
    metrics: { version },
    kind: 'api',
    history: Array.from({ length: version + 1 }, (_, v) => ({ status: statusAt(v), at: v, event: 'update' })),
  };
}

async function worker(w: number): Promise<void> {
  const batchId = `r${round}-w${w}`;
  const streamId = `${batchId}-stream`;
  let version = 0;
  const generations: number[] = [];
  let upload: { name: string; next: number; left: number } | undefined;
  let uploads = 0;
  let groups = 0;

  const putBatch = async () => {
    const event: WriterEvent = { op: 'batch', batchId, version };
    begin(event);
    await store.putBatch(batchAt(batchId, version));
    ack(event);
    version++;
  };
  await putBatch();

  for (;;) {
    const dice = random(10);
    if (dice < 2) await putBatch();
    else if (dice < 5) {
      // A new file, or (sometimes) a new upload of one already stored, which replaces it.
      const index = generations.length > 0 && random(4) === 0 ? random(generations.length) : generations.push(-1) - 1;
      const generation = (generations[index] ?? -1) + 1;
      generations[index] = generation;
      const name = `file-${index}.bin`;
      const bytes = contentFor(wholeFileLabel(batchId, name, generation), random(MAX_FILE_BYTES + 1));
      const event: WriterEvent = { op: 'file', batchId, name, generation, size: bytes.length, sha256: sha256(bytes) };
      begin(event);
      await store.putFile(batchId, DATASET, name, bytes);
      ack(event);
    } else if (dice < 8) {
      upload ??= { name: `upload-${uploads++}.bin`, next: 0, left: 2 + random(5) };
      if (upload.left > 0) {
        const start = upload.next;
        const bytes = contentFor(chunkLabel(batchId, upload.name, start), 1 + random(MAX_CHUNK_BYTES));
        const event: WriterEvent = { op: 'chunk', batchId, name: upload.name, start, end: start + bytes.length - 1 };
        begin(event);
        await store.writeChunk(batchId, DATASET, upload.name, start, bytes);
        ack(event);
        upload.next += bytes.length;
        upload.left--;
      } else {
        const name = upload.name;
        begin({ op: 'complete', batchId, name, sha256: '' });
        const record = await store.completeFile(batchId, DATASET, name);
        ack({ op: 'complete', batchId, name, sha256: record.sha256 ?? '' });
        upload = undefined;
      }
    } else {
      const group = `${batchId}-g${groups++}`;
      const count = 1 + random(5);
      const records = Array.from({ length: count }, (_, i) => ({ group, i, count, pad: 'x'.repeat(random(4000)) }));
      const event: WriterEvent = { op: 'records', batchId: streamId, group, count };
      begin(event);
      await store.appendRecords(streamId, records);
      ack(event);
    }
  }
}

await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
