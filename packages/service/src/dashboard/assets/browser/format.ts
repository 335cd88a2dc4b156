import { js } from './js';

/** Browser code: durations, timestamps and staleness classes. */
export const formatJs = js`
/** Freshness thresholds of the chart (seconds): fresh up to 5 min, ageing up to 1 h, then stale. */
const FRESH_SECONDS = 300;
const AGEING_SECONDS = 3600;

function staleness(seconds) {
  if (seconds <= FRESH_SECONDS) return 'fresh';
  if (seconds <= AGEING_SECONDS) return 'ageing';
  return 'stale';
}

function duration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '−' : '';
  let s = Math.round(Math.abs(seconds));
  if (s < 60) return sign + s + ' s';
  const units = [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ];
  const parts = [];
  for (const [name, size] of units) {
    if (s >= size && parts.length < 2) {
      parts.push(Math.floor(s / size) + ' ' + name);
      s %= size;
    } else if (parts.length > 0) break;
  }
  return sign + parts.join(' ');
}

/** An ISO timestamp as "2026-12-04 09:00:00Z" (UTC, seconds), in a <time> element. */
function when(iso) {
  if (typeof iso !== 'string' || iso === '') return '–';
  const d = new Date(iso);
  const text = Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
  return h('time', { datetime: iso }, text);
}

function clock(date) {
  return date.toISOString().slice(11, 19) + 'Z';
}

function str(value) {
  return value === undefined || value === null ? '' : String(value);
}
`;
