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
import { describeFsError, InputError, NOT_UTF8_TEXT } from '../../parse/input.js';
import { locatePointers } from '../../parse/locate.js';
import { spoolIfStream, utf8FaultOf, type SpooledInput } from '../../parse/read-bounded.js';
import { csvRecord, readCsvRows, splitCsv, type ColumnTypes, type CsvSlice } from '../../parse/records/csv.js';
import { readJsonArrayRecords, readJsonArraySlice, splitJsonArray, type ArraySlice } from '../../parse/records/json-array.js';
import { readJsonLineRange, readJsonLineRecords, splitOnLines, type ByteRange } from '../../parse/records/json-lines.js';
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
  /**
   * Bytes of the file per judging thread at least: a worker costs its start (loading the modules,
   * compiling the schema), so a file gets min(jobs, size / minBytesPerJob) threads, the calling one
   * included; smaller files are read on the calling thread alone. Default 16 MiB.
   */
  minBytesPerJob?: number;
}

const DEFAULT_MAX_FINDINGS = 1000;
const DEFAULT_MAX_FAILED_RECORDS = 100;
const DEFAULT_MIN_BYTES_PER_JOB = 16 * 1024 * 1024;

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

async function statBatchFile(source: string, file: string): Promise<number> {
  let info;
  try {
    info = await stat(source);
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
  // A pipe, FIFO or device is copied to a temporary file first (bounded): the readers seek, and its stat size says nothing.
  let input: SpooledInput;
  try {
    input = await spoolIfStream(file);
  } catch (error) {
    if (error instanceof InputError) return failedReport(file, error.message);
    throw error;
  }
  try {
    return await preflightBatchFileAt(file, input.path, opts);
  } finally {
    await input.release();
  }
}

/** `file` names the file in the report; `source` is what is read (the file, or the copy of a pipe). */
async function preflightBatchFileAt(file: string, source: string, opts: BatchPreflightOptions): Promise<FileReport> {
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
    size = await statBatchFile(source, file);
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
  // Threads that judge: this one and jobs - 1 workers, each worth its start only with minBytes of the file.
  const threads = Math.min(jobs, Math.floor(size / minBytes));
  const parts = threads > 1 ? pieceCount(size, threads, minBytes) : 1;
  // Pieces of the file judged here and on worker threads, merged into this file's tally in file order.
  const judgeShared = async (work: WorkerPart[]) => {
    const { tally, fault } = await judgeParts(file, source, work, threads - 1, analyser, opts, { maxFindings, maxFailedRecords }, progress);
    mergeTallies(judge.tally, tally, maxFindings, maxFailedRecords);
    if (fault) throw fault;
  };

  try {
    if (size > 0) {
      if (format === 'json' && !analyser.multiline) {
        if (parts > 1) {
          const ranges = await splitOnLines(source, size, parts);
          await judgeShared(ranges.map((range) => ({ kind: 'lines', range })));
        } else {
          for await (const records of readJsonLineRecords(source)) {
            judge.judge(records);
            progress(records[records.length - 1]!.endOffset);
          }
        }
        sawContent = judge.tally.records > 0;
      } else if (format === 'json') {
        const slices = parts > 1 ? await splitJsonArray(source, size, parts) : null;
        if (slices !== null) await judgeShared(slices.map((slice) => ({ kind: 'array', slice })));
        else {
          for await (const records of readJsonArrayRecords(source)) {
            judge.judge(records);
            progress(records[records.length - 1]!.endOffset);
          }
        }
        sawContent = judge.tally.records > 0 || !(await isBlankFile(source));
      } else if (format === 'parquet') {
        const split = parts > 1 ? await splitOnRowGroups(source, parts) : null;
        if (split !== null && split.ranges.length > 1) await judgeShared(split.ranges.map((groups) => ({ kind: 'parquet', groups, metadata: split.metadata })));
        else {
          for await (const records of readParquetRecords(source, split ? { metadata: split.metadata } : {})) {
            judge.judge(records);
            progress(records[records.length - 1]!.endOffset);
          }
        }
      } else if (analyser.nestedProperty === undefined) {
        // CSV: nothing is read for a nested schema, which fails the file as a whole.
        sawContent = false;
        const slices = parts > 1 ? await splitCsv(source, size, parts) : null;
        if (slices !== null) {
          // The header is the first row; the slices start after it.
          for await (const rows of readCsvRows(source)) {
            csvHeader = rows[0]!.cells.map((cell) => cell.trim());
            break;
          }
          sawContent = csvHeader !== undefined;
          if (csvHeader !== undefined && !csvHeader.every((cell) => cell === '')) {
            const header = csvHeader;
            await judgeShared(slices.map((slice) => ({ kind: 'csv', slice, header })));
          }
        } else {
          rows: for await (const rows of readCsvRows(source)) {
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
      } else {
        // CSV for a nested schema is not read, but a file that is not UTF-8 fails first: the platform
        // decodes a file before it looks at the schema.
        const notUtf8 = await utf8FaultOf(source);
        if (notUtf8 !== null) throw new FileFault(NOT_UTF8_TEXT, notUtf8);
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

/** A part of a file, judged on one thread. */
export type WorkerPart =
  | { kind: 'lines'; range: ByteRange }
  | { kind: 'array'; slice: ArraySlice }
  | { kind: 'parquet'; groups: RowGroupRange; metadata: FileMetaData }
  | { kind: 'csv'; slice: CsvSlice; header: string[] };

/** The bytes a part covers, for progress. */
export function workerPartBytes(part: WorkerPart): ByteRange {
  if (part.kind === 'lines') return part.range;
  if (part.kind === 'array') return { start: part.slice.offset, end: part.slice.end };
  if (part.kind === 'csv') return { start: part.slice.start, end: part.slice.end };
  return { start: part.groups.start, end: part.groups.end };
}

/** What every worker of a file is told once; the parts follow as messages. */
export interface WorkerTask {
  /** The file as the report names it. */
  file: string;
  /** What to read when it is not `file`: the temporary copy of a pipe. */
  source?: string;
  world: World;
  datasetId: string;
  profile: ProfileName | undefined;
  format: InputFormat;
  multiline: boolean;
  maxFindings: number;
  maxFailedRecords: number;
}

/** A file fault met in a part: the part stops there, and so does the file. */
export interface WorkerFault {
  message: string;
  at?: { line: number; column: number };
}

/** A part judged: its tally, the lines it read (single-line JSON; 0 otherwise) and the fault that stopped it. */
export interface PartResult {
  tally: RecordTally;
  lines: number;
  fault?: WorkerFault;
}

/** From the file's thread to a worker. */
export type ToWorker = { type: 'part'; index: number; part: WorkerPart } | { type: 'stop' };

/** From a worker to the file's thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; index: number; bytes: number }
  | ({ type: 'done'; index: number } & PartResult)
  | { type: 'error'; message: string; input: boolean };

const PROGRESS_EVERY_MS = 100;

async function* csvRecords(file: string, slice: CsvSlice, header: readonly string[], types: ColumnTypes): AsyncGenerator<BatchRecord[]> {
  for await (const rows of readCsvRows(file, { slice })) yield rows.map((row) => csvRecord(row, header, types));
}

function partRecords(source: string, part: WorkerPart, analyser: BatchFileAnalyser, stats: { lines: number }): AsyncGenerator<BatchRecord[]> {
  if (part.kind === 'lines') return readJsonLineRange(source, part.range, { stats });
  if (part.kind === 'array') return readJsonArraySlice(source, part.slice);
  if (part.kind === 'csv') return csvRecords(source, part.slice, part.header, analyser.columnTypes);
  return readParquetRecords(source, { metadata: part.metadata, firstGroup: part.groups.firstGroup, endGroup: part.groups.endGroup });
}

/**
 * Judges one part of `source` (a byte range of single-line JSON, numbered as if it began on line 1; a slice
 * of a multi-line JSON array, a run of Parquet row groups or a run of CSV records, numbered as in the file),
 * on whichever thread calls it. A file fault stops the part: what was judged before it is returned with it.
 */
export async function judgePart(
  file: string,
  source: string,
  part: WorkerPart,
  analyser: BatchFileAnalyser,
  limits: { maxFindings: number; maxFailedRecords: number },
  onProgress?: (bytes: number) => void,
): Promise<PartResult> {
  const judge = new RecordJudge(file, analyser, limits.maxFindings, limits.maxFailedRecords);
  const stats = { lines: 0 };
  const { start, end } = workerPartBytes(part);
  let last = 0;
  try {
    for await (const batch of partRecords(source, part, analyser, stats)) {
      judge.judge(batch);
      const now = Date.now();
      if (onProgress && now - last >= PROGRESS_EVERY_MS) {
        last = now;
        onProgress(Math.max(0, batch[batch.length - 1]!.endOffset - start));
      }
    }
  } catch (error) {
    if (!(error instanceof FileFault)) throw error;
    return { tally: judge.tally, lines: stats.lines, fault: { message: error.message, ...(error.at ? { at: error.at } : {}) } };
  }
  onProgress?.(end - start);
  return { tally: judge.tally, lines: stats.lines };
}

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

/** Pieces per judging thread when a file is shared: a thread that finishes early takes another. */
const PIECES_PER_THREAD = 16;
const MIN_PIECE_BYTES = 1024 * 1024;
const MAX_PIECE_BYTES = 16 * 1024 * 1024;

/**
 * How many pieces a shared file is cut into: many more than threads, so that a worker still starting, a
 * core busy with something else or a slow stretch of the file costs at most a piece's time at the end;
 * pieces of 1–16 MiB (smaller only when `minBytes` is), each one stream and one tally.
 */
export function pieceCount(size: number, threads: number, minBytes: number): number {
  const smallest = Math.min(MIN_PIECE_BYTES, minBytes);
  const wanted = Math.max(threads * PIECES_PER_THREAD, Math.ceil(size / MAX_PIECE_BYTES));
  return Math.max(threads, Math.min(wanted, Math.floor(size / smallest)));
}

/**
 * Judges the parts of a file on this thread and on `workers` worker threads at once. The parts are a
 * queue: each thread takes the next one when it is done with its last (this thread starts at once, a worker
 * once it has loaded and compiled the schema), so the threads finish together whatever their speed. The
 * results are merged in file order, up to the first part that met a file fault, so the report is the one
 * a single thread gives.
 */
async function judgeParts(
  file: string,
  source: string,
  parts: readonly WorkerPart[],
  workers: number,
  analyser: BatchFileAnalyser,
  opts: BatchPreflightOptions,
  limits: { maxFindings: number; maxFailedRecords: number },
  progress: (done: number) => void,
): Promise<{ tally: RecordTally; fault?: FileFault }> {
  const results: (PartResult | undefined)[] = new Array<PartResult | undefined>(parts.length);
  const done = parts.map(() => 0);
  const report = () => progress(done.reduce((a, b) => a + b, 0));
  let next = 0;
  /** The first part known to stop at a file fault: later parts cannot change the report. */
  let faultAt = parts.length;
  let failure: unknown;
  const take = (): number | undefined => (failure === undefined && next < faultAt ? next++ : undefined);
  const finish = (index: number, result: PartResult) => {
    results[index] = result;
    const { start, end } = workerPartBytes(parts[index]!);
    done[index] = end - start;
    if (result.fault && index < faultAt) faultAt = index;
    report();
  };
  const fail = (error: unknown) => {
    failure ??= error;
  };

  const task: WorkerTask = {
    file,
    ...(source !== file ? { source } : {}),
    world: opts.world,
    datasetId: opts.datasetId,
    profile: opts.profile,
    format: analyser.format,
    multiline: analyser.multiline,
    ...limits,
  };
  const started: Worker[] = [];
  const onWorkers = Array.from(
    { length: Math.min(workers, parts.length - 1) },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = startWorker(task);
        started.push(worker);
        let current: number | undefined;
        let stopped = false;
        const sendNext = () => {
          current = take();
          if (current !== undefined) worker.postMessage({ type: 'part', index: current, part: parts[current]! } satisfies ToWorker);
          else {
            stopped = true;
            worker.postMessage({ type: 'stop' } satisfies ToWorker);
          }
        };
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') sendNext();
          else if (message.type === 'progress') {
            done[message.index] = message.bytes;
            report();
          } else if (message.type === 'done') {
            finish(message.index, message);
            sendNext();
          } else reject(message.input ? new InputError(message.message, file) : new Error(message.message));
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (stopped ? resolve() : reject(new Error(`a pre-flight worker stopped with exit code ${code}`))));
      }).catch((error: unknown) => fail(error)),
  );
  const onThisThread = (async () => {
    for (let index = take(); index !== undefined; index = take()) {
      const at = index;
      const result = await judgePart(file, source, parts[at]!, analyser, limits, (bytes) => {
        done[at] = bytes;
        report();
      });
      finish(at, result);
    }
  })().catch((error: unknown) => fail(error));
  try {
    await Promise.all([onThisThread, ...onWorkers]);
  } finally {
    for (const worker of started) void worker.terminate();
  }
  if (failure !== undefined) throw failure;

  // Shift each single-line JSON range's lines by the lines before it (the other parts are numbered as in
  // the file), then merge in file order, up to the first part that met a file fault.
  const merged = emptyTally();
  let shift = 0;
  for (let index = 0; index < parts.length; index++) {
    const { tally, lines, fault } = results[index]!;
    for (const finding of tally.findings) finding.line += shift;
    for (const record of tally.failedRecords) record.row += shift;
    if (tally.firstRecord) {
      tally.firstRecord.line += shift;
      tally.firstRecord.row += shift;
    }
    mergeTallies(merged, tally, limits.maxFindings, limits.maxFailedRecords);
    if (fault) return { tally: merged, fault: new FileFault(fault.message, fault.at ? { line: fault.at.line + shift, column: fault.at.column } : undefined) };
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
