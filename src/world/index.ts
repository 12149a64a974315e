export { loadWorld, parseWorld } from './load.js';
export { WorldError, type WorldIssue } from './world-error.js';
export { defaultWorld, DEFAULT_WORLD_SOURCE } from './default.js';
export {
  createXdmValidators,
  DEFAULT_MAX_VIOLATIONS,
  type XdmValidator,
  type XdmValidators,
  type XdmValidatorOptions,
  type XdmViolation,
} from './xdm-validator.js';
export { EXPERIENCE_EVENT_CLASS, PROFILE_CLASS, TIME_SERIES } from './world-build.js';
export type { CampaignMapping, CampaignOutcome, Dataset, Inlet, Org, SchemaClass, World, WorldFault, WorldNotice, XdmSchema } from './types.js';
