import { pick } from '../../../contract/streaming.js';
import { defineRule, rejectMessage } from '../../engine.js';
import { has, type MessageContext } from '../context.js';
import { openapi } from '../sources.js';

export default defineRule<MessageContext, Record<string, never>>({
  id: 'streaming.header.flow-id-absent',
  title: 'Header has no flowId',
  description:
    'The OpenAPI file lists flowId among the required header fields; the tutorial examples carry none and are accepted. Checked under the openapi and strict profiles.',
  source: openapi('components.schemas.messageHeader.required'),
  basis: 'inferred',
  outcome: (profile) => (pick(profile, 'streaming.flowId.absent').value === 'optional' ? 'off' : rejectMessage('unknownXdmFormat')),
  message: () => 'The header has no flowId, which the OpenAPI file requires: add the dataflow id the inlet belongs to.',
  check: (ctx) => (ctx.header !== undefined && !has(ctx.header, 'flowId') ? { pointer: `${ctx.base}/header`, params: {} } : null),
});
