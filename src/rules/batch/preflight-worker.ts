/**
 * A worker thread of batch pre-flight: judges one share of a file and posts its tally. The share is a byte
 * range of single-line JSON (aligned on line breaks, numbered as if it began on line 1), a slice of a
 * multi-line JSON array (starting on an element, numbered as in the file), or a run of Parquet row groups
 * (rows numbered as in the file), or a run of CSV records after the header (lines as in the file). A file fault stops the share: what was judged before it is posted with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../parse/input.js';
import { csvRecord, readCsvRows, type ColumnTypes, type CsvSlice } from '../../parse/records/csv.js';
import { readJsonArraySlice } from '../../parse/records/json-array.js';
import { readJsonLineRange } from '../../parse/records/json-lines.js';
import { readParquetRecords } from '../../parse/records/parquet.js';
import { FileFault, type BatchRecord } from '../../parse/records/types.js';
import { BatchFileAnalyser } from './analyse-file.js';
import { RecordJudge, workerPartBytes, type WorkerMessage, type WorkerTask } from './preflight-file.js';

const PROGRESS_EVERY_MS = 100;

async function* csvRecords(file: string, slice: CsvSlice, header: readonly string[], types: ColumnTypes): AsyncGenerator<BatchRecord[]> {
  for await (const rows of readCsvRows(file, { slice })) yield rows.map((row) => csvRecord(row, header, types));
}

function records(task: WorkerTask, analyser: BatchFileAnalyser, stats: { lines: number }): AsyncGenerator<BatchRecord[]> {
  const part = task.part;
  if (part.kind === 'lines') return readJsonLineRange(task.file, part.range, { stats });
  if (part.kind === 'array') return readJsonArraySlice(task.file, part.slice);
  if (part.kind === 'csv') return csvRecords(task.file, part.slice, part.header, analyser.columnTypes);
  return readParquetRecords(task.file, { metadata: part.metadata, firstGroup: part.groups.firstGroup, endGroup: part.groups.endGroup });
}

async function run(task: WorkerTask): Promise<WorkerMessage> {
  const analyser = new BatchFileAnalyser({
    world: task.world,
    datasetId: task.datasetId,
    format: task.format,
    multiline: task.part.kind === 'array',
    ...(task.profile ? { profile: task.profile } : {}),
  });
  const judge = new RecordJudge(task.file, analyser, task.maxFindings, task.maxFailedRecords);
  const stats = { lines: 0 };
  const { start, end } = workerPartBytes(task.part);
  let last = 0;
  try {
    for await (const batch of records(task, analyser, stats)) {
      judge.judge(batch);
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        parentPort?.postMessage({ type: 'progress', bytes: Math.max(0, batch[batch.length - 1]!.endOffset - start) } satisfies WorkerMessage);
      }
    }
    parentPort?.postMessage({ type: 'progress', bytes: end - start } satisfies WorkerMessage);
  } catch (error) {
    if (!(error instanceof FileFault)) throw error;
    const fault = { message: error.message, ...(error.at ? { at: error.at } : {}) };
    return { type: 'done', tally: judge.tally, lines: stats.lines, fault };
  }
  return { type: 'done', tally: judge.tally, lines: stats.lines };
}

run(workerData as WorkerTask).then(
  (message) => parentPort?.postMessage(message),
  (error: unknown) =>
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), input: error instanceof InputError } satisfies WorkerMessage),
);
