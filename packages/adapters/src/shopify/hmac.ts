import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Shopify-Hmac-Sha256` value for a body: base64 HMAC-SHA256 of the raw bytes with the
 * app's client secret. For tests and for replaying captured deliveries.
 * @example
 * signShopifyBody('{"inventory_item_id":1}', 'app-secret'); // 'k0…=' (base64)
 */
export function signShopifyBody(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Verifies a Shopify webhook signature over the **raw** request body (before any JSON parsing),
 * comparing in constant time. A missing, malformed or wrong header is `false`; never throws.
 * @example
 * verifyShopifyHmac(rawBody, req.headers['x-shopify-hmac-sha256'], process.env.SHOPIFY_SECRET ?? '');
 */
export function verifyShopifyHmac(
  rawBody: string | Uint8Array,
  header: string | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || secret.length === 0) return false;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
