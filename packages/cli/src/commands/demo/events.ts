/** A CloudEvents 1.0 envelope as the demo sends it. */
export type DemoEvent = {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject: string;
  readonly partitionkey: string;
  readonly datacontenttype: 'application/json';
  readonly data: Record<string, unknown> & { readonly sku: string };
};

/**
 * Builds a CloudEvent of the demo.
 * @example
 * cloudEvent('omnistock.sale.recorded.v1', 'demo-42-x-pos-00001', 'pos/store-12', '2026-12-04T09:00:00Z',
 *   { sku: 'JEANS-32', location: 'store-12', qty: '1', channel: 'pos' });
 */
export function cloudEvent(
  type: string,
  id: string,
  source: string,
  time: string,
  data: Record<string, unknown> & { sku: string },
): DemoEvent {
  return {
    specversion: '1.0',
    id,
    source,
    type,
    time,
    subject: data.sku,
    partitionkey: data.sku,
    datacontenttype: 'application/json',
    data,
  };
}
