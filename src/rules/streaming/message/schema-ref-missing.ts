import { defineRule, rejectMessage } from '../../engine.js';
import { has, type MessageContext } from '../context.js';
import { jsonTypeName } from '../json-type.js';
import { tutorial } from '../sources.js';

export default defineRule<MessageContext, { problem: string }>({
  id: 'streaming.header.schema-ref-missing',
  title: 'Header has no usable schemaRef',
  description:
    'The message header must reference an existing XDM schema through schemaRef {id, contentType}; a message whose schema is not specified is of an unknown XDM format.',
  source: tutorial('Identify failed messages'),
  basis: 'inferred',
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ problem }) => `The header's schemaRef ${problem}: give {"id": "<schema $id>", "contentType": "application/vnd.adobe.xed-full+json;version=1"}.`,
  check: (ctx) => {
    if (ctx.header === undefined || (has(ctx.header, 'xdmSchema') && !has(ctx.header, 'schemaRef'))) return null;
    const ref = ctx.headerSchemaRef;
    if (!has(ctx.header, 'schemaRef')) return { pointer: `${ctx.base}/header`, params: { problem: 'is missing' } };
    if (ref.value === undefined) return { pointer: ref.pointer, params: { problem: `is ${jsonTypeName(ctx.header['schemaRef'])}, not an object` } };
    if (ref.id === undefined) return { pointer: ref.pointer, params: { problem: 'has no string "id"' } };
    return null;
  },
});
