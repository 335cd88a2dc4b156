import { OmnistockError, type OmnistockEvent, parseEvent } from '@omnistock/core';
import { emitEvent } from '../internal/emit';
import { canonicalJson, stableEventId, type Canonical } from '../common/ids';
import { type AdapterQuarantine, type AdapterResult, emptyResult, quarantine } from '../common/result';
import { validatePayload } from '../internal/validate';
import {
  type PosCaptureOptions,
  PosCaptureOptionsSchema,
  type PosCount,
  PosCountSchema,
  type PosReturn,
  PosReturnSchema,
  type PosSale,
  PosSaleSchema,
} from './schemas';

/**
 * What one capture call produced.
 * @example
 * const { event, send } = till.recordSale(sale); await publish(send);
 */
export interface PosStep {
  /** The event (new, or the earlier one when this was a duplicate capture). */
  readonly event?: OmnistockEvent;
  /** Why the input was refused. */
  readonly quarantined?: AdapterQuarantine;
  /** True when the same line was captured before with the same content: nothing new was numbered. */
  readonly duplicate: boolean;
  /** What to send now: the new event when online, nothing when offline (it waits in the batch). */
  readonly send: readonly OmnistockEvent[];
}

/**
 * Everything a till must persist to survive a restart while offline.
 * @example
 * const saved: PosCaptureSnapshot = till.snapshot();
 */
export interface PosCaptureSnapshot {
  readonly options: PosCaptureOptions;
  readonly nextSequence: number;
  readonly online: boolean;
  readonly pending: readonly OmnistockEvent[];
  readonly quarantined: readonly AdapterQuarantine[];
  readonly seen: readonly (readonly [id: string, fingerprint: string, event: OmnistockEvent])[];
}

/**
 * Offline-first capture for a till. It turns sales, returns and counts into canonical events
 * numbered per source (`sequence` strictly increasing, one number per new event), keeps every
 * event pending until the server acknowledges it, and hands out the pending batch on reconnect.
 * Ids derive from the till's source and the receipt/return line or count id, so re-capturing a
 * line, or replaying a batch, never counts twice. Pure: no I/O, no clock (times come with inputs).
 * Converging the batch with stock counted meanwhile (sales before a later count are absorbed) is
 * the ledger's job.
 * @example
 * const till = new PosCapture({ source: 'pos/store-12/till-3', location: 'store-12', channel: 'pos' });
 * till.disconnect();
 * till.recordSale({ receiptRef: 'R-1001', line: 1, sku: 'MUG-1', qty: '1', time: '2026-03-01T10:00:00Z' });
 * const batch = till.reconnect(); // { events: [sale.recorded #1], quarantined: [] }
 * till.acknowledge(batch.events.map((e) => e.id));
 */
export class PosCapture {
  private readonly options: PosCaptureOptions;
  private nextSequence: number;
  private isOnline: boolean;
  private pending: OmnistockEvent[] = [];
  private held: AdapterQuarantine[] = [];
  private readonly seen = new Map<string, { fingerprint: string; event: OmnistockEvent }>();

  /** Throws `OmnistockError` (`VALIDATION_FAILED`) for invalid options: a programmer error. */
  constructor(options: PosCaptureOptions) {
    const v = validatePayload(PosCaptureOptionsSchema, options, 'pos', 'POS capture options');
    if (!v.ok) throw new OmnistockError({ code: v.quarantine.code, message: v.quarantine.message });
    this.options = options;
    this.nextSequence = options.nextSequence ?? 1;
    this.isOnline = options.online ?? true;
  }

  /**
   * Restores a capture from {@link PosCapture.snapshot}. Pending events that no longer validate
   * (a corrupted save) are moved to the quarantine rather than replayed.
   * @example
   * const till = PosCapture.restore(JSON.parse(saved));
   */
  static restore(snapshot: PosCaptureSnapshot): PosCapture {
    const c = new PosCapture({
      ...snapshot.options,
      nextSequence: snapshot.nextSequence,
      online: snapshot.online,
    });
    c.held = [...snapshot.quarantined];
    // A corrupted save must not poison the batch: events that no longer validate are held for review.
    for (const raw of snapshot.pending) {
      const e = parseEvent(raw);
      if (e.ok) c.pending.push(e.value);
      else
        c.held.push(quarantine(e.error.code, e.error.message, c.source, raw, e.error.path, e.error.issues));
    }
    for (const [id, fingerprint, event] of snapshot.seen) c.seen.set(id, { fingerprint, event });
    return c;
  }

  /**
   * The state to persist (JSON-serialisable).
   * @example
   * localStorage.setItem('till', JSON.stringify(till.snapshot()));
   */
  snapshot(): PosCaptureSnapshot {
    return {
      options: this.options,
      nextSequence: this.nextSequence,
      online: this.isOnline,
      pending: [...this.pending],
      quarantined: [...this.held],
      seen: [...this.seen].map(([id, s]) => [id, s.fingerprint, s.event] as const),
    };
  }

  /** @example till.online; // false while disconnected */
  get online(): boolean {
    return this.isOnline;
  }

  /**
   * Records a sale line as `sale.recorded` (with `reservationId` when it is a pickup).
   * @example
   * till.recordSale({ receiptRef: 'R-1', line: 1, sku: 'MUG-1', qty: '1',
   *   time: '2026-03-01T10:00:00Z', reservationId: 'res-42' });
   */
  recordSale(sale: PosSale): PosStep {
    const v = validatePayload(PosSaleSchema, sale, this.source, 'POS sale');
    if (!v.ok) return this.refuse(v.quarantine);
    const s = v.value;
    return this.capture(
      { kind: 'sale', receiptRef: s.receiptRef, line: s.line },
      'omnistock.sale.recorded.v1',
      {
        sku: s.sku,
        location: this.options.location,
        qty: s.qty,
        ...(this.options.channel !== undefined ? { channel: this.options.channel } : {}),
        ...(s.reservationId !== undefined ? { reservationId: s.reservationId } : {}),
        ...(s.orderRef !== undefined ? { orderRef: s.orderRef } : {}),
        receiptRef: s.receiptRef,
      },
      s.time,
      sale,
    );
  }

  /**
   * Records a return line as `return.received`.
   * @example
   * till.recordReturn({ returnRef: 'RT-7', line: 1, sku: 'MUG-1', qty: '1',
   *   disposition: 'qualityControl', time: '2026-03-01T11:00:00Z' });
   */
  recordReturn(ret: PosReturn): PosStep {
    const v = validatePayload(PosReturnSchema, ret, this.source, 'POS return');
    if (!v.ok) return this.refuse(v.quarantine);
    const r = v.value;
    return this.capture(
      { kind: 'return', returnRef: r.returnRef, line: r.line },
      'omnistock.return.received.v1',
      {
        sku: r.sku,
        location: this.options.location,
        qty: r.qty,
        disposition: r.disposition,
        ...(r.orderRef !== undefined ? { orderRef: r.orderRef } : {}),
      },
      r.time,
      ret,
    );
  }

  /**
   * Records a shelf count as `stock.counted` (absolute, as of its time).
   * @example
   * till.recordCount({ countId: 'C-9', sku: 'MUG-1', onHand: '4', time: '2026-03-01T18:00:00Z' });
   */
  recordCount(count: PosCount): PosStep {
    const v = validatePayload(PosCountSchema, count, this.source, 'POS count');
    if (!v.ok) return this.refuse(v.quarantine);
    const c = v.value;
    return this.capture(
      { kind: 'count', countId: c.countId, sku: c.sku },
      'omnistock.stock.counted.v1',
      {
        sku: c.sku,
        location: this.options.location,
        onHand: c.onHand,
        ...(c.damaged !== undefined ? { damaged: c.damaged } : {}),
        ...(c.qualityControl !== undefined ? { qualityControl: c.qualityControl } : {}),
        countId: c.countId,
      },
      c.time,
      count,
    );
  }

  /**
   * The connection dropped: later captures wait in the batch.
   * @example
   * till.disconnect();
   */
  disconnect(): void {
    this.isOnline = false;
  }

  /**
   * The connection is back: returns the batch to replay (see {@link PosCapture.batch}).
   * @example
   * const { events } = till.reconnect(); await ingest(events);
   */
  reconnect(): AdapterResult {
    this.isOnline = true;
    return this.batch();
  }

  /**
   * Every event not yet acknowledged, in sequence order, and the refused inputs to review.
   * Replaying it any number of times is safe: the ids are stable.
   * @example
   * till.batch().events.length; // 3
   */
  batch(): AdapterResult {
    const out = emptyResult();
    out.events.push(...[...this.pending].sort((a, b) => Number(a.sequence) - Number(b.sequence)));
    out.quarantined.push(...this.held);
    return out;
  }

  /**
   * The server accepted these events (or reported them duplicates): drop them from the batch.
   * Quarantined inputs stay until {@link PosCapture.clearQuarantine}.
   * @example
   * till.acknowledge(['pos-…']);
   */
  acknowledge(ids: Iterable<string>): void {
    const done = new Set(ids);
    this.pending = this.pending.filter((e) => !done.has(e.id));
  }

  /**
   * Clears the refused inputs once an operator has dealt with them.
   * @example
   * till.clearQuarantine();
   */
  clearQuarantine(): void {
    this.held = [];
  }

  private get source(): string {
    return this.options.source;
  }

  private refuse(q: AdapterQuarantine): PosStep {
    this.held.push(q);
    return { quarantined: q, duplicate: false, send: [] };
  }

  private capture(
    identity: Canonical,
    type: 'omnistock.sale.recorded.v1' | 'omnistock.return.received.v1' | 'omnistock.stock.counted.v1',
    data: Record<string, unknown>,
    time: string,
    raw: unknown,
  ): PosStep {
    const id = stableEventId('pos', this.source, identity);
    const fingerprint = canonicalJson({ type, time, data: data as Canonical });
    const earlier = this.seen.get(id);
    if (earlier) {
      if (earlier.fingerprint === fingerprint) return { event: earlier.event, duplicate: true, send: [] };
      return this.refuse(
        quarantine(
          'EVENT_ID_CONFLICT',
          `${canonicalJson(identity)} was captured before with different content`,
          this.source,
          raw,
        ),
      );
    }
    const out = emptyResult();
    const meta = { id, source: this.source, time, sequence: this.nextSequence };
    if (!emitEvent(out, type, data, meta, raw)) return this.refuse(out.quarantined[0]!);
    const event = out.events[0]!;
    this.nextSequence += 1;
    this.seen.set(id, { fingerprint, event });
    this.pending.push(event);
    return { event, duplicate: false, send: this.isOnline ? [event] : [] };
  }
}
