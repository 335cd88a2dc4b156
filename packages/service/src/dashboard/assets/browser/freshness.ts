import { js } from './js';

/**
 * Browser code: freshness and delivery lag per source, as an inline SVG bar chart (log scale,
 * coloured by staleness) and the table it draws.
 */
export const freshnessJs = js`
function logScale(max, width) {
  const top = Math.log10(1 + Math.max(max, 60));
  return (seconds) => (Math.log10(1 + Math.max(0, seconds)) / top) * width;
}

function freshnessChart(sources) {
  const labelW = 200;
  const barW = 560;
  const rowH = 34;
  const width = labelW + barW + 240;
  const height = sources.length * rowH + 26;
  const max = Math.max(...sources.map((s) => Math.max(s.freshnessSeconds, s.lagSeconds)));
  const x = logScale(max, barW);
  const ticks = [
    [10, '10 s'],
    [60, '1 min'],
    [3600, '1 h'],
    [86400, '1 d'],
    [604800, '1 wk'],
  ].filter(([t]) => t <= Math.max(max, 60));
  const parts = [
    svg('title', { id: 'freshness-chart-title' }, 'Freshness and delivery lag per source'),
    svg(
      'desc',
      { id: 'freshness-chart-desc' },
      'Thick bars: time since the newest event (log scale). Thin bars: how late the source delivers.',
    ),
  ];
  for (const [t, label] of ticks) {
    const tx = labelW + x(t);
    parts.push(svg('line', { x1: tx, x2: tx, y1: 4, y2: height - 18, class: 'chart-tick' }));
    parts.push(svg('text', { x: tx, y: height - 4, class: 'chart-axis', 'text-anchor': 'middle' }, label));
  }
  sources.forEach((s, i) => {
    const y = i * rowH + 6;
    const cls = staleness(s.freshnessSeconds);
    const name = s.source.length > 28 ? s.source.slice(0, 27) + '…' : s.source;
    parts.push(
      svg('g', { 'data-testid': 'freshness-bar', 'data-source': s.source, 'data-staleness': cls }, [
        svg(
          'title',
          null,
          s.source +
            ': last event ' +
            duration(s.freshnessSeconds) +
            ' ago (' +
            cls +
            '), lag ' +
            duration(s.lagSeconds),
        ),
        svg('text', { x: labelW - 8, y: y + 13, class: 'chart-label', 'text-anchor': 'end' }, name),
        svg('rect', {
          x: labelW,
          y: y,
          width: Math.max(2, x(s.freshnessSeconds)),
          height: 16,
          rx: 3,
          class: 'bar-' + cls,
        }),
        svg('rect', {
          x: labelW,
          y: y + 19,
          width: Math.max(2, x(s.lagSeconds)),
          height: 6,
          rx: 2,
          class: 'bar-lag',
        }),
        svg(
          'text',
          { x: labelW + Math.max(2, x(s.freshnessSeconds)) + 6, y: y + 13, class: 'chart-value' },
          duration(s.freshnessSeconds) + ' · lag ' + duration(s.lagSeconds),
        ),
      ]),
    );
  });
  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: '0 0 ' + width + ' ' + height,
      width: width,
      height: height,
      role: 'img',
      'aria-labelledby': 'freshness-chart-title freshness-chart-desc',
      'data-testid': 'freshness-chart',
    },
    parts,
  );
}

function legend() {
  const item = (cls, text) =>
    h('li', null, [h('span', { class: 'swatch bar-' + cls, 'aria-hidden': 'true' }), text]);
  return h('ul', { class: 'legend', 'aria-label': 'Legend' }, [
    item('fresh', 'fresh ≤ 5 min'),
    item('ageing', 'ageing ≤ 1 h'),
    item('stale', 'stale > 1 h'),
    item('lag', 'delivery lag'),
  ]);
}

function buildFreshness(sources) {
  if (sources.length === 0) return empty('sources-empty', 'No events accepted yet: no sources to show.');
  const sorted = sources
    .slice()
    .sort((a, b) => b.freshnessSeconds - a.freshnessSeconds || a.source.localeCompare(b.source));
  const rows = sorted.map((s) =>
    h('tr', { 'data-testid': 'source-row', 'data-source': s.source }, [
      h('th', { scope: 'row' }, s.source),
      h(
        'td',
        null,
        h('span', { class: 'dot dot-' + staleness(s.freshnessSeconds) }, duration(s.freshnessSeconds)),
      ),
      h('td', null, duration(s.lagSeconds)),
      h('td', { class: 'num' }, String(s.events)),
      h('td', null, when(s.lastEventTime)),
      h('td', null, when(s.lastReceivedAt)),
    ]),
  );
  return h('div', null, [
    h('div', { class: 'chart-wrap' }, [freshnessChart(sorted), legend()]),
    table(
      'sources-table',
      'Sources, stalest first',
      ['Source', 'Freshness', 'Lag', 'Events', 'Newest event time', 'Received at'],
      rows,
    ),
  ]);
}
`;
