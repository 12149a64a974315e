import { DOWNSTREAM_MESSAGES, pick } from '../../../contract/streaming.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import { asObject, own, type MessageContext } from '../context.js';

export default defineRule<MessageContext, Record<string, never>>({
  id: 'streaming.header.source-name-absent',
  title: 'Header has no source.name',
  description:
    'The OpenAPI file and the time-series tutorial say a missing source.name is filled in from the connection; the failed-batches guide lists "Payload header is missing Source Name" as a streaming validation error. Checked under the strict profile.',
  source: DOWNSTREAM_MESSAGES.sourceNameMissing.source,
  outcome: (profile) => (pick(profile, 'streaming.sourceName.absent').value === 'filled-in' ? 'off' : ERROR_BATCH),
  message: () => `The header has no source.name; the failed-batches guide reports this as "${DOWNSTREAM_MESSAGES.sourceNameMissing.text}".`,
  check: (ctx) => {
    if (ctx.header === undefined) return null;
    const name = own(asObject(own(ctx.header, 'source')), 'name');
    return typeof name === 'string' && name !== ''
      ? null
      : {
          pointer: `${ctx.base}/header`,
          params: {},
          validationErrors: [{ keyword: 'required', message: DOWNSTREAM_MESSAGES.sourceNameMissing.text, pointerToViolation: '#', schemaLocation: '#' }],
        };
  },
});
