/** Counts per sku × location: [sku, dc-1, store-12, store-14, store-21] (RICE-5KG in kg). */
const COUNTS: readonly (readonly [string, string, string, string, string])[] = [
  ['TSHIRT-M', '120', '10', '6', '3'],
  ['TSHIRT-L', '80', '4', '2', '0'],
  ['HOODIE-M', '40', '5', '3', '2'],
  ['JEANS-32', '60', '8', '4', '1'],
  ['SNEAKER-42', '24', '2', '1', '0'],
  ['CAP-ONE', '200', '15', '12', '9'],
  ['SOCKS-3PK', '300', '30', '18', '12'],
  ['MUG-WHITE', '90', '6', '0', '4'],
  ['CANDLE-LAV', '45', '7', '5', '3'],
  ['RICE-5KG', '42.5', '12.75', '8', '0'],
];

const LOCATIONS = ['dc-1', 'store-12', 'store-14', 'store-21'] as const;

/** Who reports a location's counts: the WMS for the DC, each store's POS for the stores. */
const SOURCES: Record<(typeof LOCATIONS)[number], string> = {
  'dc-1': 'wms/dc-1',
  'store-12': 'pos/store-12',
  'store-14': 'pos/store-14',
  'store-21': 'pos/store-21',
};

/** The demo's stock-take instant; every seed event is dated from it, so re-seeding is a no-op. */
const COUNTED_AT = '2026-12-01T06:00:00Z';

type Data = { readonly sku: string } & Readonly<Record<string, unknown>>;

function event(id: string, source: string, sequence: number, type: string, time: string, data: Data) {
  return {
    specversion: '1.0',
    id,
    source,
    type,
    time,
    subject: data.sku,
    partitionkey: data.sku,
    sequence,
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * The demo's seed: a stock count of every sku at every location, a damaged and a quality-control
 * unit, purchase orders due next week and a transfer under way — CloudEvents with fixed ids.
 * @example
 * await service.ingest(demoSeedEvents(), 'demo-seed');
 */
export function demoSeedEvents(): unknown[] {
  const seq = new Map<string, number>();
  const next = (source: string) => {
    const n = (seq.get(source) ?? 0) + 1;
    seq.set(source, n);
    return n;
  };
  const out: unknown[] = [];
  for (const [sku, ...counts] of COUNTS) {
    for (const [i, location] of LOCATIONS.entries()) {
      const source = SOURCES[location];
      out.push(
        event(
          `demo-count-${sku}-${location}`,
          source,
          next(source),
          'omnistock.stock.counted.v1',
          COUNTED_AT,
          {
            sku,
            location,
            onHand: counts[i] ?? '0',
            countId: 'demo-stocktake-2026-12-01',
          },
        ),
      );
    }
  }
  const later = (source: string, id: string, type: string, time: string, data: Data) =>
    out.push(event(id, source, next(source), type, time, data));
  later('pos/store-12', 'demo-damaged-1', 'omnistock.stock.statusChanged.v1', '2026-12-01T09:30:00Z', {
    sku: 'TSHIRT-M',
    location: 'store-12',
    qty: '1',
    from: 'sellable',
    to: 'damaged',
    reasonCode: 'damage',
  });
  later('pos/store-14', 'demo-return-1', 'omnistock.return.received.v1', '2026-12-01T11:00:00Z', {
    sku: 'HOODIE-M',
    location: 'store-14',
    qty: '1',
    disposition: 'qualityControl',
  });
  for (const [id, sku, location, qty, eta] of [
    ['po-4471', 'TSHIRT-M', 'store-12', '20', '2026-12-10T08:00:00Z'],
    ['po-4472', 'SNEAKER-42', 'dc-1', '48', '2026-12-12T08:00:00Z'],
    ['po-4473', 'RICE-5KG', 'dc-1', '100', '2026-12-09T08:00:00Z'],
  ] as const) {
    later('erp/sap-prod', `demo-supply-${id}`, 'omnistock.supply.expected.v1', '2026-12-01T07:00:00Z', {
      supplyId: id,
      sku,
      location,
      qty,
      eta,
      kind: 'purchaseOrder',
    });
  }
  later('wms/dc-1', 'demo-transfer-tr-88', 'omnistock.transfer.shipped.v1', '2026-12-01T12:00:00Z', {
    transferId: 'tr-88',
    sku: 'TSHIRT-L',
    from: 'dc-1',
    to: 'store-14',
    qty: '6',
    eta: '2026-12-08T16:00:00Z',
  });
  return out;
}
