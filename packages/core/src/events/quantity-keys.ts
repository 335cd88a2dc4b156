/** The payload field names that hold quantities (decimal strings checked against the item's scale). */
export const EVENT_QUANTITY_KEYS: ReadonlySet<string> = new Set([
  'qty',
  'delta',
  'onHand',
  'damaged',
  'qualityControl',
  'compareFrom',
  'atp',
  'previousAtp',
]);
