export type { PlanningAvailabilityRow, ReservationExportRow } from './export';
export {
  planningAvailabilityCsv,
  planningReservationsCsv,
  RESERVATION_CSV_COLUMNS,
  ReservationExportRowSchema,
} from './export';
export { importItems, importLocations, ITEM_CSV_COLUMNS, LOCATION_CSV_COLUMNS } from './master';
export type { ImportResult, RowError } from './rows';
export type { SnapshotImportOptions, SnapshotRow } from './snapshot';
export { importStockSnapshot, SnapshotRowSchema } from './snapshot';
