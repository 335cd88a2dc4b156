import { fail, ok, type Result } from '@omnistock/core';
import type { BusEvent } from '../bus/event-bus';
import type {
  AppendOutcome,
  AppendRequest,
  InventoryStore,
  ReservationQuery,
  ReserveOutcome,
  ReserveRequest,
  TransitionOutcome,
  TransitionRequest,
} from './inventory-store';
import { appendFlow, refKey, reserveFlow, SerialQueue, type StoreTx, transitionFlow } from './kernel';
import { newQuarantineRecord, quarantinePath } from './sql-rows';
import type {
  AppendedEvent,
  IdempotencyRecord,
  OutboxRecord,
  PositionRecord,
  PositionRef,
  QuarantineInput,
  QuarantineRecord,
  QuarantineUpdate,
  ReconciliationRecord,
  ReservationRecord,
  StoredEvent,
} from './records';

/** Options of {@link InMemoryInventoryStore}. */
export interface InMemoryStoreOptions {
  /** The clock (ISO strings); default the system clock. */
  readonly now?: () => string;
}

interface State {
  events: AppendedEvent[];
  eventIndex: Map<string, AppendedEvent>;
  positions: Map<string, PositionRecord>;
  reservations: Map<string, ReservationRecord>;
  idempotency: Map<string, IdempotencyRecord>;
  outbox: OutboxRecord[];
}

/**
 * The in-memory {@link InventoryStore}: the reference implementation of the store contract, for
 * tests and embedded apps that keep nothing across restarts. Transactions are serialised and
 * staged: a refused decision leaves nothing behind.
 * @example
 * const store = new InMemoryInventoryStore();
 * const r = await store.reserve({ positions: [{ sku: 'A', location: 'S1' }], decide });
 */
export class InMemoryInventoryStore implements InventoryStore {
  private state: State = {
    events: [],
    eventIndex: new Map(),
    positions: new Map(),
    reservations: new Map(),
    idempotency: new Map(),
    outbox: [],
  };
  private readonly quarantined: QuarantineRecord[] = [];
  private readonly reconciliations = new Map<string, ReconciliationRecord>();
  private readonly checkpoints = new Map<string, string>();
  private readonly queue = new SerialQueue();
  private readonly now: () => string;

  constructor(options: InMemoryStoreOptions = {}) {
    this.now = options.now ?? (() => new Date().toISOString());
  }

  private transaction<T>(flow: (tx: StoreTx) => Promise<Result<T>>): Promise<Result<T>> {
    return this.queue.run(async () => {
      const draft: State = {
        events: [...this.state.events],
        eventIndex: new Map(this.state.eventIndex),
        positions: new Map(this.state.positions),
        reservations: new Map(this.state.reservations),
        idempotency: new Map(this.state.idempotency),
        outbox: [...this.state.outbox],
      };
      const now = this.now();
      const tx: StoreTx = {
        now: () => now,
        lockPositions: async (refs: readonly PositionRef[]) => {
          const out = new Map<string, PositionRecord>();
          for (const r of refs) {
            const row = draft.positions.get(refKey(r));
            if (row) out.set(refKey(r), row);
          }
          return out;
        },
        writePositions: async (rows) => {
          for (const row of rows) draft.positions.set(refKey(row.position), clone(row));
        },
        getIdempotency: async (key) => draft.idempotency.get(key),
        putIdempotency: async (rec) => {
          draft.idempotency.set(rec.key, clone(rec));
        },
        getReservation: async (id) => draft.reservations.get(id),
        insertReservation: async (rec) => {
          if (draft.reservations.has(rec.id)) return false;
          draft.reservations.set(rec.id, clone(rec));
          return true;
        },
        updateReservation: async (rec, expected) => {
          if (draft.reservations.get(rec.id)?.version !== expected) return false;
          draft.reservations.set(rec.id, clone(rec));
          return true;
        },
        insertOutbox: async (events: readonly BusEvent[], createdAt) => {
          for (const event of events) {
            draft.outbox.push({
              id: draft.outbox.length + 1,
              event: clone(event),
              createdAt,
              publishedAt: null,
            });
          }
        },
        findEvent: async (id) => draft.eventIndex.get(id)?.payload,
        insertEvent: async (e: StoredEvent) => {
          const row: AppendedEvent = { ...clone(e), position: draft.events.length + 1 };
          draft.events.push(row);
          draft.eventIndex.set(e.id, row);
        },
      };
      const result = await flow(tx);
      if (result.ok) this.state = draft;
      return result;
    });
  }

  append(request: AppendRequest): Promise<Result<AppendOutcome>> {
    return this.transaction((tx) => appendFlow(tx, request));
  }

  reserve(request: ReserveRequest): Promise<Result<ReserveOutcome>> {
    return this.transaction((tx) => reserveFlow(tx, request));
  }

  transition(request: TransitionRequest): Promise<Result<TransitionOutcome>> {
    return this.transaction((tx) => transitionFlow(tx, request));
  }

  async readEvents(after: number, limit: number): Promise<AppendedEvent[]> {
    return this.state.events.slice(Math.max(0, after), Math.max(0, after) + limit);
  }

  async getPositions(refs: readonly PositionRef[]): Promise<PositionRecord[]> {
    return refs.flatMap((r) => {
      const row = this.state.positions.get(refKey(r));
      return row ? [row] : [];
    });
  }

  async listPositions(sku?: string): Promise<PositionRecord[]> {
    return [...this.state.positions.values()]
      .filter((r) => sku === undefined || r.position.sku === sku)
      .sort((a, b) => compareRefs(a.position, b.position));
  }

  async getReservation(id: string): Promise<ReservationRecord | undefined> {
    return this.state.reservations.get(id);
  }

  async listExpiring(before: string, limit: number): Promise<ReservationRecord[]> {
    return [...this.state.reservations.values()]
      .filter((r) => r.state === 'held' && r.expiresAt !== null && r.expiresAt <= before)
      .sort((a, b) => ((a.expiresAt ?? '') < (b.expiresAt ?? '') ? -1 : 1))
      .slice(0, limit);
  }

  async listReservations(query: ReservationQuery): Promise<ReservationRecord[]> {
    const states = query.states === undefined ? undefined : new Set(query.states);
    return [...this.state.reservations.values()]
      .filter(
        (r) =>
          (states === undefined || states.has(r.state)) && (query.after === undefined || r.id > query.after),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, query.limit);
  }

  async getIdempotency(key: string, now: string): Promise<IdempotencyRecord | undefined> {
    const rec = this.state.idempotency.get(key);
    return rec && rec.expiresAt > now ? rec : undefined;
  }

  async purgeIdempotency(now: string): Promise<number> {
    let n = 0;
    for (const [key, rec] of this.state.idempotency) {
      if (rec.expiresAt <= now) {
        this.state.idempotency.delete(key);
        n += 1;
      }
    }
    return n;
  }

  async pendingOutbox(limit: number): Promise<OutboxRecord[]> {
    return this.state.outbox.filter((o) => o.publishedAt === null).slice(0, limit);
  }

  async markPublished(ids: readonly number[], at: string): Promise<void> {
    await this.queue.run(async () => {
      const set = new Set(ids);
      this.state.outbox = this.state.outbox.map((o) =>
        set.has(o.id) && o.publishedAt === null ? { ...o, publishedAt: at } : o,
      );
    });
  }

  async quarantine(entry: QuarantineInput): Promise<QuarantineRecord> {
    const rec = newQuarantineRecord(this.quarantined.length + 1, { ...entry, raw: clone(entry.raw) });
    this.quarantined.push(rec);
    return rec;
  }

  async listQuarantine(options: { readonly includeResubmitted?: boolean } = {}): Promise<QuarantineRecord[]> {
    return this.quarantined.filter((q) => options.includeResubmitted || q.resubmittedAt === null);
  }

  async findQuarantined(eventIds: readonly string[]): Promise<QuarantineRecord[]> {
    const ids = new Set(eventIds);
    return this.quarantined.filter((q) => {
      const raw = q.raw as { id?: unknown } | null;
      return q.resubmittedAt === null && typeof raw === 'object' && raw !== null && ids.has(raw.id as string);
    });
  }

  async markResubmitted(id: number, at: string): Promise<Result<QuarantineRecord>> {
    const i = this.quarantined.findIndex((q) => q.id === id);
    const rec = this.quarantined[i];
    if (!rec) return fail('QUARANTINE_NOT_FOUND', `no quarantine entry ${id}`, { details: { id } });
    const next = { ...rec, resubmittedAt: at };
    this.quarantined[i] = next;
    return ok(next);
  }

  async requarantine(id: number, update: QuarantineUpdate): Promise<Result<QuarantineRecord>> {
    const i = this.quarantined.findIndex((q) => q.id === id && q.resubmittedAt === null);
    const rec = this.quarantined[i];
    if (!rec) return fail('QUARANTINE_NOT_FOUND', `no open quarantine entry ${id}`, { details: { id } });
    const next: QuarantineRecord = {
      ...rec,
      raw: clone(update.raw),
      reasonCode: update.reasonCode,
      message: update.message,
      path: quarantinePath(update.path),
      resubmissions: rec.resubmissions + 1,
    };
    this.quarantined[i] = next;
    return ok(next);
  }

  async putReconciliation(record: ReconciliationRecord): Promise<void> {
    if (this.reconciliations.has(record.id)) return;
    if (record.key !== null && [...this.reconciliations.values()].some((r) => r.key === record.key)) return;
    this.reconciliations.set(record.id, clone(record));
  }

  async getReconciliation(id: string): Promise<ReconciliationRecord | undefined> {
    return this.reconciliations.get(id);
  }

  async reconciliationByKey(key: string): Promise<ReconciliationRecord | undefined> {
    for (const r of this.reconciliations.values()) if (r.key === key) return r;
    return undefined;
  }

  async latestReconciliation(): Promise<ReconciliationRecord | undefined> {
    let latest: ReconciliationRecord | undefined;
    for (const r of this.reconciliations.values()) if (!latest || r.createdAt >= latest.createdAt) latest = r;
    return latest;
  }

  async purgeReconciliations(before: string): Promise<number> {
    let n = 0;
    for (const [id, r] of this.reconciliations) {
      if (r.createdAt < before) {
        this.reconciliations.delete(id);
        n++;
      }
    }
    return n;
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    return this.checkpoints.get(name);
  }

  async setCheckpoint(name: string, position: string): Promise<void> {
    this.checkpoints.set(name, position);
  }

  async close(): Promise<void> {}
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Orders position refs by sku, then location (the lock order).
 * @example
 * compareRefs({ sku: 'A', location: 'S2' }, { sku: 'B', location: 'S1' }); // -1
 */
export function compareRefs(a: PositionRef, b: PositionRef): number {
  return a.sku < b.sku
    ? -1
    : a.sku > b.sku
      ? 1
      : a.location < b.location
        ? -1
        : a.location > b.location
          ? 1
          : 0;
}
