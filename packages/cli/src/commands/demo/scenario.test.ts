import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { runBaseline } from './baseline';
import { oversold } from './figures';
import { clock, type DemoWorld, key, scenario } from './scenario';
import { lineChart } from './svg';

const world: DemoWorld = {
  skus: ['HOT', 'B', 'C', 'D'],
  warehouse: 'dc',
  stores: ['s1', 's2', 's3'],
  group: 'net',
  shipLocations: ['dc', 's1', 's2'],
  offlineStore: 's3',
  channels: { pos: 'pos', ecommerce: 'web', marketplace: 'mkt' },
};

describe('the demo day', () => {
  it('depends only on the seed and the hours', () => {
    expect(scenario(42, 8, world)).toEqual(scenario(42, 8, world));
    expect(scenario(43, 8, world).actions).not.toEqual(scenario(42, 8, world).actions);
  });

  it('is in time order, within the day, with the outage, the count and one malformed receipt', () => {
    const day = scenario(42, 16, world);
    const times = day.actions.map((a) => a.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(day.minutes);
    const { outage } = day;
    expect(outage.store).toBe('s3');
    expect(outage.from).toBeLessThan(outage.countAt);
    expect(outage.countAt).toBeLessThan(outage.to);
    expect(day.actions.filter((a) => a.kind === 'receipt' && a.malformed)).toHaveLength(1);
    // every cart has exactly one fate, and only checked-out carts ship
    const carts = day.actions.filter((a) => a.kind === 'cart').map((a) => (a as { id: string }).id);
    for (const id of carts) {
      const fates = day.actions.filter(
        (a) => a.kind !== 'cart' && a.kind !== 'ship' && 'id' in a && a.id === id,
      );
      expect(fates).toHaveLength(1);
    }
  });

  it('oversells in the nightly-batch baseline when channels sell against the same stale figures', () => {
    const day = scenario(42, 16, world);
    const atp = (f: (onHand: number) => number) =>
      new Map(
        world.skus.map((sku) => [
          sku,
          new Map(world.shipLocations.map((l) => [l, f(day.initial.get(key(sku, l)) ?? 0)])),
        ]),
      );
    const figures = runBaseline(day, world, {
      atp: { ecommerce: atp((n) => n - 1), marketplace: atp((n) => Math.floor(n / 2)) },
      onHand: day.initial,
    });
    expect(oversold(figures)).toBeGreaterThan(0);
    expect(figures.decisions.every((d) => d.ageMinutes === d.t + 240)).toBe(true);
    expect(figures.samples.at(-1)?.outOfSync).toBeGreaterThan(0);
  });

  it('allocates the whole line to the first location that covers it, else splits in priority order', () => {
    const have = new Map([
      ['dc', 1],
      ['s1', 3],
      ['s2', 5],
    ]);
    const at = (l: string) => have.get(l) ?? 0;
    expect(allocate(['dc', 's1', 's2'], at, 3)).toEqual([{ location: 's1', qty: 3 }]);
    expect(allocate(['dc', 's1', 's2'], at, 6)).toEqual([
      { location: 'dc', qty: 1 },
      { location: 's1', qty: 3 },
      { location: 's2', qty: 2 },
    ]);
    expect(allocate(['dc', 's1', 's2'], at, 10)).toBeUndefined();
  });

  it('labels minutes as clock times from 06:00', () => {
    expect(clock(0)).toBe('06:00');
    expect(clock(90)).toBe('07:30');
    expect(clock(19 * 60)).toBe('01:00');
  });

  it('draws charts as inline SVG with one element per series', () => {
    const svg = lineChart({
      title: 'T <1>',
      xLabel: 'x',
      yLabel: 'y',
      xMax: 10,
      xTicks: [{ at: 0, label: '06:00' }],
      series: [
        {
          name: 'a',
          color: '#000',
          points: [
            [0, 0],
            [10, 3],
          ],
          step: true,
        },
        { name: 'b', color: '#111', points: [[5, 1]], dots: true },
      ],
    });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('<title>T &lt;1&gt;</title>');
    expect(svg).toContain('<polyline class="series" data-series="a"');
    expect(svg).toContain('<g fill="#111" class="series" data-series="b"><circle');
  });
});
