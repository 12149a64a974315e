import { defineRule, rejectMessage } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';
import { FAILED_MESSAGES } from '../sources.js';
import { preview } from '../json-type.js';

export default defineRule<MessageContext, { given: string; known: string }>({
  id: 'streaming.dataset.unknown',
  title: 'datasetId names no known dataset',
  description: 'The datasetId field needs to reference an existing dataset of the org.',
  source: FAILED_MESSAGES,
  basis: 'inferred',
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ given, known }) => `datasetId ${given} is not a dataset of this world (known: ${known}).`,
  check: (ctx) => {
    if (!has(ctx.header, 'datasetId') || ctx.dataset !== undefined) return null;
    return {
      pointer: `${ctx.base}/header/datasetId`,
      params: { given: preview(own(ctx.header, 'datasetId')), known: ctx.world.world.datasets.map((d) => d.id).join(', ') || 'none' },
    };
  },
});
