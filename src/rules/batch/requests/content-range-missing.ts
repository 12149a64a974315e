import { always, defineRule } from '../../engine.js';
import { header, type BatchRequestContext } from './context.js';
import { overview } from './sources.js';

export default defineRule<BatchRequestContext, Record<string, never>>({
  id: 'batch.request.content-range-missing',
  title: 'A part of a large file has no Content-Range',
  description: 'Each part of a large file (PATCH) names its bytes with Content-Range: bytes {CONTENT_RANGE}.',
  source: overview('Large file upload: upload subsequent parts'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: () => 'The PATCH of a part has no Content-Range header, so the platform cannot place its bytes in the file.',
  check: (ctx) =>
    ctx.route.endpoint === 'uploadFilePart' && header(ctx, 'Content-Range') === undefined
      ? { pointer: ctx.pointers.headers, params: {} }
      : null,
});
