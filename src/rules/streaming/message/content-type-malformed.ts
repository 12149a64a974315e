import { CONTENT_TYPE_FORMS, pick } from '../../../contract/streaming.js';
import { parseContentType } from '../content-type.js';
import { defineRule, rejectMessage, type Violation } from '../../engine.js';
import type { MessageContext, SchemaRefView } from '../context.js';
import { tutorial } from '../sources.js';
import { preview } from '../json-type.js';

type Params = { given: string; where: string; accepted: string };

function checkRef(ref: SchemaRefView, where: string, ctx: MessageContext): Violation<Params> | null {
  if (ref.value === undefined || ref.id === undefined) return null;
  const forms = pick(ctx.profile, 'streaming.contentType.forms').value;
  const given = ref.contentType;
  const form = parseContentType(given).form;
  if (form !== undefined && forms.includes(form)) return null;
  return {
    pointer: given === undefined ? ref.pointer : `${ref.pointer}/contentType`,
    params: {
      given: given === undefined ? 'missing' : preview(given),
      where,
      accepted: forms.map((form) => CONTENT_TYPE_FORMS[form].example).join(' or '),
    },
  };
}

export default defineRule<MessageContext, Params>({
  id: 'streaming.schema-ref.content-type-malformed',
  title: 'schemaRef.contentType is not a documented form',
  description:
    'schemaRef.contentType names the XDM media type and the schema version. The tutorials write application/vnd.adobe.xed-full+json;version={SCHEMA_VERSION} (older versions ;{SCHEMA_VERSION}); the OpenAPI file only the first. Any other value leaves the message in an unknown XDM format.',
  source: tutorial('Stream to a dataset: request'),
  basis: 'inferred',
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ given, where, accepted }) => `${where} contentType is ${given}; this profile accepts ${accepted}.`,
  check: (ctx) => {
    const header = checkRef(ctx.headerSchemaRef, 'The header schemaRef', ctx);
    const body = checkRef(ctx.bodySchemaRef, 'The body.xdmMeta schemaRef', ctx);
    if (header && body) return [header, body];
    return header ?? body;
  },
});
