/**
 * Pre-flight of one batch file (`preflight --dataset ID`): stream its records in the file's format, judge
 * each against the dataset's schema, locate every finding (line or row, and pointer) and predict how the
 * batch would end. Memory stays flat: records are judged as they stream past, and only the first findings
 * and failed records are kept. Large files are shared out over worker threads: single-line JSON split on
 * line breaks, a multi-line JSON array on element boundaries (found by a scan that parses nothing), Parquet
 * by runs of row groups, CSV on record boundaries (found by a scan that tracks quotes; the header is read
 * here and handed to each worker); the results are merged in file order, so the report is the same
 * whatever the number of workers.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileMetaData } from 'hyparquet';
import type { InputFormat } from '../../contract/batch.js';
import type { ProfileName } from '../../contract/profiles.js';
import { describeFsError, InputError } from '../../parse/input.js';
import { locatePointers } from '../../parse/locate.js';
import { csvRecord, readCsvRows, splitCsv, type CsvSlice } from '../../parse/records/csv.js';
import { readJsonArrayRecords, splitJsonArray, type ArraySlice } from '../../parse/records/json-array.js';
import { readJsonLineRecords, splitOnLines, type ByteRange } from '../../parse/records/json-lines.js';
import { readParquetRecords, splitOnRowGroups, type RowGroupRange } from '../../parse/records/parquet.js';
import { FileFault, isCorrupt, type BatchRecord } from '../../parse/records/types.js';
import type { FileReport, PredictedBatchFile, PredictedFailedRecord } from '../../report/model.js';
import type { World } from '../../world/types.js';
import type { RawFinding } from '../engine.js';
import type { Finding } from '../finding.js';
import { BatchFileAnalyser } from './analyse-file.js';

export interface BatchPreflightOptions {
  world: World;
  datasetId: string;
  profile?: ProfileName;
  /** Default: from the extension (`.json`, `.ndjson`, `.jsonl` → json; `.parquet`; `.csv`). */
  format?: InputFormat;
  /** JSON read as one document (`isMultiLineJson: true`). */
  multiline?: boolean;
  partialIngestionPercent?: number;
  /** Worker threads for large files (JSON, multi-line JSON arrays, Parquet, plain CSV); default: the cores available. */
  jobs?: number;
  /** Bytes of the file judged so far, and its size. */
  onProgress?: (done: number, total: number) => void;
  /** Findings kept (the rest are counted); default 1000. */
  maxFindings?: number;
  /** Failed records listed in the predicted answer (the rest are counted); default 100. */
  maxFailedRecords?: number;
  /** A worker gets at least this many bytes; smaller files are read on the calling thread. Default 8 MiB. */
  minBytesPerJob?: number;
}

const DEFAULT_MAX_FINDINGS = 1000;
const DEFAULT_MAX_FAILED_RECORDS = 100;
const DEFAULT_MIN_BYTES_PER_JOB = 8 * 1024 * 1024;

const FORMAT_BY_EXTENSION: Record<string, InputFormat> = { '.json': 'json', '.ndjson': 'json', '.jsonl': 'json', '.parquet': 'parquet', '.csv': 'csv' };

export function formatFromExtension(path: string): InputFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

/** Findings, counts and failed records of a run of records; a worker's tally is merged into the file's. */
export interface RecordTally {
  findings: Finding[];
  findingsDropped: number;
  records: number;
  failed: number;
  failedRecords: PredictedFailedRecord[];
  failedRecordsTruncated: number;
  firstRecord?: BatchRecord;
}

export function emptyTally(): RecordTally {
  return { findings: [], findingsDropped: 0, records: 0, failed: 0, failedRecords: [], failedRecordsTruncated: 0 };
}

export class RecordJudge {
  readonly tally = emptyTally();
  private readonly raw: RawFinding[] = [];

  constructor(
    private readonly file: string,
    private readonly analyser: BatchFileAnalyser,
    private readonly maxFindings: number,
    private readonly maxFailedRecords: number,
  ) {}

  judge(records: readonly BatchRecord[]): void {
    const tally = this.tally;
    for (const record of records) {
      tally.firstRecord ??= record;
      tally.records++;
      const failed = this.analyser.analyseRecord(record, this.raw);
      if (failed !== null) {
        tally.failed++;
        if (tally.failedRecords.length < this.maxFailedRecords) tally.failedRecords.push(failed);
        else tally.failedRecordsTruncated++;
      }
      if (this.raw.length > 0) {
        this.keep(this.raw, isCorrupt(record) ? null : (record.text ?? null), record.line);
        this.raw.length = 0;
      }
    }
  }

  /** Locates raw findings (pointers into `text`, which starts on `line`) and keeps the first ones. */
  keep(raw: readonly RawFinding[], text: string | null, line: number): void {
    const tally = this.tally;
    const room = this.maxFindings - tally.findings.length;
    if (room <= 0) {
      tally.findingsDropped += raw.length;
      return;
    }
    const kept = raw.length > room ? raw.slice(0, room) : raw;
    tally.findingsDropped += raw.length - kept.length;
    const wanted = kept.filter((f) => f.at === undefined).map((f) => f.pointer);
    const located = text !== null && wanted.length > 0 ? locatePointers(text, wanted, { baseLine: line }) : new Map<string, { line: number; column: number }>();
    for (const f of kept) {
      const at = f.at ?? located.get(f.pointer) ?? { line, column: 1 };
      tally.findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: this.file, pointer: f.pointer, line: at.line, column: at.column, docs: f.docs });
    }
  }
}

async function statBatchFile(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw describeFsError(error, file);
  }
  if (info.isDirectory()) throw new InputError('is a directory, not a file', file);
  return info.size;
}

function failedReport(file: string, message: string): FileReport {
  return { file, kind: 'batch-file', bytes: 0, findings: [], findingsDropped: 0, inputError: { message }, predicted: null };
}

export async function preflightBatchFile(file: string, opts: BatchPreflightOptions): Promise<FileReport> {
  const format = opts.format ?? formatFromExtension(file) ?? 'json';
  const analyser = new BatchFileAnalyser({
    world: opts.world,
    datasetId: opts.datasetId,
    format,
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.multiline !== undefined ? { multiline: opts.multiline } : {}),
    ...(opts.partialIngestionPercent !== undefined ? { partialIngestionPercent: opts.partialIngestionPercent } : {}),
  });
  const maxFindings = opts.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const maxFailedRecords = opts.maxFailedRecords ?? DEFAULT_MAX_FAILED_RECORDS;
  let size: number;
  try {
    size = await statBatchFile(file);
  } catch (error) {
    if (error instanceof InputError) return failedReport(file, error.message);
    throw error;
  }
  const judge = new RecordJudge(file, analyser, maxFindings, maxFailedRecords);
  const progress = (done: number) => opts.onProgress?.(Math.min(done, size), size);
  let fault: FileFault | undefined;
  let csvHeader: string[] | undefined;
  let sawContent = size > 0;

  const jobs = Math.max(1, Math.floor(opts.jobs ?? availableParallelism()));
  const minBytes = Math.max(1, opts.minBytesPerJob ?? DEFAULT_MIN_BYTES_PER_JOB);
  const parts = Math.min(jobs, Math.floor(size / minBytes));
  // Shares of the file judged on worker threads, merged into this file's tally in file order.
  const judgeShared = async (work: WorkerPart[]) => {
    const { tally, fault } = await runWorkers(file, work, opts, format, maxFindings, maxFailedRecords, progress);
    mergeTallies(judge.tally, tally, maxFindings, maxFailedRecords);
    if (fault) throw fault;
  };

  try {
    if (size > 0) {
      if (format === 'json' && !analyser.multiline) {
        if (parts > 1) {
          const ranges = await splitOnLines(file, size, parts);
          await judgeShared(ranges.map((range) => ({ kind: 'lines', range })));
        } else {
          for await (const records of readJsonLineRecords(file)) {
            judge.judge(records);
            progress(records[records.length - 1]!.endOffset);
          }
        }
        sawContent = judge.tally.records > 0;
      } else if (format === 'json') {
        const slices = parts > 1 ? await splitJsonArray(file, size, parts) : null;
        if (slices !== null) await judgeShared(slices.map((slice) => ({ kind: 'array', slice })));
        else {
          for await (const records of readJsonArrayRecords(file)) {
            judge.judge(records);
            progress(records[records.length - 1]!.endOffset);
          }
        }
        sawContent = judge.tally.records > 0 || !(await isBlankFile(file));
      } else if (format === 'parquet') {
        const split = parts > 1 ? await splitOnRowGroups(file, parts) : null;
        if (split !== null && split.ranges.length > 1) await judgeShared(split.ranges.map((groups) => ({ kind: 'parquet', groups, metadata: split.metadata })));
        else {
          for await (const records of readParquetRecords(file, split ? { metadata: split.metadata } : {})) {
            judge.judge(records);
            progress(records[records.length - 1]!.endOffset);
          }
        }
      } else if (analyser.nestedProperty === undefined) {
        // CSV: nothing is read for a nested schema, which fails the file as a whole.
        sawContent = false;
        const slices = parts > 1 ? await splitCsv(file, size, parts) : null;
        if (slices !== null) {
          // The header is the first row; the slices start after it.
          for await (const rows of readCsvRows(file)) {
            csvHeader = rows[0]!.cells.map((cell) => cell.trim());
            break;
          }
          sawContent = csvHeader !== undefined;
          if (csvHeader !== undefined && !csvHeader.every((cell) => cell === '')) {
            const header = csvHeader;
            await judgeShared(slices.map((slice) => ({ kind: 'csv', slice, header })));
          }
        } else {
          rows: for await (const rows of readCsvRows(file)) {
            for (const row of rows) {
              if (csvHeader === undefined) {
                csvHeader = row.cells.map((cell) => cell.trim());
                sawContent = true;
                if (csvHeader.every((cell) => cell === '')) break rows;
                continue;
              }
              judge.judge([csvRecord(row, csvHeader, analyser.columnTypes)]);
            }
            progress(rows[rows.length - 1]!.endOffset);
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof FileFault) fault = error;
    else if (error instanceof InputError) return failedReport(file, error.message);
    else throw error;
  }
  progress(size);

  const tally = judge.tally;
  const raw: RawFinding[] = [];
  const fileCtx = analyser.fileContext({ bytes: size, blank: !sawContent && fault === undefined, csvHeader, firstRecord: tally.firstRecord });
  const errors = analyser.analyseFile(fileCtx, raw);
  // File findings come first: they say how the whole file is read.
  const fileJudge = new RecordJudge(file, analyser, maxFindings, maxFailedRecords);
  fileJudge.keep(raw, null, 1);
  const findings = [...fileJudge.tally.findings, ...tally.findings];
  const findingsDropped = fileJudge.tally.findingsDropped + tally.findingsDropped + Math.max(0, findings.length - maxFindings);
  if (fault !== undefined) errors.push({ code: 'harness.unreadable-file', description: `${file}: ${fault.message}` });

  const predicted: PredictedBatchFile = {
    kind: 'batch-file',
    datasetId: analyser.dataset.id,
    format,
    status: analyser.batchStatus(tally.records, tally.failed, errors.length > 0),
    counts: { records: tally.records, valid: tally.records - tally.failed, failed: tally.failed },
    errors,
    failedRecords: tally.failedRecords,
    failedRecordsTruncated: tally.failedRecordsTruncated,
  };
  if (analyser.multiline) predicted.multiline = true;
  if (analyser.partialIngestionPercent !== undefined) predicted.partialIngestionPercent = analyser.partialIngestionPercent;
  const report: FileReport = { file, kind: 'batch-file', bytes: size, findings: findings.slice(0, maxFindings), findingsDropped, predicted };
  if (fault !== undefined) {
    report.inputError = { message: `the file cannot be read as ${format}${analyser.multiline ? ' (multi-line)' : ''}: ${fault.message}` };
    if (fault.at) Object.assign(report.inputError, fault.at);
  }
  return report;
}

async function isBlankFile(file: string): Promise<boolean> {
  const { createReadStream } = await import('node:fs');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const b of chunk) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Worker threads.

/** A worker's share of a file. */
export type WorkerPart =
  | { kind: 'lines'; range: ByteRange }
  | { kind: 'array'; slice: ArraySlice }
  | { kind: 'parquet'; groups: RowGroupRange; metadata: FileMetaData }
  | { kind: 'csv'; slice: CsvSlice; header: string[] };

/** The bytes a share covers, for progress. */
export function workerPartBytes(part: WorkerPart): ByteRange {
  if (part.kind === 'lines') return part.range;
  if (part.kind === 'array') return { start: part.slice.offset, end: part.slice.end };
  if (part.kind === 'csv') return { start: part.slice.start, end: part.slice.end };
  return { start: part.groups.start, end: part.groups.end };
}

/** What a worker is asked to judge. */
export interface WorkerTask {
  file: string;
  part: WorkerPart;
  world: World;
  datasetId: string;
  profile: ProfileName | undefined;
  format: InputFormat;
  maxFindings: number;
  maxFailedRecords: number;
}

/** A file fault met by a worker: its share stops there, and so does the file. */
export interface WorkerFault {
  message: string;
  at?: { line: number; column: number };
}

export type WorkerMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; tally: RecordTally; lines: number; fault?: WorkerFault }
  | { type: 'error'; message: string; input: boolean };

/**
 * Starts the worker module beside this one: `preflight-worker.js` in `dist/`; under tsx or vitest the
 * `.ts` source, loaded through tsx's ESM hooks registered inside the worker (`--import` in a worker's
 * execArgv does not reach Node 20's module hooks).
 */
function startWorker(task: WorkerTask): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./preflight-worker.js', import.meta.url), { workerData: task });
  const source = new URL('./preflight-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: task });
}

async function runWorkers(
  file: string,
  parts: readonly WorkerPart[],
  opts: BatchPreflightOptions,
  format: InputFormat,
  maxFindings: number,
  maxFailedRecords: number,
  progress: (done: number) => void,
): Promise<{ tally: RecordTally; fault?: FileFault }> {
  const done = parts.map(() => 0);
  const results = await Promise.all(
    parts.map(
      (part, index) =>
        new Promise<{ tally: RecordTally; lines: number; fault?: WorkerFault }>((resolve, reject) => {
          const task: WorkerTask = { file, part, world: opts.world, datasetId: opts.datasetId, profile: opts.profile, format, maxFindings, maxFailedRecords };
          const worker = startWorker(task);
          let settled = false;
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'progress') {
              done[index] = message.bytes;
              progress(done.reduce((a, b) => a + b, 0));
            } else if (message.type === 'done') {
              settled = true;
              resolve(message);
            } else {
              settled = true;
              reject(message.input ? new InputError(message.message, file) : new Error(message.message));
            }
          });
          worker.on('error', (error) => {
            settled = true;
            reject(error);
          });
          worker.on('exit', (code) => {
            if (!settled) reject(new Error(`a pre-flight worker stopped with exit code ${code}`));
          });
        }),
    ),
  );
  // Shift each single-line JSON range's lines by the lines before it (the other shares are numbered as in
  // the file), then merge in file order, up to the first share that met a file fault.
  const merged = emptyTally();
  let shift = 0;
  for (const { tally, lines, fault } of results) {
    for (const finding of tally.findings) finding.line += shift;
    for (const record of tally.failedRecords) record.row += shift;
    if (tally.firstRecord) {
      tally.firstRecord.line += shift;
      tally.firstRecord.row += shift;
    }
    mergeTallies(merged, tally, maxFindings, maxFailedRecords);
    if (fault) return { tally: merged, fault: new FileFault(fault.message, fault.at) };
    shift += lines;
  }
  return { tally: merged };
}

/** Appends `next` to `into`, keeping the first findings and failed records as a single pass would. */
function mergeTallies(into: RecordTally, next: RecordTally, maxFindings: number, maxFailedRecords: number): void {
  into.firstRecord ??= next.firstRecord;
  into.records += next.records;
  into.failed += next.failed;
  const findingRoom = Math.max(0, maxFindings - into.findings.length);
  into.findings.push(...next.findings.slice(0, findingRoom));
  into.findingsDropped += next.findingsDropped + Math.max(0, next.findings.length - findingRoom);
  const recordRoom = Math.max(0, maxFailedRecords - into.failedRecords.length);
  into.failedRecords.push(...next.failedRecords.slice(0, recordRoom));
  into.failedRecordsTruncated += next.failedRecordsTruncated + Math.max(0, next.failedRecords.length - recordRoom);
}
