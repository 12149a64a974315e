import { always, defineRule } from '../../engine.js';
import { asObject, has, type RequestContext } from '../context.js';
import { tutorial } from '../sources.js';

export default defineRule<RequestContext, Record<string, never>>({
  id: 'streaming.request.messages-missing',
  title: 'Request has no messages property',
  description:
    'The multi-message endpoint expects the messages in a "messages" array; without it there is nothing to ingest and the request is refused as missing a required field.',
  source: tutorial('Stream to a dataset: request'),
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  appliesTo: ['request'],
  message: () => 'The request has no "messages" property: the batch endpoint expects {"messages": [...]}.',
  check: (ctx) => {
    const root = asObject(ctx.root);
    return root !== undefined && !has(root, 'messages') ? { pointer: '', params: {} } : null;
  },
});
