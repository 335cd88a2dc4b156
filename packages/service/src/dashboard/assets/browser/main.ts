import { js } from './js';

/**
 * Browser code: start-up (key from the fragment, session storage or the form), the refresh loop
 * (every 5 s, one request round at a time, paused while the tab is hidden) and the header controls.
 */
export const mainJs = js`
const REFRESH_MS = 5000;
const state = {
  key: '',
  catalog: null,
  sku: '',
  channel: '',
  timer: 0,
  active: false,
  paused: false,
  running: false,
  again: false,
  force: false,
};

function showKeyForm(problem) {
  state.active = false;
  clearTimeout(state.timer);
  byId('dashboard').hidden = true;
  byId('controls').hidden = true;
  byId('key-panel').hidden = false;
  byId('key-error').replaceChildren(problem ? problemBox('key-problem', problem) : '');
  byId('key-input').focus();
}

function start(key) {
  state.key = key;
  storeKey(key);
  state.active = true;
  byId('key-panel').hidden = true;
  byId('dashboard').hidden = false;
  byId('controls').hidden = false;
  refresh(true);
}

function schedule() {
  clearTimeout(state.timer);
  if (state.active && !state.paused) state.timer = setTimeout(refresh, REFRESH_MS);
}

function renderOverview(o) {
  renderInto(byId('tiles'), o, buildTiles);
  renderInto(byId('freshness'), o.sources, buildFreshness);
  renderInto(byId('dead-letters'), o.deadLetters, buildDeadLetters);
  renderInto(byId('oversold'), o.oversold, buildOversold);
  renderInto(byId('reconciliation'), o.reconciliation, buildReconciliation);
  renderInto(byId('reservations'), o.reservations, buildReservations);
  syncPickers(o.catalog);
}

/** One round: the overview, then quarantine and the per-sku view. "force" reloads the per-sku view too. */
async function refresh(force) {
  if (!state.active) return;
  state.force = state.force || force === true;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  const forced = state.force;
  state.force = false;
  clearTimeout(state.timer);
  document.body.setAttribute('aria-busy', 'true');
  try {
    let overview;
    try {
      overview = await api('GET', 'ops/overview');
    } catch (problem) {
      if (problem && (problem.status === 401 || problem.status === 403)) showKeyForm(problem);
      else byId('error-banner').replaceChildren(problemBox('overview-problem', problem));
      return;
    }
    byId('error-banner').replaceChildren();
    renderOverview(overview);
    await Promise.all([loadQuarantine(overview.quarantine.size), forced || skuDue() ? loadSku() : null]);
    byId('updated').textContent =
      'Updated ' +
      clock(new Date()) +
      (state.paused ? ' · auto-refresh paused' : ' · refreshes every ' + REFRESH_MS / 1000 + ' s');
    document.body.dataset.loaded = 'true';
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  } finally {
    document.body.removeAttribute('aria-busy');
    state.running = false;
    if (state.again) {
      state.again = false;
      refresh();
    } else schedule();
  }
}

function refreshNow() {
  refresh(true);
}

function boot() {
  byId('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('key-input');
    const key = input.value.trim();
    input.value = '';
    if (key) start(key);
  });
  byId('forget-key').addEventListener('click', () => {
    storeKey('');
    state.key = '';
    showKeyForm(null);
  });
  byId('refresh-now').addEventListener('click', refreshNow);
  byId('pause').addEventListener('click', (event) => {
    state.paused = !state.paused;
    event.currentTarget.setAttribute('aria-pressed', String(state.paused));
    event.currentTarget.textContent = state.paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
    refreshNow();
  });
  byId('sku-form').addEventListener('submit', (event) => event.preventDefault());
  for (const id of ['sku-select', 'channel-select']) {
    byId(id).addEventListener('change', () => {
      state.sku = byId('sku-select').value;
      state.channel = byId('channel-select').value;
      loadSku();
    });
  }
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) clearTimeout(state.timer);
    else refreshNow();
  });
  window.addEventListener('hashchange', () => {
    const key = keyFromFragment();
    if (key) start(key);
  });
  const key = keyFromFragment() || storedKey();
  if (key) start(key);
  else showKeyForm(null);
}

boot();
`;
