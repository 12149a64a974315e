/**
 * What happens to a batch after COMPLETE: the platform promotes it (loaded → staging → staged → active)
 * or finds bad data (staging → failed). The reference server does it in the background, one batch after
 * another on one queue, every step through the life cycle; `settleBatches(ctx)` resolves once the queue
 * is empty, so tests wait for processing without a timer.
 *
 * Validation: every record of every file is checked against the dataset's XDM schema. Records that fail
 * go to the failed-batch output (`_validationErrors`, served by the Data Access API); the batch's
 * `errors` name the files and rows; metrics count input, output and failed records. The batch fails if
 * any record fails, or, with `partialIngestionPercent` P, only if more than P% of its records fail.
 */
import { BATCH_METRICS, FAILED_BATCH_FILE, EXPORT_BASE, METRICS_OF_OUTCOME } from '../contract/catalog.js';
import { INPUT_FORMATS, PARTIAL_INGESTION, type InputFormat } from '../contract/batch.js';
import { createXdmValidators, type XdmValidators, type XdmViolation } from '../world/xdm-validator.js';
import type { ServerContext } from './context.js';
import type { BatchFault } from './faults.js';
import { applyEvent, batchRuntime, currentBatch, withBatchLock, type ApiBatchRecord } from './batch-state.js';
import { formatOfFile, readFileRecords, type RecordReading } from './batch-records.js';
import type { BatchRecord } from './store/types.js';

/** Codes of the harness's own for batch errors no source gives a code for. */
export const HARNESS_BATCH_ERRORS = {
  invalidRecords: 'harness.invalid-records',
  noFiles: 'harness.no-files',
} as const;

/** One `_validationErrors` item, as the failed-batch file shows it. */
export interface FailedRecordError {
  causingExceptions: unknown[];
  keyword: string;
  message: string;
  pointerToViolation: string;
  schemaLocation: string;
}

const validatorsByContext = new WeakMap<ServerContext, XdmValidators>();

function validators(ctx: ServerContext): XdmValidators {
  let found = validatorsByContext.get(ctx);
  if (found === undefined) validatorsByContext.set(ctx, (found = createXdmValidators(ctx.world)));
  return found;
}

/** Queues the processing of a batch just completed; `fault` stops it in retrying or stalled. */
export function enqueueProcessing(ctx: ServerContext, batchId: string, fault?: BatchFault): void {
  const runtime = batchRuntime(ctx);
  runtime.pending++;
  runtime.queue = runtime.queue
    .then(() => processBatch(ctx, batchId, fault))
    .catch((error: unknown) => ctx.log(`batch ${batchId}: processing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
    .finally(() => {
      runtime.pending--;
    });
}

/** Resolves when every queued batch has been processed. */
export async function settleBatches(ctx: ServerContext): Promise<void> {
  const runtime = batchRuntime(ctx);
  while (runtime.pending > 0) await runtime.queue;
}

/**
 * One step under the batch's lock: `change` applies events to the current batch and says whether they
 * were all accepted; only then is the batch stored. A refusal (the batch was aborted meanwhile, say)
 * stops processing.
 */
async function step(ctx: ServerContext, batchId: string, change: (batch: ApiBatchRecord) => Promise<boolean> | boolean): Promise<boolean> {
  return withBatchLock(ctx, batchId, async () => {
    const batch = await currentBatch(ctx, batchId);
    if (batch === undefined) return false;
    if (!(await change(batch))) {
      ctx.log(`batch ${batchId}: processing stopped in status ${batch.status}`);
      return false;
    }
    await ctx.store.putBatch(batch);
    return true;
  });
}

const accepted = (ctx: ServerContext, batch: BatchRecord, ...events: Parameters<typeof applyEvent>[2][]): boolean =>
  events.every((event) => applyEvent(ctx, batch, event).ok);

/**
 * Picks up what a stopped or crashed server left half done: batches completed (`loaded`) or being
 * validated (`staging`) start processing again. Statuses reached through faults (retrying, stalled) stay.
 */
export function resumeProcessing(ctx: ServerContext): number {
  let resumed = 0;
  for (const batch of ctx.store.listBatches({ kind: 'api' })) {
    if (batch.status === 'loaded' || batch.status === 'staging') {
      enqueueProcessing(ctx, batch.id);
      resumed++;
    }
  }
  return resumed;
}

async function processBatch(ctx: ServerContext, batchId: string, fault: BatchFault | undefined): Promise<void> {
  // A batch resumed after a restart may already be staging: it goes straight on to validation.
  if (!(await step(ctx, batchId, (b) => b.status === 'staging' || accepted(ctx, b, 'promote-step')))) return;
  if (fault !== undefined) {
    await step(ctx, batchId, (b) => accepted(ctx, b, ...(fault === 'stalled' ? (['retry', 'stall'] as const) : (['retry'] as const))));
    return;
  }
  const snapshot = ctx.store.getBatch(batchId) as ApiBatchRecord | undefined;
  if (snapshot === undefined) return;
  const result = await validateBatch(ctx, snapshot);
  await step(ctx, batchId, async (batch) => {
    if (batch.status !== 'staging') return false;
    for (const output of result.failedOutputs) await ctx.store.putFailedOutput(batchId, output.name, new TextEncoder().encode(JSON.stringify(output.body)));
    batch.errors = result.errors;
    batch.metrics = result.metrics;
    const ok = result.failed ? accepted(ctx, batch, 'validation-failed') : accepted(ctx, batch, 'promote-step', 'validation-passed');
    if (ok) {
      batch.completed = ctx.clock.now();
      // One append is atomic; after a crash between it and the status change, a resumed run finds it done.
      if (!result.failed && result.valid.length > 0 && (await ctx.store.readRecords(batchId)).length === 0) {
        await ctx.store.appendRecords(batchId, result.valid);
      }
    }
    return ok;
  });
}

interface ValidationResult {
  failed: boolean;
  errors: BatchRecord['errors'];
  metrics: Record<string, number>;
  failedOutputs: { name: string; body: Record<string, unknown> }[];
  valid: unknown[];
}

/** `#/properties/timestamp/format` → `#/properties/timestamp`: the documented example names the field, not the keyword. */
function schemaLocationOf(v: XdmViolation): string {
  const suffix = `/${v.keyword}`;
  return v.schemaPath.endsWith(suffix) ? v.schemaPath.slice(0, -suffix.length) : v.schemaPath;
}

function toValidationError(v: XdmViolation): FailedRecordError {
  return { causingExceptions: [], keyword: v.keyword, message: v.message, pointerToViolation: `#${v.instancePath}`, schemaLocation: schemaLocationOf(v) };
}

function declaredFormat(batch: ApiBatchRecord): InputFormat | undefined {
  if (batch.inputFormatDeclared === false) return undefined;
  const format = batch.inputFormat.format.toLowerCase();
  return Object.hasOwn(INPUT_FORMATS, format) ? (format as InputFormat) : undefined;
}

async function validateBatch(ctx: ServerContext, batch: ApiBatchRecord): Promise<ValidationResult> {
  const dataset = ctx.world.datasets.find((d) => d.id === batch.datasetId);
  const schema = dataset === undefined ? undefined : ctx.world.schemas.find((s) => s.id === dataset.schema);
  const validator = schema === undefined ? undefined : validators(ctx).forSchema(schema.id);
  const files = ctx.store.listFiles(batch.id).filter((f) => f.state === 'complete');
  const result: ValidationResult = { failed: false, errors: [], metrics: {}, failedOutputs: [], valid: [] };
  if (files.length === 0) {
    result.failed = true;
    result.errors.push({ code: HARNESS_BATCH_ERRORS.noFiles, description: 'The batch was completed without any uploaded file: there is nothing to ingest.' });
  }
  let input = 0;
  let failedRecords = 0;
  for (const [index, file] of files.entries()) {
    const bytes = await ctx.store.readFile(file.batchId, file.datasetId, file.name);
    const reading = await readFileRecords(file.name, bytes, formatOfFile(bytes, declaredFormat(batch)), {
      isMultiLineJson: batch.inputFormat.isMultiLineJson === true,
      schema,
    });
    if (!reading.ok) {
      result.failed = true;
      result.errors.push({ code: reading.code, description: reading.description });
      continue;
    }
    const failedRows: number[] = [];
    for (const record of reading.records) {
      input++;
      const errors = recordErrors(record, validator);
      if (errors.length === 0) {
        if ('value' in record) result.valid.push(record.value);
        continue;
      }
      failedRecords++;
      failedRows.push(record.row);
      result.failedOutputs.push({
        // One failed file per record, named after its input file (by position: file names may be long) and row.
        name: `file${index + 1}-row${record.row}.json`,
        body: {
          _filename: file.name,
          _row: record.row,
          ...('corrupt' in record ? { _corrupt_record: record.corrupt } : {}),
          [FAILED_BATCH_FILE.validationErrorsField]: errors,
        },
      });
    }
    if (failedRows.length > 0) {
      result.errors.push({
        code: HARNESS_BATCH_ERRORS.invalidRecords,
        description: `${failedRows.length} of ${reading.records.length} records of ${file.name} failed to parse or to conform to the schema of dataset ${batch.datasetId}; see GET ${EXPORT_BASE.path}/batches/${batch.id}/failed`,
        rows: failedRows,
      });
    }
  }
  if (failedRecords > 0) {
    const percent = batch.tags[PARTIAL_INGESTION.tags.partialIngestionPercent];
    const allowed = typeof percent === 'number' ? percent : 0;
    // Without partial ingestion any failed record fails the batch; with it, only more than P% of them.
    if (typeof percent !== 'number' || (failedRecords / input) * 100 > allowed) result.failed = true;
  }
  // A failed batch ingests nothing (METRICS_OF_OUTCOME): every record it read counts as failed, whatever
  // failed it (an empty or unreadable file, or too many invalid records).
  const output = result.failed ? METRICS_OF_OUTCOME.failedBatchOutput : input - failedRecords;
  result.metrics = { inputRecordCount: input, outputRecordCount: output, failedRecordCount: BATCH_METRICS.failedRecordCount({ inputRecordCount: input, outputRecordCount: output }) };
  if (result.failed) result.valid = [];
  return result;
}

function recordErrors(record: RecordReading, validator: ReturnType<XdmValidators['forSchema']>): FailedRecordError[] {
  if ('corrupt' in record) return [{ causingExceptions: [], keyword: 'parse', message: record.reason, pointerToViolation: '#', schemaLocation: '#' }];
  if (validator === undefined) return [];
  return validator.validate(record.value).map(toValidationError);
}
