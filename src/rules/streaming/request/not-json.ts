import { always, defineRule } from '../../engine.js';
import type { RequestContext } from '../context.js';
import { RESPONSE_CODES } from '../sources.js';

export default defineRule<RequestContext, { detail: string }>({
  id: 'streaming.request.not-json',
  title: 'Request body is not JSON',
  description:
    'The collection endpoint reads the body as JSON (Content-Type: application/json). A body that does not parse is a problem with the request, which the response-code table answers with 400.',
  source: RESPONSE_CODES,
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ detail }) => `The request body is not JSON: ${detail}.`,
  check: (ctx) =>
    ctx.syntaxError
      ? { pointer: '', at: { line: ctx.syntaxError.line, column: ctx.syntaxError.column }, params: { detail: ctx.syntaxError.message } }
      : null,
});
