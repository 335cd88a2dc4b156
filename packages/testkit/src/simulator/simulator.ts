import {
  asId,
  type ChannelId,
  type Item,
  itemSpec,
  type LocationId,
  positionToJson,
  Quantity,
  type ReservationId,
  type Sku,
} from '@omnistock/core';
import { Ledger, reconcile } from '@omnistock/ledger';
import { type BookCommand, type CommandOutcome, ReservationBook } from '@omnistock/reservations';
import { Agenda } from './heap';
import { Rng } from './rng';
import {
  GROUPS,
  ITEMS,
  LEGACY_STORE,
  LOCATIONS,
  ONLINE,
  qtyMinor,
  qtyText,
  STORES,
  WAREHOUSE,
} from './world';

/** Simulator options. */
export interface SimulationOptions {
  readonly seed: number;
  readonly steps: number;
  /** Simulated start (RFC 3339); default 2026-03-02T06:00:00Z. The run spans one 16-hour trading day. */
  readonly start?: string;
  /** Full cross-checks (replica drained and compared, ERP reconciliation) every this many simulated ms; default 1 h. */
  readonly checkpointMs?: number;
}

/** What a run did and found. Same seed and steps → the same summary. */
export interface SimulationSummary {
  readonly seed: number;
  readonly steps: number;
  readonly from: string;
  readonly to: string;
  readonly counters: Readonly<Record<string, number>>;
  readonly violations: readonly string[];
  readonly oversells: number;
  /** FNV-1a of the final positions (hex): a fingerprint of the end state. */
  readonly stateHash: string;
}

type Raw = Record<string, unknown>;
interface Physical {
  onHand: number;
  damaged: number;
  qc: number;
}

const DAY_MS = 16 * 3600_000;
const MAX_VIOLATIONS = 20;
const itemBySku = new Map(ITEMS.map((i) => [i.sku as string, i]));

/**
 * A deterministic omnichannel trading day driving the real `@omnistock/reservations` and
 * `@omnistock/ledger`: stores with POS (one legacy, sending v0 events), ecommerce carts (many
 * abandoned), marketplace orders, click & collect, a warehouse shipping and transferring, an ERP
 * counting and reconciling. The book reserves against an authoritative ledger (A) that receives
 * events as they happen; a replica ledger (B) receives every event through a faulty bus: duplicated,
 * delayed and reordered, sometimes corrupted (quarantined, then re-submitted fixed). Stores go offline
 * for hours: their POS buffers sales and sends the batch after the ERP has counted the store.
 * Races of fulfil/release/expire are staged. Invariants are checked after every step.
 * @example
 * const summary = simulate({ seed: 42, steps: 10_000 });
 * summary.oversells; // 0
 */
export function simulate(options: SimulationOptions): SimulationSummary {
  return new Simulation(options).run();
}

class Simulation {
  private readonly rng: Rng;
  private readonly startMs: number;
  private now: number;
  private readonly stepMs: number;
  private readonly checkpointMs: number;
  private nextCheckpoint: number;
  private readonly a: Ledger;
  private readonly b: Ledger;
  private readonly book: ReservationBook;
  private readonly physical = new Map<string, Physical>();
  private readonly bus = new Agenda<{ event: Raw; corrupt: boolean }>();
  private readonly agenda = new Agenda<() => void>();
  private readonly offline = new Map<string, Raw[]>();
  private readonly seq = new Map<string, number>();
  private readonly lastDelivered = new Map<string, number>();
  private readonly counters: Record<string, number> = {};
  private readonly violations: string[] = [];
  private readonly resolved = new Set<string>();
  private readonly carts: string[] = [];
  private readonly orders: string[] = [];
  private readonly pickups: string[] = [];
  private readonly fixes: { quarantineId: string; event: Raw }[] = [];
  private lastCommand: { cmd: BookCommand; at: string; ok: boolean } | undefined;
  private touched = new Set<string>();
  private oversells = 0;
  private nextId = 0;
  private lastEventTime = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: SimulationOptions) {
    this.rng = new Rng(options.seed);
    this.startMs = Date.parse(options.start ?? '2026-03-02T06:00:00Z');
    this.now = this.startMs;
    this.stepMs = DAY_MS / Math.max(1, options.steps);
    this.checkpointMs = options.checkpointMs ?? 3600_000;
    this.nextCheckpoint = this.startMs + this.checkpointMs;
    const items = itemBySku;
    this.a = new Ledger({ items, retainEvents: false });
    this.b = new Ledger({ items, retainEvents: false });
    this.book = new ReservationBook({
      items,
      locations: LOCATIONS,
      groups: GROUPS,
      // freshness fallback `zero`: an offline store's stock is not promised until its batch arrives
      availability: (sku, loc) =>
        this.offline.has(loc)
          ? Quantity.zero(itemSpec(itemBySku.get(sku) as Item))
          : this.a.sellable(sku, loc),
    });
  }

  run(): SimulationSummary {
    this.openingStock();
    this.scheduleOfflineEpisodes();
    for (let step = 0; step < this.options.steps; step++) {
      this.now += Math.floor(this.rng.next() * 2 * this.stepMs);
      this.touched = new Set();
      this.runAgenda();
      this.deliver(false);
      this.action();
      this.sweep();
      this.checkStep();
      if (this.now >= this.nextCheckpoint) {
        this.checkpoint();
        this.nextCheckpoint += this.checkpointMs;
      }
    }
    for (const store of [...this.offline.keys()]) this.reconnect(store);
    this.checkpoint();
    return this.summary();
  }

  // ── infrastructure ────────────────────────────────────────────────────────────────────────────

  private isoCache = { ms: Number.NaN, text: '' };

  private iso(ms = this.now): string {
    if (ms !== this.isoCache.ms) this.isoCache = { ms, text: new Date(ms).toISOString() };
    return this.isoCache.text;
  }

  private count(name: string, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n;
  }

  private violation(message: string): void {
    this.count('violations');
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push(`[${this.iso()}] ${message}`);
  }

  private phys(sku: string, loc: string): Physical {
    const k = `${sku}|${loc}`;
    let p = this.physical.get(k);
    if (!p) {
      p = { onHand: 0, damaged: 0, qc: 0 };
      this.physical.set(k, p);
    }
    this.touched.add(k);
    return p;
  }

  /** Physical sellable stock not promised to a live reservation. */
  private physicalFree(sku: string, loc: string): number {
    const p = this.phys(sku, loc);
    const t = this.book.liveTotals(asId(sku), asId(loc));
    return p.onHand - p.damaged - p.qc - (t ? t.held.minor + t.committed.minor : 0);
  }

  /** Emits an event from a source: to ledger A now (or buffered while the source is offline) and to B through the bus. */
  private emit(source: string, type: string, data: Raw, at?: number): void {
    // every event gets its own instant, in the order things physically happened: a count then
    // absorbs exactly the movements that happened before it
    const time = at ?? Math.max(this.now, this.lastEventTime + 1);
    if (at === undefined) this.lastEventTime = time;
    const seq = (this.seq.get(source) ?? 0) + 1;
    this.seq.set(source, seq);
    const event: Raw = {
      specversion: '1.0',
      id: `${source}#${seq}`,
      source,
      type,
      time: this.iso(time),
      sequence: seq,
      data,
    };
    this.count('events generated');
    const store = source.startsWith('pos/') ? source.slice(4) : undefined;
    const buffer = store ? this.offline.get(store) : undefined;
    if (buffer) {
      buffer.push(event);
      this.count('events buffered offline');
      return;
    }
    this.send(event);
  }

  private send(event: Raw): void {
    const o = this.a.ingest(event);
    if (o.status === 'quarantined') this.violation(`ledger A quarantined ${String(event.id)}: ${o.code}`);
    if (this.rng.chance(0.02)) {
      this.a.ingest(event);
      this.count('redeliveries to A');
    }
    const copies = this.rng.chance(0.05) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delay = this.rng.chance(0.3) ? this.rng.int(0, 15 * 60_000) : 0;
      this.bus.push(this.now + delay, { event, corrupt: i === 0 && this.rng.chance(0.003) });
    }
    if (copies === 2) this.count('duplicates injected');
  }

  /** Delivers due bus items to the replica (all of them when draining). */
  private deliver(drain: boolean): void {
    const until = drain ? Number.POSITIVE_INFINITY : this.now;
    for (let d = this.bus.popDue(until); d !== undefined; d = this.bus.popDue(until)) {
      const e = d.event;
      const src = e.source as string;
      const s = e.sequence as number;
      if (s < (this.lastDelivered.get(src) ?? 0)) this.count('deliveries reordered');
      else this.lastDelivered.set(src, s);
      this.count('deliveries to B');
      if (d.corrupt) {
        const bad = { ...e, data: { ...(e.data as Raw), sku: 'NO-SUCH-SKU' } };
        const o = this.b.ingest(bad);
        this.count('corrupted deliveries');
        if (o.status !== 'quarantined') this.violation(`corrupted ${String(e.id)} was not quarantined`);
        else this.fixes.push({ quarantineId: o.quarantineId as string, event: e });
        continue;
      }
      const o = this.b.ingest(e);
      if (o.status === 'absorbed') this.count('absorbed by counts (B)');
      if (o.status === 'duplicate') this.count('duplicates dropped (B)');
      if (o.status === 'quarantined' && o.code !== 'EVENT_ID_CONFLICT')
        this.violation(`B quarantined ${String(e.id)}: ${o.code}`);
      if (o.status === 'quarantined') this.fixes.push({ quarantineId: o.quarantineId as string, event: e });
    }
  }

  private runAgenda(): void {
    for (let f = this.agenda.popDue(this.now); f !== undefined; f = this.agenda.popDue(this.now)) f();
  }

  private exec(cmd: BookCommand): CommandOutcome | undefined {
    const at = this.iso();
    const r = this.book.execute(cmd, at);
    this.lastCommand = { cmd, at, ok: r.ok };
    if (!r.ok) {
      this.count(`refused ${r.error.code}`);
      return undefined;
    }
    this.publish(r.value);
    return r.value;
  }

  private publish(o: CommandOutcome): void {
    const r = o.reservation;
    if (this.resolved.has(r.id) && !o.replayed)
      this.violation(`reservation ${r.id} changed after it resolved`);
    if (r.state === 'fulfilled' || r.state === 'released' || r.state === 'expired') this.resolved.add(r.id);
    for (const l of r.lines) this.phys(l.sku, l.location);
    if (o.replayed) {
      this.count('idempotent replays');
      return;
    }
    for (const e of o.events) {
      this.count(`reservation ${e.type.split('.')[2]}`);
      this.emit('omnistock/book', e.type, e.data as unknown as Raw);
    }
  }

  private key(): string {
    return `k${++this.nextId}`;
  }

  // ── scenario ──────────────────────────────────────────────────────────────────────────────────

  private openingStock(): void {
    for (const item of ITEMS) {
      for (const loc of [WAREHOUSE, ...STORES]) {
        const n = loc === WAREHOUSE ? this.rng.int(200, 400) : this.rng.int(10, 40);
        const m = qtyMinor(item, n);
        this.phys(item.sku, loc).onHand = m;
        this.emit(
          'erp/sap',
          'omnistock.stock.counted.v1',
          { sku: item.sku, location: loc, onHand: qtyText(item, n), damaged: '0', qualityControl: '0' },
          this.startMs - 60_000,
        );
      }
    }
  }

  private scheduleOfflineEpisodes(): void {
    for (const store of STORES) {
      const start = this.startMs + this.rng.int(1, 12) * 3600_000 + this.rng.int(0, 59) * 60_000;
      const duration = this.rng.int(1, 4) * 3600_000;
      this.agenda.push(start, () => {
        this.offline.set(store, []);
        this.count('offline episodes');
      });
      // the ERP counts the store while its POS is offline; the POS batch arrives after the count
      this.agenda.push(start + Math.floor(duration / 2), () => this.cycleCount(store, true));
      this.agenda.push(start + duration, () => this.reconnect(store));
    }
  }

  private reconnect(store: string): void {
    const batch = this.offline.get(store);
    if (!batch) return;
    this.offline.delete(store);
    for (const e of batch) this.send(e);
    this.count('offline batch events', batch.length);
    for (const item of ITEMS) this.phys(item.sku, store);
  }

  private cycleCount(loc: string, all: boolean): void {
    const items = all ? ITEMS : [this.rng.pick(ITEMS)];
    for (const item of items) {
      const p = this.phys(item.sku, loc);
      const m = (v: number) => (item.unit === 'kg' ? (v / 1000).toFixed(3) : String(v));
      this.emit('erp/sap', 'omnistock.stock.counted.v1', {
        sku: item.sku,
        location: loc,
        onHand: m(p.onHand),
        damaged: m(p.damaged),
        qualityControl: m(p.qc),
      });
      this.count('cycle counts');
    }
  }

  private action(): void {
    const r = this.rng.next();
    if (r < 0.22) this.webCart();
    else if (r < 0.3) this.marketplaceOrder();
    else if (r < 0.35) this.clickAndCollect();
    else if (r < 0.47) this.checkout();
    else if (r < 0.5) this.abandon();
    else if (r < 0.6) this.ship();
    else if (r < 0.63) this.pickup();
    else if (r < 0.8) this.walkInSale();
    else if (r < 0.83) this.receipt();
    else if (r < 0.85) this.transfer();
    else if (r < 0.87) this.damage();
    else if (r < 0.89) this.customerReturn();
    else if (r < 0.91) this.cycleCount(this.rng.pick([WAREHOUSE, ...STORES]), false);
    else if (r < 0.94) this.race();
    else if (r < 0.97) this.retry();
    else this.resubmitFixes();
  }

  private lines(n: number, where: { group: string } | { location: string }) {
    const chosen = this.rng.shuffle(ITEMS).slice(0, n);
    return chosen.map((item) => ({
      sku: item.sku,
      ...where,
      qty: qtyText(item, this.rng.int(1, 3)),
    })) as never;
  }

  private webCart(): void {
    const id = `web-${++this.nextId}`;
    const o = this.exec({
      type: 'create',
      idempotencyKey: this.key(),
      reservationId: asId<ReservationId>(id),
      channel: asId<ChannelId>('web'),
      lines: this.lines(this.rng.int(1, 3), { group: ONLINE }),
      expiresAt: this.iso(this.now + this.rng.int(10, 30) * 60_000),
      allowPartial: this.rng.chance(0.3),
    });
    if (o) this.carts.push(id);
  }

  private marketplaceOrder(): void {
    const id = `mkt-${++this.nextId}`;
    const o = this.exec({
      type: 'create',
      idempotencyKey: this.key(),
      reservationId: asId<ReservationId>(id),
      channel: asId<ChannelId>('marketplace'),
      lines: this.lines(1, { group: ONLINE }),
      expiresAt: this.iso(this.now + 5 * 60_000),
      strategy: this.rng.pick(['priority', 'singleLocation', 'mostAvailable']),
    });
    if (
      o &&
      this.exec({
        type: 'commit',
        idempotencyKey: this.key(),
        reservationId: asId(id),
        orderRef: `amz-${this.nextId}`,
      })
    ) {
      this.orders.push(id);
    }
  }

  private clickAndCollect(): void {
    const store = this.rng.pick(STORES);
    if (this.offline.has(store)) return;
    const id = `cc-${++this.nextId}`;
    const o = this.exec({
      type: 'create',
      idempotencyKey: this.key(),
      reservationId: asId<ReservationId>(id),
      channel: asId<ChannelId>('web'),
      lines: this.lines(this.rng.int(1, 2), { location: store }),
      expiresAt: this.iso(this.now + 2 * 3600_000),
    });
    if (o) this.pickups.push(id);
  }

  private take(list: string[], state: 'held' | 'committed'): string | undefined {
    while (list.length > 0) {
      const i = this.rng.int(0, list.length - 1);
      const id = list[i] as string;
      const r = this.book.get(id);
      if (r?.state === state) return id;
      list[i] = list[list.length - 1] as string;
      list.pop();
    }
    return undefined;
  }

  private checkout(): void {
    const id = this.take(this.carts, 'held');
    if (!id) return;
    if (this.exec({ type: 'commit', idempotencyKey: this.key(), reservationId: asId(id) }))
      this.orders.push(id);
  }

  private abandon(): void {
    // most abandoned carts are left to expire; some are emptied explicitly
    const id = this.take(this.carts, 'held');
    if (id && this.rng.chance(0.3))
      this.exec({
        type: 'release',
        idempotencyKey: this.key(),
        reservationId: asId(id),
        reason: 'cart emptied',
      });
  }

  /** The warehouse (or a ship-from-store) ships a committed order, whole or in part. */
  private ship(): void {
    const id = this.take(this.orders, 'committed');
    if (!id) return;
    const r = this.book.get(id)!;
    const line = r.lines.find((l) => l.qty.minor > l.fulfilledQty.minor && !this.offline.has(l.location));
    if (!line) return;
    const item = itemBySku.get(line.sku) as Item;
    const remaining = line.qty.minor - line.fulfilledQty.minor;
    const step = qtyMinor(item, 1);
    const qMinor = this.rng.chance(0.7) || remaining <= step ? remaining : step;
    this.fulfil(
      id,
      line.sku,
      line.location,
      item,
      qMinor,
      line.location === WAREHOUSE ? 'wms/dc' : `pos/${line.location}`,
    );
  }

  private fulfil(id: string, sku: string, loc: string, item: Item, qMinor: number, source: string): boolean {
    const qty = item.unit === 'kg' ? (qMinor / 1000).toFixed(3) : String(qMinor);
    const o = this.exec({
      type: 'fulfil',
      idempotencyKey: this.key(),
      reservationId: asId(id),
      lines: [{ sku: asId<Sku>(sku), location: asId<LocationId>(loc), qty }],
    });
    if (!o) return false;
    this.phys(sku, loc).onHand -= qMinor;
    // the shipping/selling system often reports the same consumption as a sale naming the reservation
    if (this.rng.chance(0.5)) {
      this.emit(source, 'omnistock.sale.recorded.v1', { sku, location: loc, qty, reservationId: id });
      this.count('sales naming a reservation');
    }
    return true;
  }

  private pickup(): void {
    const id = this.take(this.pickups, 'held');
    if (!id) return;
    const r = this.book.get(id)!;
    for (const l of r.lines) {
      if (this.offline.has(l.location)) return;
      const rem = l.qty.minor - l.fulfilledQty.minor;
      if (rem > 0) this.fulfil(id, l.sku, l.location, itemBySku.get(l.sku) as Item, rem, `pos/${l.location}`);
    }
  }

  private walkInSale(): void {
    const store = this.rng.pick(STORES);
    const item = this.rng.pick(ITEMS);
    const q = qtyMinor(item, this.rng.int(1, 2));
    if (this.physicalFree(item.sku, store) < q) return;
    this.phys(item.sku, store).onHand -= q;
    this.emit(`pos/${store}`, 'omnistock.sale.recorded.v1', {
      sku: item.sku,
      location: store,
      qty: qtyText(item, q / qtyMinor(item, 1)),
      channel: 'pos',
    });
    this.count(this.offline.has(store) ? 'pos sales while offline' : 'pos sales');
  }

  private receipt(): void {
    const item = this.rng.pick(ITEMS);
    const n = this.rng.int(20, 80);
    const supplyId = `po-${++this.nextId}`;
    this.emit('erp/sap', 'omnistock.supply.expected.v1', {
      supplyId,
      sku: item.sku,
      location: WAREHOUSE,
      qty: qtyText(item, n),
      eta: this.iso(this.now + 3600_000),
    });
    this.agenda.push(this.now + this.rng.int(10, 90) * 60_000, () => {
      this.phys(item.sku, WAREHOUSE).onHand += qtyMinor(item, n);
      this.emit('wms/dc', 'omnistock.stock.received.v1', {
        sku: item.sku,
        location: WAREHOUSE,
        qty: qtyText(item, n),
        supplyId,
      });
      this.count('receipts');
    });
  }

  private transfer(): void {
    const item = this.rng.pick(ITEMS);
    const to = this.rng.pick(STORES);
    const n = this.rng.int(2, 10);
    const q = qtyMinor(item, n);
    if (this.physicalFree(item.sku, WAREHOUSE) < q) return;
    const transferId = `tr-${++this.nextId}`;
    const eta = this.now + this.rng.int(30, 180) * 60_000;
    this.phys(item.sku, WAREHOUSE).onHand -= q;
    this.emit('wms/dc', 'omnistock.transfer.shipped.v1', {
      transferId,
      sku: item.sku,
      from: WAREHOUSE,
      to,
      qty: qtyText(item, n),
      eta: this.iso(eta),
    });
    this.agenda.push(eta, () => {
      this.phys(item.sku, to).onHand += q;
      this.emit(`pos/${to}`, 'omnistock.transfer.received.v1', {
        transferId,
        sku: item.sku,
        from: WAREHOUSE,
        to,
        qty: qtyText(item, n),
      });
      this.count('transfers received');
    });
    this.count('transfers shipped');
  }

  private damage(): void {
    const store = this.rng.pick(STORES);
    const item = this.rng.pick(ITEMS);
    const q = qtyMinor(item, 1);
    if (this.physicalFree(item.sku, store) < q) return;
    const p = this.phys(item.sku, store);
    p.damaged += q;
    this.emit(`pos/${store}`, 'omnistock.stock.statusChanged.v1', {
      sku: item.sku,
      location: store,
      qty: qtyText(item, 1),
      from: 'sellable',
      to: 'damaged',
      reasonCode: 'damage',
    });
    this.count('damaged');
    this.agenda.push(this.now + this.rng.int(30, 240) * 60_000, () => {
      const now = this.phys(item.sku, store);
      if (now.damaged < q) return;
      now.damaged -= q;
      now.onHand -= q;
      if (store === LEGACY_STORE) {
        this.emit(`pos/${store}`, 'omnistock.stock.adjusted.v0', {
          item: item.sku,
          store,
          change: `-${qtyText(item, 1)}`,
          reason: 'Broken',
        });
        this.count('v0 events (upcast)');
        // v0 has no status: the legacy POS reports the damaged bucket going down separately
        this.emit(`pos/${store}`, 'omnistock.stock.statusChanged.v1', {
          sku: item.sku,
          location: store,
          qty: qtyText(item, 1),
          from: 'damaged',
          to: 'sellable',
        });
      } else {
        this.emit(`pos/${store}`, 'omnistock.stock.adjusted.v1', {
          sku: item.sku,
          location: store,
          delta: `-${qtyText(item, 1)}`,
          reasonCode: 'damage',
          status: 'damaged',
        });
      }
      this.count('written off');
    });
  }

  private customerReturn(): void {
    const store = this.rng.pick(STORES);
    const item = this.rng.pick(ITEMS);
    const q = qtyMinor(item, 1);
    const p = this.phys(item.sku, store);
    p.onHand += q;
    p.qc += q;
    this.emit(`pos/${store}`, 'omnistock.return.received.v1', {
      sku: item.sku,
      location: store,
      qty: qtyText(item, 1),
      disposition: 'qualityControl',
    });
    this.count('returns');
    this.agenda.push(this.now + this.rng.int(20, 120) * 60_000, () => {
      const now = this.phys(item.sku, store);
      if (now.qc < q) return;
      now.qc -= q;
      this.emit(`pos/${store}`, 'omnistock.stock.statusChanged.v1', {
        sku: item.sku,
        location: store,
        qty: qtyText(item, 1),
        from: 'qualityControl',
        to: 'sellable',
      });
    });
  }

  /** Fulfil, release and expire race for one hold: exactly one may win. */
  private race(): void {
    const id = this.take(this.carts, 'held');
    if (!id) return;
    const r = this.book.get(id)!;
    // sometimes the race happens exactly at expiry (the clock jumps there), where only expire may win
    // (only a short jump, so the day keeps its length however many steps it has)
    const jump = r.expiresAt ? Date.parse(r.expiresAt) - this.now : Number.POSITIVE_INFINITY;
    if (r.expiresAt && jump > 0 && jump <= Math.max(10 * this.stepMs, 1000)) {
      this.now = Date.parse(r.expiresAt);
      this.count('races at expiry');
    }
    let wins = 0;
    for (const contender of this.rng.shuffle(['fulfil', 'release', 'expire'] as const)) {
      const before = this.book.get(id)!;
      let won = false;
      if (contender === 'fulfil') {
        const line = before.lines[0]!;
        if (this.offline.has(line.location)) continue;
        won =
          before.lines.length === 1 &&
          this.fulfil(
            id,
            line.sku,
            line.location,
            itemBySku.get(line.sku) as Item,
            line.qty.minor - line.fulfilledQty.minor,
            'wms/dc',
          );
        if (before.lines.length > 1) continue;
      } else {
        won =
          this.exec({ type: contender, idempotencyKey: this.key(), reservationId: asId(id) }) !== undefined;
      }
      if (won) wins++;
    }
    this.count('races');
    if (wins > 1) this.violation(`race on ${id}: ${wins} winners`);
  }

  /** A client retries its last command with the same key: a success must come back as a replay. */
  private retry(): void {
    if (!this.lastCommand) return;
    const { cmd, ok: first } = this.lastCommand;
    const r = this.book.execute(cmd, this.iso());
    if (!r.ok) return;
    if (first && !r.value.replayed) this.violation(`retry of ${cmd.idempotencyKey} was not a replay`);
    if (!first && r.value.replayed) this.violation(`retry of refused ${cmd.idempotencyKey} replayed`);
    // a refused command is not recorded, so its retry may now succeed: that is a new command
    if (!r.value.replayed) {
      this.count('retries that now succeeded');
      // a fulfilment that succeeds only now ships only now
      if (cmd.type === 'fulfil') {
        for (const l of cmd.lines) {
          const item = itemBySku.get(l.sku) as Item;
          this.phys(l.sku, l.location).onHand -= Quantity.of(l.qty, itemSpec(item)).minor;
        }
      }
    }
    this.publish(r.value);
    this.lastCommand = { cmd, at: this.iso(), ok: true };
  }

  private resubmitFixes(): void {
    for (const f of this.fixes.splice(0)) {
      const o = this.b.resubmit(f.quarantineId, f.event);
      if (o.status === 'quarantined') this.violation(`resubmission of ${f.quarantineId} failed: ${o.code}`);
      else this.count('quarantine resubmissions');
    }
  }

  private sweep(): void {
    const s = this.book.sweep(this.iso());
    for (const r of s.expired) {
      if (this.resolved.has(r.id)) this.violation(`${r.id} expired after it resolved`);
      this.resolved.add(r.id);
      for (const l of r.lines) this.phys(l.sku, l.location);
    }
    for (const e of s.events) {
      this.count('reservation expired');
      this.emit('omnistock/book', e.type, e.data as unknown as Raw);
    }
  }

  // ── invariants ────────────────────────────────────────────────────────────────────────────────

  /** After every step, for every position the step touched. */
  private checkStep(): void {
    for (const k of this.touched) {
      const [sku, loc] = k.split('|') as [string, string];
      const p = this.physical.get(k) as Physical;
      if (p.onHand < 0 || p.damaged < 0 || p.qc < 0 || p.damaged + p.qc > p.onHand)
        this.violation(`physical ${k} broke a bucket rule`);
      const t = this.book.liveTotals(asId(sku), asId(loc));
      const held = t?.held.minor ?? 0;
      const committed = t?.committed.minor ?? 0;
      if (p.onHand - p.damaged - p.qc < held + committed) {
        this.oversells++;
        this.violation(
          `oversold ${k}: sellable ${p.onHand - p.damaged - p.qc} < held ${held} + committed ${committed}`,
        );
      }
      const a = this.a.position(sku, loc);
      if ((a?.reserved.minor ?? 0) !== held || (a?.committed.minor ?? 0) !== committed) {
        this.violation(
          `ledger A buckets of ${k} (${a?.reserved.minor}/${a?.committed.minor}) differ from live reservations (${held}/${committed})`,
        );
      }
      if (
        !this.offline.has(loc) &&
        a &&
        (a.onHand.minor !== p.onHand || a.damaged.minor !== p.damaged || a.qualityControl.minor !== p.qc)
      ) {
        this.violation(
          `ledger A ${k} onHand ${a.onHand.minor}/${a.damaged.minor}/${a.qualityControl.minor} ≠ physical ${p.onHand}/${p.damaged}/${p.qc}`,
        );
      }
      this.count('invariant checks');
    }
  }

  /** Drains the bus, re-submits quarantined events, then compares the replica and reconciles with the ERP. */
  private checkpoint(): void {
    this.deliver(true);
    this.resubmitFixes();
    const pa = JSON.stringify(this.a.positions().map(positionToJson));
    const pb = JSON.stringify(this.b.positions().map(positionToJson));
    if (pa !== pb) this.violation('replica B did not converge to A');
    if (this.b.quarantine().length > 0)
      this.violation(`B has ${this.b.quarantine().length} quarantined events after re-submission`);
    if (this.a.quarantine().length > 0)
      this.violation(`A has ${this.a.quarantine().length} quarantined events`);
    if (this.b.gaps().length > 0)
      this.violation(`B has open sequence gaps: ${JSON.stringify(this.b.gaps()[0])}`);
    const rows = [...this.physical.entries()]
      .filter(([k]) => !this.offline.has(k.split('|')[1] as string))
      .map(([k, p]) => {
        const [sku, location] = k.split('|') as [string, string];
        const item = itemBySku.get(sku) as Item;
        return {
          sku,
          location,
          onHand: item.unit === 'kg' ? (p.onHand / 1000).toFixed(3) : String(p.onHand),
        };
      });
    const asOf = new Date(Math.max(this.now, this.lastEventTime)).toISOString();
    const report = reconcile(this.a, { asOf, rows }, { tolerance: '0' }, itemBySku);
    if (!report.ok) this.violation(`reconciliation failed: ${report.error.code}`);
    else if (report.value.exceptions.length > 0)
      this.violation(
        `reconciliation: ${report.value.exceptions.length} exceptions, e.g. ${JSON.stringify(report.value.exceptions[0])}`,
      );
    this.count('checkpoints');
    this.count('reconciliations');
  }

  private summary(): SimulationSummary {
    const text = JSON.stringify(this.a.positions().map(positionToJson));
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    this.count('absorbed by counts (A)', this.a.absorbed().length);
    const sorted = Object.fromEntries(Object.entries(this.counters).sort(([x], [y]) => (x < y ? -1 : 1)));
    return {
      seed: this.options.seed,
      steps: this.options.steps,
      from: this.iso(this.startMs),
      to: this.iso(),
      counters: sorted,
      violations: this.violations,
      oversells: this.oversells,
      stateHash: (h >>> 0).toString(16).padStart(8, '0'),
    };
  }
}

/**
 * The printed summary: the same for the same seed and steps.
 * @example
 * console.log(formatSummary(simulate({ seed: 42, steps: 1000 })));
 */
export function formatSummary(s: SimulationSummary): string {
  const lines = [
    `omnistock simulator — seed ${s.seed}, ${s.steps.toLocaleString('en-US')} steps, ${s.from} → ${s.to}`,
    ...Object.entries(s.counters).map(
      ([k, v]) => `  ${k.padEnd(32)} ${v.toLocaleString('en-US').padStart(12)}`,
    ),
    `  ${'invariant violations'.padEnd(32)} ${String(s.counters.violations ?? 0).padStart(12)}`,
    `  ${'oversells'.padEnd(32)} ${String(s.oversells).padStart(12)}`,
    `  state hash ${s.stateHash}`,
    ...s.violations.map((v) => `  VIOLATION ${v}`),
  ];
  return lines.join('\n');
}
