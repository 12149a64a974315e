import { defineRule, rejectMessage } from '../../engine.js';
import type { MessageContext } from '../context.js';
import { openapi } from '../sources.js';
import { contentTypeVersion } from '../content-type.js';

export default defineRule<MessageContext, { header: string; body: string }>({
  id: 'streaming.schema-ref.header-body-mismatch',
  title: "body.xdmMeta.schemaRef is not the header's schemaRef",
  description:
    'The schemaRef in body.xdmMeta must match the one in the header (and the dataset\'s schema) for the message to pass DCCS validation.',
  source: openapi('components.schemas.messageBody.properties.xdmMeta'),
  basis: 'inferred',
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ header, body }) => `body.xdmMeta.schemaRef names ${body} but the header names ${header}; they must be the same schema and version.`,
  check: (ctx) => {
    const h = ctx.headerSchemaRef;
    const b = ctx.bodySchemaRef;
    if (h.id === undefined || ctx.xdmMeta === undefined) return null;
    if (b.value === undefined || b.id === undefined) {
      return { pointer: b.value === undefined ? `${ctx.base}/body/xdmMeta` : b.pointer, params: { header: h.id, body: 'no schema' } };
    }
    const hv = contentTypeVersion(h.contentType);
    const bv = contentTypeVersion(b.contentType);
    if (h.id === b.id && hv === bv) return null;
    const label = (id: string, v: string | undefined) => (v === undefined ? id : `${id} version ${v}`);
    return { pointer: `${b.pointer}${h.id === b.id ? '/contentType' : '/id'}`, params: { header: label(h.id, hv), body: label(b.id, bv) } };
  },
});
