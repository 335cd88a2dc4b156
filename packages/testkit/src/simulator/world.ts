import {
  asId,
  type Item,
  type Location,
  type LocationGroup,
  type LocationGroupId,
  type LocationId,
  type Sku,
} from '@omnistock/core';

/** The catalog of the simulated retailer. */
export const ITEMS: readonly Item[] = [
  { sku: asId<Sku>('TEE-M'), unit: 'each' },
  { sku: asId<Sku>('TEE-L'), unit: 'each' },
  { sku: asId<Sku>('MUG'), unit: 'each' },
  { sku: asId<Sku>('LAMP'), unit: 'each' },
  { sku: asId<Sku>('EGGS'), unit: 'each', sellMultiple: '6' },
  { sku: asId<Sku>('RICE'), unit: 'kg' },
];

/** Stores with POS (s4 runs a legacy POS that still sends `stock.adjusted.v0`), and a warehouse. */
export const STORES = ['s1', 's2', 's3', 's4'] as const;
export const WAREHOUSE = 'dc';
export const LEGACY_STORE = 's4';

export const LOCATIONS: readonly Location[] = [
  {
    id: asId<LocationId>(WAREHOUSE),
    type: 'warehouse',
    priority: 1,
    eligibility: { ship: true, pickup: false },
  },
  ...STORES.map(
    (s, i): Location => ({
      id: asId<LocationId>(s),
      type: 'store',
      priority: 2 + (i % 2),
      eligibility: { ship: true, pickup: true },
    }),
  ),
];

/** Ecommerce and the marketplace reserve against the online network (warehouse first, then stores). */
export const ONLINE = asId<LocationGroupId>('online');
export const GROUPS: readonly LocationGroup[] = [
  {
    id: ONLINE,
    locations: [
      asId<LocationId>(WAREHOUSE),
      asId<LocationId>('s1'),
      asId<LocationId>('s2'),
      asId<LocationId>('s3'),
    ],
  },
];

/** Minor units per display unit of an item (1 for each, 1000 for kg). */
export function minorPerUnit(item: Item): number {
  return item.unit === 'kg' ? 1000 : 1;
}

/** A quantity of `n` display units (kg items in steps of 0.25 kg). */
export function qtyText(item: Item, n: number): string {
  if (item.unit === 'kg') return (n / 4).toFixed(2);
  return String(n * (item.sellMultiple === undefined ? 1 : Number(item.sellMultiple)));
}

/** The same in minor units. */
export function qtyMinor(item: Item, n: number): number {
  if (item.unit === 'kg') return n * 250;
  return n * (item.sellMultiple === undefined ? 1 : Number(item.sellMultiple));
}

/** Minor units as a decimal string at the item's scale. */
export function minorText(item: Item, m: number): string {
  if (item.unit !== 'kg') return String(m);
  const neg = m < 0;
  const a = Math.abs(m);
  const s = `${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}`.replace(/\.?0+$/, '');
  return (neg ? '-' : '') + s;
}
