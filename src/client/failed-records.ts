/**
 * The failed output of a failed batch, through the Data Access API (EXPORT_BASE): the failed files are
 * listed with `GET /export/batches/{BATCH_ID}/failed` (FAILED_BATCH_FILES: `{data: [{name, length, _links}],
 * _page: {limit, count}}`, at most 100 an answer), and each is downloaded with `…/failed?path={FILE}`
 * (FAILED_BATCH_FILE). A batch that failed says why only there ("Retrieve failed batch details").
 *
 * Each file is read as JSON, else as JSON lines; a record is kept as its parsed value, or as text when it
 * is neither.
 */
import { EXPORT_BASE, FAILED_BATCH_FILE, FAILED_BATCH_FILES } from '../contract/catalog.js';
import { AepClientError } from './errors.js';
import { deliver, isSuccess, problemText, type Transport } from './http.js';

export interface FailedRecord {
  /** The failed file it was read from. */
  file: string;
  /** The record as parsed (with its `_validationErrors`, as documented), when the file is JSON or JSON lines. */
  value?: unknown;
  /** The line as it is, when it is not JSON. */
  text?: string;
}

export interface FailedOutput {
  files: string[];
  records: FailedRecord[];
  /** Set when the listing or a download could not be read; what was read is still returned. */
  error?: AepClientError;
}

export interface ExportTarget {
  transport: Transport;
  platformUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

function failedUrl(platformUrl: string, batchId: string): string {
  return `${platformUrl.replace(/\/+$/, '')}${EXPORT_BASE.path}${FAILED_BATCH_FILES.path.replace('{BATCH_ID}', encodeURIComponent(batchId))}`;
}

/** The records of a failed file: a JSON array's items, one JSON value, or JSON lines. */
export function parseFailedFile(file: string, text: string): FailedRecord[] {
  const whole = text.replace(/^\uFEFF/, '').trim();
  if (whole === '') return [];
  try {
    const value: unknown = JSON.parse(whole);
    return Array.isArray(value) ? value.map((v) => ({ file, value: v })) : [{ file, value }];
  } catch {
    // Not one JSON document: JSON lines, each line its own record.
  }
  return whole
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line): FailedRecord => {
      try {
        return { file, value: JSON.parse(line) as unknown };
      } catch {
        return { file, text: line };
      }
    });
}

/** The names a listing answer gives, or undefined when it is not one. */
function listedNames(json: unknown): string[] | undefined {
  const data = (json as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data)) return undefined;
  return data.flatMap((item) => {
    const name = (item as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name !== '' ? [name] : [];
  });
}

export async function readFailedOutput(target: ExportTarget, batchId: string): Promise<FailedOutput> {
  const base = failedUrl(target.platformUrl, batchId);
  const files: string[] = [];
  const records: FailedRecord[] = [];
  const limit = FAILED_BATCH_FILES.maxFilesPerAnswer;
  // Paged by `start` and `limit`: a page as long as the limit may have a next one.
  for (let start = 0; ; start += limit) {
    const label = `list failed files of batch ${batchId}${start > 0 ? ` from ${start}` : ''}`;
    const url = start === 0 ? base : `${base}?start=${start}&limit=${limit}`;
    const d = await deliver(target.transport, { method: 'GET', url, headers: target.headers, timeoutMs: target.timeoutMs, label }, 'always');
    if (d.kind === 'gave-up') return { files, records, error: new AepClientError('gave-up', d.reason, d.answer?.status) };
    if (!isSuccess(d.answer.status)) {
      const text = problemText(d.answer);
      return { files, records, error: new AepClientError('refused', `${label}: answered ${d.answer.status}: ${text}`, d.answer.status, text) };
    }
    const names = listedNames(d.answer.json);
    if (names === undefined) return { files, records, error: new AepClientError('refused', `${label}: the answer holds no data array`, d.answer.status) };
    // A server that does not page answers the first page again: stop at names already seen.
    const fresh = names.filter((n) => !files.includes(n));
    files.push(...fresh);
    if (names.length < limit || fresh.length === 0) break;
  }
  for (const name of files) {
    const label = `download failed file ${name} of batch ${batchId}`;
    const url = `${base}?${FAILED_BATCH_FILE.query}=${encodeURIComponent(name)}`;
    const d = await deliver(target.transport, { method: 'GET', url, headers: target.headers, timeoutMs: target.timeoutMs, label }, 'always');
    if (d.kind === 'gave-up') return { files, records, error: new AepClientError('gave-up', d.reason, d.answer?.status) };
    if (!isSuccess(d.answer.status)) {
      const text = problemText(d.answer);
      return { files, records, error: new AepClientError('refused', `${label}: answered ${d.answer.status}: ${text}`, d.answer.status, text) };
    }
    records.push(...parseFailedFile(name, d.answer.text));
  }
  return { files, records };
}
