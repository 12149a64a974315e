import { PARTIAL_INGESTION } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { bodyObject, type BatchRequestContext } from './context.js';

const FIELD = PARTIAL_INGESTION.fields.partialIngestionPercent;

export default defineRule<BatchRequestContext, { found: string }>({
  id: 'batch.request.partial-ingestion-percent-range',
  title: 'partialIngestionPercent is not a percentage',
  description: `partialIngestionPercent is a number from ${FIELD.min} to ${FIELD.max}: the share of rows that may fail before the batch fails.`,
  source: FIELD.source,
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ found }) => `partialIngestionPercent is ${found}; it is a number from ${FIELD.min} to ${FIELD.max}.`,
  check: (ctx) => {
    if (ctx.route.endpoint !== 'createBatch') return null;
    const body = bodyObject(ctx);
    if (body === undefined || !Object.hasOwn(body, 'partialIngestionPercent')) return null;
    const value = body['partialIngestionPercent'];
    return typeof value === 'number' && value >= FIELD.min && value <= FIELD.max
      ? null
      : { pointer: ctx.pointers.body, params: { found: JSON.stringify(value) ?? String(value) } };
  },
});
