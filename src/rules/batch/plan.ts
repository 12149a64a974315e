/**
 * `preflight --plan DIR`: how a directory of files would be uploaded as one batch, and what the platform
 * would say about it before a byte is sent.
 *
 * The directory is walked with `readdir` and `stat` only: no file is opened, so planning a 100 GB batch
 * costs what listing it costs. Each file is named by its path relative to DIR (its folders are kept as
 * partitions, as the batch API keeps them), and goes either as one PUT or, over the profile's chunking
 * threshold (`batch.chunkThreshold.bytes`: 512 MB in the tutorials, 256 MB in the OpenAPI file), by the
 * large-file upload: INITIALIZE, one PATCH per part with its exact Content-Range, COMPLETE. The batch is
 * completed once, at the end.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BATCH_BASE,
  BATCH_ERROR_CODES,
  BATCH_ENDPOINTS,
  BATCH_LIMITS,
  BATCH_PICKS,
  CONTENT_RANGE,
  pickBatch,
  type BatchEndpointName,
} from '../../contract/batch.js';
import type { ProfileName } from '../../contract/profiles.js';
import { docsUrl } from '../../contract/sources.js';
import { VERSION } from '../../version.js';
import type { Finding, Severity } from '../finding.js';
import type { BatchPlanRuleId } from '../ids.js';
import { chunkRanges, contentRangeHeader, MAX_PART_BYTES } from './chunks.js';
import { PLAN_RULES } from './plan-rules.js';

export interface PlanOptions {
  profile: ProfileName;
  /** Bytes per part of a chunked file; default: the largest a request may carry that is not over the threshold. */
  chunkBytes?: number;
  /** Written into every path instead of `{DATASET_ID}` when given. */
  datasetId?: string;
}

export interface PlannedRequest {
  method: 'PUT' | 'POST' | 'PATCH';
  /** The full path under the platform host, `{BATCH_ID}` left for the id `POST /batches` answers. */
  path: string;
  query?: { action: string };
  /** Only requests that carry file bytes have a body, so only they name a content type. */
  headers: { 'Content-Type'?: 'application/octet-stream'; 'Content-Range'?: string };
  /** The file's bytes this request carries: [start, end], inclusive. */
  body?: { start: number; end: number };
}

export interface PlannedFile {
  /** Relative to DIR, with `/` between folders: the `{FILE_NAME}` of the batch API. */
  name: string;
  bytes: number;
  method: 'PUT' | 'chunked';
  requests: PlannedRequest[];
}

export interface SkippedEntry {
  name: string;
  /** Known for a file refused for its name; absent for an entry whose size could not be read. */
  bytes?: number;
  reason: string;
}

export interface PlanReport {
  tool: { name: 'aep-ingest-harness'; version: string };
  profile: ProfileName;
  /** DIR as the caller named it. */
  dir: string;
  threshold: { bytes: number; reading: string; note: string };
  chunkBytes: { bytes: number; chosenBy: 'default' | 'option'; note: string };
  contentRange: { form: string; endInclusive: true; note: string };
  files: PlannedFile[];
  refused: SkippedEntry[];
  unreadable: SkippedEntry[];
  completeBatch: PlannedRequest;
  findings: Finding[];
  summary: {
    /** Regular files found, whatever their name: what counts toward the batch's file limit. */
    files: number;
    bytes: number;
    put: number;
    chunked: number;
    parts: number;
    /** Every request of the plan, the batch COMPLETE included (POST /batches is not counted). */
    requests: number;
    refused: number;
    unreadable: number;
    findings: Record<Severity, number>;
    /** Findings an `ignores` entry of the configuration file dropped; present when a configuration file is used. */
    ignored?: number;
  };
}

/** DIR itself cannot be listed: the caller's input error (exit code 3), not a finding. */
export class PlanInputError extends Error {}

/** An option outside what the contract allows: a usage error (exit code 2), with the valid range named. */
export class PlanOptionError extends Error {}

/**
 * Batch ids are made by the platform; no source gives their length. A URL is measured with an id of 32
 * characters (the harness's assumption: longer than the ids seen in practice), so a name refused for its
 * length is refused whatever id the platform gives.
 */
const ASSUMED_BATCH_ID_LENGTH = 32;
/** Dataset ids in the sources are 24 hexadecimal characters. */
const ASSUMED_DATASET_ID_LENGTH = 24;

export function chunkThreshold(profile: ProfileName): { bytes: number; reading: string; note: string } {
  const reading = pickBatch(profile, 'batch.chunkThreshold.bytes');
  return { bytes: reading.value, reading: BATCH_PICKS[profile]['batch.chunkThreshold.bytes'], note: reading.note };
}

/**
 * The part size: the option when given (1 to 512 000 000 bytes), else the largest a request may carry
 * that is not over the threshold, so a chunked file takes as few requests as the contract allows.
 */
export function partSize(profile: ProfileName, chunkBytes?: number): { bytes: number; chosenBy: 'default' | 'option'; note: string } {
  if (chunkBytes !== undefined) {
    if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_PART_BYTES) {
      throw new PlanOptionError(`the part size must be a whole number of bytes from 1 to ${MAX_PART_BYTES} (the accepted range of a request is 0 - ${MAX_PART_BYTES}); got ${chunkBytes}`);
    }
    return { bytes: chunkBytes, chosenBy: 'option', note: 'Chosen by the caller.' };
  }
  const bytes = Math.min(chunkThreshold(profile).bytes, MAX_PART_BYTES);
  return {
    bytes,
    chosenBy: 'default',
    note: `The harness's choice: the largest part a request may carry (${MAX_PART_BYTES} bytes, the OpenAPI's accepted range) that is not over the chunking threshold.`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Walking the directory.

type Entry = { kind: 'file'; name: string; bytes: number } | { kind: 'unreadable'; name: string; reason: string } | { kind: 'bad-name'; name: string; bytes: number; reason: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : message;
}

/** The name as text, or why it is not text: the file system gives bytes, the URL needs UTF-8. */
function decodeSegment(raw: Buffer): { text: string } | { text: string; invalid: string } {
  try {
    return { text: strictUtf8.decode(raw) };
  } catch {
    return { text: raw.toString('utf8'), invalid: 'the name is not valid UTF-8: a URL can carry it only as different text, so the file would arrive under another name' };
  }
}

async function walk(here: Buffer, relative: string[], into: Entry[]): Promise<void> {
  let dirents: Dirent<Buffer>[];
  try {
    dirents = await readdir(here, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    if (relative.length === 0) throw new PlanInputError(`cannot list the directory: ${errorText(error)}`);
    into.push({ kind: 'unreadable', name: `${relative.join('/')}/`, reason: `the folder cannot be listed (${errorText(error)})` });
    return;
  }
  for (const dirent of dirents) {
    const decoded = decodeSegment(dirent.name);
    const segments = [...relative, decoded.text];
    const name = segments.join('/');
    const full = Buffer.concat([here, Buffer.from('/'), dirent.name]);
    if (dirent.isDirectory()) {
      if ('invalid' in decoded) {
        into.push({ kind: 'unreadable', name: `${name}/`, reason: `the folder's ${decoded.invalid.replace(/^the /, '')}` });
        continue;
      }
      await walk(full, segments, into);
      continue;
    }
    let stats: Stats;
    try {
      stats = await stat(full); // follows a symbolic link: the upload would send what it points to
    } catch (error) {
      into.push({ kind: 'unreadable', name, reason: `its size cannot be read (${errorText(error)})` });
      continue;
    }
    if (stats.isDirectory()) {
      into.push({ kind: 'unreadable', name, reason: 'a symbolic link to a folder: not followed, so that a link cannot loop or reach outside DIR' });
    } else if (!stats.isFile()) {
      into.push({ kind: 'unreadable', name, reason: 'not a regular file (a FIFO, socket or device has no size to upload)' });
    } else if ('invalid' in decoded) {
      into.push({ kind: 'bad-name', name, bytes: stats.size, reason: decoded.invalid });
    } else {
      into.push({ kind: 'file', name, bytes: stats.size });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Requests.

/** `{FILE_NAME}` in the URL: each folder and the file name percent-encoded, the `/` between them kept. */
export function encodeFileName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function endpointPath(endpoint: BatchEndpointName, encodedName: string, datasetId: string): string {
  return `${BATCH_BASE.path}${BATCH_ENDPOINTS[endpoint].path.replace('{DATASET_ID}', datasetId).replace('{FILE_NAME}', encodedName)}`;
}

function request(endpoint: BatchEndpointName, encodedName: string, datasetId: string): PlannedRequest {
  const e = BATCH_ENDPOINTS[endpoint];
  const planned: PlannedRequest = { method: e.method as PlannedRequest['method'], path: endpointPath(endpoint, encodedName, datasetId), headers: {} };
  if (e.action !== undefined) planned.query = { action: e.action };
  if (e.requestContentType === 'application/octet-stream') planned.headers['Content-Type'] = 'application/octet-stream';
  return planned;
}

/** The requests that upload one file: one PUT, or INITIALIZE, a PATCH per part and COMPLETE. */
export function planFile(name: string, bytes: number, threshold: number, chunkBytes: number, datasetId = '{DATASET_ID}'): PlannedFile {
  const encoded = encodeFileName(name);
  if (bytes <= threshold) {
    const put = request('uploadFile', encoded, datasetId);
    if (bytes > 0) put.body = { start: 0, end: bytes - 1 };
    return { name, bytes, method: 'PUT', requests: [put] };
  }
  const requests: PlannedRequest[] = [request('initializeLargeFile', encoded, datasetId)];
  for (const range of chunkRanges(bytes, chunkBytes)) {
    const part = request('uploadFilePart', encoded, datasetId);
    part.headers['Content-Range'] = contentRangeHeader(range);
    part.body = { start: range.start, end: range.end };
    requests.push(part);
  }
  requests.push(request('completeLargeFile', encoded, datasetId));
  return { name, bytes, method: 'chunked', requests };
}

function urlLength(req: PlannedRequest): number {
  const query = req.query ? `?action=${req.query.action}` : '';
  return BATCH_BASE.host.length + req.path.replace('{BATCH_ID}', 'x'.repeat(ASSUMED_BATCH_ID_LENGTH)).replace('{DATASET_ID}', 'x'.repeat(ASSUMED_DATASET_ID_LENGTH)).length + query.length;
}

// ---------------------------------------------------------------------------------------------------------
// The plan.

export async function planBatchUpload(dir: string, opts: PlanOptions): Promise<PlanReport> {
  const { profile } = opts;
  const threshold = chunkThreshold(profile);
  const part = partSize(profile, opts.chunkBytes);
  const datasetId = opts.datasetId ?? '{DATASET_ID}';

  let top: Stats;
  try {
    top = await stat(dir);
  } catch (error) {
    throw new PlanInputError(`cannot read ${dir}: ${errorText(error)}`);
  }
  if (!top.isDirectory()) throw new PlanInputError(`${dir} is not a directory: --plan takes the folder whose files make one batch`);

  const entries: Entry[] = [];
  await walk(Buffer.from(dir, 'utf8'), [], entries);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const findings: Finding[] = [];
  const find = (ruleId: BatchPlanRuleId, file: string, message: string): void => {
    const rule = PLAN_RULES[ruleId];
    findings.push({ ruleId, severity: rule.severity(profile), message, file, pointer: '', line: 1, column: 1, docs: docsUrl(rule.source) });
  };
  const at = (name: string) => join(dir, name);

  const files: PlannedFile[] = [];
  const refused: SkippedEntry[] = [];
  const unreadable: SkippedEntry[] = [];
  let fileCount = 0;
  let totalBytes = 0;
  for (const entry of entries) {
    if (entry.kind === 'unreadable') {
      unreadable.push({ name: entry.name, reason: entry.reason });
      find('batch.plan.entry-unreadable', at(entry.name), `${entry.name} cannot be planned: ${entry.reason}`);
      continue;
    }
    fileCount++;
    totalBytes += entry.bytes;
    if (entry.kind === 'bad-name') {
      refused.push({ name: entry.name, bytes: entry.bytes, reason: entry.reason });
      find('batch.plan.name-refused', at(entry.name), `${entry.name}: ${entry.reason}`);
      continue;
    }
    const planned = planFile(entry.name, entry.bytes, threshold.bytes, part.bytes, datasetId);
    const longest = Math.max(...planned.requests.map(urlLength));
    if (longest > BATCH_LIMITS.urlLength.value) {
      const reason = `the upload URL would be ${longest} characters (the name percent-encoded, a ${ASSUMED_BATCH_ID_LENGTH}-character batch id assumed); the API refuses a URL over ${BATCH_LIMITS.urlLength.value} characters with ${BATCH_LIMITS.urlLength.status}`;
      refused.push({ name: entry.name, bytes: entry.bytes, reason });
      find('batch.plan.name-refused', at(entry.name), `${entry.name}: ${reason}`);
      continue;
    }
    files.push(planned);
    if (entry.bytes === 0) {
      find('batch.plan.file-empty', at(entry.name), `${entry.name} is empty; the batch would report error 106: "${BATCH_ERROR_CODES['106'].description}"`);
    } else if (planned.method === 'chunked') {
      const parts = planned.requests.length - 2;
      find(
        'batch.plan.file-chunked',
        at(entry.name),
        `${entry.name} is ${entry.bytes} bytes, over the ${threshold.reading} threshold (${threshold.bytes} bytes, profile ${profile}): it goes by the large-file upload in ${parts} part${parts === 1 ? '' : 's'} of up to ${part.bytes} bytes`,
      );
    }
  }

  const filesLimit = BATCH_LIMITS.filesPerBatch.value;
  if (fileCount > filesLimit) {
    find('batch.plan.too-many-files', dir, `the batch would hold ${fileCount} files; a batch holds at most ${filesLimit}: split it into ${Math.ceil(fileCount / filesLimit)} batches`);
  }
  if (totalBytes > BATCH_LIMITS.batchBytes.value) {
    find('batch.plan.batch-too-large', dir, `the batch would be ${totalBytes} bytes (${gib(totalBytes)}); the maximum batch size is 100 GB (${BATCH_LIMITS.batchBytes.value} bytes)`);
  } else if (totalBytes < BATCH_LIMITS.recommendedBatchBytes.min) {
    find(
      'batch.plan.batch-below-recommended',
      dir,
      `the batch would be ${totalBytes} bytes (${mib(totalBytes)}); the recommended batch size is between 256 MB and 100 GB (from ${BATCH_LIMITS.recommendedBatchBytes.min} bytes)`,
    );
  }

  const completeBatch = request('batchAction', '', datasetId);
  const counts: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const chunked = files.filter((f) => f.method === 'chunked');
  return {
    tool: { name: 'aep-ingest-harness', version: VERSION },
    profile,
    dir,
    threshold,
    chunkBytes: part,
    contentRange: {
      form: 'bytes {start}-{end}/{total}',
      endInclusive: true,
      note: `The harness's reading of the documented "${CONTENT_RANGE.documented.template}" (no source shows an example): RFC 9110's form with an inclusive end, as ${CONTENT_RANGE.harnessReads.example}.`,
    },
    files,
    refused,
    unreadable,
    completeBatch,
    findings,
    summary: {
      files: fileCount,
      bytes: totalBytes,
      put: files.length - chunked.length,
      chunked: chunked.length,
      parts: chunked.reduce((n, f) => n + f.requests.length - 2, 0),
      requests: files.reduce((n, f) => n + f.requests.length, 0) + 1,
      refused: refused.length,
      unreadable: unreadable.length,
      findings: counts,
    },
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
