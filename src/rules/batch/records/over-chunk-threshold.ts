import { pickBatch } from '../../../contract/batch.js';
import { advice, defineRule } from '../../engine.js';
import type { BatchFileContext } from './context.js';

const MB = 1024 * 1024;

export default defineRule<BatchFileContext, { bytes: number; threshold: number }>({
  id: 'batch.file.over-chunk-threshold',
  title: 'File over the size that needs a chunked upload',
  description:
    'A file over the chunking threshold (512 MB in the overview, 256 MB in the OpenAPI PUT note; the profile picks one) must be sent with the large-file upload: initialize, PATCH parts with Content-Range, then complete.',
  source: pickBatch('docs', 'batch.chunkThreshold.bytes').sources[0]!,
  outcome: () => advice('warn'),
  message: ({ bytes, threshold }) =>
    `the file is ${(bytes / MB).toFixed(1)} MB, over the ${threshold / MB} MB threshold: upload it in chunks (POST …/files/{FILE}?action=INITIALIZE, PATCH parts with Content-Range, then ?action=COMPLETE), not in one PUT.`,
  check: (ctx) => {
    const threshold = pickBatch(ctx.profile, 'batch.chunkThreshold.bytes').value;
    return ctx.bytes > threshold ? { pointer: '', params: { bytes: ctx.bytes, threshold } } : null;
  },
});
