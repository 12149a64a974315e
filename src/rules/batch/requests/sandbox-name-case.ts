import { SANDBOX_NAME_RULE } from '../../../contract/batch.js';
import { advice, defineRule } from '../../engine.js';
import { header, type BatchRequestContext } from './context.js';

export default defineRule<BatchRequestContext, Record<string, never>>({
  id: 'batch.request.sandbox-name-case',
  title: 'The sandbox name is not in lower case',
  description: 'The batch OpenAPI says x-sandbox-name is the sandbox name in lower case only (for example "prod").',
  source: SANDBOX_NAME_RULE.source,
  outcome: (profile) => advice(profile === 'docs' ? 'warn' : 'error'),
  message: () => 'The x-sandbox-name header holds upper-case letters; sandbox names are all lower case.',
  check: (ctx) => {
    const h = header(ctx, 'x-sandbox-name');
    return h !== undefined && h.value !== '' && !SANDBOX_NAME_RULE.pattern.test(h.value) ? { pointer: h.pointer, params: {} } : null;
  },
});
