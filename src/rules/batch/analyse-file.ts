/**
 * Judges the records of a batch file against the dataset they go to: resolves the dataset and its schema
 * once, prepares the file and record rules for the profile, and says for each record whether it would be
 * ingested or listed in the failed output. It reads nothing from disk; `preflight-file.ts` does.
 */
import { PARTIAL_INGESTION, type InputFormat } from '../../contract/batch.js';
import { MAX_VALIDATION_ERRORS } from '../../contract/streaming.js';
import type { ProfileName } from '../../contract/profiles.js';
import type { BatchRecord } from '../../parse/records/types.js';
import { isCorrupt } from '../../parse/records/types.js';
import type { ColumnTypes } from '../../parse/records/csv.js';
import type { BatchValidationError, PredictedFailedRecord } from '../../report/model.js';
import type { Dataset, World, XdmSchema } from '../../world/types.js';
import { createXdmValidators, type XdmValidator } from '../../world/xdm-validator.js';
import { prepareRules, runRules, type PreparedRule, type RawFinding } from '../engine.js';
import type { BatchFileContext, BatchRecordContext } from './records/context.js';
import { BATCH_FILE_RULES, BATCH_RECORD_RULES } from './records/index.js';

export class BatchConfigurationError extends Error {}

export interface BatchAnalyserOptions {
  world: World;
  datasetId: string;
  profile?: ProfileName;
  format: InputFormat;
  multiline?: boolean;
  partialIngestionPercent?: number;
}

/** The top-level property types of a flat schema, or the name of its first nested property. */
function flatProperties(schema: XdmSchema | undefined): { types: Map<string, string | undefined>; nested?: string } {
  const properties = (schema?.jsonSchema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const types = new Map<string, string | undefined>();
  for (const [name, property] of Object.entries(properties)) {
    const type = property['type'];
    if (type === 'object' || type === 'array' || property['properties'] !== undefined || property['items'] !== undefined) return { types, nested: name };
    types.set(name, typeof type === 'string' ? type : undefined);
  }
  return { types };
}

export class BatchFileAnalyser {
  readonly profile: ProfileName;
  readonly dataset: Dataset;
  readonly schema: XdmSchema | undefined;
  readonly format: InputFormat;
  readonly multiline: boolean;
  readonly partialIngestionPercent: number | undefined;
  /** CSV cell types, from the schema's top-level properties. */
  readonly columnTypes: ColumnTypes;
  /** The schema's first nested property: CSV cannot fill it. */
  readonly nestedProperty: string | undefined;
  private readonly validator: XdmValidator | undefined;
  private readonly fileRules: PreparedRule<BatchFileContext>[];
  private readonly recordRules: PreparedRule<BatchRecordContext>[];

  constructor(opts: BatchAnalyserOptions) {
    this.profile = opts.profile ?? 'docs';
    const dataset = opts.world.datasets.find((d) => d.id === opts.datasetId);
    if (dataset === undefined) {
      const known = opts.world.datasets.map((d) => d.id).join(', ') || 'none';
      throw new BatchConfigurationError(`--dataset ${opts.datasetId} is not a dataset of the world (${opts.world.source}); known datasets: ${known}`);
    }
    const percent = opts.partialIngestionPercent;
    const range = PARTIAL_INGESTION.fields.partialIngestionPercent;
    if (percent !== undefined && !(Number.isFinite(percent) && percent >= range.min && percent <= range.max)) {
      throw new BatchConfigurationError(`--partial-ingestion-percent takes a number from ${range.min} to ${range.max} (got ${percent})`);
    }
    this.dataset = dataset;
    this.schema = opts.world.schemas.find((s) => s.id === dataset.schema);
    this.format = opts.format;
    this.multiline = opts.format === 'json' && opts.multiline === true;
    this.partialIngestionPercent = percent;
    // Two over the platform's five, so a rule that drops one (time-series fields) still fills five.
    this.validator = this.schema && createXdmValidators(opts.world, { maxViolations: MAX_VALIDATION_ERRORS.value + 2 }).forSchema(this.schema.id);
    const flat = flatProperties(this.schema);
    this.columnTypes = flat.types;
    this.nestedProperty = flat.nested;
    this.fileRules = prepareRules(BATCH_FILE_RULES, this.profile, opts.format);
    this.recordRules = prepareRules(BATCH_RECORD_RULES, this.profile, opts.format);
  }

  fileContext(input: Pick<BatchFileContext, 'bytes' | 'blank' | 'csvHeader' | 'firstRecord'>): BatchFileContext {
    const ctx: BatchFileContext = {
      profile: this.profile,
      datasetId: this.dataset.id,
      format: this.format,
      multiline: this.multiline,
      bytes: input.bytes,
      schema: this.schema,
      blank: input.blank,
      nestedProperty: this.nestedProperty,
    };
    if (input.csvHeader !== undefined) ctx.csvHeader = input.csvHeader;
    if (input.firstRecord !== undefined) ctx.firstRecord = input.firstRecord;
    return ctx;
  }

  /** File rules; returns the file's errors in the batch's `errors` shape when it fails as a whole. */
  analyseFile(ctx: BatchFileContext, out: RawFinding[]): { code: string; description: string }[] {
    const start = out.length;
    runRules(this.fileRules, ctx, out);
    const errors: { code: string; description: string }[] = [];
    for (let i = start; i < out.length; i++) {
      const finding = out[i]!;
      if (finding.effect.kind !== 'error-batch') continue;
      // File rules that fail the batch carry their documented item (106, 118); the others, their rule id.
      errors.push(finding.batchError ?? { code: finding.ruleId, description: finding.message });
    }
    return errors;
  }

  /** One record: its findings, and its failed-output entry when it would not be ingested. */
  analyseRecord(record: BatchRecord, out: RawFinding[]): PredictedFailedRecord | null {
    const ctx: BatchRecordContext = { profile: this.profile, format: this.format, record, schema: this.schema, validator: this.validator };
    const start = out.length;
    runRules(this.recordRules, ctx, out);
    let errors: BatchValidationError[] | undefined;
    for (let i = start; i < out.length; i++) {
      const finding = out[i]!;
      if (finding.effect.kind !== 'error-batch') continue;
      errors ??= [];
      for (const e of finding.validationErrors ?? []) {
        if (errors.length < MAX_VALIDATION_ERRORS.value) errors.push({ causingExceptions: [], ...e });
      }
    }
    if (errors === undefined) return null;
    const failed: PredictedFailedRecord = { row: record.row, _validationErrors: errors };
    if (isCorrupt(record)) failed._corrupt_record = record.corrupt;
    return failed;
  }

  /** Without partial ingestion any failed record fails the batch; with it, only more than P% of them. */
  batchStatus(records: number, failed: number, fileFailed: boolean): 'success' | 'failed' {
    if (fileFailed) return 'failed';
    if (failed === 0) return 'success';
    const percent = this.partialIngestionPercent;
    return percent !== undefined && (failed / records) * 100 <= percent ? 'success' : 'failed';
  }
}
