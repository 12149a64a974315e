import { INPUT_FORMATS, pickBatch } from '../../../contract/batch.js';
import { advice, defineRule } from '../../engine.js';
import type { BatchRequestContext } from './context.js';
import { inputFormatOf } from './input-format.js';
import { troubleshooting } from './sources.js';

export default defineRule<BatchRequestContext, { found: string; lower: string }>({
  id: 'batch.request.input-format-case',
  title: 'The input format is not written in lower case',
  description:
    'The tutorials write json, parquet and csv; the OpenAPI request enum says JSON, Parquet, CSV while its response enum says json and parquet (disagreement batch.inputFormat.case).',
  source: troubleshooting('Ingestion support'),
  outcome: (profile) => (pickBatch(profile, 'batch.inputFormat.case').value === 'lowercase' ? advice('warn') : 'off'),
  message: ({ found, lower }) => `inputFormat.format is "${found}"; the tutorials and the batch object write "${lower}".`,
  check: (ctx) => {
    const read = inputFormatOf(ctx);
    if (!read.present || typeof read.format !== 'string') return null;
    const lower = read.format.toLowerCase();
    return read.format !== lower && Object.hasOwn(INPUT_FORMATS, lower) ? { pointer: ctx.pointers.body, params: { found: read.format, lower } } : null;
  },
});
