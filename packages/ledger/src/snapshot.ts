import { type OmnistockEvent, OmnistockError } from '@omnistock/core';
import { Ledger, type LedgerOptions, type Notice, type QuarantineEntry } from './ledger';

/** The snapshot format: the deduplicated accepted events plus quarantine, sequence and notice state. */
export interface LedgerSnapshot {
  readonly format: 'omnistock.ledger.snapshot.v1';
  /** Accepted events in acceptance order (duplicates removed, upcast to the current version). */
  readonly events: readonly OmnistockEvent[];
  readonly quarantine: readonly QuarantineEntry[];
  readonly sequences: Readonly<Record<string, readonly number[]>>;
  readonly quarantineCounter: number;
  readonly notices: readonly Notice[];
}

/**
 * A JSON-serialisable snapshot of a ledger. Because the projection is a function of the set of
 * accepted events, restoring replays them: the restored ledger is indistinguishable (positions,
 * reservations, absorbed events, quarantine, gaps) and keeps deduplicating against them.
 * @example
 * const copy = restoreSnapshot(JSON.parse(JSON.stringify(takeSnapshot(ledger))), { items });
 */
export function takeSnapshot(ledger: Ledger): LedgerSnapshot {
  if (ledger.options.retainEvents === false) {
    throw new OmnistockError({
      code: 'VALIDATION_FAILED',
      message: 'a snapshot needs the accepted events: create the ledger with retainEvents: true',
    });
  }
  const s = ledger.exportState();
  return {
    format: 'omnistock.ledger.snapshot.v1',
    events: [...ledger.log()],
    quarantine: s.quarantine,
    sequences: s.sequences,
    quarantineCounter: s.counter,
    notices: s.notices,
  };
}

/**
 * Restores a ledger from {@link takeSnapshot}.
 * @example
 * const ledger = restoreSnapshot(snapshot, { items });
 */
export function restoreSnapshot(snapshot: LedgerSnapshot, options: LedgerOptions): Ledger {
  const ledger = new Ledger(options);
  for (const e of snapshot.events) ledger.ingest(e);
  ledger.importState({
    quarantine: snapshot.quarantine,
    sequences: snapshot.sequences,
    counter: snapshot.quarantineCounter,
    notices: snapshot.notices,
  });
  return ledger;
}

/**
 * Replays a log of events (any order, any duplicates) into a new ledger.
 * @example
 * const ledger = replay(eventsFromFile, { items });
 */
export function replay(log: Iterable<unknown>, options: LedgerOptions): Ledger {
  const ledger = new Ledger(options);
  for (const e of log) ledger.ingest(e);
  return ledger;
}
