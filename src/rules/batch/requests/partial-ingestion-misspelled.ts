import { PARTIAL_INGESTION } from '../../../contract/batch.js';
import { advice, always, defineRule } from '../../engine.js';
import { bodyObject, type BatchRequestContext } from './context.js';
import { partial } from './sources.js';

const MISSPELLINGS: Record<string, { means: string }> = PARTIAL_INGESTION.clientMisspellings;

export default defineRule<BatchRequestContext, { found: string; means: string }>({
  id: 'batch.request.partial-ingestion-misspelled',
  title: 'Partial ingestion is asked for under a name no source documents',
  description:
    'Partial ingestion is enabled by partialIngestionPercent in the create-batch body; clients have been seen sending partialIngestionPercentage, which no Adobe source documents.',
  source: partial('Create a new batch with partial ingestion enabled'),
  basis: 'inferred',
  outcome: always(advice('warn').severity, advice('warn').effect),
  message: ({ found, means }) =>
    `The create-batch body names "${found}"; the documented field is "${means}", so partial ingestion may not be enabled.`,
  check: (ctx) => {
    if (ctx.route.endpoint !== 'createBatch') return null;
    const body = bodyObject(ctx);
    if (body === undefined) return null;
    return Object.keys(body)
      .filter((key) => Object.hasOwn(MISSPELLINGS, key))
      .map((found) => ({ pointer: ctx.pointers.body, params: { found, means: MISSPELLINGS[found]!.means } }));
  },
});
