import type { ErrorPath } from '@omnistock/core';
import { z } from 'zod';
import { emitEvent } from '../internal/emit';
import { stableEventId } from '../common/ids';
import { type AdapterResult, emptyResult, quarantine } from '../common/result';
import { lookupId, validatePayload } from '../internal/validate';
import { type ShopifyConfig, shopifyNumericId, shopifySource } from './config';
import { verifyShopifyHmac } from './hmac';
import { type CanonicalQuantities, fromShopifyQuantities, ShopifyQuantitySchema } from './quantities';

const Timestamp = z.iso.datetime({ offset: true });
const ShopifyId = z.union([z.string().min(1).max(200), z.int().min(0)]);

/**
 * The REST `inventory_levels/update` webhook body (Shopify webhook reference, topic
 * `inventory_levels/update`): `available` is `null` when the item is not tracked.
 * @example
 * InventoryLevelWebhookSchema.safeParse({ inventory_item_id: 1, location_id: 2, available: 6,
 *   updated_at: '2026-03-01T10:00:00-05:00' }).success; // true
 */
export const InventoryLevelWebhookSchema = z.object({
  inventory_item_id: ShopifyId,
  location_id: ShopifyId,
  available: z.int().nullable(),
  updated_at: Timestamp,
  admin_graphql_api_id: z.string().optional(),
});
/**
 * A parsed REST `inventory_levels/update` body.
 * @example
 * const w: InventoryLevelWebhook = { inventory_item_id: '1', location_id: 2, available: 6,
 *   updated_at: '2026-03-01T10:00:00-05:00' };
 */
export type InventoryLevelWebhook = z.infer<typeof InventoryLevelWebhookSchema>;

/**
 * The GraphQL Admin `InventoryLevel` with `quantities(names: [...])`, as a query or bulk
 * operation returns it.
 * @example
 * InventoryLevelNodeSchema.safeParse({ updatedAt: '2026-03-01T10:00:00Z', item: { id: 'gid://shopify/InventoryItem/1' },
 *   location: { id: 'gid://shopify/Location/2' }, quantities: [{ name: 'on_hand', quantity: 7 }] }).success; // true
 */
export const InventoryLevelNodeSchema = z.object({
  id: z.string().optional(),
  updatedAt: Timestamp,
  item: z.object({ id: ShopifyId }),
  location: z.object({ id: ShopifyId }),
  quantities: z.array(ShopifyQuantitySchema).min(1),
});
/**
 * A parsed GraphQL `InventoryLevel`.
 * @example
 * const n: InventoryLevelNode = { updatedAt: '2026-03-01T10:00:00Z', item: { id: '1' }, location: { id: '2' },
 *   quantities: [{ name: 'on_hand', quantity: 7 }] };
 */
export type InventoryLevelNode = z.infer<typeof InventoryLevelNodeSchema>;

/**
 * A webhook delivery: the raw body (exactly as received) and the request headers.
 * @example
 * const delivery: ShopifyDelivery = { rawBody: await req.text(), headers: Object.fromEntries(req.headers) };
 */
export interface ShopifyDelivery {
  readonly rawBody: string | Uint8Array;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

const TOPIC = 'inventory_levels/update';

function header(headers: ShopifyDelivery['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return typeof v === 'string' ? v : v?.[0];
  }
  return undefined;
}

/** JSON.parse that keeps 64-bit Shopify ids exact by reading them as strings. */
function parseBody(text: string): unknown {
  return JSON.parse(text.replace(/("(?:inventory_item_id|location_id|id)"\s*:\s*)(\d{16,})/g, '$1"$2"'));
}

/**
 * Maps a Shopify inventory webhook delivery to canonical events. Verifies `X-Shopify-Hmac-Sha256`
 * first (a bad or missing signature is quarantined `UNAUTHENTICATED` and nothing else is read),
 * checks the topic, parses the body (64-bit ids stay exact), and maps either the REST
 * `inventory_levels/update` shape or the GraphQL `InventoryLevel` shape. Never throws.
 * @example
 * const { events, quarantined } = mapShopifyWebhook({ rawBody, headers: req.headers }, config);
 */
export function mapShopifyWebhook(delivery: ShopifyDelivery, config: ShopifyConfig): AdapterResult {
  const source = shopifySource(config);
  const text =
    typeof delivery.rawBody === 'string' ? delivery.rawBody : new TextDecoder().decode(delivery.rawBody);
  const out = emptyResult();
  if (
    !verifyShopifyHmac(delivery.rawBody, header(delivery.headers, 'x-shopify-hmac-sha256'), config.secret)
  ) {
    out.quarantined.push(
      quarantine(
        'UNAUTHENTICATED',
        'X-Shopify-Hmac-Sha256 is missing or does not match the body',
        source,
        text,
      ),
    );
    return out;
  }
  const topic = header(delivery.headers, 'x-shopify-topic');
  if (topic !== undefined && topic !== TOPIC) {
    out.quarantined.push(
      quarantine('EVENT_TYPE_UNKNOWN', `webhook topic "${topic}" is not ${TOPIC}`, source, text),
    );
    return out;
  }
  let body: unknown;
  try {
    body = parseBody(text);
  } catch (e) {
    out.quarantined.push(quarantine('VALIDATION_FAILED', `body is not JSON: ${String(e)}`, source, text));
    return out;
  }
  const isNode = typeof body === 'object' && body !== null && 'quantities' in body;
  return isNode ? mapShopifyInventoryLevel(body, config, text) : mapRest(body, config, text);
}

function mapRest(body: unknown, config: ShopifyConfig, raw: unknown): AdapterResult {
  const source = shopifySource(config);
  const out = emptyResult();
  const v = validatePayload(InventoryLevelWebhookSchema, body, source, TOPIC, raw);
  if (!v.ok) return { events: [], quarantined: [v.quarantine] };
  const w = v.value;
  if (w.available === null) {
    out.quarantined.push(
      quarantine('VALIDATION_FAILED', 'available is null: the item is not tracked', source, raw, [
        'available',
      ]),
    );
    return out;
  }
  if (config.restAvailable === 'quarantine') {
    out.quarantined.push(
      quarantine(
        'VALIDATION_FAILED',
        'an available-only payload cannot be mapped to buckets (restAvailable: quarantine); query the quantities',
        source,
        raw,
        ['available'],
      ),
    );
    return out;
  }
  const ids = resolveIds(w.inventory_item_id, w.location_id, config, raw, out, REST_PATHS);
  if (!ids) return out;
  emitCount(out, ids, { onHand: String(w.available) }, w.updated_at, config, raw);
  return out;
}

/**
 * Maps a GraphQL `InventoryLevel` (with `quantities`) to a `stock.counted` event: onHand,
 * damaged and qualityControl as counted. committed and reserved are omnistock's own reservation
 * state, incoming needs an eta and safety_stock is an ATP policy, so they are validated (and kept
 * consistent with `available`) but produce no event. Never throws.
 * @example
 * mapShopifyInventoryLevel({ updatedAt: '2026-03-01T10:00:00Z', item: { id: 'gid://shopify/InventoryItem/1' },
 *   location: { id: 'gid://shopify/Location/2' }, quantities: [{ name: 'on_hand', quantity: 7 }] }, config);
 */
export function mapShopifyInventoryLevel(
  level: unknown,
  config: ShopifyConfig,
  raw: unknown = level,
): AdapterResult {
  const source = shopifySource(config);
  const out = emptyResult();
  const v = validatePayload(InventoryLevelNodeSchema, level, source, 'InventoryLevel', raw);
  if (!v.ok) return { events: [], quarantined: [v.quarantine] };
  const node = v.value;
  const canonical = fromShopifyQuantities(node.quantities);
  if (!canonical.ok) {
    const e = canonical.error;
    out.quarantined.push(
      quarantine(e.code, e.message, source, raw, ['quantities', ...(e.path ?? [])], e.issues),
    );
    return out;
  }
  if (canonical.value.onHand === undefined) {
    out.quarantined.push(
      quarantine(
        'VALIDATION_FAILED',
        'quantities name neither on_hand nor available with its terms: nothing to count',
        source,
        raw,
        ['quantities'],
      ),
    );
    return out;
  }
  const ids = resolveIds(node.item.id, node.location.id, config, raw, out, NODE_PATHS);
  if (!ids) return out;
  emitCount(out, ids, canonical.value, node.updatedAt, config, raw);
  return out;
}

const REST_PATHS = [['inventory_item_id'], ['location_id']] as const;
const NODE_PATHS = [
  ['item', 'id'],
  ['location', 'id'],
] as const;

interface Ids {
  readonly itemId: string;
  readonly locationId: string;
  readonly sku: string;
  readonly location: string;
}

function resolveIds(
  item: string | number,
  location: string | number,
  config: ShopifyConfig,
  raw: unknown,
  out: AdapterResult,
  paths: readonly [ErrorPath, ErrorPath],
): Ids | undefined {
  const source = shopifySource(config);
  const itemId = shopifyNumericId(item);
  const locationId = shopifyNumericId(location);
  const sku = itemId === undefined ? undefined : lookupId(config.items, itemId);
  if (sku === undefined) {
    out.quarantined.push(
      quarantine(
        'ITEM_UNKNOWN',
        `no sku is mapped for Shopify inventory item ${String(item)}`,
        source,
        raw,
        paths[0],
      ),
    );
    return undefined;
  }
  const loc = locationId === undefined ? undefined : lookupId(config.locations, locationId);
  if (loc === undefined || locationId === undefined || itemId === undefined) {
    out.quarantined.push(
      quarantine(
        'LOCATION_UNKNOWN',
        `no location is mapped for Shopify location ${String(location)}`,
        source,
        raw,
        paths[1],
      ),
    );
    return undefined;
  }
  return { itemId, locationId, sku, location: loc };
}

function emitCount(
  out: AdapterResult,
  ids: Ids,
  q: CanonicalQuantities,
  time: string,
  config: ShopifyConfig,
  raw: unknown,
): void {
  const source = shopifySource(config);
  const data = {
    sku: ids.sku,
    location: ids.location,
    onHand: q.onHand,
    ...(q.damaged !== undefined ? { damaged: q.damaged } : {}),
    ...(q.qualityControl !== undefined ? { qualityControl: q.qualityControl } : {}),
  };
  const id = stableEventId('shopify', source, {
    kind: 'inventoryLevel',
    item: ids.itemId,
    location: ids.locationId,
    updatedAt: time,
    quantities: { ...q },
  });
  emitEvent(out, 'omnistock.stock.counted.v1', data, { id, source, time }, raw);
}
