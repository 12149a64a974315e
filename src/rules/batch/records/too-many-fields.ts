import { BATCH_LIMITS } from '../../../contract/batch.js';
import { isCorrupt } from '../../../parse/records/types.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import { placeOf, type BatchRecordContext } from './context.js';

type Params = { place: string; fields: number; limit: number };

/** Leaf fields of a value, counted without recursion and given up once past `cap`. */
function leafFields(value: unknown, cap: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= cap) {
    const v = stack.pop();
    if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const key in v) stack.push((v as Record<string, unknown>)[key]);
    else count++;
  }
  return count;
}

export default defineRule<BatchRecordContext, Params>({
  id: 'batch.record.too-many-fields',
  title: 'A row has more than 10 000 fields',
  description: 'Batch ingestion allows at most 10 000 properties or fields per row.',
  source: BATCH_LIMITS.fieldsPerRow.sources[0],
  basis: 'inferred',
  outcome: () => ERROR_BATCH,
  message: ({ place, fields, limit }) => `record ${place}has ${fields > limit + 1 ? 'more than ' : ''}${Math.min(fields, limit + 1).toLocaleString('en-US')} fields, over the ${limit.toLocaleString('en-US')} fields a row may have.`,
  check: (ctx) => {
    if (isCorrupt(ctx.record)) return null;
    const limit = BATCH_LIMITS.fieldsPerRow.value;
    const fields = Math.max(ctx.record.fields ?? 0, leafFields(ctx.record.value, limit));
    if (fields <= limit) return null;
    const message = `the row has more than ${limit} fields`;
    return {
      pointer: '',
      params: { place: placeOf(ctx), fields, limit },
      validationErrors: [{ keyword: 'maxProperties', message, pointerToViolation: '#', schemaLocation: '#' }],
    };
  },
});
