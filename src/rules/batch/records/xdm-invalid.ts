import { FAILED_BATCH_FILE } from '../../../contract/catalog.js';
import { MAX_VALIDATION_ERRORS, TIME_SERIES_REQUIRED } from '../../../contract/streaming.js';
import { isCorrupt } from '../../../parse/records/types.js';
import { defineRule, ERROR_BATCH, type Violation } from '../../engine.js';
import { placeOf, type BatchRecordContext } from './context.js';

type Params = { place: string; path: string; detail: string };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const TIME_SERIES_FIELDS: readonly string[] = TIME_SERIES_REQUIRED.fields;

export default defineRule<BatchRecordContext, Params>({
  id: 'batch.record.xdm-invalid',
  title: "A record does not conform to the dataset's XDM schema",
  description:
    "Each record of a batch file is validated against the dataset's XDM schema; a failing record is not ingested and is listed in the failed-batch output with its `_validationErrors` (at most five).",
  source: FAILED_BATCH_FILE.sources[0],
  outcome: () => ERROR_BATCH,
  message: ({ place, path, detail }) => `record ${place}${path === '' ? '(the record itself)' : path}: ${detail}.`,
  check: (ctx) => {
    const record = ctx.record;
    if (isCorrupt(record) || ctx.validator === undefined) return null;
    const violations = ctx.validator.validate(record.value);
    const found: Violation<Params>[] = [];
    for (const v of violations) {
      // A missing _id or timestamp on a time-series record is its own rule; do not say it twice.
      if (ctx.schema?.timeSeries === true && v.keyword === 'required' && v.instancePath === '' && TIME_SERIES_FIELDS.includes(String(v.params['missingProperty']))) continue;
      const extra = v.params['additionalProperty'];
      const path = v.keyword === 'additionalProperties' && typeof extra === 'string' ? `${v.instancePath}/${escapePointer(extra)}` : v.instancePath;
      found.push({
        pointer: path,
        params: { place: placeOf(ctx), path, detail: v.message },
        validationErrors: [{ keyword: v.keyword, message: v.message, pointerToViolation: `#${v.instancePath}`, schemaLocation: v.schemaPath }],
      });
      if (found.length === MAX_VALIDATION_ERRORS.value) break;
    }
    return found;
  },
});
