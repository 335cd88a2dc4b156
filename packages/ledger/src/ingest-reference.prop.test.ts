import { asId, type Item, type LocationId, ok, positionToJson, type Sku } from '@omnistock/core';
import { arbEvent } from '@omnistock/testkit';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ledger as LedgerClass } from './ledger';
import { defaultUpcasters, type Upcaster } from './upcast';

// The ledger's ingest path against a reference: the same Ledger class loaded with `parseEvent`
// replaced by the pure zod path (`parseEventWithZod`), and made to take the general ingest order
// (read the raw envelope, upcast, then validate) by an upcaster for a current type that never
// fires. Random streams of valid, duplicated, conflicting, invalid, upcast and re-submitted events
// must give the same outcomes and the same observable state.

type Raw = Record<string, unknown>;
let Fast: typeof LedgerClass;
let Reference: typeof LedgerClass;
let referenceParses = 0;

async function loadLedger(reference: boolean): Promise<typeof LedgerClass> {
  vi.resetModules();
  vi.doUnmock('@omnistock/core');
  if (reference) {
    vi.doMock('@omnistock/core', async (importOriginal) => {
      const core = await importOriginal<typeof import('@omnistock/core')>();
      const { parseEventWithZod } = await import('../../core/src/events/parse');
      return {
        ...core,
        parseEvent: (input: unknown, options?: Parameters<typeof parseEventWithZod>[1]) => {
          referenceParses++;
          return parseEventWithZod(input, options);
        },
      };
    });
  }
  return (await import('./ledger')).Ledger;
}

beforeAll(async () => {
  Fast = await loadLedger(false);
  Reference = await loadLedger(true);
  vi.doUnmock('@omnistock/core');
});

const items = new Map<string, Item>([
  ['A', { sku: asId<Sku>('A'), unit: 'each' }],
  ['R', { sku: asId<Sku>('R'), unit: 'kg' }],
]);
/** Never fires (the streams have no availability events); forces the reference's general path. */
const neverFires: Upcaster = {
  from: 'omnistock.availability.changed.v1',
  to: 'omnistock.availability.changed.v1',
  upcast: (e) => ok({ ...e }),
};

const arbBase = arbEvent(undefined, {
  item: fc.constantFrom<Item>(
    items.get('A') as Item,
    items.get('R') as Item,
    { sku: asId<Sku>('Z'), unit: 'each' }, // not in the catalog
  ),
  location: fc.constantFrom(asId<LocationId>('s1'), asId<LocationId>('s2')),
}).filter((e) => e.type !== 'omnistock.availability.changed.v1');

type Step =
  | { op: 'event'; event: Raw; seq: number; seqForm: 'number' | 'string' | 'junk' | 'none'; source: number }
  | { op: 'dup'; pick: number }
  | { op: 'conflict'; pick: number }
  | { op: 'break'; event: Raw; pick: number; value: unknown }
  | { op: 'v0'; n: number; reason: string; valid: boolean }
  | { op: 'resubmit'; pick: number; fix: boolean };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('event' as const),
      event: arbBase,
      seq: fc.integer({ min: 0, max: 12 }),
      seqForm: fc.constantFrom('number' as const, 'string' as const, 'junk' as const, 'none' as const),
      source: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dup' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('conflict' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('break' as const),
      event: arbBase,
      pick: fc.nat(),
      value: fc.constantFrom<unknown>(undefined, null, 1, '', 'x y', '1.5', '-1', '2026-02-30T00:00:00Z', {}),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('v0' as const),
      n: fc.integer({ min: -5, max: 5 }),
      reason: fc.constantFrom('Broken', 'found', 'whatever'),
      valid: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('resubmit' as const), pick: fc.nat(), fix: fc.boolean() }),
  },
);

const clone = (x: unknown): Raw => JSON.parse(JSON.stringify(x));

/** Every (object, key) pair in an event, for breaking one field. */
function slots(root: Raw): [Raw, string][] {
  const out: [Raw, string][] = [];
  const walk = (o: unknown) => {
    if (typeof o !== 'object' || o === null) return;
    for (const [k, v] of Object.entries(o)) {
      out.push([o as Raw, k]);
      walk(v);
    }
  };
  walk(root);
  return out;
}

/** Runs the steps on a ledger; returns everything observable. */
function run(ledger: LedgerClass, steps: readonly Step[]) {
  const sent: Raw[] = [];
  const outcomes: unknown[] = [];
  steps.forEach((s, i) => {
    let input: Raw | undefined;
    switch (s.op) {
      case 'event': {
        input = clone(s.event);
        input.id = `e${i}`;
        input.source = `src/${s.source}`;
        if (s.seqForm === 'none') delete input.sequence;
        else input.sequence = s.seqForm === 'number' ? s.seq : s.seqForm === 'string' ? String(s.seq) : 'x';
        break;
      }
      case 'dup':
        input = sent.length > 0 ? clone(sent[s.pick % sent.length]) : undefined;
        break;
      case 'conflict': {
        input = sent.length > 0 ? clone(sent[s.pick % sent.length]) : undefined;
        if (input) input.time = '2027-01-01T00:00:00Z';
        break;
      }
      case 'break': {
        input = clone(s.event);
        input.id = `b${i}`;
        const all = slots(input);
        const slot = all[s.pick % all.length];
        if (slot) {
          if (s.value === undefined) delete slot[0][slot[1]];
          else slot[0][slot[1]] = s.value;
        }
        break;
      }
      case 'v0':
        input = {
          specversion: '1.0',
          id: `v${i}`,
          source: 'legacy/erp',
          type: 'omnistock.stock.adjusted.v0',
          time: '2026-03-01T08:00:00Z',
          data: s.valid
            ? { item: 'A', store: 's1', change: String(s.n || 1), reason: s.reason }
            : { item: 'A', change: 'x' },
        };
        break;
      case 'resubmit': {
        const q = ledger.quarantine();
        const entry = q[s.pick % Math.max(q.length, 1)];
        const fixed = s.fix && sent.length > 0 ? clone(sent[s.pick % sent.length]) : undefined;
        outcomes.push(ledger.resubmit(entry?.id ?? 'q-none', fixed));
        return;
      }
    }
    if (input === undefined) return;
    sent.push(input);
    outcomes.push(ledger.ingest(input));
  });
  return {
    outcomes,
    positions: ledger.positions().map(positionToJson),
    reservations: ledger.reservations(),
    quarantine: ledger.quarantine(),
    gaps: ledger.gaps(),
    absorbed: ledger.absorbed(),
    conflicts: ledger.conflicts(),
    notices: ledger.notices(),
    log: [...ledger.log()],
    size: ledger.size,
    state: ledger.exportState(),
  };
}

describe('Ledger.ingest ≡ the reference (zod validation, general ingest order)', () => {
  it('same outcomes and state for random streams (retained events and hashes)', () => {
    const before = referenceParses;
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 30 }), fc.boolean(), (steps, retain) => {
        const options = { items, retainEvents: retain };
        const fast = run(new Fast(options), steps);
        const reference = run(
          new Reference({ ...options, upcasters: [...defaultUpcasters, neverFires] }),
          steps,
        );
        expect(fast).toStrictEqual(reference);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
      }),
      { numRuns: 1000 },
    );
    // the reference really ran the zod path
    expect(referenceParses - before).toBeGreaterThan(1000);
  });

  it('an upcaster for a current type still runs before validation', () => {
    // it marks sales; a sale it breaks (an unknown sku) must be quarantined, not applied as sent
    const marksSales: Upcaster = {
      from: 'omnistock.sale.recorded.v1',
      to: 'omnistock.sale.recorded.v1',
      upcast: (e) => {
        if (typeof e.data !== 'object' || e.data === null) return ok({ ...e });
        const data = e.data as Raw;
        return ok({ ...e, data: { ...data, orderRef: 'upcast', ...(data.qty === '1' ? { sku: 'Z' } : {}) } });
      },
    };
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 20 }), (steps) => {
        const upcasters = [...defaultUpcasters, marksSales];
        const fast = run(new Fast({ items, upcasters }), steps);
        const reference = run(new Reference({ items, upcasters }), steps);
        expect(fast).toStrictEqual(reference);
        for (const e of fast.log) {
          if (e.type === 'omnistock.sale.recorded.v1') expect(e.data.orderRef).toBe('upcast');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a throwing item lookup: the same exception, the sequence number recorded as before', () => {
    const lookup = (sku: string) => {
      if (sku === 'Z') throw new Error('catalog down');
      return items.get(sku);
    };
    const event = (id: string, sku: string, sequence: number): Raw => ({
      specversion: '1.0',
      id,
      source: 'pos/1',
      type: 'omnistock.sale.recorded.v1',
      time: '2026-03-01T08:00:00Z',
      sequence,
      data: { sku, location: 's1', qty: '1' },
    });
    for (const L of [Fast, Reference]) {
      const ledger = new L({ items: lookup });
      expect(ledger.ingest(event('a', 'A', 1)).status).toBe('applied');
      expect(() => ledger.ingest(event('b', 'Z', 5))).toThrow('catalog down');
      expect(ledger.gaps()).toEqual([{ source: 'pos/1', from: 2, to: 4 }]);
      expect(ledger.size).toBe(1);
    }
  });
});
