import { BATCH_LIMITS, parseContentRange } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { header, type BatchRequestContext } from './context.js';

type Params = { range: string; why: string };

const MAX_PART = BATCH_LIMITS.partRangeBytes.max;

export default defineRule<BatchRequestContext, Params>({
  id: 'batch.request.content-range-bounds',
  title: 'The Content-Range does not fit the part',
  description: `The range names the lowest and the highest byte of the part sent with it, so it spans exactly the body's bytes; the accepted range is 0 to ${MAX_PART} bytes, which the harness reads as the largest part.`,
  source: BATCH_LIMITS.partRangeBytes.sources[0],
  basis: 'inferred',
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ range, why }) => `The Content-Range "${range}" ${why}.`,
  check: (ctx) => {
    if (ctx.route.endpoint !== 'uploadFilePart') return null;
    const h = header(ctx, 'Content-Range');
    const range = h === undefined ? undefined : parseContentRange(h.value);
    if (h === undefined || range === undefined) return null;
    const span = range.end - range.start + 1;
    if (span > MAX_PART) return { pointer: h.pointer, params: { range: h.value, why: `spans ${span} bytes, more than the ${MAX_PART} a part may have` } };
    if (ctx.body !== undefined && ctx.body.bytes !== span) {
      return { pointer: h.pointer, params: { range: h.value, why: `spans ${span} bytes but the body holds ${ctx.body.bytes}` } };
    }
    return null;
  },
});
