import { CONTENT_RANGE, parseContentRange } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { header, type BatchRequestContext } from './context.js';

export default defineRule<BatchRequestContext, { value: string }>({
  id: 'batch.request.content-range-malformed',
  title: 'The Content-Range is not "bytes START-END"',
  description: `The header is "${CONTENT_RANGE.documented.template}", the first and the last byte of the part in integers; the harness reads the RFC 9110 form ${CONTENT_RANGE.harnessReads.example} (no source shows an example).`,
  source: CONTENT_RANGE.documented.sources[0],
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ value }) =>
    `The Content-Range "${value}" is not "bytes START-END" (optionally "/TOTAL") with START ≤ END < TOTAL, for example "${CONTENT_RANGE.harnessReads.example}".`,
  check: (ctx) => {
    if (ctx.route.endpoint !== 'uploadFilePart') return null;
    const h = header(ctx, 'Content-Range');
    return h !== undefined && parseContentRange(h.value) === undefined ? { pointer: h.pointer, params: { value: h.value } } : null;
  },
});
