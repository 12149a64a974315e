import { CREATE_BATCH_REQUEST } from '../../../contract/batch.js';
import { always, defineRule } from '../../engine.js';
import { bodyObject, type BatchRequestContext } from './context.js';
import { overview } from './sources.js';

export default defineRule<BatchRequestContext, { why: string }>({
  id: 'batch.request.create-body-invalid',
  title: 'The create-batch body is not an object with a datasetId',
  description: `POST /batches takes a JSON object; ${CREATE_BATCH_REQUEST.required.join(', ')} is required by every source.`,
  source: overview('Create a batch: request'),
  outcome: always('error', { kind: 'reject-request', status: 400 }),
  message: ({ why }) => `The create-batch body ${why}; it is a JSON object such as {"datasetId": "…", "inputFormat": {"format": "json"}}.`,
  check: (ctx) => {
    if (ctx.route.endpoint !== 'createBatch') return null;
    if (ctx.body === undefined) return { pointer: ctx.pointers.request, params: { why: 'is missing' } };
    const body = bodyObject(ctx);
    if (body === undefined) return { pointer: ctx.pointers.body, params: { why: ctx.json === undefined ? 'is not JSON' : 'is not a JSON object' } };
    const datasetId = body['datasetId'];
    if (typeof datasetId !== 'string' || datasetId === '') return { pointer: ctx.pointers.body, params: { why: 'has no datasetId string' } };
    return null;
  },
});
