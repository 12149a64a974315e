/** Worker threads: a large single-line JSON file split over workers gives exactly the single-thread report. */
import { describe, expect, it } from 'vitest';
import { preflightBatchFile } from '../../../../src/rules/batch/preflight-file.js';
import { event, flatWorld, WEB_EVENT_DATASET_ID, writeBatchFile } from './helpers.js';

describe('batch pre-flight on worker threads', () => {
  it('jobs=4 gives the same findings, failed records and counts as jobs=1, in file order', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      if (i % 97 === 5) lines.push('{"_id": "x", "timestamp": ');
      else if (i % 53 === 3) lines.push(JSON.stringify({ _id: `e${i}`, timestamp: 'not a date' }));
      else if (i % 71 === 7) lines.push('');
      else if (i % 89 === 1) lines.push(JSON.stringify({ _id: `e${i}` }));
      else lines.push(event(`e${i}`));
    }
    const file = writeBatchFile('many.json', `${lines.join('\n')}\n`);
    const world = flatWorld();
    const progress: number[] = [];
    const base = { world, datasetId: WEB_EVENT_DATASET_ID, maxFindings: 50, maxFailedRecords: 30 };
    const single = await preflightBatchFile(file, { ...base, jobs: 1 });
    const parallel = await preflightBatchFile(file, { ...base, jobs: 4, minBytesPerJob: 1024, onProgress: (done) => progress.push(done) });
    expect(parallel).toEqual(single);
    expect(single.findingsDropped).toBeGreaterThan(0);
    expect(single.predicted).toMatchObject({ kind: 'batch-file', status: 'failed' });
    expect(progress[progress.length - 1]).toBe(single.bytes);
  }, 20_000);
});
