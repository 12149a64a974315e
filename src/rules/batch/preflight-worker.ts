/**
 * A worker thread of batch pre-flight: judges the single-line JSON records of one byte range of a file
 * (aligned on line breaks) and posts its tally, numbered as if the range began on line 1.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../parse/input.js';
import { readJsonLineRange } from '../../parse/records/json-lines.js';
import { BatchFileAnalyser } from './analyse-file.js';
import { RecordJudge, type WorkerMessage, type WorkerTask } from './preflight-file.js';

const PROGRESS_EVERY_MS = 100;

async function run(task: WorkerTask): Promise<WorkerMessage> {
  const analyser = new BatchFileAnalyser({ world: task.world, datasetId: task.datasetId, format: task.format, ...(task.profile ? { profile: task.profile } : {}) });
  const judge = new RecordJudge(task.file, analyser, task.maxFindings, task.maxFailedRecords);
  const stats = { lines: 0 };
  let last = 0;
  for await (const records of readJsonLineRange(task.file, task.range, { stats })) {
    judge.judge(records);
    const now = Date.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      parentPort?.postMessage({ type: 'progress', bytes: records[records.length - 1]!.endOffset - task.range.start } satisfies WorkerMessage);
    }
  }
  parentPort?.postMessage({ type: 'progress', bytes: task.range.end - task.range.start } satisfies WorkerMessage);
  return { type: 'done', tally: judge.tally, lines: stats.lines };
}

run(workerData as WorkerTask).then(
  (message) => parentPort?.postMessage(message),
  (error: unknown) =>
    parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), input: error instanceof InputError } satisfies WorkerMessage),
);
