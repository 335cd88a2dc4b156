import { ageStats, oversold, oversoldUnits, type WorldFigures } from './figures';
import type { OmnistockOutcome } from './omnistock';
import { clock, type DemoWorld, type Scenario } from './scenario';
import { esc, lineChart, type Series } from './svg';

/** Everything a finished demo knows. */
export interface DemoResult {
  readonly seed: number;
  readonly hours: number;
  readonly runId: string;
  /** The service (no key). */
  readonly url: string;
  readonly embedded: boolean;
  /** The instant minute 0 of the day maps to. */
  readonly opensAt: string;
  readonly world: DemoWorld;
  readonly day: Scenario;
  readonly baseline: WorldFigures;
  readonly omnistock: OmnistockOutcome;
}

const BASE = '#d1495b';
const OMNI = '#00798c';
const OMNI_LIGHT = '#66a182';

/** The headline numbers, as printed and as the report's summary table shows them. */
export function keyFigures(r: DemoResult): { label: string; baseline: string; omnistock: string }[] {
  const b = r.baseline;
  const o = r.omnistock.figures;
  const age = (f: WorldFigures) => {
    const s = ageStats(f);
    return s.max === 0 ? '0 min (live)' : `${hours(s.mean)} mean, ${hours(s.max)} max`;
  };
  const accepted = (f: WorldFigures) => f.online.ecommerce.accepted + f.online.marketplace.accepted;
  const declined = (f: WorldFigures) => f.online.ecommerce.declined + f.online.marketplace.declined;
  return [
    { label: 'oversold online orders', baseline: String(oversold(b)), omnistock: String(oversold(o)) },
    { label: 'oversold units', baseline: String(oversoldUnits(b)), omnistock: String(oversoldUnits(o)) },
    { label: 'online orders accepted', baseline: String(accepted(b)), omnistock: String(accepted(o)) },
    {
      label: 'online orders shipped in full',
      baseline: String(accepted(b) - oversold(b)),
      omnistock: String(accepted(o) - oversold(o)),
    },
    {
      label: 'online customers turned away (shown out of stock)',
      baseline: String(declined(b)),
      omnistock: String(declined(o)),
    },
    {
      label: 'walk-in units sold / not found on the shelf',
      baseline: `${b.walkIns.sold} / ${b.walkIns.lost}`,
      omnistock: `${o.walkIns.sold} / ${o.walkIns.lost}`,
    },
    { label: 'age of the availability online channels sold against', baseline: age(b), omnistock: age(o) },
    {
      label: 'positions out of sync with the shelves at closing',
      baseline: String(b.samples.at(-1)?.outOfSync ?? 0),
      omnistock: String(o.samples.at(-1)?.outOfSync ?? 0),
    },
    {
      label: 'ERP reconciliation exceptions at closing',
      baseline: String(b.reconciliation.exceptions),
      omnistock: `${o.reconciliation.exceptions} (${o.reconciliation.corrections} corrected)`,
    },
  ];
}

function hours(minutes: number): string {
  return minutes < 90 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function cumulative(f: WorldFigures, end: number): [number, number][] {
  const pts: [number, number][] = [[0, 0]];
  let n = 0;
  for (const o of f.oversells) pts.push([o.t, ++n]);
  pts.push([end, n]);
  return pts;
}

/**
 * Renders the self-contained HTML report: inline SVG plots and tables, no scripts and no external
 * assets, so it opens anywhere and can be mailed as one file.
 * @example
 * writeFileSync('omnistock-demo-report.html', renderReport(result));
 */
export function renderReport(r: DemoResult): string {
  const end = r.day.minutes;
  const step = r.hours <= 8 ? 1 : 2;
  const xTicks = Array.from({ length: Math.floor(r.hours / step) + 1 }, (_, i) => ({
    at: i * step * 60,
    label: clock(i * step * 60),
  }));
  const outage = r.day.outage;
  const band = [{ from: outage.from, to: outage.to, label: `${outage.store} POS offline` }];
  const oversells = lineChart({
    title: 'Oversold online orders (cumulative)',
    xLabel: 'time of day (simulated)',
    yLabel: 'orders',
    xMax: end,
    xTicks,
    series: [
      { name: 'nightly batch baseline', color: BASE, points: cumulative(r.baseline, end), step: true },
      { name: 'omnistock', color: OMNI, points: cumulative(r.omnistock.figures, end), step: true },
    ],
  });
  const ageSeries = (f: WorldFigures) => f.decisions.map((d) => [d.t, d.ageMinutes / 60] as const);
  const offlineView: Series = {
    name: `omnistock's view of ${outage.store} (POS offline)`,
    color: OMNI_LIGHT,
    dashed: true,
    points: [
      [0, 0],
      [outage.from, 0],
      [outage.countAt, (outage.countAt - outage.from) / 60],
      [outage.countAt, 0],
      [outage.to, (outage.to - outage.countAt) / 60],
      [outage.to, 0],
      [end, 0],
    ],
  };
  const freshness = lineChart({
    title: 'Age of the availability figure each online sale was decided on',
    xLabel: 'time of day (simulated)',
    yLabel: 'hours',
    xMax: end,
    xTicks,
    bands: band,
    series: [
      { name: 'nightly batch baseline', color: BASE, points: ageSeries(r.baseline), dots: true },
      { name: 'omnistock', color: OMNI, points: [[0, 0], ...ageSeries(r.omnistock.figures), [end, 0]] },
      offlineView,
    ],
  });
  const sync = (f: WorldFigures) => f.samples.map((s) => [s.t, s.outOfSync] as const);
  const drift = lineChart({
    title: 'Positions whose onHand differs from the shelves (sampled hourly)',
    xLabel: 'time of day (simulated)',
    yLabel: 'positions',
    xMax: end,
    xTicks,
    bands: band,
    series: [
      { name: 'nightly batch baseline', color: BASE, points: sync(r.baseline), step: true },
      { name: 'omnistock', color: OMNI, points: sync(r.omnistock.figures), step: true },
    ],
  });
  const figures = keyFigures(r);
  const o = r.omnistock;
  const exceptions =
    o.reconciliation.exceptions.length === 0
      ? '<p>No exceptions: omnistock agreed with the ERP on every position.</p>'
      : `<table><thead><tr><th>sku</th><th>location</th><th>ERP</th><th>omnistock</th><th>difference</th></tr></thead><tbody>${o.reconciliation.exceptions
          .map(
            (x) =>
              `<tr><td>${esc(x.sku)}</td><td>${esc(x.location)}</td><td class="n">${esc(x.erp)}</td><td class="n">${esc(x.omnistock)}</td><td class="n">${esc(x.difference)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const quarantine = o.quarantined
    .map((q) => `<li><code>${esc(q.id)}</code>: <code>${esc(q.code)}</code> ${esc(q.message)}</li>`)
    .join('');
  const w = r.world;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>omnistock demo report — seed ${r.seed}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #222; max-width: 780px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e3e3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { flex: 1 1 200px; border: 1px solid #e3e3e3; border-radius: 8px; padding: 10px 14px; }
.card b { font-size: 1.6rem; display: block; }
.base { color: ${BASE}; } .omni { color: ${OMNI}; }
figure { margin: 1.5rem 0; } svg { max-width: 100%; height: auto; }
code { background: #f4f4f4; padding: 0 3px; border-radius: 3px; }
</style>
</head>
<body>
<h1>omnistock demo: one trading day, nightly batch vs omnistock</h1>
<p class="sub">seed ${r.seed} · ${r.hours} simulated hours (${clock(0)}–${clock(end)}) · run <code>${esc(r.runId)}</code> · ${r.embedded ? 'an embedded service' : `the service at ${esc(r.url)}`}</p>

<div class="cards">
<div class="card"><span>oversold orders</span><b><span class="base">${oversold(r.baseline)}</span> → <span class="omni">${oversold(o.figures)}</span></b>baseline → omnistock</div>
<div class="card"><span>max age of the figure sold against</span><b><span class="base">${hours(ageStats(r.baseline).max)}</span> → <span class="omni">${hours(ageStats(o.figures).max)}</span></b>baseline → omnistock</div>
<div class="card"><span>reconciliation exceptions</span><b><span class="base">${r.baseline.reconciliation.exceptions}</span> → <span class="omni">${o.reconciliation.exceptions.length}</span></b>baseline → omnistock</div>
</div>

<h2>Summary</h2>
<table><thead><tr><th></th><th class="n">nightly batch baseline</th><th class="n">omnistock</th></tr></thead><tbody>
${figures.map((f) => `<tr><td>${esc(f.label)}</td><td class="n">${esc(f.baseline)}</td><td class="n">${esc(f.omnistock)}</td></tr>`).join('\n')}
</tbody></table>

<figure>${oversells}</figure>
<figure>${freshness}</figure>
<figure>${drift}</figure>

<h2>End-of-day ERP reconciliation (omnistock)</h2>
<p>Reconciliation <code>${esc(o.reconciliation.id)}</code> compared ${o.figures.reconciliation.checked} positions with the ERP's closing stock:
${o.reconciliation.exceptions.length} exception(s), ${o.reconciliation.corrections} correcting <code>stock.counted</code> event(s) emitted; afterwards ${o.reconciliation.outOfSyncAfter} position(s) differed from the shelves.
The baseline's stock file from the nightly sync differed from the ERP on ${r.baseline.reconciliation.exceptions} of ${r.baseline.reconciliation.checked} positions (tonight's sync overwrites them).</p>
${exceptions}

<h2>What happened</h2>
<ul>
<li>Opening stock: ${w.skus.length} skus (<code>${esc(w.skus[0] ?? '')}</code> is the day's promoted item) at <code>${esc(w.warehouse)}</code> and ${w.stores.length} stores, counted at ${clock(0)}. Online orders ship from ${w.shipLocations.map((l) => `<code>${esc(l)}</code>`).join(', ')} (network availability over <code>${esc(w.group)}</code>, mode ship).</li>
<li>${clock(outage.from)}–${clock(outage.to)}: the POS of <code>${esc(outage.store)}</code> is offline and sells from its buffer; some stock disappears unreported. At ${clock(outage.countAt)} the ERP counts the store; when the store reconnects, its ${o.outageBatch.events} buffered sales arrive — ${o.outageBatch.beforeCount} of them dated before the count, which the ledger records as absorbed by it instead of subtracting them twice.</li>
<li>Warehouse receipts at ${clock(Math.round(end * 0.35))} and ${clock(Math.round(end * 0.7))}; one receipt line arrives malformed and is quarantined (never partly applied), so omnistock under-promises that sku until the reconciliation corrects it:
<ul>${quarantine || '<li>(nothing was quarantined)</li>'}</ul></li>
<li>Events ingested by omnistock: ${o.events.accepted} accepted, ${o.events.duplicate} duplicate, ${o.events.quarantined} quarantined.</li>
</ul>

<h2>How to read this</h2>
<p>Both worlds face the same customers, drawn from seed ${r.seed}: walk-ins at every store, ecommerce carts (held, then checked out, abandoned or emptied) and marketplace orders.
<b>omnistock</b> is the running service: every movement reaches it as a CloudEvent, and online channels ask its network availability and reserve through the API before they sell.
The <b>nightly batch baseline</b> is modelled in the demo: at the 02:00 sync each online channel receives the same ATP figures and then sells against them minus its own sales; it never sees the other channel, the stores or the warehouse until the next night.
The shelves are modelled alongside both: online orders are set aside at once, walk-ins take only what is not set aside, and an order accepted when the stock to set aside was not there is an <b>oversell</b>.
The <b>age</b> of a figure is the time since the information behind it was complete: since the nightly sync for the baseline; for omnistock every movement at the ship locations had reached the service (the dashed line shows how stale omnistock's view of the offline store was).
Simulated minutes map onto real timestamps from ${esc(r.opensAt)} so the ledger orders them; the figures depend only on the seed and the size of the day.</p>
</body>
</html>
`;
}
