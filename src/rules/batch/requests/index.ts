/**
 * The batch request rules: each judges one HTTP request of the batch ingestion API as a client sends it.
 * Order is the order findings are listed in: headers, then the action, the file, the part, the body.
 */
import { prepareRules, runRules, type AnyRule, type PreparedRule, type RawFinding } from '../../engine.js';
import type { ProfileName } from '../../../contract/profiles.js';
import type { BatchRequestContext } from './context.js';

import headerMissing from './header-missing.js';
import sandboxNameCase from './sandbox-name-case.js';
import contentType from './content-type.js';
import multipartBody from './multipart-body.js';
import actionMissing from './action-missing.js';
import actionUnknown from './action-unknown.js';
import actionCase from './action-case.js';
import actionsParameter from './actions-parameter.js';
import fileNameInvalid from './file-name-invalid.js';
import contentRangeMissing from './content-range-missing.js';
import contentRangeMalformed from './content-range-malformed.js';
import contentRangeBounds from './content-range-bounds.js';
import createBodyInvalid from './create-body-invalid.js';
import inputFormatMissing from './input-format-missing.js';
import inputFormatUnknown from './input-format-unknown.js';
import inputFormatCase from './input-format-case.js';
import inputFormatLegacyCsv from './input-format-legacy-csv.js';
import partialIngestionMisspelled from './partial-ingestion-misspelled.js';
import partialIngestionPercentRange from './partial-ingestion-percent-range.js';

export const BATCH_REQUEST_RULES: readonly AnyRule<BatchRequestContext>[] = [
  headerMissing,
  sandboxNameCase,
  contentType,
  multipartBody,
  actionMissing,
  actionUnknown,
  actionCase,
  actionsParameter,
  fileNameInvalid,
  contentRangeMissing,
  contentRangeMalformed,
  contentRangeBounds,
  createBodyInvalid,
  inputFormatMissing,
  inputFormatUnknown,
  inputFormatCase,
  inputFormatLegacyCsv,
  partialIngestionMisspelled,
  partialIngestionPercentRange,
];

const PREPARED = new Map<ProfileName, PreparedRule<BatchRequestContext>[]>();

/** Runs every batch request rule the profile keeps on one request (outcomes resolved once per profile). */
export function checkBatchRequest(ctx: BatchRequestContext, messageIndex?: number): RawFinding[] {
  let prepared = PREPARED.get(ctx.profile);
  if (prepared === undefined) {
    prepared = prepareRules(BATCH_REQUEST_RULES, ctx.profile);
    PREPARED.set(ctx.profile, prepared);
  }
  const out: RawFinding[] = [];
  runRules(prepared, ctx, out, messageIndex);
  return out;
}

export type { BatchRequestContext, BatchRoute, RequestInput } from './context.js';
export { buildRequestContext, routeBatchRequest } from './context.js';
