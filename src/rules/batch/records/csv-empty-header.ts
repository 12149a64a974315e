import { BATCH_ERROR_CODES } from '../../../contract/batch.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import type { BatchFileContext } from './context.js';

export default defineRule<BatchFileContext, { code: string; description: string }>({
  id: 'batch.file.csv-empty-header',
  title: 'The CSV file has an empty header row',
  description: 'A CSV batch file whose first row names no column fails its batch with error code 118: "CSV file contains empty header row."',
  source: BATCH_ERROR_CODES['118'].source,
  appliesTo: ['csv'],
  outcome: () => ERROR_BATCH,
  message: ({ code, description }) => `error ${code}: ${description}`,
  check: (ctx) => {
    if (ctx.format !== 'csv' || ctx.csvHeader === undefined || !ctx.csvHeader.every((cell) => cell.trim() === '')) return null;
    const item = { code: '118', description: BATCH_ERROR_CODES['118'].description };
    return { pointer: '', params: item, batchError: item, at: { line: 1, column: 1 } };
  },
});
