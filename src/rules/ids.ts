/**
 * The closed, stable set of rule ids. Reports, filters and suppressions rely on these strings: a rule's
 * wording may improve, its id does not change. Add new ids at the end of their surface's list.
 */
export const STREAMING_RULE_IDS = [
  // The request as a whole (the platform answers it with one status).
  'streaming.request.not-json',
  'streaming.request.too-large',
  'streaming.request.size-ambiguous',
  'streaming.request.not-object',
  'streaming.request.messages-missing',
  'streaming.request.messages-not-array',
  'streaming.request.messages-empty',
  'streaming.input.byte-order-mark',
  'streaming.message.too-large',
  // One message, at the collection endpoint (a 400 entry in the 207 body).
  'streaming.message.not-object',
  'streaming.header.missing',
  'streaming.body.missing',
  'streaming.header.legacy-xdm-schema',
  'streaming.header.schema-ref-missing',
  'streaming.header.ims-org-mismatch',
  'streaming.header.ims-org-absent',
  'streaming.body.xdm-meta-missing',
  'streaming.schema-ref.content-type-malformed',
  'streaming.schema-ref.header-body-mismatch',
  'streaming.schema-ref.unknown-schema',
  'streaming.header.dataset-id-absent',
  'streaming.dataset.unknown',
  'streaming.dataset.schema-mismatch',
  'streaming.header.flow-id-absent',
  'streaming.header.created-at-invalid',
  // One message, after the endpoint accepted it (streaming validation; failures go to the error batch).
  'streaming.entity.missing',
  'streaming.entity.time-series-field-missing',
  'streaming.entity.xdm-invalid',
  'streaming.header.source-name-absent',
  'streaming.entity.record-size',
] as const;

export type StreamingRuleId = (typeof STREAMING_RULE_IDS)[number];

/** One HTTP request of the batch ingestion API (`/data/foundation/import`), as a client sends it. */
export const BATCH_REQUEST_RULE_IDS = [
  'batch.request.header-missing',
  'batch.request.sandbox-name-case',
  'batch.request.content-type',
  'batch.request.multipart-body',
  'batch.request.action-missing',
  'batch.request.action-unknown',
  'batch.request.action-case',
  'batch.request.actions-parameter',
  'batch.request.file-name-invalid',
  'batch.request.content-range-missing',
  'batch.request.content-range-malformed',
  'batch.request.content-range-bounds',
  'batch.request.create-body-invalid',
  'batch.request.input-format-missing',
  'batch.request.input-format-unknown',
  'batch.request.input-format-case',
  'batch.request.input-format-legacy-csv',
  'batch.request.partial-ingestion-misspelled',
  'batch.request.partial-ingestion-percent-range',
] as const;

export type BatchRequestRuleId = (typeof BATCH_REQUEST_RULE_IDS)[number];

export type RuleId = StreamingRuleId | BatchRequestRuleId | BatchRecordRuleId;

/** Planning the upload of a directory as one batch (`preflight --plan DIR`): `rules/batch/plan.ts`. */
export const BATCH_PLAN_RULE_IDS = [
  'batch.plan.too-many-files',
  'batch.plan.batch-too-large',
  'batch.plan.batch-below-recommended',
  'batch.plan.file-chunked',
  'batch.plan.file-empty',
  'batch.plan.entry-unreadable',
  'batch.plan.name-refused',
] as const;

export type BatchPlanRuleId = (typeof BATCH_PLAN_RULE_IDS)[number];

/** Batch files checked record by record against their dataset (`preflight --dataset`): `rules/batch/records/`. */
export const BATCH_RECORD_RULE_IDS = [
  // The file as a whole.
  'batch.file.empty',
  'batch.file.csv-empty-header',
  'batch.file.csv-nested-schema',
  'batch.file.multi-line-json',
  'batch.file.over-chunk-threshold',
  // One record.
  'batch.record.not-parseable',
  'batch.record.too-many-fields',
  'batch.record.time-series-field-missing',
  'batch.record.xdm-invalid',
] as const;

export type BatchRecordRuleId = (typeof BATCH_RECORD_RULE_IDS)[number];
