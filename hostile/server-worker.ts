/**
 * The reference server (`serve`), in a worker thread of the suite's process, on 127.0.0.1, with a
 * durable data directory and no faults: every log line goes to the parent, which counts stack traces.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startServer } from '../src/server/index.js';

const { dataDir } = workerData as { dataDir: string };
const server = await startServer({ dataDir, host: '127.0.0.1', faults: false, log: (line) => parentPort!.postMessage({ log: line }) });
parentPort!.postMessage({ url: server.url });
parentPort!.on('message', (message: { stop?: boolean }) => {
  if (message.stop === true) void server.close().then(() => parentPort!.postMessage({ stopped: true }));
});
