import { INPUT_FORMATS } from '../../../contract/batch.js';
import { advice, always, defineRule } from '../../engine.js';
import type { BatchRequestContext } from './context.js';
import { inputFormatOf } from './input-format.js';
import { troubleshooting } from './sources.js';

export default defineRule<BatchRequestContext, Record<string, never>>({
  id: 'batch.request.input-format-legacy-csv',
  title: 'CSV is supported on a legacy basis only',
  description: INPUT_FORMATS.csv.note,
  source: troubleshooting('Ingestion support: supported formats'),
  outcome: always(advice('warn').severity, advice('warn').effect),
  message: () => 'The batch is created for CSV, which is supported on a legacy basis only and for flat schemas only; prefer JSON or Parquet.',
  check: (ctx) => {
    const read = inputFormatOf(ctx);
    return read.present && typeof read.format === 'string' && read.format.toLowerCase() === 'csv' ? { pointer: ctx.pointers.body, params: {} } : null;
  },
});
