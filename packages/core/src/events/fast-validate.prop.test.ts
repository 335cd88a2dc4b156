import { arbEvent } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Item } from '../catalog';
import { asId, type Sku } from '../ids';
import { fastPathTypes, fastValidateEvent } from './fast-validate';
import { parseEvent, parseEventWithZod } from './parse';
import { EventSchemas, EVENT_TYPES, isEventType } from './registry';

// The fast path and zod must agree on everything: this test is what keeps them equal.

type Json = Record<string, unknown>;
const clone = (x: unknown): Json => JSON.parse(JSON.stringify(x));

/** Values of the wrong type (or just wrong) for any field. */
const arbJunk = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    '',
    ' ',
    'x y',
    '-',
    '0',
    '-0',
    '1e400',
    '1.2.3',
    '0.0000001',
    '99999999999999999999',
    'é',
    'a'.repeat(129),
    'a'.repeat(257),
    '2026-02-30T00:00:00Z',
    '2026-01-01 00:00:00Z',
    '2026-01-01T00:00:00',
    '2026-01-01t00:00:00z',
    '2024-02-29T23:59:59.123456+14:00',
    '2026-01-01T24:00:00Z',
    'sellable',
    'qualityControl',
    'application/xml',
    '1.0',
    '007',
    '1234567890123456',
    [],
    {},
    { sku: 'A' },
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);

const PATHS_OF_INTEREST = [
  'specversion',
  'id',
  'source',
  'time',
  'subject',
  'partitionkey',
  'sequence',
  'datacontenttype',
  'dataschema',
  'principal',
  'data',
];

/** Every path to a value inside an event (objects and arrays, not the root). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  }
  return [];
}

function parentOf(root: Json, path: (string | number)[]): Record<string | number, unknown> | undefined {
  let cur: unknown = root;
  for (const p of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[p];
  return typeof cur === 'object' && cur !== null ? (cur as Record<string | number, unknown>) : undefined;
}

type Mutation =
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; key: string; value: unknown }
  | { kind: 'envelope'; key: string; value: unknown }
  | { kind: 'swap'; field: 'subject' | 'partitionkey' | 'to' | 'type' }
  | { kind: 'lines'; value: unknown }
  | { kind: 'proto' };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: arbJunk }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    pick: fc.nat(),
    key: fc.constantFrom('extra', 'sku', 'qty', 'reason', '__proto__', 'constructor', '0'),
    value: arbJunk,
  }),
  fc.record({
    kind: fc.constant('envelope' as const),
    key: fc.constantFrom(...PATHS_OF_INTEREST, 'traceparent', 'ext', '__proto__', 'toString'),
    value: arbJunk,
  }),
  fc.record({
    kind: fc.constant('swap' as const),
    field: fc.constantFrom('subject' as const, 'partitionkey' as const, 'to' as const, 'type' as const),
  }),
  fc.record({ kind: fc.constant('lines' as const), value: fc.constantFrom<unknown>([], [null], [{}], 'x') }),
  fc.constant({ kind: 'proto' as const }),
);

function mutate(event: Json, m: Mutation): unknown {
  const e = clone(event);
  const all = paths(e);
  switch (m.kind) {
    case 'set': {
      const path = all[m.pick % all.length];
      const parent = path && parentOf(e, path);
      if (parent && path) parent[path[path.length - 1] as string | number] = m.value;
      return e;
    }
    case 'delete': {
      const path = all[m.pick % all.length];
      const parent = path && parentOf(e, path);
      if (parent && path) delete parent[path[path.length - 1] as string | number];
      return e;
    }
    case 'add': {
      const objects = [e, ...all.map((p) => p.reduce<unknown>((o, k) => (o as Json)[k], e))].filter(
        (o): o is Json => typeof o === 'object' && o !== null && !Array.isArray(o),
      );
      const target = objects[m.pick % objects.length] as Json;
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true });
      return e;
    }
    case 'envelope':
      Object.defineProperty(e, m.key, { value: m.value, enumerable: true, writable: true });
      return e;
    case 'swap': {
      const d = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Json;
      if (m.field === 'subject') e.subject = `${String(e.subject)}x`;
      else if (m.field === 'partitionkey') e.partitionkey = 'OTHER';
      else if (m.field === 'to') d.to = d.from;
      else e.type = EVENT_TYPES[(EVENT_TYPES.indexOf(e.type as never) + 1) % EVENT_TYPES.length];
      return e;
    }
    case 'lines':
      if (typeof e.data === 'object' && e.data !== null) (e.data as Json).lines = m.value;
      return e;
    case 'proto':
      return Object.assign(Object.create({ inherited: 1 }), e);
  }
}

/** Items for an event's skus: usually right, sometimes an unknown sku or a smaller scale. */
function itemsFor(event: unknown, variant: number): Map<string, Item> {
  const skus = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'sku' && typeof x === 'string') skus.add(x);
        walk(x);
      }
    }
  };
  walk(event);
  const map = new Map<string, Item>();
  for (const sku of skus) {
    if (variant === 1) continue; // unknown skus
    map.set(sku, { sku: asId<Sku>(sku), unit: variant === 2 ? 'each' : 'kg', scale: variant === 2 ? 0 : 6 });
  }
  return map;
}

/** Same result, and on success the same keys in the same order (what JSON and dedupe see). */
function expectSame(input: unknown, items?: Map<string, Item>) {
  const options = items ? { items } : {};
  const fast = parseEvent(input, options);
  const slow = parseEventWithZod(input, options);
  expect(fast).toStrictEqual(slow);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
  const type = (input as { type?: unknown } | null)?.type;
  if (isEventType(type)) {
    // soundness of the fast path itself: whatever it accepts, zod accepts with the same value
    const quick = fastValidateEvent(type, input);
    if (quick !== undefined) {
      const z = EventSchemas[type].safeParse(input);
      expect(z.success).toBe(true);
      expect(quick).toStrictEqual(z.data);
      expect(JSON.stringify(quick)).toBe(JSON.stringify(z.data));
    }
  }
}

describe('fast event validation ≡ zod', () => {
  it('compiles a fast path for every event type', () => {
    expect(fastPathTypes()).toEqual(EVENT_TYPES);
  });

  it('takes the fast path for every valid event and returns what zod returns', () => {
    fc.assert(
      fc.property(arbEvent(), fc.integer({ min: 0, max: 3 }), (raw, variant) => {
        const wire = clone(raw);
        expect(fastValidateEvent(wire.type as never, wire)).toBeDefined();
        expectSame(wire);
        expectSame(wire, itemsFor(wire, variant));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on mutated and malformed events (same error object)', () => {
    fc.assert(
      fc.property(
        arbEvent(),
        fc.array(arbMutation, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (raw, mutations, variant) => {
          let e: unknown = clone(raw);
          for (const m of mutations) e = typeof e === 'object' && e !== null ? mutate(e as Json, m) : e;
          expectSame(e);
          expectSame(e, itemsFor(e, variant));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees on non-objects and odd objects', () => {
    for (const input of [null, 1, 'x', [], new Date(), Object.create(null), { type: 1 }]) expectSame(input);
    const bare = Object.assign(Object.create(null), clone(fc.sample(arbEvent(), { numRuns: 1, seed: 7 })[0]));
    expectSame(bare);
  });
});
