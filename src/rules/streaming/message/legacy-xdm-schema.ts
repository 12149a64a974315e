import { defineRule, rejectMessage } from '../../engine.js';
import { asObject, has, own, type MessageContext } from '../context.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { name: string }>({
  id: 'streaming.header.legacy-xdm-schema',
  title: 'Header uses the legacy xdmSchema form',
  description:
    'A header that names its schema with the legacy "xdmSchema" object (with msgType/msgId) instead of "schemaRef" does not match the dataset\'s schema and is answered "Message has unknown xdm format" (the last message of the documented partial-failure example).',
  source: FAILED_MESSAGES,
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ name }) =>
    `The header names its schema with the legacy "xdmSchema"${name ? ` (${name})` : ''}; use "schemaRef": {"id", "contentType"} in the header and in body.xdmMeta.`,
  check: (ctx) => {
    if (!has(ctx.header, 'xdmSchema') || has(ctx.header, 'schemaRef')) return null;
    const name = own(asObject(own(ctx.header, 'xdmSchema')), 'name');
    return { pointer: `${ctx.base}/header/xdmSchema`, params: { name: typeof name === 'string' ? name : '' } };
  },
});
