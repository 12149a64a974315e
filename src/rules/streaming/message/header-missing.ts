import { defineRule, rejectMessage } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';
import { jsonTypeName } from '../json-type.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { found: string }>({
  id: 'streaming.header.missing',
  title: 'Message has no header',
  description:
    'The collection request expects every message to have a valid header section; a message without one is answered "Message has unknown xdm format".',
  source: FAILED_MESSAGES,
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ found }) =>
    found === 'absent'
      ? 'The message has no "header": every message needs a header with schemaRef, imsOrgId and datasetId.'
      : `The message's "header" is ${found}; it must be an object.`,
  check: (ctx) => {
    if (ctx.obj === undefined || ctx.header !== undefined) return null;
    const present = has(ctx.obj, 'header');
    return { pointer: present ? `${ctx.base}/header` : ctx.base, params: { found: jsonTypeName(own(ctx.obj, 'header')) } };
  },
});
