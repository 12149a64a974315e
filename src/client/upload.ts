/**
 * Uploading one file into a batch (BATCH_ENDPOINTS): a file up to the large-file threshold in one
 * `PUT …/batches/{BATCH_ID}/datasets/{DATASET_ID}/files/{FILE_NAME}` of raw bytes; a larger one by the
 * large-file upload: `POST …?action=INITIALIZE`, `PATCH` parts each naming its bytes in Content-Range, and
 * `POST …?action=COMPLETE` on the file.
 *
 * - The threshold is a disagreement (batch.chunkThreshold.bytes: 512 MB in the overview, 256 MB in the
 *   OpenAPI PUT note and the troubleshooting guide); the default is the smaller, so a PUT is never refused
 *   for its size whichever the platform applies.
 * - No source gives a part size. The default is the threshold itself (within the 512 000 000 bytes the
 *   OpenAPI accepts in one part, BATCH_LIMITS.partRangeBytes), as the upload plan of `preflight --plan` does.
 * - Parts tile the file: contiguous, no gap, no overlap (RANGE_VALIDATION: a gap or an overlap is refused
 *   when the file is completed). Content-Range is `bytes {first}-{last}/{total}`, last byte included
 *   (CONTENT_RANGE.harnessReads, the RFC 9110 form of the documented "two integers").
 * - A PUT replaces the file (the OpenAPI calls it idempotent), and a part sent again lands at the same
 *   bytes, so both are retried on 5xx, 429 and network errors; so is the file COMPLETE, which answers as
 *   the first time when repeated.
 */
import { open, stat } from 'node:fs/promises';
import { BATCH_BASE, BATCH_DISAGREEMENTS, BATCH_ENDPOINTS, BATCH_LIMITS } from '../contract/batch.js';
import { deliver, isSuccess, problemText, type Transport } from './http.js';

/** The smaller reading of the large-file threshold: 256 MB (268 435 456 bytes). */
export const DEFAULT_LARGE_FILE_THRESHOLD_BYTES: number = BATCH_DISAGREEMENTS['batch.chunkThreshold.bytes'].readings['256MB'].value;

/** The most bytes one part may carry, as the OpenAPI writes it. */
export const MAX_PART_BYTES: number = BATCH_LIMITS.partRangeBytes.max;

export const DEFAULT_PART_BYTES: number = Math.min(DEFAULT_LARGE_FILE_THRESHOLD_BYTES, MAX_PART_BYTES);

/** The bytes of a file, read a range at a time: a file on disk is never read whole to send it in parts. */
export interface FileSource {
  size: number;
  read(start: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openFileSource(file: string | Uint8Array): Promise<FileSource> {
  if (typeof file !== 'string') {
    return { size: file.byteLength, read: async (start, length) => file.subarray(start, start + length), close: async () => {} };
  }
  const size = (await stat(file)).size;
  const handle = await open(file, 'r');
  return {
    size,
    async read(start, length) {
      const buffer = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`the file ended at byte ${start + done}, before the ${size} bytes it had when opened`);
        done += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}

export interface UploadTarget {
  transport: Transport;
  platformUrl: string;
  headers: (contentType?: 'application/json' | 'application/octet-stream') => Record<string, string>;
  batchId: string;
  datasetId: string;
  /** The file name in the batch; folders (`a/b.json`) are kept as partitions, each segment URL-encoded. */
  name: string;
  thresholdBytes: number;
  partBytes: number;
  timeoutMs: number;
}

export type UploadResult = { ok: true; bytes: number; parts: number } | { ok: false; reason: string; status?: number };

export function fileUrl(platformUrl: string, batchId: string, datasetId: string, name: string): string {
  const path = BATCH_ENDPOINTS.uploadFile.path
    .replace('{BATCH_ID}', encodeURIComponent(batchId))
    .replace('{DATASET_ID}', encodeURIComponent(datasetId))
    .replace('{FILE_NAME}', name.split('/').map(encodeURIComponent).join('/'));
  return `${platformUrl.replace(/\/+$/, '')}${BATCH_BASE.path}${path}`;
}

/** `bytes {first}-{last}/{total}`, the last byte included. */
export function contentRange(start: number, length: number, total: number): string {
  return `bytes ${start}-${start + length - 1}/${total}`;
}

/** The parts of a file of `total` bytes: contiguous `[start, length]` ranges that tile it. */
export function partRanges(total: number, partBytes: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < total; start += partBytes) ranges.push([start, Math.min(partBytes, total - start)]);
  return ranges;
}

export async function uploadFile(target: UploadTarget, source: FileSource): Promise<UploadResult> {
  const { transport } = target;
  const url = fileUrl(target.platformUrl, target.batchId, target.datasetId, target.name);
  const failed = (what: string, d: Awaited<ReturnType<typeof deliver>>): UploadResult =>
    d.kind === 'gave-up'
      ? { ok: false, reason: d.reason, ...(d.answer ? { status: d.answer.status } : {}) }
      : { ok: false, reason: `${what} answered ${d.answer.status}: ${problemText(d.answer)}`, status: d.answer.status };

  if (source.size <= target.thresholdBytes) {
    const body = await source.read(0, source.size);
    const label = `PUT file ${target.name} (${source.size} bytes)`;
    const d = await deliver(transport, { method: 'PUT', url, headers: target.headers('application/octet-stream'), body, timeoutMs: target.timeoutMs, label }, 'always');
    return d.kind === 'answered' && isSuccess(d.answer.status) ? { ok: true, bytes: source.size, parts: 1 } : failed(label, d);
  }

  const init = `INITIALIZE file ${target.name}`;
  const started = await deliver(transport, { method: 'POST', url: `${url}?action=INITIALIZE`, headers: target.headers(), timeoutMs: target.timeoutMs, label: init }, 'always');
  if (started.kind !== 'answered' || !isSuccess(started.answer.status)) return failed(init, started);

  const ranges = partRanges(source.size, target.partBytes);
  for (const [k, [start, length]] of ranges.entries()) {
    const body = await source.read(start, length);
    const range = contentRange(start, length, source.size);
    const label = `PATCH part ${k + 1} of ${ranges.length} of ${target.name} (${range})`;
    const headers = { ...target.headers('application/octet-stream'), 'Content-Range': range };
    const d = await deliver(transport, { method: 'PATCH', url, headers, body, timeoutMs: target.timeoutMs, label }, 'always');
    if (d.kind !== 'answered' || !isSuccess(d.answer.status)) return failed(label, d);
  }

  const complete = `COMPLETE file ${target.name}`;
  const done = await deliver(transport, { method: 'POST', url: `${url}?action=COMPLETE`, headers: target.headers(), timeoutMs: target.timeoutMs, label: complete }, 'always');
  if (done.kind !== 'answered' || !isSuccess(done.answer.status)) return failed(complete, done);
  return { ok: true, bytes: source.size, parts: ranges.length };
}
