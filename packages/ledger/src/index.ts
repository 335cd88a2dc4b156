export { Ledger } from './ledger';
export type {
  AbsorbedEvent,
  IngestOutcome,
  IngestStatus,
  LedgerOptions,
  LedgerReservation,
  Notice,
  QuarantineEntry,
} from './ledger';
export { reconcile } from './reconcile';
export type {
  ErpRow,
  ErpSnapshot,
  ReconcileOptions,
  ReconciliationException,
  ReconciliationReport,
} from './reconcile';
export { SequenceTracker } from './sequences';
export type { SequenceGap } from './sequences';
export { replay, restoreSnapshot, takeSnapshot } from './snapshot';
export type { LedgerSnapshot } from './snapshot';
export { defaultUpcasters, StockAdjustedV0, stockAdjustedV0 } from './upcast';
export type { Upcaster } from './upcast';
