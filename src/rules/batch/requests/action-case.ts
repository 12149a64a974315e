import { BATCH_ACTIONS, FILE_ACTIONS, pickBatch } from '../../../contract/batch.js';
import { advice, defineRule } from '../../engine.js';
import { actionParameter, isActionRequest, type BatchRequestContext } from './context.js';
import { apiGuide } from './sources.js';

type Params = { value: string; upper: string; accepted: boolean };

export default defineRule<BatchRequestContext, Params>({
  id: 'batch.request.action-case',
  title: 'The action is not written in upper case',
  description:
    'Documented requests write both initialize and INITIALIZE, COMPLETE and complete; the OpenAPI enums are upper case only (disagreement batch.action.case).',
  source: apiGuide('Signal batch complete'),
  outcome: (profile) =>
    pickBatch(profile, 'batch.action.case').value === 'any-case'
      ? advice('info')
      : { severity: 'error', effect: { kind: 'reject-request', status: 400 } },
  message: ({ value, upper }) =>
    `The action is written "${value}"; the OpenAPI spells it "${upper}", and only the tutorials show other spellings.`,
  check: (ctx) => {
    if (!isActionRequest(ctx)) return null;
    const value = actionParameter(ctx);
    if (value === null || value === value.toUpperCase()) return null;
    const table: Record<string, unknown> = ctx.route.endpoint === 'batchAction' ? BATCH_ACTIONS : FILE_ACTIONS;
    const upper = value.toUpperCase();
    // An action that is unknown in any case is batch.request.action-unknown's.
    return Object.hasOwn(table, upper) ? { pointer: ctx.pointers.url, params: { value, upper, accepted: true } } : null;
  },
});
