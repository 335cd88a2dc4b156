import {
  asId,
  EVENT_TYPES,
  type EventType,
  type Item,
  itemSpec,
  type LocationId,
  Quantity,
  type QuantitySpec,
  type Sku,
  type StockPosition,
  UNIT_CODES,
  Units,
} from '@omnistock/core';
import fc from 'fast-check';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A unit code and a scale it allows. */
export function arbSpec(): fc.Arbitrary<QuantitySpec> {
  return fc.constantFrom(...UNIT_CODES).chain((unit) => {
    const def = Units[unit]!;
    return fc.integer({ min: 0, max: def.maxScale }).map((scale) => ({ unit, scale }));
  });
}

/** Options for quantity arbitraries: a bound in minor units (default ±10^12) and a sign. */
export interface QuantityArbOptions {
  readonly maxMinor?: number;
  readonly sign?: 'any' | 'nonNegative' | 'positive';
}

/** Minor-unit counts, biased towards small values and bounds. */
export function arbMinor(options: QuantityArbOptions = {}): fc.Arbitrary<number> {
  const max = Math.min(options.maxMinor ?? 1e12, MAX_SAFE);
  const min = options.sign === 'positive' ? 1 : options.sign === 'nonNegative' ? 0 : -max;
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: Math.max(min, -1000), max: Math.min(1000, max) }) },
    { weight: 2, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max, Math.max(min, 0)) },
  );
}

/** A quantity of a spec. */
export function arbQuantity(spec: QuantitySpec, options: QuantityArbOptions = {}): fc.Arbitrary<Quantity> {
  return arbMinor(options).map((m) => Quantity.fromMinor(m, spec));
}

/**
 * Decimal strings a sender might write for a value at a scale: canonical, with trailing zeros,
 * with a leading `+`, or in exponent notation. All parse to the same quantity.
 */
export function arbDecimalText(spec: QuantitySpec, options: QuantityArbOptions = {}): fc.Arbitrary<string> {
  return fc
    .tuple(arbQuantity(spec, options), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }))
    .map(([q, style, zeros]) => {
      const s = q.toString();
      if (style === 1)
        return s.includes('.') ? s + '0'.repeat(zeros) : `${s}${zeros > 0 ? `.${'0'.repeat(zeros)}` : ''}`;
      if (style === 2 && !s.startsWith('-')) return `+${s}`;
      if (style === 3) {
        const neg = s.startsWith('-');
        const [int = '0', frac = ''] = (neg ? s.slice(1) : s).split('.');
        return `${neg ? '-' : ''}${int}${frac}e-${frac.length}`;
      }
      return s;
    });
}

/** A valid sku / location id. */
export const arbSku = (): fc.Arbitrary<Sku> =>
  fc.stringMatching(/^[A-Z][A-Z0-9-]{0,11}$/).map((s) => asId<Sku>(s));
export const arbLocationId = (): fc.Arbitrary<LocationId> =>
  fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/).map((s) => asId<LocationId>(s));

/** A valid item (unit, scale within the unit, optional sell multiple). */
export function arbItem(sku: fc.Arbitrary<Sku> = arbSku()): fc.Arbitrary<Item> {
  return fc
    .tuple(sku, arbSpec(), fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }))
    .map(([s, spec, pack]) => {
      const item: Item = { sku: s, unit: spec.unit, scale: spec.scale };
      return pack === undefined ? item : { ...item, sellMultiple: String(pack) };
    });
}

/** An RFC 3339 UTC timestamp within 2026. */
export function arbTimestamp(): fc.Arbitrary<string> {
  const start = Date.UTC(2026, 0, 1);
  return fc
    .integer({ min: 0, max: 365 * 24 * 3600 - 1 })
    .map((s) => new Date(start + s * 1000).toISOString().replace('.000Z', 'Z'));
}

/** A position satisfying DESIGN §3's invariants (damaged + qualityControl ≤ onHand); free may be negative. */
export function arbPosition(
  item: Item,
  location: LocationId,
  maxMinor = 1_000_000,
): fc.Arbitrary<StockPosition> {
  const spec = itemSpec(item);
  const nn = fc.integer({ min: 0, max: maxMinor });
  return fc
    .record({
      onHand: nn,
      damagedShare: fc.integer({ min: 0, max: 100 }),
      qcShare: fc.integer({ min: 0, max: 100 }),
      committed: nn,
      reserved: nn,
      incoming: fc.array(fc.tuple(nn, arbTimestamp()), { maxLength: 3 }),
      inTransit: fc.array(fc.tuple(nn, arbTimestamp()), { maxLength: 2 }),
      asOf: fc.option(arbTimestamp(), { nil: null }),
    })
    .map((r) => {
      const damaged = Math.floor((r.onHand * r.damagedShare) / 200);
      const qc = Math.floor((r.onHand * r.qcShare) / 200);
      const q = (m: number) => Quantity.fromMinor(m, spec);
      return {
        sku: item.sku,
        location,
        onHand: q(r.onHand),
        damaged: q(damaged),
        qualityControl: q(qc),
        committed: q(r.committed),
        reserved: q(r.reserved),
        incoming: r.incoming.map(([m, eta], i) => ({ id: `po-${i}`, qty: q(m), eta })),
        inTransit: r.inTransit.map(([m, eta], i) => ({
          id: `tr-${i}`,
          qty: q(m),
          eta,
          from: asId<LocationId>('dc-1'),
        })),
        asOf: r.asOf,
      };
    });
}

const ref = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/);
const status = fc.constantFrom('sellable', 'damaged', 'qualityControl');
const reason = fc.constantFrom('shrinkage', 'theft', 'damage', 'expired', 'found', 'correction', 'other');

/** A valid payload (`data`) for an event type, with quantities at the item's scale. */
export function arbEventData(
  type: EventType,
  item: Item,
  location: LocationId,
): fc.Arbitrary<Record<string, unknown>> {
  const spec = itemSpec(item);
  const pos = arbQuantity(spec, { sign: 'positive', maxMinor: 1e9 }).map(String);
  const nonNeg = arbQuantity(spec, { sign: 'nonNegative', maxMinor: 1e9 }).map(String);
  const delta = arbQuantity(spec, { maxMinor: 1e9 })
    .filter((q) => !q.isZero())
    .map(String);
  const sku = item.sku;
  const other = asId<LocationId>(`${location}-x`);
  const line = pos.map((qty) => ({ sku, location, qty }));
  const rid = ref.map((r) => `res-${r}`);
  switch (type) {
    case 'omnistock.stock.received.v1':
      return fc.record(
        { sku: fc.constant(sku), location: fc.constant(location), qty: pos, supplyId: ref },
        { requiredKeys: ['sku', 'location', 'qty'] },
      );
    case 'omnistock.stock.adjusted.v1':
      return fc.record(
        {
          sku: fc.constant(sku),
          location: fc.constant(location),
          delta,
          reasonCode: reason,
          status,
          compareFrom: nonNeg,
        },
        { requiredKeys: ['sku', 'location', 'delta', 'reasonCode'] },
      );
    case 'omnistock.stock.counted.v1':
      return nonNeg.map((onHand) => ({ sku, location, onHand, damaged: '0' }));
    case 'omnistock.stock.statusChanged.v1':
      return fc
        .tuple(pos, status, status)
        .filter(([, a, b]) => a !== b)
        .map(([qty, from, to]) => ({ sku, location, qty, from, to }));
    case 'omnistock.sale.recorded.v1':
      return fc.record(
        {
          sku: fc.constant(sku),
          location: fc.constant(location),
          qty: pos,
          reservationId: rid,
          orderRef: ref,
        },
        { requiredKeys: ['sku', 'location', 'qty'] },
      );
    case 'omnistock.return.received.v1':
      return fc.record({
        sku: fc.constant(sku),
        location: fc.constant(location),
        qty: pos,
        disposition: status,
      });
    case 'omnistock.transfer.shipped.v1':
      return fc.record({
        transferId: ref,
        sku: fc.constant(sku),
        from: fc.constant(location),
        to: fc.constant(other),
        qty: pos,
        eta: arbTimestamp(),
      });
    case 'omnistock.transfer.received.v1':
      return fc.record({
        transferId: ref,
        sku: fc.constant(sku),
        from: fc.constant(other),
        to: fc.constant(location),
        qty: pos,
      });
    case 'omnistock.supply.expected.v1':
      return fc.record({
        supplyId: ref,
        sku: fc.constant(sku),
        location: fc.constant(location),
        qty: nonNeg,
        eta: arbTimestamp(),
      });
    case 'omnistock.reservation.held.v1':
      return fc.record({
        reservationId: rid,
        channel: fc.constant('ecommerce'),
        lines: fc.array(line, { minLength: 1, maxLength: 3 }),
        expiresAt: arbTimestamp(),
      });
    case 'omnistock.reservation.committed.v1':
    case 'omnistock.reservation.expired.v1':
      return fc.record({ reservationId: rid });
    case 'omnistock.reservation.released.v1':
      return fc.record({ reservationId: rid, reason: ref }, { requiredKeys: ['reservationId'] });
    case 'omnistock.reservation.extended.v1':
      return fc.record({ reservationId: rid, expiresAt: arbTimestamp() });
    case 'omnistock.reservation.fulfilled.v1':
      return fc.record({
        reservationId: rid,
        lines: fc.array(line, { minLength: 1, maxLength: 3 }),
        complete: fc.boolean(),
      });
    case 'omnistock.reservation.transferred.v1':
      return fc.record({
        reservationId: rid,
        sku: fc.constant(sku),
        from: fc.constant(location),
        to: fc.constant(other),
        qty: pos,
      });
    case 'omnistock.availability.changed.v1':
      return fc.record({
        sku: fc.constant(sku),
        location: fc.constant(location),
        channel: fc.constant('ecommerce'),
        atp: nonNeg,
        status: fc.constantFrom('inStock', 'lowStock', 'outOfStock'),
      });
  }
}

/** A complete, valid CloudEvent (JSON form) of the given type, or of any type. */
export function arbEvent(
  type?: EventType,
  options: { item?: fc.Arbitrary<Item>; location?: fc.Arbitrary<LocationId> } = {},
): fc.Arbitrary<Record<string, unknown>> {
  const t = type ? fc.constant(type) : fc.constantFrom(...EVENT_TYPES);
  return fc
    .tuple(t, options.item ?? arbItem(), options.location ?? arbLocationId())
    .chain(([ty, item, loc]) =>
      fc.record({
        type: fc.constant(ty),
        data: arbEventData(ty, item, loc),
        id: fc.uuid(),
        source: fc.constantFrom('pos/store-1', 'wms/dc-1', 'erp/sap', 'web/checkout'),
        time: arbTimestamp(),
        sequence: fc.integer({ min: 0, max: 1_000_000 }),
      }),
    )
    .map((e) => {
      const d = e.data as { sku?: string; reservationId?: string };
      return {
        specversion: '1.0',
        id: e.id,
        source: e.source,
        type: e.type,
        time: e.time,
        subject: d.sku ?? d.reservationId,
        datacontenttype: 'application/json',
        ...(d.sku ? { partitionkey: d.sku } : {}),
        sequence: e.sequence,
        data: e.data,
      };
    });
}
