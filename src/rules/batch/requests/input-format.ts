/** Reading `inputFormat.format` of a create-batch body, shared by the input-format rules. */
import { bodyObject, type BatchRequestContext } from './context.js';

export function inputFormatOf(ctx: BatchRequestContext): { present: false } | { present: true; format: unknown } {
  if (ctx.route.endpoint !== 'createBatch') return { present: false };
  const inputFormat = bodyObject(ctx)?.['inputFormat'];
  if (typeof inputFormat !== 'object' || inputFormat === null || Array.isArray(inputFormat)) return { present: false };
  return { present: true, format: (inputFormat as Record<string, unknown>)['format'] };
}
