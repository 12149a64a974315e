import { BATCH_ACTIONS, FILE_ACTIONS } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { actionParameter, type BatchRequestContext } from './context.js';
import { openapi } from './sources.js';

type Params = { value: string; level: 'batch' | 'file'; known: string };

export default defineRule<BatchRequestContext, Params>({
  id: 'batch.request.action-unknown',
  title: 'The action is none the API knows',
  description:
    'Batch actions are COMPLETE, ABORT, REVERT (and FAIL in the OpenAPI); file actions are INITIALIZE and COMPLETE. Replay is not an action, and no PROMOTE action exists.',
  source: openapi('paths./batches/{batchId}.post.parameters.action'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ value, level, known }) => `"${value}" is not a ${level} action; the ${level} actions are ${known}.`,
  check: (ctx) => {
    const value = actionParameter(ctx);
    if (value === null) return null;
    const level = ctx.route.endpoint === 'batchAction' ? 'batch' : ctx.route.endpoint === 'fileAction' ? 'file' : undefined;
    if (level === undefined) return null;
    const table: Record<string, unknown> = level === 'batch' ? BATCH_ACTIONS : FILE_ACTIONS;
    return Object.hasOwn(table, value.toUpperCase())
      ? null
      : { pointer: ctx.pointers.url, params: { value, level, known: Object.keys(table).join(', ') } };
  },
});
