import { always, defineRule } from '../../engine.js';
import { asObject, own, type RequestContext } from '../context.js';
import { RESPONSE_CODES } from '../sources.js';

export default defineRule<RequestContext, Record<string, never>>({
  id: 'streaming.request.messages-empty',
  title: 'messages is empty',
  description:
    'A request whose "messages" array is empty carries no message; the response-code table answers payloads missing required content with 400.',
  source: RESPONSE_CODES,
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  appliesTo: ['request'],
  message: () => 'The "messages" array is empty: there is nothing to ingest.',
  check: (ctx) => {
    const messages = own(asObject(ctx.root), 'messages');
    return Array.isArray(messages) && messages.length === 0
      ? { pointer: '/messages', params: {} }
      : null;
  },
});
