/**
 * A batch that ends failed says why only in its failed output: the Data Access API lists the failed files
 * (`GET /export/batches/{BATCH_ID}/failed`) and gives each one (`…/failed?path=`). A client that stops at
 * the status knows that it failed, not what to fix.
 */
import { EXPORT_BASE } from '../../contract/catalog.js';
import type { ClientRule, ClientViolation } from './context.js';

const FAILED = /\/batches\/([^/]+)\/failed\/?$/;

export const batchFailedOutputUnread: ClientRule = {
  id: 'client.batch.failed-output-unread',
  title: 'The client does not read the failed output of a failed batch',
  description: 'When a batch ends failed, its failed records are read through the export API (GET /export/batches/{BATCH_ID}/failed and each listed file).',
  severity: 'error',
  source: { source: 'retrieve-failed-batches', section: 'Retrieve failed batch details' },
  check(traffic) {
    const listed = new Set<string>();
    const downloaded = new Set<string>();
    for (const exchange of traffic.exchanges) {
      if (exchange.method !== 'GET' || !exchange.url.pathname.includes(EXPORT_BASE.path)) continue;
      const m = FAILED.exec(exchange.url.pathname);
      if (m === null || exchange.status < 200 || exchange.status >= 300) continue;
      const batchId = decodeURIComponent(m[1]!);
      if (exchange.url.searchParams.has('path')) downloaded.add(batchId);
      else listed.add(batchId);
    }
    const found: ClientViolation[] = [];
    for (const exchange of traffic.exchanges) {
      if (exchange.call.kind !== 'create-batch') continue;
      const id = (exchange.responseJson as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string' || traffic.batchStatuses.get(id) !== 'failed') continue;
      if (listed.has(id) && downloaded.has(id)) continue;
      const missing = !listed.has(id) && !downloaded.has(id) ? 'never read its failed output' : !listed.has(id) ? 'never listed its failed files' : 'listed its failed files but downloaded none';
      found.push({ message: `batch ${id} (created in #${exchange.index}) ended failed; the client ${missing}.`, exchanges: [exchange.index] });
    }
    return found;
  },
};
