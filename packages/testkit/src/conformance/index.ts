export { subsetMismatches } from './compare';
export { kinds } from './kinds';
export { AtpExpectedSchema, atpKind, AtpVectorSchema } from './kinds/atp';
export type { AtpVector } from './kinds/atp';
export {
  formatReport,
  runConformance,
  runVectorFile,
  runVectorJson,
  summaryLine,
  vectorFiles,
} from './runner';
export type { RunSummary, VectorReport } from './runner';
export type { JsonPath, KindHandler, KindOutcome, Mismatch } from './types';
export { vectorJsonSchema } from './schema';
