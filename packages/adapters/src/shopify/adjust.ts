import { type AdjustmentReason, type OmnistockEvent, parseEvent } from '@omnistock/core';
import { type AdapterQuarantine, quarantine } from '../common/result';
import { type IdTable, idEntries } from '../internal/validate';
import { shopifyGid } from './config';

/**
 * Shopify's inventory adjustment reasons (`InventoryAdjustQuantitiesInput.reason`).
 * @example
 * const reason: ShopifyAdjustReason = 'shrinkage';
 */
export type ShopifyAdjustReason =
  | 'correction'
  | 'cycle_count_available'
  | 'damaged'
  | 'other'
  | 'received'
  | 'shrinkage';

/**
 * Canonical adjustment reason → Shopify reason (Shopify has no theft/expired/sample: nearest kept).
 * @example
 * ADJUSTMENT_REASON_TO_SHOPIFY.theft; // 'shrinkage'
 */
export const ADJUSTMENT_REASON_TO_SHOPIFY: Readonly<Record<AdjustmentReason, ShopifyAdjustReason>> = {
  shrinkage: 'shrinkage',
  theft: 'shrinkage',
  damage: 'damaged',
  expired: 'other',
  found: 'correction',
  correction: 'correction',
  cycleCountVariance: 'cycle_count_available',
  sample: 'other',
  unplannedReceipt: 'received',
  other: 'other',
};

/**
 * One `InventoryChangeInput`. `changeFromQuantity` is always sent (Shopify requires it, `null` skips the check).
 * @example
 * const change: ShopifyInventoryChange = { delta: -3, inventoryItemId: 'gid://shopify/InventoryItem/1',
 *   locationId: 'gid://shopify/Location/2', changeFromQuantity: null };
 */
export interface ShopifyInventoryChange {
  readonly delta: number;
  readonly inventoryItemId: string;
  readonly locationId: string;
  readonly changeFromQuantity: number | null;
  readonly ledgerDocumentUri?: string;
}

/**
 * An `InventoryAdjustQuantitiesInput` for one canonical adjustment.
 * @example
 * const input: ShopifyAdjustQuantitiesInput = { name: 'available', reason: 'correction',
 *   referenceDocumentUri: 'gid://omnistock/Event/e1', changes: [change] };
 */
export interface ShopifyAdjustQuantitiesInput {
  readonly name: 'available' | 'damaged' | 'quality_control';
  readonly reason: ShopifyAdjustReason;
  readonly referenceDocumentUri: string;
  readonly changes: readonly ShopifyInventoryChange[];
}

/**
 * A mutation call: the variables for {@link INVENTORY_ADJUST_QUANTITIES_MUTATION}.
 * @example
 * const { idempotencyKey, input } = toShopifyAdjustments(events, config).adjustments[0]!;
 */
export interface ShopifyAdjustment {
  /** The omnistock event id: pass it to `@idempotent(key:)` so a retry never adjusts twice. */
  readonly idempotencyKey: string;
  readonly input: ShopifyAdjustQuantitiesInput;
}

/**
 * The GraphQL Admin mutation the adjustments are variables for.
 * @example
 * await shopify.graphql(INVENTORY_ADJUST_QUANTITIES_MUTATION, { variables: adjustment });
 */
export const INVENTORY_ADJUST_QUANTITIES_MUTATION = `mutation AdjustInventory($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta } }
    userErrors { field message code }
  }
}`;

/**
 * Id tables for the way out: the same tables as inbound (Shopify id → omnistock id), reversed here.
 * @example
 * const out: ShopifyOutboundConfig = { shop: 'acme.myshopify.com', items: { '1': 'MUG-1' }, locations: { '2': 'dc-1' } };
 */
export interface ShopifyOutboundConfig {
  readonly shop: string;
  readonly items: IdTable;
  readonly locations: IdTable;
}

function reverse(table: IdTable): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [shopifyId, id] of idEntries(table)) m.set(id, [...(m.get(id) ?? []), shopifyId]);
  return m;
}

function wholeNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))
    ? Number(value)
    : undefined;
}

/**
 * Maps canonical `stock.adjusted` events to `inventoryAdjustQuantities` inputs, one per event:
 * status (none/sellable → `available`, damaged → `damaged`, qualityControl → `quality_control`),
 * reason ({@link ADJUSTMENT_REASON_TO_SHOPIFY}), `referenceDocumentUri` (the event's document or
 * `gid://omnistock/Event/<id>`), delta, ids, `changeFromQuantity` from `compareFrom` (`null` when
 * absent), and the event id as idempotency key. Anything else is quarantined: invalid events, other
 * event types (`EVENT_TYPE_UNKNOWN`), skus/locations with no (or an ambiguous) Shopify id
 * (`ITEM_UNKNOWN`/`LOCATION_UNKNOWN`), fractional quantities (`QUANTITY_SCALE_EXCEEDED`).
 * @example
 * const { adjustments } = toShopifyAdjustments([adjustedEvent], { shop, items, locations });
 */
export function toShopifyAdjustments(
  events: readonly unknown[],
  config: ShopifyOutboundConfig,
): { adjustments: ShopifyAdjustment[]; quarantined: AdapterQuarantine[] } {
  const source = `shopify/${config.shop}`;
  const items = reverse(config.items);
  const locations = reverse(config.locations);
  const adjustments: ShopifyAdjustment[] = [];
  const quarantined: AdapterQuarantine[] = [];
  for (const raw of events) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      const e = parsed.error;
      quarantined.push(quarantine(e.code, e.message, source, raw, e.path, e.issues));
      continue;
    }
    const r = adjustment(parsed.value, items, locations);
    if ('code' in r) quarantined.push(quarantine(r.code, r.message, source, raw, r.path));
    else adjustments.push(r);
  }
  return { adjustments, quarantined };
}

type Refusal = Pick<AdapterQuarantine, 'code' | 'message' | 'path'>;

function adjustment(
  event: OmnistockEvent,
  items: Map<string, string[]>,
  locations: Map<string, string[]>,
): ShopifyAdjustment | Refusal {
  if (event.type !== 'omnistock.stock.adjusted.v1') {
    return { code: 'EVENT_TYPE_UNKNOWN', message: `${event.type} is not an adjustment`, path: ['type'] };
  }
  const d = event.data;
  const itemIds = items.get(d.sku) ?? [];
  const locationIds = locations.get(d.location) ?? [];
  const [itemId] = itemIds;
  const [locationId] = locationIds;
  if (itemId === undefined || itemIds.length > 1) {
    return {
      code: 'ITEM_UNKNOWN',
      message: `sku ${d.sku} maps to ${itemIds.length} Shopify inventory items (need exactly one)`,
      path: ['data', 'sku'],
    };
  }
  if (locationId === undefined || locationIds.length > 1) {
    return {
      code: 'LOCATION_UNKNOWN',
      message: `location ${d.location} maps to ${locationIds.length} Shopify locations (need exactly one)`,
      path: ['data', 'location'],
    };
  }
  const delta = wholeNumber(d.delta);
  if (delta === undefined) {
    return {
      code: 'QUANTITY_SCALE_EXCEEDED',
      message: `delta ${d.delta} is not a whole number`,
      path: ['data', 'delta'],
    };
  }
  const changeFrom = d.compareFrom === undefined ? null : wholeNumber(d.compareFrom);
  if (changeFrom === undefined) {
    return {
      code: 'QUANTITY_SCALE_EXCEEDED',
      message: `compareFrom ${d.compareFrom} is not a whole number`,
      path: ['data', 'compareFrom'],
    };
  }
  const name =
    d.status === 'damaged' ? 'damaged' : d.status === 'qualityControl' ? 'quality_control' : 'available';
  const eventUri = `gid://omnistock/Event/${event.id}`;
  return {
    idempotencyKey: event.id,
    input: {
      name,
      reason: ADJUSTMENT_REASON_TO_SHOPIFY[d.reasonCode],
      referenceDocumentUri: d.documentUri ?? eventUri,
      changes: [
        {
          delta,
          inventoryItemId: shopifyGid('InventoryItem', itemId),
          locationId: shopifyGid('Location', locationId),
          changeFromQuantity: changeFrom,
          // Shopify requires a ledger document for every name except `available` (and refuses one there).
          ...(name === 'available' ? {} : { ledgerDocumentUri: eventUri }),
        },
      ],
    },
  };
}
