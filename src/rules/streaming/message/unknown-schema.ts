import { defineRule, rejectMessage } from '../../engine.js';
import type { MessageContext } from '../context.js';
import { FAILED_MESSAGES } from '../sources.js';

export default defineRule<MessageContext, { id: string; known: string }>({
  id: 'streaming.schema-ref.unknown-schema',
  title: 'schemaRef names no known schema',
  description: 'The header of a message should reference an existing XDM schema of the org; a schema the platform does not know is an unknown XDM format.',
  source: FAILED_MESSAGES,
  outcome: () => rejectMessage('unknownXdmFormat'),
  message: ({ id, known }) => `The header's schemaRef names ${id}, which is not a schema of this world (known: ${known}).`,
  check: (ctx) => {
    const id = ctx.headerSchemaRef.id;
    if (id === undefined || ctx.headerSchema !== undefined) return null;
    return {
      pointer: `${ctx.headerSchemaRef.pointer}/id`,
      params: { id, known: ctx.world.world.schemas.map((s) => s.id).join(', ') || 'none' },
    };
  },
});
