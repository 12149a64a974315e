import { INPUT_FORMATS } from '../../../contract/batch.js';
import { defineRule, ERROR_BATCH } from '../../engine.js';
import type { BatchFileContext } from './context.js';

export default defineRule<BatchFileContext, { property: string; datasetId: string }>({
  id: 'batch.file.csv-nested-schema',
  title: "CSV file for a dataset whose schema is not flat",
  description: 'CSV is supported on a legacy basis only, and only for flat schemas: a CSV file cannot fill a schema with objects or arrays.',
  source: INPUT_FORMATS.csv.sources[0],
  appliesTo: ['csv'],
  outcome: () => ERROR_BATCH,
  message: ({ property, datasetId }) =>
    `CSV ingestion is only supported for flat schemas, and the schema of dataset ${datasetId} has the nested field "${property}"; send JSON or Parquet instead.`,
  check: (ctx) => (ctx.format === 'csv' && ctx.nestedProperty !== undefined ? { pointer: '', params: { property: ctx.nestedProperty, datasetId: ctx.datasetId } } : null),
});
