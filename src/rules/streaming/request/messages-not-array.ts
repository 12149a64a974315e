import { always, defineRule } from '../../engine.js';
import { asObject, own, has, type RequestContext } from '../context.js';
import { openapi } from '../sources.js';
import { jsonTypeName } from '../json-type.js';

export default defineRule<RequestContext, { found: string }>({
  id: 'streaming.request.messages-not-array',
  title: 'messages is not an array',
  description: 'The "messages" property of a multi-message request is an array of messages.',
  source: openapi('components.schemas.BatchMessageArray'),
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  appliesTo: ['request'],
  message: ({ found }) => `"messages" is ${found}; it must be an array of messages.`,
  check: (ctx) => {
    const root = asObject(ctx.root);
    if (!has(root, 'messages')) return null;
    const messages = own(root, 'messages');
    return Array.isArray(messages) ? null : { pointer: '/messages', params: { found: jsonTypeName(messages) } };
  },
});
