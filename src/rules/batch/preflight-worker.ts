/**
 * A worker thread of batch pre-flight. It builds the file's analyser once (compiling the dataset's schema),
 * says it is ready, then judges the parts it is sent one at a time (`judgePart`, the same code the calling
 * thread runs on its own parts) and posts each part's tally, until it is told to stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../parse/input.js';
import { BatchFileAnalyser } from './analyse-file.js';
import { judgePart, type ToWorker, type WorkerMessage, type WorkerTask } from './preflight-file.js';

const task = workerData as WorkerTask;
const port = parentPort!;
const analyser = new BatchFileAnalyser({
  world: task.world,
  datasetId: task.datasetId,
  format: task.format,
  multiline: task.multiline,
  ...(task.profile ? { profile: task.profile } : {}),
});
const limits = { maxFindings: task.maxFindings, maxFailedRecords: task.maxFailedRecords };

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  const { index, part } = message;
  judgePart(task.file, task.source ?? task.file, part, analyser, limits, (bytes) => port.postMessage({ type: 'progress', index, bytes } satisfies WorkerMessage)).then(
    (result) => port.postMessage({ type: 'done', index, ...result } satisfies WorkerMessage),
    (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), input: error instanceof InputError } satisfies WorkerMessage),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
