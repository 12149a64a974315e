import { REQUEST_LIMIT_READINGS } from '../../../contract/streaming.js';
import { advice, defineRule } from '../../engine.js';
import type { RequestContext } from '../context.js';
import { RESPONSE_CODES } from '../sources.js';

export default defineRule<RequestContext, { bytes: number }>({
  id: 'streaming.request.size-ambiguous',
  title: 'Request size is between the two readings of "1 MB"',
  description:
    'The documented limit is "1 MB" without a byte count. A request between 1 000 000 and 1 048 576 bytes is under the limit only if the platform reads 1 MB as 1 048 576 bytes.',
  source: RESPONSE_CODES,
  outcome: () => advice('warn'),
  appliesTo: ['request', 'message'],
  message: ({ bytes }) =>
    `The request is ${bytes.toLocaleString('en-US')} bytes: under 1 048 576 but over 1 000 000, so it passes only if the platform reads "1 MB" as 1 048 576 bytes. Keep requests under 1 000 000 bytes to be safe.`,
  check: (ctx) =>
    ctx.bytes > REQUEST_LIMIT_READINGS.smallest && ctx.bytes <= ctx.limit
      ? { pointer: '', params: { bytes: ctx.bytes } }
      : null,
});
