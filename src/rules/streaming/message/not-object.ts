import { defineRule, rejectMessage } from '../../engine.js';
import type { MessageContext } from '../context.js';
import { jsonTypeName } from '../json-type.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { found: string }>({
  id: 'streaming.message.not-object',
  title: 'Message is not an object',
  description: 'Each element of "messages" is an object with a header and a body; anything else is an unknown XDM format.',
  source: FAILED_MESSAGES,
  basis: 'inferred',
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ found }) => `The message is ${found}, not an object with "header" and "body".`,
  check: (ctx) => (ctx.obj === undefined ? { pointer: ctx.base, params: { found: jsonTypeName(ctx.message) } } : null),
});
