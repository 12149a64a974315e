import { ACTION_PARAMETER, BATCH_ERRATA } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { isActionRequest, type BatchRequestContext } from './context.js';
import { overviewOlder } from './sources.js';

export default defineRule<BatchRequestContext, { value: string }>({
  id: 'batch.request.actions-parameter',
  title: 'The action is sent as "actions" (plural)',
  description: `${BATCH_ERRATA['older-overview-actions-plural'].summary} ${BATCH_ERRATA['older-overview-actions-plural'].harnessAnswer}`,
  source: overviewOlder('Signal batch complete'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ value }) =>
    `The query says actions=${value}; the parameter is ${ACTION_PARAMETER} (the plural is a slip in the older overview's format line).`,
  check: (ctx) => {
    if (!isActionRequest(ctx)) return null;
    const value = ctx.url.searchParams.get('actions');
    return value !== null && !ctx.url.searchParams.has(ACTION_PARAMETER) ? { pointer: ctx.pointers.url, params: { value } } : null;
  },
});
