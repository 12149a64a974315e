import { always, defineRule } from '../../engine.js';
import { asObject, type RequestContext } from '../context.js';
import { openapi } from '../sources.js';
import { jsonTypeName } from '../json-type.js';

export default defineRule<RequestContext, { found: string }>({
  id: 'streaming.request.not-object',
  title: 'Request body is not an object with a messages array',
  description: 'A multi-message request is a JSON object whose "messages" property holds the messages.',
  source: openapi('components.schemas.BatchMessage'),
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  appliesTo: ['request'],
  message: ({ found }) => `The request body is ${found}, not an object of the form {"messages": [...]}.`,
  check: (ctx) =>
    !ctx.syntaxError && asObject(ctx.root) === undefined
      ? { pointer: '', params: { found: jsonTypeName(ctx.root) } }
      : null,
});
