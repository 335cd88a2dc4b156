export { availability, batchAtpMinor, batchAvailability } from './availability';
export type { BatchQuery, LocationQuery } from './availability';
export { createAtpCatalog, MAX_COMPILED_CHANNELS } from './catalog';
export type { AtpCatalog, AtpCatalogInput } from './catalog';
export { createAtpContext, createAtpContextFrom } from './context';
export type {
  AtpContext,
  AtpInput,
  AtpSnapshotInput,
  DatedDemand,
  LastKnownAtp,
  PositionLookup,
} from './context';
export { evaluatePosition } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { renderExplanation } from './explanation';
export type { Explanation, ExplanationStep, ExplanationTerm, TermKind } from './explanation';
export type { AvailabilityStatus } from './internal/kernel';
export { networkAvailability } from './network';
export { atpClock, PreparedAvailability, prepareAvailability } from './prepared';
export type { AtpClock } from './prepared';
export type { ExcludedLocation, NetworkAvailabilityResult, NetworkQuery } from './network';
export {
  AmountSchema,
  BackorderSchema,
  ChannelPolicySetSchema,
  DurationSchema,
  FallbackSchema,
  parsePolicySet,
  PolicyFieldsSchema,
  PolicyRuleSchema,
  ScopeSchema,
  scopeKey,
} from './policy';
export type {
  Amount,
  Backorder,
  ChannelPolicySet,
  ChannelPolicySetInput,
  Fallback,
  PolicyFields,
  PolicyRule,
  Scope,
} from './policy';
export { runQueryJson } from './query';
export type { AnyResultJson } from './query';
export { compilePolicy, indexPolicy, resolvePolicy, scopeRank } from './resolve';
export type {
  CompiledPolicy,
  PolicyIndex,
  Resolved,
  ResolvedPolicy,
  RuleSource,
  ScopeLevel,
} from './resolve';
export { AvailabilityResult } from './result';
export type { AvailabilityResultFields, BackorderAllowance } from './result';
export { dailyHorizon, timePhasedAvailability } from './time-phased';
export type { TimePhasedBucket, TimePhasedQuery, TimePhasedResult } from './time-phased';
export {
  AtpInputJsonSchema,
  AvailabilityQueryJsonSchema,
  AvailabilityResultJsonSchema,
  availabilityToJson,
  BatchResultJsonSchema,
  DemandJsonSchema,
  ExplanationJsonSchema,
  explanationToJson,
  LastKnownJsonSchema,
  NetworkAvailabilityResultJsonSchema,
  networkToJson,
  parseAtpInput,
  SupplyJsonSchema,
  TimePhasedResultJsonSchema,
  timePhasedToJson,
} from './wire';
export type {
  AtpInputJson,
  AvailabilityQueryJson,
  AvailabilityResultJson,
  BatchResultJson,
  ExplanationJson,
  NetworkAvailabilityResultJson,
  TimePhasedResultJson,
  ToJsonOptions,
} from './wire';
