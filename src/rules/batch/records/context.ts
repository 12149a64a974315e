/** What the batch record rules read: the file as a whole, or one record of it. */
import type { InputFormat } from '../../../contract/batch.js';
import type { ProfileName } from '../../../contract/profiles.js';
import type { BatchRecord } from '../../../parse/records/types.js';
import type { XdmSchema } from '../../../world/types.js';
import type { XdmValidator } from '../../../world/xdm-validator.js';

export interface BatchFileContext {
  profile: ProfileName;
  datasetId: string;
  format: InputFormat;
  /** `isMultiLineJson`: the file is read as one JSON document. */
  multiline: boolean;
  bytes: number;
  schema: XdmSchema | undefined;
  /** The file holds nothing but white space (or no byte at all). */
  blank: boolean;
  /** CSV: the header row's cells, once read; undefined before or for other formats. */
  csvHeader?: readonly string[];
  /** The first property of the dataset's schema that is not flat (an object or an array), if any. */
  nestedProperty: string | undefined;
  /** The file's first record, for hints about how it was meant to be read. */
  firstRecord?: BatchRecord;
}

export interface BatchRecordContext {
  profile: ProfileName;
  format: InputFormat;
  record: BatchRecord;
  schema: XdmSchema | undefined;
  validator: XdmValidator | undefined;
}

/**
 * Where a record is, in words, for a message: `row 3 ` for Parquet, whose finding's "line" is the row.
 * Text formats say nothing: the finding's line says it, and a worker reading a range of lines does not
 * know its lines' numbers in the file until the results are merged.
 */
export function placeOf(ctx: { format: InputFormat; record: BatchRecord }): string {
  return ctx.format === 'parquet' ? `row ${ctx.record.row} ` : '';
}
