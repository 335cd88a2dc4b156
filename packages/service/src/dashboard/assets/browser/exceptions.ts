import { js } from './js';

/** Browser code: dead letters, oversold positions and the latest reconciliation's exceptions. */
export const exceptionsJs = js`
function buildDeadLetters(d) {
  if (d.items.length === 0) return empty('dead-letters-empty', 'No dead letters.');
  const rows = d.items.map((i) => [
    h('th', { scope: 'row' }, h('code', null, str(i.eventId))),
    h('td', null, h('code', null, str(i.type))),
    h('td', { class: 'num' }, str(i.deliveries)),
    h('td', null, str(i.reason)),
  ]);
  const caption =
    d.count > d.items.length ? d.count + ' dead letters, newest ' + d.items.length + ' shown' : null;
  return table('dead-letters-table', caption, ['Event', 'Type', 'Deliveries', 'Reason'], rows);
}

function buildOversold(o) {
  if (o.positions.length === 0) return empty('oversold-empty', 'No oversold positions.');
  const rows = o.positions.map((p) => [
    h('th', { scope: 'row' }, p.sku),
    h('td', null, p.location),
    h('td', { class: 'num negative' }, qty(p.free)),
  ]);
  return table(
    'oversold-table',
    'Free = sellable − committed − reserved is below zero',
    ['Sku', 'Location', 'Free'],
    rows,
  );
}

function buildReconciliation(r) {
  const report = r.last;
  if (!report || typeof report !== 'object')
    return empty('reconciliation-empty', 'No reconciliation has run yet.');
  const facts = [
    ['Report', str(report.reconciliationId)],
    ['Source', str(report.source)],
    ['As of', when(report.asOf)],
    ['Checked', str(report.checked)],
    ['Matched', str(report.matched)],
    ['Corrections emitted', str(report.correctionsEmitted)],
  ];
  const summary = h(
    'dl',
    { class: 'facts', 'data-testid': 'reconciliation-summary' },
    facts.map(([k, v]) => h('div', null, [h('dt', null, k), h('dd', null, v)])),
  );
  const exceptions = Array.isArray(report.exceptions) ? report.exceptions : [];
  const rows = exceptions.map((e) => [
    h('th', { scope: 'row' }, str(e.sku)),
    h('td', null, str(e.location)),
    h('td', { class: 'num' }, qty(e.erpOnHand)),
    h('td', { class: 'num' }, qty(e.omnistockOnHand)),
    h('td', { class: 'num' + (decIsNegative(e.difference) ? ' negative' : '') }, qty(e.difference)),
    h('td', null, e.correctionEventId ? h('code', null, str(e.correctionEventId)) : '–'),
  ]);
  return h('div', null, [
    summary,
    rows.length === 0
      ? empty('reconciliation-exceptions-empty', 'Every line matched.')
      : table(
          'reconciliation-table',
          null,
          ['Sku', 'Location', 'ERP on hand', 'omnistock on hand', 'Difference', 'Correction event'],
          rows,
        ),
  ]);
}
`;
