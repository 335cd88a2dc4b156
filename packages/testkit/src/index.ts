export {
  arbDecimalText,
  arbEvent,
  arbEventData,
  arbItem,
  arbLocationId,
  arbMinor,
  arbPosition,
  arbQuantity,
  arbSku,
  arbSpec,
  arbTimestamp,
} from './arbitraries';
export type { QuantityArbOptions } from './arbitraries';
export {
  AtpExpectedSchema,
  atpKind,
  AtpVectorSchema,
  formatReport,
  kinds,
  runConformance,
  runVectorFile,
  runVectorJson,
  subsetMismatches,
  summaryLine,
  vectorFiles,
  vectorJsonSchema,
} from './conformance/index';
export type {
  AtpVector,
  JsonPath,
  KindHandler,
  KindOutcome,
  Mismatch,
  RunSummary,
  VectorReport,
} from './conformance/index';
export { formatSummary, Rng, simulate } from './simulator/index';
export type { SimulationOptions, SimulationSummary } from './simulator/index';
