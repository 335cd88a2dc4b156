import { asId, type Item, type Location, type LocationGroup } from '@omnistock/core';
import type { ServiceCatalog } from '../types';
import { demoSeedEvents } from './seed';

/** The demo catalog with the seed events that stock it. */
export interface DemoCatalog extends ServiceCatalog {
  /** CloudEvents with fixed ids and times: ingesting them again is a no-op (all duplicates). */
  readonly seedEvents: readonly unknown[];
}

const item = (sku: string, name: string, extra: Partial<Item> = {}): Item => ({
  sku: asId(sku),
  name,
  unit: 'each',
  ...extra,
});

const store = (id: string, name: string, priority: number): Location => ({
  id: asId(id),
  name,
  type: 'store',
  eligibility: { ship: true, pickup: true },
  priority,
});

/**
 * A small omnichannel retailer: three UK stores (pickup and ship-from-store) and a distribution
 * centre, ten skus (one sold by the kilogram, one in packs of three), three channels (`pos`,
 * `ecommerce`, `marketplace-amazon`) with real policies, and seed stock with expected supply.
 *
 * Policies: a global safety stock of 1 and low-stock threshold of 3; the POS sells the whole shelf
 * (no safety stock); ecommerce counts purchase orders and transfers due by the promise date;
 * the marketplace keeps a 10 % buffer and is capped at 50 % of sellable stock; the DC keeps
 * 2.5 kg of rice back; the smallest store keeps 2 of everything back.
 * @example
 * const { items, locations, groups, policies, channels, seedEvents } = demoCatalog();
 */
export function demoCatalog(): DemoCatalog {
  const items: Item[] = [
    item('TSHIRT-M', 'Organic T-shirt, M'),
    item('TSHIRT-L', 'Organic T-shirt, L'),
    item('HOODIE-M', 'Hoodie, M'),
    item('JEANS-32', 'Slim jeans, 32'),
    item('SNEAKER-42', 'Canvas sneaker, 42'),
    item('CAP-ONE', 'Baseball cap'),
    item('SOCKS-3PK', 'Socks, pack of 3', { sellMultiple: '3' }),
    item('MUG-WHITE', 'White mug'),
    item('CANDLE-LAV', 'Lavender candle'),
    item('RICE-5KG', 'Basmati rice, sold by weight', { unit: 'kg' }),
  ];
  const locations: Location[] = [
    {
      id: asId('dc-1'),
      name: 'Distribution centre, Daventry',
      type: 'dc',
      eligibility: { ship: true, pickup: false },
      priority: 1,
    },
    store('store-12', 'London Covent Garden', 2),
    store('store-14', 'Manchester Arndale', 3),
    { ...store('store-21', 'Leeds Trinity', 4), eligibility: { ship: false, pickup: true } },
  ];
  const groups: LocationGroup[] = [
    {
      id: asId('uk-stores'),
      name: 'UK stores',
      locations: [asId('store-12'), asId('store-14'), asId('store-21')],
    },
    {
      id: asId('uk-network'),
      name: 'UK network',
      locations: [asId('dc-1'), asId('store-12'), asId('store-14'), asId('store-21')],
    },
  ];
  return {
    items,
    locations,
    groups,
    channels: ['pos', 'ecommerce', 'marketplace-amazon'],
    policies: {
      rules: [
        {
          id: 'global-default',
          scope: {},
          safetyStock: { kind: 'absolute', qty: '1' },
          lowStockThreshold: '3',
        },
        { id: 'pos-sells-the-shelf', scope: { channel: 'pos' }, safetyStock: { kind: 'absolute', qty: '0' } },
        {
          id: 'ecommerce-future-supply',
          scope: { channel: 'ecommerce' },
          includeIncoming: true,
          includeInTransit: true,
        },
        {
          id: 'marketplace-buffer',
          scope: { channel: 'marketplace-amazon' },
          buffer: { kind: 'percent', percent: '10' },
          cap: { kind: 'percent', percent: '50' },
        },
        { id: 'small-store', scope: { location: 'store-21' }, safetyStock: { kind: 'absolute', qty: '2' } },
        {
          id: 'rice-reserve',
          scope: { sku: 'RICE-5KG', location: 'dc-1' },
          safetyStock: { kind: 'absolute', qty: '2.5' },
        },
      ],
    },
    seedEvents: demoSeedEvents(),
  };
}
