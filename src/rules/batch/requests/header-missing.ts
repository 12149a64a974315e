import { BATCH_HEADERS } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { header, type BatchRequestContext } from './context.js';
import { overview } from './sources.js';

const REQUIRED = BATCH_HEADERS.filter((h) => h.on === 'all').map((h) => h.name);

export default defineRule<BatchRequestContext, { name: string }>({
  id: 'batch.request.header-missing',
  title: 'A required header is missing',
  description: `Every batch ingestion call carries ${REQUIRED.join(', ')}.`,
  source: overview('Gather values for required headers'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  // Names the header only: its value (a token, a key) never reaches a finding.
  message: ({ name }) => `The request has no ${name} header; every batch ingestion call needs it.`,
  check: (ctx) =>
    REQUIRED.filter((name) => {
      const h = header(ctx, name);
      return h === undefined || h.value.trim() === '';
    }).map((name) => ({ pointer: ctx.pointers.headers, params: { name } })),
});
