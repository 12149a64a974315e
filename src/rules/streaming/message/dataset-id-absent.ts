import { pick } from '../../../contract/streaming.js';
import { advice, defineRule, rejectMessage } from '../../engine.js';
import { has, type MessageContext } from '../context.js';
import { tutorial } from '../sources.js';

export default defineRule<MessageContext, Record<string, never>>({
  id: 'streaming.header.dataset-id-absent',
  title: 'Header has no datasetId',
  description:
    "The tutorial puts datasetId in the header to send a message straight to a dataset; without it the inlet's dataflow decides. The OpenAPI file makes it required.",
  source: tutorial('Stream to a dataset'),
  basis: 'inferred',
  outcome: (profile) =>
    pick(profile, 'streaming.datasetId.absent').value === 'routed-by-dataflow' ? advice('info') : rejectMessage('unknownXdmFormat'),
  message: () =>
    "The header has no datasetId: the inlet's dataflow decides the dataset, and pre-flight checks the entity against the header's schema only.",
  check: (ctx) => (ctx.header !== undefined && !has(ctx.header, 'datasetId') ? { pointer: `${ctx.base}/header`, params: {} } : null),
});
