/**
 * The streaming rule set. Order matters: when several endpoint rules reject one message, the first in
 * `ENDPOINT_RULES` decides which documented text its 207 entry carries. No source gives the platform's
 * own order, so the harness checks the envelope's shape first, then the org, then the schema and dataset.
 * Every finding is reported whatever the order.
 */
import type { AnyRule } from '../engine.js';
import type { MessageContext, RequestContext } from './context.js';

import notJson from './request/not-json.js';
import tooLarge from './request/too-large.js';
import sizeAmbiguous from './request/size-ambiguous.js';
import notObject from './request/not-object.js';
import messagesMissing from './request/messages-missing.js';
import messagesNotArray from './request/messages-not-array.js';
import messagesEmpty from './request/messages-empty.js';
import byteOrderMark from './request/byte-order-mark.js';
import messageTooLarge from './request/message-too-large.js';

import messageNotObject from './message/not-object.js';
import headerMissing from './message/header-missing.js';
import bodyMissing from './message/body-missing.js';
import legacyXdmSchema from './message/legacy-xdm-schema.js';
import schemaRefMissing from './message/schema-ref-missing.js';
import imsOrgMismatch from './message/ims-org-mismatch.js';
import imsOrgAbsent from './message/ims-org-absent.js';
import xdmMetaMissing from './message/xdm-meta-missing.js';
import contentTypeMalformed from './message/content-type-malformed.js';
import headerBodyMismatch from './message/header-body-mismatch.js';
import unknownSchema from './message/unknown-schema.js';
import datasetIdAbsent from './message/dataset-id-absent.js';
import datasetUnknown from './message/dataset-unknown.js';
import datasetSchemaMismatch from './message/dataset-schema-mismatch.js';
import flowIdAbsent from './message/flow-id-absent.js';
import createdAtInvalid from './message/created-at-invalid.js';

import entityMissing from './downstream/entity-missing.js';
import timeSeriesFieldMissing from './downstream/time-series-field-missing.js';
import xdmInvalid from './downstream/xdm-invalid.js';
import sourceNameAbsent from './downstream/source-name-absent.js';
import recordSize from './downstream/record-size.js';

export const REQUEST_RULES: readonly AnyRule<RequestContext>[] = [
  notJson,
  tooLarge,
  sizeAmbiguous,
  notObject,
  messagesMissing,
  messagesNotArray,
  messagesEmpty,
  byteOrderMark,
  messageTooLarge,
];

export const ENDPOINT_RULES: readonly AnyRule<MessageContext>[] = [
  messageNotObject,
  headerMissing,
  bodyMissing,
  legacyXdmSchema,
  schemaRefMissing,
  imsOrgMismatch,
  imsOrgAbsent,
  xdmMetaMissing,
  contentTypeMalformed,
  headerBodyMismatch,
  unknownSchema,
  datasetIdAbsent,
  datasetUnknown,
  datasetSchemaMismatch,
  flowIdAbsent,
  createdAtInvalid,
];

/** Run only for messages the endpoint accepts: streaming validation never sees the others. */
export const DOWNSTREAM_RULES: readonly AnyRule<MessageContext>[] = [
  entityMissing,
  timeSeriesFieldMissing,
  xdmInvalid,
  sourceNameAbsent,
  recordSize,
];

/** All rules, for listings; `never` because no single context fits them all. */
export const STREAMING_RULES: readonly AnyRule<never>[] = [...REQUEST_RULES, ...ENDPOINT_RULES, ...DOWNSTREAM_RULES];
