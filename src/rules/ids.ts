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
export type RuleId = StreamingRuleId;
