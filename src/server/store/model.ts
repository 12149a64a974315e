/**
 * The semantics both stores share: what a put checks, what a file record looks like after a whole
 * upload, a chunk or completion, and how lists filter. Keeping them here is what makes the memory store
 * and the file store answer alike.
 */
import { createHash } from 'node:crypto';
import { StoreError } from './errors.js';
import { checkName } from './names.js';
import type { BatchRecord, CampaignRequestRecord, FileRecord, StreamedUnit } from './types.js';

/** NUL is refused in every name, so it separates the parts of a key unambiguously. */
export function fileKey(batchId: string, datasetId: string, name: string): string {
  return `${batchId}\0${datasetId}\0${name}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * What the file store keeps is what JSON keeps (no `undefined` members, no Dates, no class instances);
 * the memory store copies through JSON too, so both give back the same thing.
 */
export function jsonCopy<T>(value: T, what: string): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StoreError('invalid-argument', `the ${what} cannot be written as JSON: ${(cause as Error).message}`, { cause });
  }
  if (text === undefined) throw new StoreError('invalid-argument', `the ${what} cannot be written as JSON`);
  return JSON.parse(text) as T;
}

export function checkBatch(batch: BatchRecord): BatchRecord {
  if (typeof batch !== 'object' || batch === null) throw new StoreError('invalid-argument', 'a batch must be an object');
  checkName('batch id', batch.id);
  return jsonCopy(batch, `batch ${batch.id}`);
}

export function checkCampaignRequest(request: CampaignRequestRecord): CampaignRequestRecord {
  if (typeof request !== 'object' || request === null) throw new StoreError('invalid-argument', 'a Campaign request must be an object');
  checkName('request id', request.requestId);
  return jsonCopy(request, `Campaign request ${request.requestId}`);
}

export function checkFileNames(batchId: string, datasetId: string, name: string): string {
  checkName('batch id', batchId);
  checkName('dataset id', datasetId);
  checkName('file name', name);
  return fileKey(batchId, datasetId, name);
}

export function checkChunk(start: number, bytes: Uint8Array): void {
  if (!Number.isSafeInteger(start) || start < 0) throw new StoreError('invalid-argument', `a chunk start must be a non-negative integer, not ${String(start)}`);
  if (!(bytes instanceof Uint8Array)) throw new StoreError('invalid-argument', 'chunk bytes must be a Uint8Array');
  if (bytes.length === 0) throw new StoreError('invalid-argument', `the chunk at ${start} is empty: a chunk covers at least one byte`);
}

export function checkBytes(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new StoreError('invalid-argument', `the bytes of ${what} must be a Uint8Array`);
}

/** The records of one `appendRecords` call, as the one NDJSON line that stores them. */
export function recordsLine(batchId: string, records: unknown[]): string {
  if (!Array.isArray(records)) throw new StoreError('invalid-argument', `records for batch ${batchId} must be an array`);
  let text: string;
  try {
    text = JSON.stringify(records);
  } catch (cause) {
    throw new StoreError('invalid-argument', `records for batch ${batchId} cannot be written as JSON: ${(cause as Error).message}`, { cause });
  }
  // JSON.stringify escapes line breaks inside strings, so the only newline is the one that ends the line.
  return `${text}\n`;
}

export function wholeFileRecord(batchId: string, datasetId: string, name: string, bytes: Uint8Array, now: number): FileRecord {
  return {
    batchId,
    datasetId,
    name,
    state: 'complete',
    size: bytes.length,
    ranges: bytes.length > 0 ? [[0, bytes.length - 1]] : [],
    sha256: sha256Hex(bytes),
    created: now,
  };
}

export interface PartExtent {
  start: number;
  length: number;
}

/** Parts sorted by start; a chunk at a start already received replaces the earlier one. */
export function withPart<P extends PartExtent>(parts: readonly P[], part: P): { parts: P[]; replaced: P | undefined } {
  const replaced = parts.find((p) => p.start === part.start);
  const next = parts.filter((p) => p !== replaced);
  next.push(part);
  next.sort((a, b) => a.start - b.start);
  return { parts: next, replaced };
}

export function extentOf(parts: readonly PartExtent[]): number {
  return parts.reduce((end, p) => Math.max(end, p.start + p.length), 0);
}

/** True when the parts tile [0, extent) exactly: the assembled content is their concatenation. */
export function isContiguous(parts: readonly PartExtent[]): boolean {
  let next = 0;
  for (const p of parts) {
    if (p.start !== next) return false;
    next = p.start + p.length;
  }
  return true;
}

export function uploadingRecord(previous: FileRecord | undefined, batchId: string, datasetId: string, name: string, parts: readonly PartExtent[], now: number): FileRecord {
  return {
    batchId,
    datasetId,
    name,
    state: 'uploading',
    size: extentOf(parts),
    ranges: parts.map((p): [number, number] => [p.start, p.start + p.length - 1]),
    created: previous?.state === 'uploading' ? previous.created : now,
  };
}

export function completedRecord(uploading: FileRecord, size: number, sha256: string): FileRecord {
  return { ...uploading, state: 'complete', size, sha256 };
}

export function refuseChunkForComplete(record: FileRecord | undefined): void {
  if (record?.state === 'complete') {
    throw new StoreError('conflict', `file ${record.name} of batch ${record.batchId} is already complete; it takes no more chunks`);
  }
}

export function notFound(batchId: string, datasetId: string, name: string): StoreError {
  return new StoreError('not-found', `no file ${name} in dataset ${datasetId} of batch ${batchId}`);
}

export function stillUploading(record: FileRecord): StoreError {
  return new StoreError('conflict', `file ${record.name} of batch ${record.batchId} is still uploading; it can be read once complete`);
}

export function closedError(): StoreError {
  return new StoreError('closed', 'the store is closed');
}

export function batchMatches(batch: BatchRecord, filter: { datasetId?: string; kind?: BatchRecord['kind'] } | undefined): boolean {
  return (filter?.datasetId === undefined || batch.datasetId === filter.datasetId) && (filter?.kind === undefined || batch.kind === filter.kind);
}

export function campaignRequestMatches(request: CampaignRequestRecord, filter: { mappingId?: string } | undefined): boolean {
  return filter?.mappingId === undefined || request.mappingId === filter.mappingId;
}

export function byDatasetThenName(a: FileRecord, b: FileRecord): number {
  return a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A streamed unit as the stores keep it: batch records copied through JSON, spans checked. */
export interface CheckedStreamedBatch {
  batch: BatchRecord;
  texts: Uint8Array;
  ends: number[];
  outputs: { name: string; bytes: Uint8Array }[];
}

/**
 * Checks everything of a streamed unit before anything is written, so a unit is refused whole: batch
 * records and output names as `putBatch` and `putFailedOutput` check them, record spans in order and
 * covering the texts exactly, no batch id twice.
 */
export function checkStreamedUnit(unit: StreamedUnit, exists: (batchId: string) => boolean): CheckedStreamedBatch[] {
  if (typeof unit !== 'object' || unit === null || !Array.isArray(unit.batches)) throw new StoreError('invalid-argument', 'a streamed unit must hold an array of batches');
  const seen = new Set<string>();
  return unit.batches.map((b) => {
    const batch = checkBatch(b.batch);
    if (seen.has(batch.id) || exists(batch.id)) throw new StoreError('conflict', `batch ${batch.id} already exists; a streamed unit makes new batches`);
    seen.add(batch.id);
    checkBytes(b.texts, `records of batch ${batch.id}`);
    if (!Array.isArray(b.ends)) throw new StoreError('invalid-argument', `the record ends of batch ${batch.id} must be an array`);
    let previous = 0;
    for (const end of b.ends) {
      if (!Number.isInteger(end) || end <= previous || end > b.texts.length) {
        throw new StoreError('invalid-argument', `the record ends of batch ${batch.id} must rise, each record at least one byte, within its ${b.texts.length} bytes of texts`);
      }
      previous = end;
    }
    if (previous !== b.texts.length) throw new StoreError('invalid-argument', `the records of batch ${batch.id} end at ${previous}, not at the end of their ${b.texts.length} bytes`);
    const outputs = (b.outputs ?? []).map((o: { name: string; bytes: Uint8Array }) => {
      checkName('output name', o.name);
      checkBytes(o.bytes, `output ${o.name}`);
      return { name: o.name, bytes: o.bytes };
    });
    return { batch, texts: b.texts, ends: [...b.ends], outputs };
  });
}

/** The records of a streamed batch: each span of `texts` parsed as JSON. */
export function parseRecordTexts(texts: Uint8Array, ends: readonly number[], what: string): unknown[] {
  const buffer = Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength);
  const records: unknown[] = [];
  let start = 0;
  for (const end of ends) {
    try {
      records.push(JSON.parse(buffer.toString('utf8', start, end)));
    } catch (cause) {
      throw new StoreError('corrupt', `${what}: record ${records.length} is not JSON`, { cause });
    }
    start = end;
  }
  return records;
}
