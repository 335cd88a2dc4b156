export type { ShopifyConfig } from './config';
export { shopifyGid, shopifyNumericId, shopifySource } from './config';
export { signShopifyBody, verifyShopifyHmac } from './hmac';
export type { CanonicalQuantities, ShopifyQuantity, ShopifyQuantityName } from './quantities';
export {
  fromShopifyQuantities,
  SHOPIFY_QUANTITY_NAMES,
  SHOPIFY_TO_CANONICAL,
  ShopifyQuantitySchema,
  toShopifyQuantities,
} from './quantities';
export type { InventoryLevelNode, InventoryLevelWebhook, ShopifyDelivery } from './webhook';
export {
  InventoryLevelNodeSchema,
  InventoryLevelWebhookSchema,
  mapShopifyInventoryLevel,
  mapShopifyWebhook,
} from './webhook';
export type {
  ShopifyAdjustment,
  ShopifyAdjustQuantitiesInput,
  ShopifyAdjustReason,
  ShopifyInventoryChange,
  ShopifyOutboundConfig,
} from './adjust';
export {
  ADJUSTMENT_REASON_TO_SHOPIFY,
  INVENTORY_ADJUST_QUANTITIES_MUTATION,
  toShopifyAdjustments,
} from './adjust';
