export type { CsvParseResult, CsvRecord, CsvRow, CsvSyntaxError } from './common/csv';
export { parseCsv, parseCsvObjects, writeCsv } from './common/csv';
export type { Canonical } from './common/ids';
export { canonicalJson, stableEventId } from './common/ids';
export type { AdapterQuarantine, AdapterResult } from './common/result';
export { emptyResult, mergeResults, quarantine } from './common/result';
export type { IdTable } from './common/id-table';
