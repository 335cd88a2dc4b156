export { validateAsyncApi } from './asyncapi-validate';
export type { AsyncApiDiagnostic } from './asyncapi-validate';
export {
  AsyncApiComponentSchemas,
  componentJsonSchemas,
  eventComponentName,
  OpenApiComponentSchemas,
} from './components';
export type { JsonSchema } from './components';
export {
  applyErrata,
  compareSchemas,
  diffSpecs,
  ErrataFileSchema,
  ErratumSchema,
  formatDiff,
  parseErrata,
  readErrata,
} from './diff/index';
export type { Change, Classification, DiffReport, Direction, Erratum } from './diff/index';
export {
  CONTRACT_FILES,
  expectedGeneratedFiles,
  generateContracts,
  generatedDrift,
  openApiTypes,
  withComponentSchemas,
} from './generate';
export type { components, operations, paths } from './generated/openapi';
export {
  CursorSchema,
  ErrorCodeSchema,
  HealthSchema,
  IngestBatchSchema,
  IngestEventResultSchema,
  IngestEventSchema,
  IngestReasonSchema,
  IngestResultSchema,
  PositionPageSchema,
  ProblemIssueSchema,
  ProblemSchema,
  ProblemStatus,
  QuarantineEntrySchema,
  QuarantinePageSchema,
  ReconciliationExceptionSchema,
  ReconciliationReportSchema,
  ReconciliationRequestSchema,
  ResubmitRequestSchema,
  SnapshotLineSchema,
  TimestampSchema,
  toProblem,
} from './http/index';
export type { Problem } from './http/index';
export { escapePointerToken, getAtPointer, pointerTokens, toPointer } from './json-pointer';
export { lintSpec } from './lint';
export type { LintIssue, LintOptions } from './lint';
export { bundleSpec, dereference } from './refs';
export { majorVersion, parseSpec, readSpec, specKind } from './spec-io';
export type { SpecDocument, SpecKind } from './spec-io';
