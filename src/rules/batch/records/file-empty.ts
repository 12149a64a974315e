import { BATCH_ERROR_CODES } from '../../../contract/batch.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import type { BatchFileContext } from './context.js';

export default defineRule<BatchFileContext, { code: string; description: string }>({
  id: 'batch.file.empty',
  title: 'The batch file is empty',
  description: 'A batch file with no data fails its batch with error code 106: "Dataset file is empty. Please upload file with data."',
  source: BATCH_ERROR_CODES['106'].source,
  outcome: () => ERROR_BATCH,
  message: ({ code, description }) => `error ${code}: ${description}`,
  check: (ctx) => {
    if (!ctx.blank) return null;
    const item = { code: '106', description: BATCH_ERROR_CODES['106'].description };
    return { pointer: '', params: item, batchError: item };
  },
});
