import { MAX_VALIDATION_ERRORS, TIME_SERIES_REQUIRED } from '../../../contract/streaming.js';
import { defineRule, ERROR_BATCH, type Violation } from '../../engine.js';
import { has, own, type MessageContext } from '../context.js';

type Params = { path: string; detail: string };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Where a finding points: at the extraneous key itself, not at the object that holds it. */
function findingPath(instancePath: string, keyword: string, params: Record<string, unknown>): string {
  const extra = params['additionalProperty'];
  return keyword === 'additionalProperties' && typeof extra === 'string' ? `${instancePath}/${escapePointer(extra)}` : instancePath;
}

const TIME_SERIES_FIELDS: readonly string[] = TIME_SERIES_REQUIRED.fields;

export default defineRule<MessageContext, Params>({
  id: 'streaming.entity.xdm-invalid',
  title: "xdmEntity does not conform to the dataset's XDM schema",
  description:
    "After the endpoint accepts a message, streaming validation checks xdmEntity against the dataset's XDM schema (range, presence, enum, pattern, type, format) and stops at five errors; a failing message goes to the dataset's error batch.",
  source: MAX_VALIDATION_ERRORS.source,
  outcome: () => ERROR_BATCH,
  message: ({ path, detail }) => `xdmEntity${path}: ${detail} (streaming validation against the dataset's schema).`,
  check: (ctx) => {
    if (ctx.validator === undefined || ctx.targetSchema === undefined || !has(ctx.body, 'xdmEntity')) return null;
    const violations = ctx.validator.validate(own(ctx.body, 'xdmEntity'));
    if (violations.length === 0) return null;
    const timeSeries = ctx.targetSchema.timeSeries;
    const found: Violation<Params>[] = [];
    for (const v of violations) {
      // A missing _id or timestamp on a time-series record is its own documented rule; do not say it twice.
      if (timeSeries && v.keyword === 'required' && v.instancePath === '' && TIME_SERIES_FIELDS.includes(String(v.params['missingProperty']))) continue;
      const path = findingPath(v.instancePath, v.keyword, v.params);
      found.push({
        pointer: `${ctx.base}/body/xdmEntity${path}`,
        params: { path, detail: v.message },
        validationErrors: [{ keyword: v.keyword, message: v.message, pointerToViolation: `#${v.instancePath}`, schemaLocation: v.schemaPath }],
      });
      if (found.length === MAX_VALIDATION_ERRORS.value) break;
    }
    return found;
  },
});
