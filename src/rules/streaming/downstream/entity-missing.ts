import { DOWNSTREAM_MESSAGES } from '../../../contract/streaming.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import { has, type MessageContext } from '../context.js';

export default defineRule<MessageContext, Record<string, never>>({
  id: 'streaming.entity.missing',
  title: 'Body has no xdmEntity',
  description:
    'The body carries the record itself in xdmEntity. Streaming validation reports a body without one as "Payload body is missing xdmEntity", and the message goes to the error batch.',
  source: DOWNSTREAM_MESSAGES.entityMissing.source,
  outcome: () => ERROR_BATCH,
  message: () => `The body has no "xdmEntity", so there is no record to ingest: streaming validation reports "${DOWNSTREAM_MESSAGES.entityMissing.text}".`,
  check: (ctx) =>
    ctx.body !== undefined && !has(ctx.body, 'xdmEntity')
      ? {
          pointer: `${ctx.base}/body`,
          params: {},
          validationErrors: [{ keyword: 'required', message: DOWNSTREAM_MESSAGES.entityMissing.text, pointerToViolation: '#', schemaLocation: '#' }],
        }
      : null,
});
