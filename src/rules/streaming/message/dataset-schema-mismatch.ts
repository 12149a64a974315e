import { defineRule, rejectMessage } from '../../engine.js';
import type { MessageContext } from '../context.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { datasetId: string; datasetSchema: string; headerSchema: string }>({
  id: 'streaming.dataset.schema-mismatch',
  title: "Dataset's schema is not the header's schema",
  description:
    "The dataset named by datasetId must have the schema the header's schemaRef names; a message whose schema does not match the dataset's is answered \"Message has unknown xdm format\".",
  source: FAILED_MESSAGES,
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ datasetId, datasetSchema, headerSchema }) =>
    `Dataset ${datasetId} has schema ${datasetSchema}, but the header's schemaRef names ${headerSchema}.`,
  check: (ctx) => {
    const id = ctx.headerSchemaRef.id;
    if (ctx.dataset === undefined || id === undefined || ctx.dataset.schema === id) return null;
    return {
      pointer: `${ctx.headerSchemaRef.pointer}/id`,
      params: { datasetId: ctx.dataset.id, datasetSchema: ctx.dataset.schema, headerSchema: id },
    };
  },
});
