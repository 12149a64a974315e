import { defineRule, rejectMessage } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';
import { jsonTypeName } from '../json-type.js';
import { openapi } from '../sources.js';

export default defineRule<MessageContext, { found: string }>({
  id: 'streaming.body.xdm-meta-missing',
  title: 'Body has no xdmMeta',
  description:
    "The body carries xdmMeta.schemaRef, which must repeat the header's schemaRef so the message passes DCCS validation; without it the message's format is unknown.",
  source: openapi('components.schemas.messageBody'),
  basis: 'inferred',
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ found }) =>
    found === 'absent'
      ? 'The body has no "xdmMeta": add {"schemaRef": <the header\'s schemaRef>}.'
      : `The body's "xdmMeta" is ${found}; it must be an object holding schemaRef.`,
  check: (ctx) => {
    if (ctx.body === undefined || ctx.xdmMeta !== undefined) return null;
    const present = has(ctx.body, 'xdmMeta');
    return { pointer: present ? `${ctx.base}/body/xdmMeta` : `${ctx.base}/body`, params: { found: jsonTypeName(own(ctx.body, 'xdmMeta')) } };
  },
});
