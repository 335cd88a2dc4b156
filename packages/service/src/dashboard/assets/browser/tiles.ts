import { js } from './js';

/** Browser code: the summary tiles (ingest counts and every exception count at a glance). */
export const tilesJs = js`
function tone(count, kind) {
  return count > 0 ? kind : 'ok';
}

function buildTiles(o) {
  const staleSources = o.sources.filter((s) => staleness(s.freshnessSeconds) === 'stale').length;
  const tiles = [
    [
      'sources',
      'Sources',
      o.sources.length,
      staleSources > 0 ? staleSources + ' stale' : 'all fresh',
      tone(staleSources, 'warn'),
    ],
    ['accepted', 'Events accepted', o.ingest.accepted, 'since start', 'neutral'],
    ['duplicate', 'Duplicates', o.ingest.duplicate, 'ignored, idempotent', 'neutral'],
    ['quarantined', 'Quarantined', o.ingest.quarantined, 'since start', tone(o.ingest.quarantined, 'warn')],
    [
      'quarantine',
      'In quarantine',
      o.quarantine.size,
      'awaiting re-submission',
      tone(o.quarantine.size, 'warn'),
    ],
    ['dead-letters', 'Dead letters', o.deadLetters.count, 'undeliverable', tone(o.deadLetters.count, 'bad')],
    ['reservations', 'Live reservations', o.reservations.live, 'held + committed', 'neutral'],
    [
      'exceptions',
      'Reconciliation exceptions',
      o.reconciliation.exceptions,
      'latest report',
      tone(o.reconciliation.exceptions, 'warn'),
    ],
    ['oversold', 'Oversold positions', o.oversold.count, 'free below zero', tone(o.oversold.count, 'bad')],
  ];
  return h(
    'dl',
    { class: 'tiles' },
    tiles.map(([id, label, value, note, kind]) =>
      h('div', { class: 'tile tile-' + kind, 'data-testid': 'tile-' + id }, [
        h('dt', null, label),
        h('dd', { class: 'tile-value' }, String(value)),
        h('dd', { class: 'tile-note' }, note),
      ]),
    ),
  );
}
`;
