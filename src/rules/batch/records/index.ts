/** The batch record rule set: file rules, then record rules (a record's failed output lists them in this order). */
import type { AnyRule } from '../../engine.js';
import type { BatchFileContext, BatchRecordContext } from './context.js';
import fileEmpty from './file-empty.js';
import csvEmptyHeader from './csv-empty-header.js';
import csvNestedSchema from './csv-nested-schema.js';
import multiLineJson from './multi-line-json.js';
import overChunkThreshold from './over-chunk-threshold.js';
import notParseable from './not-parseable.js';
import tooManyFields from './too-many-fields.js';
import timeSeriesFieldMissing from './time-series-field-missing.js';
import xdmInvalid from './xdm-invalid.js';

export const BATCH_FILE_RULES: readonly AnyRule<BatchFileContext>[] = [fileEmpty, csvEmptyHeader, csvNestedSchema, multiLineJson, overChunkThreshold];

export const BATCH_RECORD_RULES: readonly AnyRule<BatchRecordContext>[] = [notParseable, tooManyFields, timeSeriesFieldMissing, xdmInvalid];

/** All rules, for listings. */
export const BATCH_RULES: readonly AnyRule<never>[] = [...BATCH_FILE_RULES, ...BATCH_RECORD_RULES];
