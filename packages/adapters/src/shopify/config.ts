import type { IdTable } from '../internal/validate';

/**
 * How a Shopify shop maps onto omnistock: the caller's id tables (Shopify ids as digit strings →
 * omnistock ids), the app secret for webhook signatures, and one explicit decision for
 * available-only payloads.
 * @example
 * const config: ShopifyConfig = { shop: 'acme.myshopify.com', secret: 'shpss_…',
 *   items: { '30322695': 'MUG-1' }, locations: { '655441491': 'dc-1' }, restAvailable: 'onHand' };
 */
export interface ShopifyConfig {
  /** The shop's myshopify domain; events get `source: shopify/<shop>`. */
  readonly shop: string;
  /** The app's client secret (verifies `X-Shopify-Hmac-Sha256`). */
  readonly secret: string;
  /** Shopify inventory item id → sku. Unknown ids are quarantined `ITEM_UNKNOWN`. */
  readonly items: IdTable;
  /** Shopify location id → omnistock location id. Unknown ids are quarantined `LOCATION_UNKNOWN`. */
  readonly locations: IdTable;
  /**
   * What an `available`-only payload (the REST `inventory_levels/update` webhook) means.
   * `'onHand'`: the location tracks no other Shopify states (committed, reserved, damaged,
   * quality_control, safety_stock are all zero), so `available` is a count of onHand.
   * `'quarantine'`: it cannot be mapped to buckets; the payload is quarantined
   * (`VALIDATION_FAILED`) and the integration should query the quantities instead.
   */
  readonly restAvailable: 'onHand' | 'quarantine';
}

/**
 * The numeric id inside a Shopify id: a number, a digit string or a GID
 * (`gid://shopify/InventoryItem/30322695`).
 * @example
 * shopifyNumericId('gid://shopify/Location/655441491'); // '655441491'
 */
export function shopifyNumericId(id: string | number): string | undefined {
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? String(id) : undefined;
  const m = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d{1,20})(?:\?.*)?$/.exec(id);
  return m?.[1];
}

/**
 * A Shopify GID for a numeric id.
 * @example
 * shopifyGid('InventoryItem', '30322695'); // 'gid://shopify/InventoryItem/30322695'
 */
export function shopifyGid(type: 'InventoryItem' | 'Location', id: string): string {
  return `gid://shopify/${type}/${id}`;
}

/**
 * The event source for a shop.
 * @example
 * shopifySource({ shop: 'acme.myshopify.com' }); // 'shopify/acme.myshopify.com'
 */
export function shopifySource(config: Pick<ShopifyConfig, 'shop'>): string {
  return `shopify/${config.shop}`;
}
