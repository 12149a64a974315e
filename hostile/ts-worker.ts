/**
 * A worker thread on one of the suite's TypeScript modules: the thread registers tsx before importing
 * it, as `rules/batch/preflight-file.ts` does for its workers (a worker does not inherit `--import tsx`).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function tsWorker(module: URL, options: WorkerOptions = {}): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
