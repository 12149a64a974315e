import { always, defineRule } from '../../engine.js';
import { carriesFileBytes, header, type BatchRequestContext } from './context.js';
import { overview } from './sources.js';

type Params = { expected: string; found: string | null; what: string };

function mediaType(value: string): string {
  return value.split(';')[0]!.trim().toLowerCase();
}

/** File bytes go raw; JSON bodies (create a batch) are named application/json. */
function expectedFor(ctx: BatchRequestContext): { expected: string; what: string } | undefined {
  if (carriesFileBytes(ctx)) return { expected: 'application/octet-stream', what: 'file bytes' };
  if (ctx.route.endpoint === 'createBatch') return { expected: 'application/json', what: 'a JSON body' };
  return undefined;
}

export default defineRule<BatchRequestContext, Params>({
  id: 'batch.request.content-type',
  title: 'The Content-Type does not match the body',
  description:
    'Requests with a JSON payload carry Content-Type: application/json; a small file (PUT) and a part of a large file (PATCH) carry application/octet-stream.',
  source: overview('Gather values for required headers'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ expected, found, what }) =>
    found === null
      ? `The request sends ${what} without a Content-Type; it should be ${expected}.`
      : `The request sends ${what} as ${found}; it should be ${expected}.`,
  check: (ctx) => {
    const want = expectedFor(ctx);
    if (want === undefined) return null;
    const h = header(ctx, 'Content-Type');
    // multipart is its own rule (batch.request.multipart-body), with the documented warning about curl -F.
    if (h !== undefined && mediaType(h.value).startsWith('multipart/')) return null;
    if (h === undefined) return { pointer: ctx.pointers.headers, params: { ...want, found: null } };
    const found = mediaType(h.value);
    return found === want.expected ? null : { pointer: h.pointer, params: { ...want, found } };
  },
});
