import { randomUUID } from 'node:crypto';
import type {
  AvailabilityResultJson,
  ChannelPolicySetInput,
  NetworkAvailabilityResultJson,
  TimePhasedResultJson,
} from '@omnistock/atp';
import {
  fail,
  type Item,
  type Location,
  type LocationGroup,
  ok,
  OmnistockError,
  type Result,
  type StockPositionJson,
} from '@omnistock/core';
import { type ErpRow, reconcile } from '@omnistock/ledger';
import type { ReservationView } from '@omnistock/reservations';
import { ExpiryScheduler, type ExpiryPass } from '../expiry/scheduler';
import { OutboxRelay } from '../outbox/relay';
import type { InventoryStore } from '../store/inventory-store';
import { SerialQueue } from '../store/kernel';
import type { QuarantineRecord, ReservationRecord } from '../store/records';
import { payloadHash } from './codec';
import { Decisions, type Retryable } from './decisions';
import { ingestBatch } from './ingest';
import { Projection } from './projection';
import { Queries } from './queries';
import { namedReservation, saleFulfilment } from './sales';
import type {
  AvailabilityRequest,
  BatchAvailabilityRequest,
  CommitCommand,
  ExtendCommand,
  FulfilCommand,
  IngestResult,
  InventoryServiceOptions,
  ReconcileRequest,
  ReconcileResult,
  ReleaseCommand,
  ReservationResult,
  ReserveCommand,
  TimePhasedRequest,
  TransferCommand,
} from './types';
import { validate } from './validate';

const DAY_MS = 86_400_000;
/** Attempts of one write in all, while other writers keep committing first. */
const MAX_ATTEMPTS = 1000;
/** Attempts without any progress in the log before a refusal is returned. */
const MAX_STALLED = 3;

/**
 * The inventory service facade that embedded channel apps and the HTTP service both use (DESIGN §5,
 * §6, §8): ingest events, query availability, reserve and move reservations, expire holds, work the
 * quarantine and reconcile against the ERP — over any {@link InventoryStore}.
 *
 * Every state change goes through the store's locked, atomic operations (`append`, `reserve`,
 * `transition`) with a pure decision computed from the locked rows by the ATP engine, the
 * reservation state machine and the ledger's projection rules; outbound events are committed to
 * the store's outbox with the change (publish them with {@link relayOutbox}). Commands return
 * `Result`s; invalid commands are refused before anything changes. Store failures are thrown as
 * `OmnistockError` `STORE_UNAVAILABLE`.
 * @example
 * const service = new InventoryService({ store, items, locations, groups, policies: { rules: [] } });
 * await service.ingest([receivedEvent]);
 * const r = await service.reserve({ idempotencyKey: 'cart-7', channel: 'web',
 *   lines: [{ sku: 'TEE-M', location: 'store-1', qty: '1' }], expiresAt: '2026-12-04T10:15:00Z' });
 */
export class InventoryService {
  private readonly store: InventoryStore;
  private readonly items: ReadonlyMap<string, Item>;
  private readonly locations: readonly Location[];
  private readonly groups: readonly LocationGroup[];
  private readonly policies: ChannelPolicySetInput;
  /** Epoch milliseconds of the clock (`Date.now` for the system clock: no Date per call). */
  private readonly clockMs: () => number;
  private readonly newId: () => string;
  private readonly retentionMs: number;
  private readonly queue = new SerialQueue();
  private readonly projection: Projection;
  private readonly decisions: Decisions;
  private readonly scheduler: ExpiryScheduler;
  private readonly relay: OutboxRelay | undefined;
  private readonly queries: Queries;
  private lastNow = { ms: Number.NaN, text: '' };
  /** The catalog's location ids: an event naming another location is quarantined `LOCATION_UNKNOWN`. */
  private readonly locationIds: ReadonlySet<string>;

  constructor(options: InventoryServiceOptions) {
    this.store = options.store;
    this.items = new Map([...options.items].map((i) => [i.sku as string, i]));
    this.locations = [...options.locations];
    this.groups = [...(options.groups ?? [])];
    this.locationIds = new Set(this.locations.map((l) => l.id as string));
    this.policies = options.policies;
    const clock = options.clock;
    this.clockMs = clock ? () => clock().getTime() : Date.now;
    this.newId = options.idGenerator ?? randomUUID;
    this.retentionMs = Math.max(DAY_MS, options.idempotencyRetentionMs ?? DAY_MS);
    this.queries = new Queries(this.store, this.items, this.locations, this.groups, this.policies);
    const probe = this.queries.context([]);
    if (!probe.ok) throw new OmnistockError(probe.error);
    const findItem = (sku: string) => this.items.get(sku);
    this.projection = new Projection(this.store, findItem);
    this.decisions = new Decisions({
      items: this.items,
      locations: this.locations,
      groups: this.groups,
      policies: this.policies,
      projection: this.projection,
      source: options.source ?? 'omnistock/runtime',
    });
    this.scheduler = new ExpiryScheduler(this.store, {
      now: () => this.now(),
      positionsOf: (r) => this.decisions.refsOf(r),
      decide: (current, rows, now) =>
        this.decisions.transition(current, rows, this.decisions.refsOf(current), now, null, () =>
          ok({ type: 'expire' }),
        ),
    });
    this.relay = options.bus
      ? new OutboxRelay(this.store, options.bus, { now: () => this.now() })
      : undefined;
  }

  /** The clock as RFC 3339 text (formatted once per millisecond: every query asks for it). */
  private now(): string {
    const ms = this.clockMs();
    if (ms !== this.lastNow.ms) this.lastNow = { ms, text: new Date(ms).toISOString() };
    return this.lastNow.text;
  }

  /**
   * Serialises the service's writes (the projection cache is fed in commit order) and retries a
   * write refused because another writer (another service instance or process) committed to the same
   * rows since the catch-up. It retries while the log advances between attempts (the writer is only
   * being overtaken); after {@link MAX_STALLED} attempts without progress, or {@link MAX_ATTEMPTS} in
   * all, the refusal is returned.
   */
  private exclusive<T>(task: () => Promise<Result<T>>): Promise<Result<T>> {
    return this.queue.run(async () => {
      let stalled = 0;
      let last = 0;
      for (let attempt = 1; ; attempt++) {
        await this.projection.catchUp();
        // progress = the log grew since the last attempt (a rebuild re-reads it: not progress)
        if (attempt > 1) stalled = this.projection.position > last ? 0 : stalled + 1;
        last = this.projection.position;
        const fed = this.decisions.fed;
        let result: Result<T>;
        try {
          result = await task();
        } catch (error) {
          if (this.decisions.fed !== fed) this.projection.invalidate();
          throw error;
        }
        if (!result.ok && this.decisions.fed !== fed) this.projection.invalidate();
        const retry = !result.ok && (result.error.details as Retryable | undefined)?.retry === true;
        if (!retry || stalled >= MAX_STALLED || attempt >= MAX_ATTEMPTS) return result;
        // no progress in the log, yet the rows disagree with the cache: rebuild it from the log
        if (stalled > 0) this.projection.invalidate();
      }
    });
  }

  /** A committed decision's events must be in the store's log (`Writes.events`), or replays would differ. */
  private async checkLogged(): Promise<void> {
    const emitted = [...this.decisions.emitted];
    const seen = await this.projection.catchUp();
    const missing = emitted.filter((id) => !seen.has(id));
    if (missing.length > 0) {
      this.projection.invalidate();
      throw new OmnistockError({
        code: 'INTERNAL',
        message: `the store committed a decision without appending its events (${missing.join(', ')}): it does not implement Writes.events`,
        details: { missing },
      });
    }
  }

  /**
   * Ingests CloudEvents (JSON): each is `accepted`, `duplicate` or `quarantined` (kept in the store's
   * quarantine with its reason code and path, never dropped, nothing of it applied), by the ledger's
   * projection rules. Accepted events and the positions they change are appended in one store
   * transaction, so positions on disk are the ledger's projection of the log.
   * @example
   * const r = await service.ingest([event], 'pos/store-12');
   * if (r.ok) r.value[0]?.status; // 'accepted'
   */
  ingest(events: readonly unknown[], principal?: string): Promise<Result<IngestResult[]>> {
    if (!Array.isArray(events)) {
      return Promise.resolve(fail('VALIDATION_FAILED', 'ingest takes an array of events', { path: [] }));
    }
    return this.exclusive(() =>
      ingestBatch(this.ingestDeps(), events, principal ?? null, this.now(), undefined),
    ).then(async (r) => {
      if (r.ok) await this.fulfilNamedReservations(events, r.value, principal);
      return r;
    });
  }

  /** Sales that name a live reservation also fulfil it (see `saleFulfilment`). */
  private async fulfilNamedReservations(
    raws: readonly unknown[],
    results: readonly IngestResult[],
    principal: string | undefined,
  ): Promise<void> {
    for (const [i, raw] of raws.entries()) {
      const id = namedReservation(raw);
      const result = results[i];
      if (id === undefined || result?.status !== 'accepted') continue;
      const line = saleFulfilment(raw, result, await this.reservation(id), this.items);
      if (!line) continue;
      // A refusal here (a release or expiry won the race) leaves the reservation as that command left
      // it; the stock movement itself was already applied by the ledger rules.
      await this.fulfil(id, { lines: [line], idempotencyKey: `sale:${result.eventId}` }, principal);
    }
  }

  private ingestDeps() {
    return {
      store: this.store,
      projection: this.projection,
      decisions: this.decisions,
      locations: this.locationIds,
    };
  }

  /**
   * The quarantine: inputs that could not be applied, with their reason, oldest first.
   * @example
   * (await service.quarantine())[0]?.reasonCode; // 'ITEM_UNKNOWN'
   */
  quarantine(options: { readonly includeResubmitted?: boolean } = {}): Promise<QuarantineRecord[]> {
    return this.store.listQuarantine(options);
  }

  /**
   * Re-runs a quarantined input, optionally fixed. Accepted (or already known): the entry is marked
   * resubmitted. Still invalid: it stays, and the result says why. `principal` (who re-submitted it,
   * e.g. an operator's key) is recorded on the stored event, as `ingest` records its caller.
   * @example
   * const r = await service.resubmit(1, { ...event, data: { ...event.data, sku: 'TEE-M' } }, 'ops/alice');
   */
  resubmit(quarantineId: number, fixedEvent?: unknown, principal?: string): Promise<Result<IngestResult>> {
    let submitted: unknown;
    return this.exclusive(async (): Promise<Result<IngestResult>> => {
      const entry = (await this.store.listQuarantine()).find((q) => q.id === quarantineId);
      if (!entry) {
        return fail('QUARANTINE_NOT_FOUND', `no open quarantine entry ${quarantineId}`, {
          details: { id: quarantineId },
        });
      }
      const now = this.now();
      submitted = fixedEvent === undefined ? entry.raw : fixedEvent;
      const r = await ingestBatch(this.ingestDeps(), [submitted], principal ?? null, now, quarantineId);
      if (!r.ok) return r;
      const outcome = r.value[0] as IngestResult;
      if (outcome.status !== 'quarantined') {
        const marked = await this.store.markResubmitted(quarantineId, now);
        if (!marked.ok) return marked;
      }
      return ok(outcome);
    }).then(async (r) => {
      if (r.ok) await this.fulfilNamedReservations([submitted], [r.value], principal);
      return r;
    });
  }

  /**
   * Every position row (of one sku when given), sorted by sku then location.
   * @example
   * (await service.positions('TEE-M'))[0]?.onHand; // '10'
   */
  async positions(sku?: string): Promise<StockPositionJson[]> {
    return (await this.store.listPositions(sku)).map((r) => r.position);
  }

  /**
   * A reservation (its view; `version` is the ETag), or undefined.
   * @example
   * (await service.reservation('cart-7'))?.state; // 'held'
   */
  async reservation(id: string): Promise<ReservationView | undefined> {
    const rec = await this.store.getReservation(id);
    return rec ? (rec.data as ReservationView) : undefined;
  }

  /**
   * ATP of a sku for a channel at a location (or over a group), from the stored positions.
   * @example
   * const r = await service.availability({ sku: 'TEE-M', location: 'store-1', channel: 'web', explain: true });
   * if (r.ok) r.value.atp; // '7'
   */
  availability(
    q: AvailabilityRequest,
  ): Promise<Result<AvailabilityResultJson | NetworkAvailabilityResultJson>> {
    return this.queries.availability(q, this.now());
  }

  /**
   * ATP for every sku × location (sku-major order).
   * @example
   * const r = await service.batchAvailability({ skus: ['A', 'B'], locations: ['S1', 'S2'], channel: 'web' });
   */
  batchAvailability(q: BatchAvailabilityRequest): Promise<Result<AvailabilityResultJson[]>> {
    return this.queries.batch(q, this.now());
  }

  /**
   * Look-ahead ATP per date at a location or over a group.
   * @example
   * const r = await service.timePhased({ sku: 'A', location: 'S1', channel: 'web', dates });
   */
  timePhased(q: TimePhasedRequest): Promise<Result<TimePhasedResultJson>> {
    return this.queries.timePhased(q, this.now());
  }

  /**
   * Reserves a multi-line order (all-or-nothing unless `allowPartial`; group lines allocated by the
   * strategy) through the store's atomic conditional reserve: the locked rows are checked by the ATP
   * engine and the reservation book inside the transaction, so concurrent reserves never oversell.
   * @example
   * const r = await service.reserve({ idempotencyKey: 'k1', channel: 'web', expiresAt,
   *   lines: [{ sku: 'A', group: 'uk', qty: '3' }] });
   * if (!r.ok) r.error.code; // 'INSUFFICIENT_STOCK'
   */
  reserve(command: ReserveCommand, principal?: string): Promise<Result<ReservationResult>> {
    const { idempotencyKey, ...body } = command as ReserveCommand & Record<string, unknown>;
    const parsed = validate.create(body);
    if (!parsed.ok) return Promise.resolve(parsed);
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 256) {
      return Promise.resolve(
        fail('VALIDATION_FAILED', 'reserve needs an idempotencyKey (1–256 characters)', {
          path: ['idempotencyKey'],
        }),
      );
    }
    const request = {
      type: 'create',
      ...body,
      lines: validate.canonicalLines(parsed.value.lines, this.items),
    };
    const lines = validate.reserveLines(parsed.value, this.items, this.locations, this.groups);
    if (!lines.ok) return Promise.resolve(lines);
    return this.exclusive(async () => {
      const now = this.now();
      const reservationId = parsed.value.reservationId ?? this.newId();
      const r = await this.store.reserve({
        positions: lines.value,
        idempotency: this.idempotency(idempotencyKey, request, now),
        decide: (rows) =>
          this.decisions.reserve(
            rows,
            lines.value,
            { ...parsed.value, idempotencyKey },
            reservationId,
            request,
            now,
            principal ?? null,
          ),
      });
      if (r.ok && !r.value.replayed) await this.checkLogged();
      return this.commandResult(r, idempotencyKey, request, now);
    });
  }

  private idempotency(key: string, request: unknown, now: string) {
    return {
      key,
      payloadHash: payloadHash(request),
      expiresAt: new Date(Date.parse(now) + this.retentionMs).toISOString(),
    };
  }

  private async commandResult(
    r: Result<{ replayed: boolean; result: unknown }>,
    key: string | undefined,
    request: unknown,
    now: string,
  ): Promise<Result<ReservationResult>> {
    if (!r.ok) {
      if (r.error.code !== 'IDEMPOTENCY_CONFLICT' || key === undefined) return r;
      const first = await this.store.getIdempotency(key, now);
      const field = this.decisions.differingField(first?.result, request);
      return fail(
        'IDEMPOTENCY_CONFLICT',
        `idempotency key "${key}" was first used with a different ${field}`,
        {
          details: { key, field },
        },
      );
    }
    const stored = r.value.result as {
      reservation: ReservationView;
      shortfalls?: ReservationResult['shortfalls'];
    };
    return ok({
      reservation: stored.reservation,
      shortfalls: stored.shortfalls ?? [],
      replayed: r.value.replayed,
    });
  }

  private command(
    type: 'commit' | 'release' | 'fulfil' | 'extend' | 'transfer',
    reservationId: string,
    body: Record<string, unknown>,
    options: { expectedVersion?: number | undefined; idempotencyKey?: string | undefined },
    principal: string | null,
  ): Promise<Result<ReservationResult>> {
    const v = validate.transition(type, reservationId, body, options, this.items, this.locations);
    if (!v.ok) return Promise.resolve(v);
    const request = {
      type,
      reservationId,
      ...body,
      ...(Array.isArray(body.lines)
        ? { lines: validate.canonicalLines(body.lines as { sku: string; qty: string }[], this.items) }
        : {}),
    };
    return this.exclusive(async () => {
      const now = this.now();
      const current = await this.store.getReservation(reservationId);
      if (!current) {
        return fail('RESERVATION_NOT_FOUND', `no reservation ${reservationId}`, {
          details: { reservationId },
        });
      }
      const refs = this.decisions.refsOf(
        current,
        type === 'transfer' ? (body as { sku: string; to: string }) : undefined,
      );
      const key = options.idempotencyKey;
      const r = await this.store.transition({
        reservationId,
        ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
        positions: refs,
        ...(key !== undefined ? { idempotency: this.idempotency(key, request, now) } : {}),
        decide: (rec: ReservationRecord, rows) =>
          this.decisions.transition(
            rec,
            rows,
            refs,
            now,
            principal,
            (res, locked) => this.decisions.machineCommand(type, body, res, locked, now),
            request,
          ),
      });
      if (r.ok && !r.value.replayed) await this.checkLogged();
      return this.commandResult(r, key, request, now);
    });
  }

  /**
   * Confirms a hold as an order (`held → committed`).
   * @example
   * await service.commit('cart-7', { orderRef: 'order-1', expectedVersion: 1 });
   */
  commit(reservationId: string, command: CommitCommand = {}, principal?: string) {
    const { expectedVersion, idempotencyKey, ...body } = command;
    return this.command(
      'commit',
      reservationId,
      body,
      { expectedVersion, idempotencyKey },
      principal ?? null,
    );
  }

  /**
   * Releases a hold or cancels a commitment.
   * @example
   * await service.release('cart-7', { reason: 'cart abandoned' });
   */
  release(reservationId: string, command: ReleaseCommand = {}, principal?: string) {
    const { expectedVersion, idempotencyKey, ...body } = command;
    return this.command(
      'release',
      reservationId,
      body,
      { expectedVersion, idempotencyKey },
      principal ?? null,
    );
  }

  /**
   * Consumes reserved quantities (shipment, pickup, sale) and decrements onHand in the same step.
   * @example
   * await service.fulfil('cart-7', { lines: [{ sku: 'A', location: 'S1', qty: '1' }] });
   */
  fulfil(reservationId: string, command: FulfilCommand, principal?: string) {
    const { expectedVersion, idempotencyKey, ...body } = command;
    return this.command(
      'fulfil',
      reservationId,
      body,
      { expectedVersion, idempotencyKey },
      principal ?? null,
    );
  }

  /**
   * Moves the expiry of a hold.
   * @example
   * await service.extend('cart-7', { expiresAt: '2026-12-04T11:00:00Z' });
   */
  extend(reservationId: string, command: ExtendCommand, principal?: string) {
    const { expectedVersion, idempotencyKey, ...body } = command;
    return this.command(
      'extend',
      reservationId,
      body,
      { expectedVersion, idempotencyKey },
      principal ?? null,
    );
  }

  /**
   * Moves a line's remaining quantity to another location when that location's ATP covers it.
   * @example
   * await service.transfer('cart-7', { sku: 'A', from: 'S1', to: 'S2' });
   */
  transfer(reservationId: string, command: TransferCommand, principal?: string) {
    const { expectedVersion, idempotencyKey, ...body } = command;
    return this.command(
      'transfer',
      reservationId,
      body,
      { expectedVersion, idempotencyKey },
      principal ?? null,
    );
  }

  /**
   * Expires the holds due now (each a versioned transition: when expiry races a commit or release,
   * exactly one wins).
   * @example
   * const { expired } = unwrap(await service.expireDue());
   */
  expireDue(): Promise<Result<ExpiryPass>> {
    return this.exclusive(async () => {
      const fed = this.decisions.fed;
      const pass = await this.scheduler.runOnce();
      // a skipped reservation may have fed the projection before its transaction was refused
      if (pass.skipped.length > 0 && this.decisions.fed !== fed) this.projection.invalidate();
      return ok(pass);
    });
  }

  /**
   * Reconciles an ERP snapshot against the ledger; with `emitCorrections`, ingests a correcting
   * `stock.counted` per exception (persisted like any event).
   * @example
   * const r = await service.reconcile({ asOf, rows: [{ sku: 'A', location: 'S1', onHand: '9' }] }, { tolerance: '0' });
   */
  reconcile(
    snapshot: { readonly asOf: string; readonly rows: readonly ErpRow[] },
    options: ReconcileRequest = {},
  ): Promise<Result<ReconcileResult>> {
    return this.exclusive(async () => {
      const report = reconcile(
        this.projection.ledger,
        snapshot,
        {
          ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
          ...(options.emitCorrections
            ? {
                corrections: {
                  source: options.source ?? 'erp/reconciliation',
                  idPrefix: `reconcile@${snapshot.asOf}`,
                },
              }
            : {}),
        },
        this.items,
      );
      if (!report.ok) return report;
      if (report.value.corrections.length === 0) return ok({ report: report.value, corrections: [] });
      const ingested = await ingestBatch(
        this.ingestDeps(),
        report.value.corrections,
        options.principal ?? options.source ?? 'erp/reconciliation',
        this.now(),
        undefined,
      );
      return ingested.ok ? ok({ report: report.value, corrections: ingested.value }) : ingested;
    });
  }

  /**
   * Publishes pending outbox events to the bus (one pass); 0 without a bus.
   * @example
   * await service.relayOutbox();
   */
  async relayOutbox(): Promise<number> {
    return this.relay ? this.relay.relayOnce() : 0;
  }
}
