import { INPUT_FORMATS } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import type { BatchRequestContext } from './context.js';
import { inputFormatOf } from './input-format.js';
import { troubleshooting } from './sources.js';

const KNOWN = Object.keys(INPUT_FORMATS);

export default defineRule<BatchRequestContext, { found: string }>({
  id: 'batch.request.input-format-unknown',
  title: 'The input format is none the API ingests',
  description: 'Data to upload is Parquet or JSON; CSV is supported on a legacy basis.',
  source: troubleshooting('Ingestion support: supported formats'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ found }) => `inputFormat.format is ${found}; the formats are ${KNOWN.join(', ')}.`,
  check: (ctx) => {
    const read = inputFormatOf(ctx);
    if (!read.present) return null;
    const { format } = read;
    if (typeof format === 'string' && KNOWN.includes(format.toLowerCase())) return null;
    return { pointer: ctx.pointers.body, params: { found: JSON.stringify(format) ?? 'missing' } };
  },
});
