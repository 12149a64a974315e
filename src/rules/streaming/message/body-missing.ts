import { defineRule, rejectMessage } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';
import { jsonTypeName } from '../json-type.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { found: string }>({
  id: 'streaming.body.missing',
  title: 'Message has no body',
  description:
    'A message without a body section is answered "Message has unknown xdm format" (the second message of the documented partial-failure example).',
  source: FAILED_MESSAGES,
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ found }) =>
    found === 'absent'
      ? 'The message has no "body": add one with xdmMeta.schemaRef and xdmEntity.'
      : `The message's "body" is ${found}; it must be an object.`,
  check: (ctx) => {
    if (ctx.obj === undefined || ctx.body !== undefined) return null;
    const present = has(ctx.obj, 'body');
    return { pointer: present ? `${ctx.base}/body` : ctx.base, params: { found: jsonTypeName(own(ctx.obj, 'body')) } };
  },
});
