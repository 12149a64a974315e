import { advice, defineRule } from '../../engine.js';
import type { RequestContext } from '../context.js';
import { RESPONSE_CODES } from '../sources.js';

/** `{"messages":[` and `]}`: the smallest envelope a single message can travel in. */
const ENVELOPE_BYTES = 15;

export default defineRule<RequestContext, { bytes: number; limit: number }>({
  id: 'streaming.message.too-large',
  title: 'Message alone is larger than a request may be',
  description:
    'A message whose own size, wrapped in the smallest request, is over the 1 MB request limit cannot be sent by any request: every request carrying it is answered 413.',
  source: RESPONSE_CODES,
  outcome: () => advice('error'),
  appliesTo: ['ndjson-line'],
  message: ({ bytes, limit }) =>
    `This message is ${bytes.toLocaleString('en-US')} bytes: even alone in a request it is over the ${limit.toLocaleString('en-US')}-byte limit, so every request carrying it gets 413.`,
  check: (ctx) =>
    ctx.bytes + ENVELOPE_BYTES > ctx.limit ? { pointer: '', params: { bytes: ctx.bytes, limit: ctx.limit } } : null,
});
