import type { ServiceCatalog } from '@omnistock/service';
import type { DemoWorld } from './scenario';

/** How many skus the day trades in. */
const SKUS = 5;

/**
 * Picks the demo's world from a catalog: the warehouse, the stores, the group online orders ship
 * from (its ship-eligible locations in priority order), a pickup-only store to take offline, the
 * channels, and up to five skus sold in single units that have no purchase orders or transfers open
 * (`busy` lists those), so today's figures are not moved by supply due some other day.
 * Returns the reason when the catalog cannot host the demo.
 * @example
 * const world = demoWorld(demoCatalog(), new Set()); // { skus: ['HOODIE-M', ...], warehouse: 'dc-1', ... }
 */
export function demoWorld(catalog: ServiceCatalog, busy: ReadonlySet<string>): DemoWorld | string {
  const warehouse = catalog.locations.find((l) => l.type === 'dc' || l.type === 'warehouse');
  if (!warehouse) return 'the catalog has no warehouse or DC';
  const stores = catalog.locations
    .filter((l) => l.type === 'store')
    .map((l) => l.id as string)
    .sort();
  const group = [...catalog.groups]
    .filter((g) => g.locations.includes(warehouse.id))
    .sort((a, b) => b.locations.length - a.locations.length)[0];
  if (!group) return `no location group contains ${warehouse.id}`;
  const byId = new Map(catalog.locations.map((l) => [l.id as string, l]));
  const shipLocations = group.locations
    .map((id, i) => ({ id: id as string, i, l: byId.get(id) }))
    .filter((x) => x.l?.eligibility?.ship === true)
    .sort((a, b) => (a.l?.priority ?? a.i) - (b.l?.priority ?? b.i) || a.i - b.i)
    .map((x) => x.id);
  if (!shipLocations.includes(warehouse.id)) return `${warehouse.id} does not ship`;
  const offlineStore = stores.find((s) => !shipLocations.includes(s));
  if (!offlineStore) return 'every store ships online orders; the demo takes a pickup-only store offline';
  const pos = catalog.channels.find((c) => c === 'pos') ?? catalog.channels.find((c) => c.startsWith('pos'));
  const ecommerce =
    catalog.channels.find((c) => c === 'ecommerce') ??
    catalog.channels.find((c) => c.startsWith('ecommerce'));
  const marketplace = catalog.channels.find((c) => c.startsWith('marketplace'));
  if (!pos || !ecommerce || !marketplace)
    return 'the catalog lacks a pos, an ecommerce or a marketplace channel';
  const skus = catalog.items
    .filter((i) => i.unit === 'each' && (i.sellMultiple === undefined || i.sellMultiple === '1'))
    .map((i) => i.sku as string)
    .filter((s) => !busy.has(s))
    .slice(0, SKUS);
  if (skus.length < 2) return 'fewer than two skus sold in single units without open supply';
  return {
    skus,
    warehouse: warehouse.id,
    stores,
    group: group.id,
    shipLocations,
    offlineStore,
    channels: { pos, ecommerce, marketplace },
  };
}
