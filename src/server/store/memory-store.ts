/**
 * The store in memory: the same checks, records and errors as the file store (both go through
 * `model.ts`), for tests and runs that need no disk. Nothing survives the process.
 */
import { Readable } from 'node:stream';
import {
  batchMatches,
  byDatasetThenName,
  campaignRequestMatches,
  checkBatch,
  checkBytes,
  checkCampaignRequest,
  checkChunk,
  checkFileNames,
  checkStreamedUnit,
  closedError,
  completedRecord,
  extentOf,
  fileKey,
  notFound,
  parseRecordTexts,
  recordsLine,
  refuseChunkForComplete,
  sha256Hex,
  stillUploading,
  uploadingRecord,
  wholeFileRecord,
  withPart,
} from './model.js';
import { checkName } from './names.js';
import type { BatchRecord, CampaignRequestRecord, Clock, FileRecord, Store } from './types.js';

interface MemoryPart {
  start: number;
  length: number;
  bytes: Uint8Array;
}

interface MemoryFile {
  record: FileRecord;
  content?: Uint8Array;
  parts: MemoryPart[];
}

const systemClock: Clock = { now: () => Date.now() };

export function createMemoryStore(opts: { clock?: Clock } = {}): Store {
  const clock = opts.clock ?? systemClock;
  const batches = new Map<string, BatchRecord>();
  const files = new Map<string, MemoryFile>();
  const failed = new Map<string, Map<string, Uint8Array>>();
  const records = new Map<string, unknown[][]>();
  /** Records of streamed batches, kept as the texts given and parsed when read, as the file store does. */
  const streamed = new Map<string, { texts: Uint8Array; ends: number[] }>();
  const campaign = new Map<string, CampaignRequestRecord>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw closedError();
  };

  const completeFileOf = (batchId: string, datasetId: string, name: string): Uint8Array => {
    const file = files.get(checkFileNames(batchId, datasetId, name));
    if (file === undefined) throw notFound(batchId, datasetId, name);
    if (file.content === undefined) throw stillUploading(file.record);
    return file.content;
  };

  return {
    dir: ':memory:',

    async putBatch(batch) {
      ensureOpen();
      const copy = checkBatch(batch);
      batches.set(copy.id, copy);
    },
    getBatch(id) {
      const batch = batches.get(id);
      return batch === undefined ? undefined : structuredClone(batch);
    },
    listBatches(filter) {
      return [...batches.values()].filter((b) => batchMatches(b, filter)).map((b) => structuredClone(b));
    },

    async putFile(batchId, datasetId, name, bytes) {
      ensureOpen();
      const key = checkFileNames(batchId, datasetId, name);
      checkBytes(bytes, `file ${name}`);
      const content = Uint8Array.from(bytes);
      const record = wholeFileRecord(batchId, datasetId, name, content, clock.now());
      files.set(key, { record, content, parts: [] });
      return structuredClone(record);
    },
    async writeChunk(batchId, datasetId, name, start, bytes) {
      ensureOpen();
      const key = checkFileNames(batchId, datasetId, name);
      checkChunk(start, bytes);
      const previous = files.get(key);
      refuseChunkForComplete(previous?.record);
      const { parts } = withPart(previous?.parts ?? [], { start, length: bytes.length, bytes: Uint8Array.from(bytes) });
      const record = uploadingRecord(previous?.record, batchId, datasetId, name, parts, clock.now());
      files.set(key, { record, parts });
      return structuredClone(record);
    },
    async completeFile(batchId, datasetId, name) {
      ensureOpen();
      const key = checkFileNames(batchId, datasetId, name);
      const file = files.get(key);
      if (file === undefined) throw notFound(batchId, datasetId, name);
      if (file.record.state === 'complete') return structuredClone(file.record);
      // Parts land at their offsets in start order, as the file store assembles them.
      const content = new Uint8Array(extentOf(file.parts));
      for (const part of file.parts) content.set(part.bytes, part.start);
      const record = completedRecord(file.record, content.length, sha256Hex(content));
      files.set(key, { record, content, parts: [] });
      return structuredClone(record);
    },
    getFile(batchId, datasetId, name) {
      const file = files.get(fileKey(batchId, datasetId, name));
      return file === undefined ? undefined : structuredClone(file.record);
    },
    listFiles(batchId) {
      return [...files.values()]
        .filter((f) => f.record.batchId === batchId)
        .map((f) => structuredClone(f.record))
        .sort(byDatasetThenName);
    },
    async readFile(batchId, datasetId, name) {
      return Uint8Array.from(completeFileOf(batchId, datasetId, name));
    },
    openFileStream(batchId, datasetId, name) {
      return Readable.from([Buffer.from(completeFileOf(batchId, datasetId, name))]);
    },

    async putFailedOutput(batchId, name, bytes) {
      ensureOpen();
      checkName('batch id', batchId);
      checkName('output name', name);
      checkBytes(bytes, `output ${name}`);
      let outputs = failed.get(batchId);
      if (outputs === undefined) failed.set(batchId, (outputs = new Map()));
      outputs.set(name, Uint8Array.from(bytes));
    },
    listFailedOutputs(batchId) {
      return [...(failed.get(batchId) ?? new Map<string, Uint8Array>())].map(([name, bytes]) => ({ name, length: bytes.length }));
    },
    async readFailedOutput(batchId, name) {
      const bytes = failed.get(batchId)?.get(name);
      return bytes === undefined ? undefined : Uint8Array.from(bytes);
    },

    async appendRecords(batchId, batchRecords) {
      ensureOpen();
      checkName('batch id', batchId);
      const group = JSON.parse(recordsLine(batchId, batchRecords)) as unknown[];
      if (group.length === 0) return;
      let groups = records.get(batchId);
      if (groups === undefined) records.set(batchId, (groups = []));
      groups.push(group);
    },
    async readRecords(batchId) {
      checkName('batch id', batchId);
      const appended = structuredClone((records.get(batchId) ?? []).flat());
      const texts = streamed.get(batchId);
      return texts === undefined ? appended : [...parseRecordTexts(texts.texts, texts.ends, `the records of batch ${batchId}`), ...appended];
    },
    async appendStreamed(unit) {
      ensureOpen();
      // Everything is checked before anything changes: the unit is stored whole or refused whole.
      const checked = checkStreamedUnit(unit, (id) => batches.has(id));
      for (const b of checked) {
        batches.set(b.batch.id, b.batch);
        streamed.set(b.batch.id, { texts: Uint8Array.from(b.texts), ends: b.ends });
        if (b.outputs.length > 0) {
          let outputs = failed.get(b.batch.id);
          if (outputs === undefined) failed.set(b.batch.id, (outputs = new Map()));
          for (const o of b.outputs) outputs.set(o.name, Uint8Array.from(o.bytes));
        }
      }
    },

    async putCampaignRequest(request) {
      ensureOpen();
      const copy = checkCampaignRequest(request);
      campaign.set(copy.requestId, copy);
    },
    getCampaignRequest(requestId) {
      const request = campaign.get(requestId);
      return request === undefined ? undefined : structuredClone(request);
    },
    listCampaignRequests(filter) {
      return [...campaign.values()].filter((r) => campaignRequestMatches(r, filter)).map((r) => structuredClone(r));
    },

    async close() {
      closed = true;
    },
  };
}

