import { pickBatch } from '../../../contract/batch.js';
import { defineRule } from '../../engine.js';
import { bodyObject, type BatchRequestContext } from './context.js';
import { inputFormatOf } from './input-format.js';
import { openapi } from './sources.js';

export default defineRule<BatchRequestContext, Record<string, never>>({
  id: 'batch.request.input-format-missing',
  title: 'The create-batch body has no inputFormat',
  description: 'The OpenAPI IngestBatch requires inputFormat and the troubleshooting guide says to give the format at creation; the overview creates a batch with datasetId alone (disagreement batch.create.inputFormat).',
  source: openapi('components.schemas.IngestBatch.required'),
  outcome: (profile) =>
    pickBatch(profile, 'batch.create.inputFormat').value === 'required'
      ? { severity: 'error', effect: { kind: 'reject-request', status: 400 } }
      : 'off',
  message: () => 'The create-batch body has no inputFormat object, such as {"format": "json"}.',
  check: (ctx) =>
    ctx.route.endpoint === 'createBatch' && bodyObject(ctx) !== undefined && !inputFormatOf(ctx).present
      ? { pointer: ctx.pointers.body, params: {} }
      : null,
});
