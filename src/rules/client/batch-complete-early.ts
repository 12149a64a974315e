/**
 * COMPLETE says every file of the batch is uploaded. Sent while an upload had failed, or was still going,
 * it completes a batch without that file.
 */
import type { ClientRule, ClientViolation } from './context.js';

const ok = (status: number) => status >= 200 && status < 300;

export const batchCompleteEarly: ClientRule = {
  id: 'client.batch.complete-early',
  title: 'The client completes a batch before every upload of it succeeded',
  description: 'Batch COMPLETE is sent once every file upload of the batch was answered with success.',
  severity: 'error',
  source: { source: 'batch-overview', section: 'Signal batch complete' },
  check(traffic) {
    const found: ClientViolation[] = [];
    for (const complete of traffic.exchanges) {
      const call = complete.call;
      if (call.kind !== 'batch-action' || call.action !== 'COMPLETE') continue;
      const lastUpload = new Map<string, (typeof traffic.exchanges)[number]>();
      const inFlight: number[] = [];
      for (const upload of traffic.exchanges) {
        if (upload.call.kind !== 'upload' || upload.call.batchId !== call.batchId || upload.call.how === 'file-status') continue;
        if (upload.startedMs >= complete.startedMs) continue;
        if (upload.endedMs > complete.startedMs) inFlight.push(upload.index);
        else lastUpload.set(upload.call.file, upload);
      }
      const failed = [...lastUpload.values()].filter((u) => !ok(u.status));
      if (failed.length === 0 && inFlight.length === 0) continue;
      const why = [
        ...failed.map((u) => `#${u.index} (${u.call.kind === 'upload' ? u.call.file.split('/').pop() : ''}) was answered ${u.status} and not sent again`),
        ...inFlight.map((i) => `#${i} was still uploading`),
      ];
      found.push({
        message: `#${complete.index} completed batch ${call.batchId} while ${why.join('; ')}.`,
        exchanges: [...failed.map((u) => u.index), ...inFlight, complete.index],
      });
    }
    return found;
  },
};
