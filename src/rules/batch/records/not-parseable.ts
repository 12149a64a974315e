import { ROW_ERRORS } from '../../../contract/catalog.js';
import { isCorrupt } from '../../../parse/records/types.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import type { BatchRecordContext } from './context.js';

export default defineRule<BatchRecordContext, { reason: string }>({
  id: 'batch.record.not-parseable',
  title: 'A record cannot be parsed',
  description:
    "A record the platform cannot parse is not ingested: it is kept in the batch's row errors as `_corrupt_record` with its error, and counts as a failed record.",
  source: ROW_ERRORS.sources[0],
  outcome: () => ERROR_BATCH,
  message: ({ reason }) => `${reason}; the record would be kept as _corrupt_record in the row errors, not ingested.`,
  check: (ctx) => {
    const record = ctx.record;
    if (!isCorrupt(record)) return null;
    return {
      pointer: '',
      params: { reason: record.reason },
      at: record.at,
      validationErrors: [{ keyword: 'parse', message: record.reason, pointerToViolation: '#', schemaLocation: '#' }],
    };
  },
});
