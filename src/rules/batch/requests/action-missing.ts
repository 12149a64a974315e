import { ACTION_PARAMETER } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { isActionRequest, type BatchRequestContext } from './context.js';
import { overview } from './sources.js';

export default defineRule<BatchRequestContext, { level: 'batch' | 'file' }>({
  id: 'batch.request.action-missing',
  title: 'A POST on a batch or a file names no action',
  description:
    'POST /batches/{BATCH_ID} and POST …/files/{FILE_NAME} are selected by the action query parameter (COMPLETE, ABORT, … or INITIALIZE, COMPLETE).',
  source: overview('Signal batch complete'),
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ level }) =>
    `The POST on a ${level} has no ?${ACTION_PARAMETER}= query parameter, so it names no ${level} action.`,
  check: (ctx) =>
    isActionRequest(ctx) && !ctx.url.searchParams.has(ACTION_PARAMETER) && !ctx.url.searchParams.has('actions')
      ? { pointer: ctx.pointers.url, params: { level: ctx.route.endpoint === 'batchAction' ? 'batch' : 'file' } }
      : null,
});
