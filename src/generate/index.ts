/**
 * Generated streaming traffic: realistic XDM entities, valid messages and requests for a world, and named
 * mutations that carry their expected verdict. Imports only the contract and the world: generators are an
 * oracle independent of the rules.
 */
export { isoDateTime, profileEntity, webEventEntity, type XdmEntity } from './entities.js';
export {
  contentTypeFor,
  requestBytes,
  schemaRefFor,
  streamableDatasets,
  validMessage,
  validRequest,
  type MessageHeader,
  type SchemaRef,
  type StreamableDataset,
  type StreamingMessage,
  type StreamingRequest,
  type ValidMessageOptions,
  type ValidRequestOptions,
} from './messages.js';
export {
  MUTATIONS,
  MUTATION_NAMES,
  applicableMutations,
  mutationNamed,
  type ExpectedVerdict,
  type Mutation,
  type MutationName,
} from './mutations.js';
export { REQUEST_MESSAGES_MAX } from './messages.js';
export { padRequest, requestLimit, sizedRequest, type LimitSide, type SizedRequestCase, type SizedRequestOptions } from './sized.js';
export {
  expectedEntry,
  mutatedRequest,
  realiseMutatedRequest,
  type ExpectedEntry,
  type MutatedCase,
  type MutatedRequestOptions,
  type MutatedRequestPlan,
  type MutationPlanEntry,
} from './mutated.js';
export {
  DOCUMENTED_BAD_DATE_TIME,
  invalidRecord,
  type DocumentedViolation,
  type InvalidRecord,
} from './invalid-records.js';
