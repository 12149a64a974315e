import { TIME_SERIES_REQUIRED } from '../../../contract/streaming.js';
import { isCorrupt } from '../../../parse/records/types.js';
import { defineRule, ERROR_BATCH, type Violation } from '../../engine.js';
import { placeOf, type BatchRecordContext } from './context.js';

type Params = { place: string; field: string; schema: string };

export default defineRule<BatchRecordContext, Params>({
  id: 'batch.record.time-series-field-missing',
  title: 'Time-series record without _id or timestamp',
  description: 'Records of a time-series schema (ExperienceEvent and other time-series classes) need both _id and timestamp; a record without them fails validation.',
  source: TIME_SERIES_REQUIRED.source,
  outcome: () => ERROR_BATCH,
  message: ({ place, field, schema }) => `record ${place}has no "${field}", which time-series data requires (schema ${schema}).`,
  check: (ctx) => {
    const record = ctx.record;
    if (isCorrupt(record) || ctx.schema?.timeSeries !== true) return null;
    const value = record.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    let found: Violation<Params>[] | null = null;
    for (const field of TIME_SERIES_REQUIRED.fields) {
      if (Object.hasOwn(value, field)) continue;
      (found ??= []).push({
        pointer: '',
        params: { place: placeOf(ctx), field, schema: ctx.schema.id },
        validationErrors: [{ keyword: 'required', message: `required key [${field}] not found`, pointerToViolation: '#', schemaLocation: '#' }],
      });
    }
    return found;
  },
});
