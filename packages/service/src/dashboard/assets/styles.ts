/** `/dashboard.css`: a quiet, readable layout; colour only where it carries meaning. */
export const dashboardCss = `:root {
  --bg: #f4f5f7;
  --panel: #ffffff;
  --ink: #1d2330;
  --muted: #667085;
  --line: #e3e6eb;
  --accent: #2456c7;
  --ok: #2b8a3e;
  --ok-bg: #e6f4ea;
  --warn: #b35c00;
  --warn-bg: #fff4e0;
  --bad: #c92a2a;
  --bad-bg: #fdecec;
  --info: #1c64b4;
  --info-bg: #e7f0fb;
  --fresh: #37b24d;
  --ageing: #f59f00;
  --stale: #e03131;
  --lag: #7c8aa5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 14px;
  line-height: 1.45;
  color: var(--ink);
  background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
time { white-space: nowrap; }
code, pre, textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 8px; top: 8px; background: var(--panel); padding: 4px 8px; z-index: 2; }

.topbar { display: flex; align-items: center; justify-content: space-between; gap: 16px; flex-wrap: wrap;
  padding: 12px 24px; background: #17203a; color: #fff; }
.brand { margin: 0; font-size: 18px; font-weight: 600; }
.brand-sub { font-weight: 400; color: #b9c3dc; margin-left: 6px; }
.controls { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.updated { color: #b9c3dc; margin-right: 8px; font-variant-numeric: tabular-nums; }
.topbar button.secondary { background: transparent; color: #fff; border-color: #4a5677; }
.topbar button.secondary:hover { background: #26304d; }

main { padding: 20px 24px 40px; max-width: 1480px; margin: 0 auto; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; margin-top: 16px; }
.span-2 { grid-column: span 2; }
@media (max-width: 900px) { .grid { grid-template-columns: minmax(0, 1fr); } .span-2 { grid-column: auto; } }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; min-width: 0; overflow-x: auto; }
.panel h2 { margin: 0 0 12px; font-size: 15px; font-weight: 600; }
.key-panel { max-width: 560px; margin: 40px auto; }
.key-panel form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.key-panel input { flex: 1; min-width: 220px; }

.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin: 0; }
.tile { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile dt { color: var(--muted); font-size: 12px; }
.tile dd { margin: 0; }
.tile-value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.tile-note { color: var(--muted); font-size: 12px; }
.tile-ok { border-left-color: var(--ok); }
.tile-warn { border-left-color: var(--ageing); background: #fffaf0; }
.tile-bad { border-left-color: var(--bad); background: #fff6f6; }
.tile-bad .tile-value { color: var(--bad); }
.tile-neutral { border-left-color: #9aa7c2; }

table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 6px; caption-side: top; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: 12px; font-weight: 600; color: var(--muted); background: #fafbfc; white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.negative { color: var(--bad); font-weight: 600; }
.muted { color: var(--muted); font-size: 12px; }
.empty { color: var(--muted); margin: 4px 0; }
ul.plain { list-style: none; margin: 0; padding: 0; }

button { font: inherit; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff;
  padding: 4px 12px; cursor: pointer; }
button:hover { filter: brightness(1.08); }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: 0.5; cursor: progress; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 2px; }
input, select { font: inherit; padding: 4px 8px; border: 1px solid #c5cbd6; border-radius: 6px; background: #fff; }
label { font-weight: 600; }

.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; margin: 0 4px 2px 0; }
.badge-ok { background: var(--ok-bg); color: var(--ok); }
.badge-warn { background: var(--warn-bg); color: var(--warn); }
.badge-bad { background: var(--bad-bg); color: var(--bad); }
.badge-info { background: var(--info-bg); color: var(--info); }
.badge-muted { background: #eef0f3; color: var(--muted); }
.dot::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; vertical-align: 1px; }
.dot-fresh::before { background: var(--fresh); }
.dot-ageing::before { background: var(--ageing); }
.dot-stale::before { background: var(--stale); }

.problem { margin: 8px 0; padding: 8px 12px; border-radius: 6px; background: var(--bad-bg); color: var(--bad); border: 1px solid #f5c2c2; }
#error-banner .problem { margin: 0 0 12px; }
.outcome:empty { display: none; }
.outcome { margin: 0 0 10px; padding: 8px 12px; border-radius: 6px; }
.outcome-ok { background: var(--ok-bg); color: var(--ok); }
.outcome-warn { background: var(--warn-bg); color: var(--warn); }
.outcome-error { background: var(--bad-bg); color: var(--bad); }
.outcome-info { background: var(--info-bg); color: var(--info); }

.chart-wrap { display: flex; align-items: flex-start; gap: 16px; flex-wrap: wrap; margin-bottom: 12px; }
.chart { max-width: 100%; height: auto; }
.chart-label { font-size: 12px; fill: var(--ink); }
.chart-value { font-size: 11.5px; fill: var(--muted); }
.chart-axis { font-size: 10.5px; fill: var(--muted); }
.chart-tick { stroke: var(--line); stroke-dasharray: 3 3; }
.bar-fresh { fill: var(--fresh); background: var(--fresh); }
.bar-ageing { fill: var(--ageing); background: var(--ageing); }
.bar-stale { fill: var(--stale); background: var(--stale); }
.bar-lag { fill: var(--lag); background: var(--lag); }
.legend { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -2px; }

.actions { white-space: nowrap; }
.actions button + button { margin-left: 6px; }
details summary { cursor: pointer; color: var(--accent); font-size: 12px; }
details pre { margin: 6px 0 0; max-width: 420px; max-height: 220px; overflow: auto; background: #f6f7f9; padding: 8px; border-radius: 6px; }
.editor-row td { background: #f8f9fb; }
.editor-row label { display: block; margin-bottom: 6px; }
.editor-row textarea { width: 100%; border: 1px solid #c5cbd6; border-radius: 6px; padding: 8px; resize: vertical; }
.editor-actions { display: flex; gap: 8px; margin-top: 8px; }

.pickers { display: flex; align-items: center; gap: 8px; margin-bottom: 12px; flex-wrap: wrap; }
.pickers select { min-width: 160px; margin-right: 12px; }
.sku-table tr[data-testid="sku-row"] td, .sku-table tr[data-testid="sku-row"] th { border-bottom: none; }
.sku-table td.atp { font-size: 18px; font-weight: 700; }
.why-row td { padding-top: 0; }
.why { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
.why-text { margin: 0; flex: 1; min-width: 280px; }
.why-label { font-weight: 600; }
.explain-bar { flex: none; }
.seg-label { font-size: 10.5px; fill: #fff; pointer-events: none; }
.seg-atp { fill: var(--ok); }
.seg-withheld { fill: #adb5bd; }
.seg-onhand { fill: #4c6ef5; }
.seg-bucket { fill: #5c7cfa; }
.seg-supply, .seg-location { fill: #1098ad; }
.seg-committed { fill: #7048e8; }
.seg-reserved { fill: #9775fa; }
.seg-unsellable { fill: #c2255c; }
.seg-policy { fill: #e8590c; }
.seg-cap { fill: #f08c00; }
.seg-demand { fill: #d6336c; }
.seg-rounding { fill: #868e96; }
.seg-overrun { stroke: var(--bad); stroke-width: 2; }

.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px 16px; margin: 0 0 12px; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; }
`;
