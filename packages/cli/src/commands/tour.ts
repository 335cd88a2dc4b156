import {
  buildEvent,
  emptyPosition,
  free,
  type Item,
  itemSpec,
  type LocationId,
  parseEvent,
  Quantity,
  sellable,
  type Sku,
} from '@omnistock/core';
import type { Command } from '../command';

/** `omnistock tour`: a short, real walk through the canonical core (the first `demo`). */
export const tourCommand: Command = {
  name: 'tour',
  summary: 'Walk through exact quantities, positions and event validation (no service needed)',
  usage:
    'omnistock tour\n\nPrints a short walk through the omnistock core: exact decimals, positions, event validation.\nNeeds no service.',
  run(_args, io) {
    const rice: Item = { sku: 'RICE-5KG' as Sku, unit: 'kg', sellMultiple: '0.5' };
    const spec = itemSpec(rice);
    const store = 'store-12' as LocationId;
    io.out('omnistock — one inventory vocabulary for every channel\n');
    const a = Quantity.of('0.1', spec);
    const b = Quantity.of('0.2', spec);
    io.out(`exact decimals: 0.1 + 0.2 = ${a.add(b).toString()} kg   (JS numbers say ${0.1 + 0.2})`);
    io.out(
      `rounding: 12.5% of 7.3 kg, up = ${Quantity.of('7.3', spec).percentOf('12.5', 'up')} kg, down = ${Quantity.of('7.3', spec).percentOf('12.5', 'down')} kg`,
    );
    io.out(
      `sell multiple: 7.3 kg sells as ${Quantity.of('7.3', spec).roundDownTo(Quantity.of('0.5', spec))} kg\n`,
    );
    const base = emptyPosition(rice, store);
    const position = {
      ...base,
      onHand: Quantity.of('40', spec),
      damaged: Quantity.of('2.5', spec),
      committed: Quantity.of('30', spec),
      reserved: Quantity.of('9', spec),
      asOf: '2026-12-04T09:00:00Z',
    };
    io.out(`position ${rice.sku} @ ${store}: onHand 40, damaged 2.5, committed 30, reserved 9`);
    io.out(
      `  sellable = ${sellable(position)} kg, free = ${free(position)} kg${free(position).isNegative() ? '  ← oversold, reported not hidden' : ''}\n`,
    );
    const items = new Map([[rice.sku as string, rice]]);
    const good = buildEvent(
      'omnistock.sale.recorded.v1',
      { sku: rice.sku, location: store, qty: '1.25' },
      { id: 'evt-1', source: 'pos/store-12', time: '2026-12-04T09:05:00Z', sequence: 1 },
      { items },
    );
    io.out(`event omnistock.sale.recorded.v1 qty "1.25": ${good.ok ? 'valid' : good.error.code}`);
    const bad = parseEvent(
      {
        specversion: '1.0',
        id: 'evt-2',
        source: 'pos/store-12',
        type: 'omnistock.sale.recorded.v1',
        time: '2026-12-04T09:06:00Z',
        data: { sku: rice.sku, location: store, qty: '1.2345' },
      },
      { items },
    );
    io.out(
      `event qty "1.2345" (kg has 3 decimals): ${bad.ok ? 'valid' : `${bad.error.code} at ${bad.error.path?.join('.')}`}`,
    );
    return 0;
  },
};
