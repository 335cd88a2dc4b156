import { js } from './js';

/** Browser code: the live (held and committed) reservations table. */
export const reservationsJs = js`
function lineText(line) {
  if (!line || typeof line !== 'object') return '';
  const where = str(line.location) + (line.group ? ' (group ' + str(line.group) + ')' : '');
  const done = line.fulfilledQty && line.fulfilledQty !== '0' ? ', fulfilled ' + qty(line.fulfilledQty) : '';
  return str(line.sku) + ' @ ' + where + ' × ' + qty(line.qty) + done;
}

function buildReservations(r) {
  const items = r.items.filter((x) => x && typeof x === 'object');
  if (items.length === 0) return empty('reservations-empty', 'No live reservations.');
  const rows = items.map((x) => [
    h('th', { scope: 'row' }, h('code', null, str(x.id))),
    h('td', null, str(x.channel)),
    h('td', null, badge(x.state === 'held' ? 'info' : 'ok', str(x.state))),
    h(
      'td',
      null,
      h(
        'ul',
        { class: 'plain' },
        (Array.isArray(x.lines) ? x.lines : []).map((l) => h('li', null, lineText(l))),
      ),
    ),
    h('td', null, x.expiresAt ? when(x.expiresAt) : 'no expiry'),
    h('td', null, str(x.orderRef) || '–'),
    h('td', null, when(x.updatedAt)),
  ]);
  const caption =
    r.live > items.length ? r.live + ' live, newest ' + items.length + ' shown' : r.live + ' live';
  return table(
    'reservations-table',
    caption,
    ['Reservation', 'Channel', 'State', 'Lines', 'Expires', 'Order', 'Updated'],
    rows,
  );
}
`;
