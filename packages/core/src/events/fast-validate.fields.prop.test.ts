import { arbEvent } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from '../catalog';
import { asId, type Sku } from '../ids';
import { generate } from '../internal/event-validator/codegen';
import { interpret, NO } from '../internal/event-validator/interpret';
import { eventIr } from './fast-validate';
import { parseEvent, parseEventWithZod } from './parse';
import { EVENT_QUANTITY_KEYS } from './quantity-keys';
import { EventSchemas, isEventType } from './registry';

// `fast-validate.prop.test.ts` mutates events at random; this one breaks exactly one field in one
// named way per run (the failure classes a producer actually sends) and feeds the same events built
// the ways a producer builds them (JSON, spread syntax, odd property attributes). In every case the
// fast path (`parseEvent`) must give what the zod reference path gives: the same value, or the same
// error (code, path, message and issue list).

type Json = Record<string, unknown>;
const clone = (x: unknown): Json => JSON.parse(JSON.stringify(x));

const QUANTITY_KEYS = [...EVENT_QUANTITY_KEYS];
const TIME_KEYS = ['time', 'eta', 'expiresAt'];
const ID_KEYS = ['id', 'source', 'sku', 'location', 'from', 'to', 'reservationId', 'channel', 'transferId'];

const BAD_DECIMALS = [
  '',
  '1.',
  '.5',
  '1e',
  '--1',
  '+-1',
  '1,5',
  ' 1',
  '1 ',
  'NaN',
  'Infinity',
  '0x10',
  '1e400',
  '1e-7',
  '2.5e1',
  '99999999999999999999',
  '9007199254740992',
  '123456789012.5',
  '-0',
  '0',
  '0.000',
  '-1',
  '1.0000001',
  '1.1234567',
  '\u0661',
];
const BAD_TIMES = [
  '',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2025-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01 00:00:00Z',
  '2026-01-01T00:00:00.Z',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01T00:00:00+05:30',
  '2026-01-01T00:00:00.123456789Z',
  '2026-01-01t00:00:00z',
  '26-01-01T00:00:00Z',
];
const BAD_IDS = [
  '',
  ' ',
  'a b',
  'a\u00a0b',
  'a\u2028b',
  'a\tb',
  'é',
  '-x',
  '.x',
  'a/b:c@d_e.f-g',
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(257),
];
const WRONG_TYPES: unknown[] = [null, 0, 1.5, -1, true, false, [], {}, ['x'], { x: 1 }, '1', 'x'];

type Breakage =
  | { kind: 'wrongType'; pick: number; value: unknown }
  | { kind: 'extraField'; pick: number; key: string; value: unknown }
  | { kind: 'missingField'; pick: number }
  | { kind: 'badDecimal'; pick: number; value: string }
  | { kind: 'badScale'; pick: number; value: string }
  | { kind: 'unknownSku'; pick: number }
  | { kind: 'badTime'; pick: number; value: string }
  | { kind: 'badId'; pick: number; value: string };

const arbBreakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.record({
    kind: fc.constant('wrongType' as const),
    pick: fc.nat(),
    value: fc.constantFrom(...WRONG_TYPES),
  }),
  fc.record({
    kind: fc.constant('extraField' as const),
    pick: fc.nat(),
    key: fc.constantFrom('extra', 'traceparent', 'Qty', 'sku', '__proto__', 'constructor', '0'),
    value: fc.constantFrom<unknown>('x', 1, true, null, { a: 1 }),
  }),
  fc.record({ kind: fc.constant('missingField' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('badDecimal' as const),
    pick: fc.nat(),
    value: fc.constantFrom(...BAD_DECIMALS),
  }),
  fc.record({
    kind: fc.constant('badScale' as const),
    pick: fc.nat(),
    value: fc.constantFrom('1.5', '0.25', '2.125', '1.0005', '3.1234567', '10.50', '7'),
  }),
  fc.record({ kind: fc.constant('unknownSku' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('badTime' as const), pick: fc.nat(), value: fc.constantFrom(...BAD_TIMES) }),
  fc.record({ kind: fc.constant('badId' as const), pick: fc.nat(), value: fc.constantFrom(...BAD_IDS) }),
);

/** Every (object, key) holding a leaf value, envelope first, in key order. */
function leaves(root: Json): [Json, string][] {
  const out: [Json, string][] = [];
  const walk = (o: unknown) => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (typeof o === 'object' && o !== null) {
      for (const [k, v] of Object.entries(o)) {
        out.push([o as Json, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

function objects(root: Json): Json[] {
  const out: Json[] = [];
  const walk = (o: unknown) => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (typeof o === 'object' && o !== null) {
      out.push(o as Json);
      Object.values(o).forEach(walk);
    }
  };
  walk(root);
  return out;
}

function pickOf<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

/** The event with one field broken, and the items to check it against. */
function breakOne(event: Json, b: Breakage): { input: Json; items: Map<string, Item> } {
  const e = clone(event);
  const all = leaves(e);
  const skus = new Set(
    all.filter(([o, k]) => k === 'sku' && typeof o[k] === 'string').map(([o, k]) => o[k] as string),
  );
  const scale = b.kind === 'badScale' ? 0 : 6;
  let drop: string | undefined;
  const set = (keys: readonly string[], value: unknown) => {
    const target = pickOf(
      all.filter(([, k]) => keys.includes(k)),
      b.pick,
    );
    if (target) target[0][target[1]] = value;
  };
  switch (b.kind) {
    case 'wrongType': {
      const target = pickOf(all, b.pick);
      if (target) target[0][target[1]] = b.value;
      break;
    }
    case 'extraField': {
      const target = pickOf(objects(e), b.pick);
      if (target) Object.defineProperty(target, b.key, { value: b.value, enumerable: true, writable: true });
      break;
    }
    case 'missingField': {
      const target = pickOf(all, b.pick);
      if (target) delete target[0][target[1]];
      break;
    }
    case 'badDecimal':
    case 'badScale':
      set(QUANTITY_KEYS, b.value);
      break;
    case 'unknownSku':
      drop = pickOf([...skus], b.pick);
      break;
    case 'badTime':
      set(TIME_KEYS, b.value);
      break;
    case 'badId':
      set(ID_KEYS, b.value);
      break;
  }
  const items = new Map<string, Item>();
  for (const sku of skus) {
    if (sku !== drop) items.set(sku, { sku: asId<Sku>(sku), unit: scale === 0 ? 'each' : 'kg', scale });
  }
  return { input: e, items };
}

/** The fast path and the zod path give the same result (value or error, key order included). */
function expectSame(input: unknown, options: Parameters<typeof parseEvent>[1] = {}) {
  const fast = parseEvent(input, options);
  const slow = parseEventWithZod(input, options);
  expect(fast).toStrictEqual(slow);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

/** Both compiled forms (generated code and closures) accept only what zod accepts, with zod's value. */
function expectRunnersSound(input: unknown) {
  const type = (input as { type?: unknown } | null)?.type;
  if (!isEventType(type)) return;
  const node = eventIr(type);
  const z = EventSchemas[type].safeParse(input);
  for (const run of [generate(node), interpret(node)]) {
    const r = run?.(input);
    if (r !== NO && r !== undefined) {
      expect(z.success).toBe(true);
      expect(r).toStrictEqual(z.data);
      expect(JSON.stringify(r)).toBe(JSON.stringify(z.data));
    }
  }
}

describe('fast path ≡ zod path with one field broken', () => {
  it('same value or same error, with items as a map and as a function', () => {
    fc.assert(
      fc.property(arbEvent(), arbBreakage, (raw, b) => {
        const { input, items } = breakOne(clone(raw), b);
        expectSame(input);
        expectSame(input, { items });
        expectSame(input, { items: (sku: string) => items.get(sku) });
        expectRunnersSound(input);
      }),
      { numRuns: 3000 },
    );
  });

  it('each kind of breakage is rejected with the reference error when the reference rejects it', () => {
    // a sanity check that the broken events are mostly invalid (the test above compares them)
    let rejected = 0;
    const runs = fc.sample(fc.tuple(arbEvent(), arbBreakage), { numRuns: 500, seed: 11 });
    for (const [raw, b] of runs) {
      const { input, items } = breakOne(clone(raw), b);
      const r = parseEvent(input, { items });
      if (!r.ok) {
        rejected++;
        expect(r.error).toStrictEqual((parseEventWithZod(input, { items }) as typeof r).error);
      }
    }
    expect(rejected).toBeGreaterThan(300);
  });

  it('both compiled forms accept every valid event', () => {
    fc.assert(
      fc.property(arbEvent(), (raw) => {
        const wire = clone(raw);
        const type = wire.type as Parameters<typeof eventIr>[0];
        const z = EventSchemas[type].safeParse(wire);
        for (const run of [generate(eventIr(type)), interpret(eventIr(type))]) {
          expect(run?.(wire)).toStrictEqual(z.data);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fast path ≡ zod path however the event object was built', () => {
  const arbBuilt = fc.tuple(
    arbEvent(),
    fc.constantFrom('spread', 'nullProto', 'hiddenShapeKey', 'hiddenExtraKey', 'getter', 'keyOrder'),
    fc.nat(),
  );

  it('spread syntax (a map per object), null prototypes, non-enumerable keys, getters, any key order', () => {
    fc.assert(
      fc.property(arbBuilt, ([raw, how, pick]) => {
        const wire = clone(raw);
        const { data, ...envelope } = wire;
        let input: Json;
        if (how === 'spread') input = { ...envelope, data: { ...(data as Json) } };
        else if (how === 'nullProto') input = Object.assign(Object.create(null), wire);
        else if (how === 'keyOrder') input = Object.fromEntries(Object.entries(wire).reverse());
        else {
          input = wire;
          const target = pick % 2 === 0 ? input : (input.data as Json);
          const keys = Object.keys(target);
          const key = how === 'hiddenExtraKey' ? 'hidden' : (keys[pick % keys.length] as string);
          const value = how === 'hiddenExtraKey' ? 'x' : target[key];
          if (how === 'getter') Object.defineProperty(target, key, { get: () => value, enumerable: true });
          else Object.defineProperty(target, key, { value, enumerable: false, configurable: true });
        }
        expectSame(input);
        expectSame(input, { items: new Map() });
        expectRunnersSound(input);
      }),
      { numRuns: 1000 },
    );
  });

  it('an enumerable property added to Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const events = fc.sample(arbEvent(), { numRuns: 50, seed: 3 }).map(clone);
    for (const key of ['polluted', 'dataschema', 'orderRef']) {
      Object.defineProperty(proto, key, {
        value: 'x y',
        enumerable: true,
        configurable: true,
        writable: true,
      });
      try {
        for (const e of events) {
          expectSame(e);
          expectRunnersSound(e);
        }
      } finally {
        delete proto[key];
      }
    }
  });
});
