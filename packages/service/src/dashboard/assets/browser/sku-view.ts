import { js } from './js';

/**
 * Browser code: the per-sku view. For the picked sku and channel, every location's position buckets
 * (`GET v1/positions?sku=`) and its availability with the explanation (`GET v1/availability?…&explain=true`).
 */
export const skuViewJs = js`
/** At most this many availability calls per auto-refresh round on average (rate limits are per key). */
const SKU_CALLS_PER_ROUND = 10;
let skuRound = 0;

/** Whether this auto-refresh round reloads the per-sku view: a large catalog reloads it every few rounds. */
function skuDue() {
  const locations = state.catalog ? state.catalog.locations.length : 0;
  return skuRound++ % Math.max(1, Math.ceil(locations / SKU_CALLS_PER_ROUND)) === 0;
}

function syncSelect(select, values, current) {
  const signature = values.join('\n');
  if (select.dataset.signature !== signature) {
    select.dataset.signature = signature;
    select.replaceChildren(...values.map((v) => h('option', { value: v }, v)));
  }
  const chosen = values.includes(current) ? current : values[0] || '';
  select.value = chosen;
  return chosen;
}

function syncPickers(catalog) {
  state.catalog = catalog;
  state.sku = syncSelect(byId('sku-select'), catalog.skus, state.sku);
  state.channel = syncSelect(byId('channel-select'), catalog.channels, state.channel);
}

function lotsSum(lots) {
  if (!Array.isArray(lots) || lots.length === 0) return '0';
  return decSum(lots.map((l) => [1, l.qty])) || '?';
}

function lotsTip(lots) {
  if (!Array.isArray(lots)) return '';
  return lots
    .map((l) => qty(l.qty) + ' eta ' + str(l.eta) + (l.from ? ' from ' + str(l.from) : ''))
    .join('\n');
}

/** DESIGN §3 free; a negative unsellable subset (an exception) counts as 0, as the engine counts it. */
function freeOf(p) {
  const unsellable = (q) => (decIsNegative(q) ? '0' : q);
  return decSum([
    [1, p.onHand],
    [-1, unsellable(p.damaged)],
    [-1, unsellable(p.qualityControl)],
    [-1, p.committed],
    [-1, p.reserved],
  ]);
}

function atpCell(result) {
  if (!result.ok) return h('td', { colspan: 2 }, problemBox('availability-problem', result.problem));
  const a = result.value;
  const flags = [
    badge(a.status === 'inStock' ? 'ok' : a.status === 'lowStock' ? 'warn' : 'muted', str(a.status)),
  ];
  if (a.stale) flags.push(badge('warn', 'stale' + (a.fallback ? ' → ' + a.fallback : '')));
  if (a.oversold) flags.push(badge('bad', 'oversold by ' + qty(a.deficit)));
  if (a.eligible === false) flags.push(badge('muted', 'not eligible'));
  if (a.backorder) flags.push(badge('info', str(a.backorder.mode) + ' ' + qty(a.backorder.available)));
  return [
    h('td', { class: 'num atp', 'data-testid': 'atp' }, qty(a.atp)),
    h('td', { class: 'flags' }, flags),
  ];
}

function skuRows(row) {
  const p = row.position;
  const cells = p
    ? [
        h('td', { class: 'num' }, qty(p.onHand)),
        h('td', { class: 'num' }, qty(p.damaged)),
        h('td', { class: 'num' }, qty(p.qualityControl)),
        h('td', { class: 'num' }, qty(p.committed)),
        h('td', { class: 'num' }, qty(p.reserved)),
        h('td', { class: 'num' + (decIsNegative(freeOf(p)) ? ' negative' : '') }, qty(freeOf(p))),
        h('td', { class: 'num', title: lotsTip(p.incoming) }, qty(lotsSum(p.incoming))),
        h('td', { class: 'num', title: lotsTip(p.inTransit) }, qty(lotsSum(p.inTransit))),
        h('td', null, when(p.asOf)),
      ]
    : [h('td', { colspan: 9, class: 'muted' }, 'No stock position here yet.')];
  const main = h('tr', { 'data-testid': 'sku-row', 'data-location': row.location }, [
    h('th', { scope: 'row', rowspan: 2 }, row.location),
    ...cells,
    ...[].concat(atpCell(row.availability)),
  ]);
  const expl = row.availability.ok ? row.availability.value.explanation : null;
  const why = h('tr', { class: 'why-row', 'data-testid': 'sku-why', 'data-location': row.location }, [
    h(
      'td',
      { colspan: 11 },
      expl
        ? h('div', { class: 'why' }, [
            explainBar(expl),
            h('p', { class: 'why-text' }, [
              h('span', { class: 'why-label' }, 'Why ATP ' + qty(expl.atp) + ': '),
              h('code', { 'data-testid': 'explanation-text' }, str(expl.text)),
            ]),
          ])
        : h('span', { class: 'muted' }, 'No explanation.'),
    ),
  ]);
  return [main, why];
}

function buildSkuView(data) {
  const headers = [
    'Location',
    'On hand',
    'Damaged',
    'Quality control',
    'Committed',
    'Reserved',
    'Free',
    'Incoming',
    'In transit',
    'As of',
    'ATP',
    'Status',
  ];
  const head = h(
    'thead',
    null,
    h(
      'tr',
      null,
      headers.map((x) => h('th', { scope: 'col' }, x)),
    ),
  );
  const body = h('tbody', null, data.rows.flatMap(skuRows));
  return h('table', { class: 'sku-table', 'data-testid': 'sku-table' }, [
    h('caption', null, data.sku + ' for channel ' + data.channel + ', every location'),
    head,
    body,
  ]);
}

async function loadSku() {
  const sku = state.sku;
  const channel = state.channel;
  const locations = state.catalog ? state.catalog.locations : [];
  const target = byId('sku-result');
  if (!sku || !channel) return;
  try {
    const settle = (promise) =>
      promise.then(
        (value) => ({ ok: true, value: value }),
        (problem) => ({ ok: false, problem: problem }),
      );
    const [page, ...availability] = await Promise.all([
      api('GET', 'v1/positions?' + query({ sku: sku, limit: 1000 })),
      ...locations.map((location) =>
        settle(
          api(
            'GET',
            'v1/availability?' + query({ sku: sku, location: location, channel: channel, explain: 'true' }),
          ),
        ),
      ),
    ]);
    if (sku !== state.sku || channel !== state.channel) return;
    const positions = new Map(
      (page && Array.isArray(page.items) ? page.items : []).map((p) => [p.location, p]),
    );
    for (const r of availability) if (r.ok && r.value) delete r.value.at;
    const rows = locations.map((location, i) => ({
      location: location,
      position: positions.get(location) || null,
      availability: availability[i],
    }));
    renderInto(target, { sku: sku, channel: channel, rows: rows }, buildSkuView);
  } catch (problem) {
    target.dataset.signature = '';
    target.replaceChildren(problemBox('sku-problem', problem));
  }
}
`;
