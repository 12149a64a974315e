import { always, defineRule } from '../../engine.js';
import type { RequestContext } from '../context.js';
import { RESPONSE_CODES } from '../sources.js';

export default defineRule<RequestContext, { bytes: number; limit: number }>({
  id: 'streaming.request.too-large',
  title: 'Request is larger than 1 MB',
  description: 'The platform refuses a request whose whole payload is larger than 1 MB with 413 Payload Too Large.',
  source: RESPONSE_CODES,
  outcome: always('error', { kind: 'reject-request', status: 413 }),
  appliesTo: ['request', 'message'],
  message: ({ bytes, limit }) =>
    `The request is ${bytes.toLocaleString('en-US')} bytes, over the 1 MB limit (${limit.toLocaleString('en-US')} bytes under this profile): the platform answers 413 and reads no message. Split it into several requests.`,
  check: (ctx) =>
    ctx.bytes > ctx.limit ? { pointer: '', params: { bytes: ctx.bytes, limit: ctx.limit } } : null,
});
