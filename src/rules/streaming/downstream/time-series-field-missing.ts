import { TIME_SERIES_REQUIRED } from '../../../contract/streaming.js';
import { defineRule, ERROR_BATCH, type Violation } from '../../engine.js';
import { asObject, has, own, type MessageContext } from '../context.js';

type Params = { field: string; schema: string };

export default defineRule<MessageContext, Params>({
  id: 'streaming.entity.time-series-field-missing',
  title: 'Time-series record without _id or timestamp',
  description:
    'Both xdmEntity._id and xdmEntity.timestamp are required for time-series data (ExperienceEvent and other time-series classes); a record without them fails streaming validation.',
  source: TIME_SERIES_REQUIRED.source,
  outcome: () => ERROR_BATCH,
  message: ({ field, schema }) => `xdmEntity has no "${field}", which time-series data requires (schema ${schema}).`,
  check: (ctx) => {
    const entity = asObject(own(ctx.body, 'xdmEntity'));
    if (entity === undefined || ctx.targetSchema?.timeSeries !== true) return null;
    let found: Violation<Params>[] | null = null;
    for (const field of TIME_SERIES_REQUIRED.fields) {
      if (has(entity, field)) continue;
      (found ??= []).push({
        pointer: `${ctx.base}/body/xdmEntity`,
        params: { field, schema: ctx.targetSchema.id },
        validationErrors: [{ keyword: 'required', message: `required key [${field}] not found`, pointerToViolation: '#', schemaLocation: '#' }],
      });
    }
    return found;
  },
});
