import { js } from './js';

/**
 * Browser code: the quarantine list with a re-submit action per entry, as is or with an edited JSON
 * event. Rows are keyed by entry id and only changed rows are rebuilt, so an open editor survives
 * auto-refresh with its text, caret and focus.
 */
export const quarantineJs = js`
const quarantine = { items: [], rows: new Map(), editing: new Map(), busy: new Set(), view: null };

function quarantineView() {
  if (quarantine.view) return quarantine.view;
  const tbody = h('tbody');
  const headers = ['Entry', 'Received', 'Source', 'Event', 'Reason', 'Re-submissions', 'Actions'];
  const tableEl = h('table', { 'data-testid': 'quarantine-table' }, [
    h('caption', { id: 'quarantine-caption' }, ''),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((x) => h('th', { scope: 'col' }, x)),
      ),
    ),
    tbody,
  ]);
  const emptyEl = empty('quarantine-empty', 'Quarantine is empty: every event was applied.');
  byId('quarantine-list').replaceChildren(emptyEl, tableEl);
  quarantine.view = { tbody: tbody, table: tableEl, empty: emptyEl };
  return quarantine.view;
}

function reasonText(reason) {
  if (!reason) return 'no reason given';
  const at =
    Array.isArray(reason.path) && reason.path.length > 0 ? ' (at ' + reason.path.join('.') + ')' : '';
  return str(reason.code) + ': ' + str(reason.message) + at;
}

function setOutcome(kind, text) {
  const el = byId('quarantine-outcome');
  el.className = 'outcome outcome-' + kind;
  el.dataset.outcome = kind;
  el.textContent = text;
}

function quarantineRow(e) {
  const id = String(e.quarantineId);
  const ev = e.event && typeof e.event === 'object' ? e.event : {};
  const reason = e.reason || {};
  const path =
    Array.isArray(reason.path) && reason.path.length > 0
      ? h('div', { class: 'muted' }, 'at ' + reason.path.join('.'))
      : null;
  const editing = quarantine.editing.has(id);
  return h('tr', { 'data-testid': 'quarantine-row', 'data-quarantine-id': id }, [
    h('th', { scope: 'row' }, h('code', null, id)),
    h('td', null, when(e.receivedAt)),
    h('td', null, str(e.source || ev.source)),
    h('td', null, [
      h('code', null, str(e.eventId || ev.id)),
      h('div', { class: 'muted' }, str(ev.type)),
      h('details', null, [
        h('summary', null, 'Event JSON'),
        h('pre', { 'data-testid': 'quarantine-event' }, JSON.stringify(e.event, null, 2)),
      ]),
    ]),
    h('td', null, [
      badge('warn', str(reason.code)),
      ' ',
      h('span', { 'data-testid': 'quarantine-reason' }, str(reason.message)),
      path,
    ]),
    h('td', { class: 'num' }, str(e.resubmissions)),
    h('td', { class: 'actions' }, [
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'quarantine-resubmit',
          'aria-label': 'Re-submit entry ' + id + ' as is',
          onclick: () => resubmit(id, false),
        },
        'Re-submit',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-testid': 'quarantine-edit',
          'aria-expanded': editing ? 'true' : 'false',
          'aria-controls': 'q-editor-' + id,
          'aria-label': editing
            ? 'Close editor of entry ' + id
            : 'Edit the event of entry ' + id + ' and re-submit it',
          onclick: () => toggleEditor(id),
        },
        editing ? 'Close editor' : 'Edit…',
      ),
    ]),
  ]);
}

function editorRow(id) {
  const area = h('textarea', {
    id: 'q-text-' + id,
    rows: 14,
    spellcheck: 'false',
    'data-testid': 'quarantine-editor',
  });
  area.value = quarantine.editing.get(id) || '';
  area.addEventListener('input', () => quarantine.editing.set(id, area.value));
  return h('tr', { class: 'editor-row', id: 'q-editor-' + id, 'data-testid': 'quarantine-editor-row' }, [
    h('td', { colspan: 7 }, [
      h('label', { for: 'q-text-' + id }, 'Corrected event for entry ' + id + ' (CloudEvents JSON)'),
      area,
      h('div', { class: 'editor-actions' }, [
        h(
          'button',
          {
            type: 'button',
            'data-testid': 'quarantine-resubmit-edited',
            'aria-label': 'Re-submit edited event of entry ' + id,
            onclick: () => resubmit(id, true),
          },
          'Re-submit edited event',
        ),
        h('button', { type: 'button', class: 'secondary', onclick: () => toggleEditor(id) }, 'Cancel'),
      ]),
    ]),
  ]);
}

function toggleEditor(id) {
  const entry = quarantine.items.find((e) => String(e.quarantineId) === id);
  if (quarantine.editing.has(id) || !entry) quarantine.editing.delete(id);
  else quarantine.editing.set(id, JSON.stringify(entry.event, null, 2));
  const cached = quarantine.rows.get(id);
  if (cached) cached.signature = '';
  renderQuarantine(quarantine.items);
  const area = byId('q-text-' + id);
  if (area) area.focus();
}

function renderQuarantine(items) {
  quarantine.items = items;
  const view = quarantineView();
  view.empty.hidden = items.length > 0;
  view.table.hidden = items.length === 0;
  const wanted = [];
  const seen = new Set();
  for (const e of items) {
    const id = String(e.quarantineId);
    seen.add(id);
    const signature = JSON.stringify(e);
    let cached = quarantine.rows.get(id);
    if (!cached) cached = { signature: '', row: null, editor: null };
    if (cached.signature !== signature)
      cached = { signature: signature, row: quarantineRow(e), editor: cached.editor };
    if (quarantine.editing.has(id) && !cached.editor) cached.editor = editorRow(id);
    if (!quarantine.editing.has(id)) cached.editor = null;
    quarantine.rows.set(id, cached);
    wanted.push(cached.row);
    if (cached.editor) wanted.push(cached.editor);
  }
  for (const id of Array.from(quarantine.rows.keys())) {
    if (!seen.has(id)) {
      quarantine.rows.delete(id);
      quarantine.editing.delete(id);
    }
  }
  wanted.forEach((node, i) => {
    if (view.tbody.children[i] !== node) view.tbody.insertBefore(node, view.tbody.children[i] || null);
  });
  while (view.tbody.children.length > wanted.length) view.tbody.lastElementChild.remove();
  for (const id of quarantine.busy) setBusy(id, true);
}

function setBusy(id, busy) {
  const cached = quarantine.rows.get(id);
  if (!cached) return;
  for (const root of [cached.row, cached.editor]) {
    if (root) for (const b of root.querySelectorAll('button')) b.disabled = busy;
  }
}

async function resubmit(id, edited) {
  if (quarantine.busy.has(id)) return;
  let body = {};
  if (edited) {
    try {
      body = { event: JSON.parse(quarantine.editing.get(id) || '') };
    } catch (err) {
      setOutcome('error', 'The edited event of entry ' + id + ' is not valid JSON: ' + err.message);
      return;
    }
  }
  quarantine.busy.add(id);
  setBusy(id, true);
  setOutcome('info', 'Re-submitting entry ' + id + '…');
  try {
    const result = await api('POST', 'v1/quarantine/' + encodeURIComponent(id) + '/resubmit', body);
    if (result && (result.status === 'accepted' || result.status === 'duplicate')) {
      quarantine.editing.delete(id);
      setOutcome('ok', 'Entry ' + id + ' re-submitted: ' + result.status + '. It left quarantine.');
      byId('quarantine-outcome').focus();
    } else {
      setOutcome('warn', 'Entry ' + id + ' is still quarantined. ' + reasonText(result?.reason));
    }
  } catch (problem) {
    setOutcome('error', 'Re-submitting entry ' + id + ' failed: ' + problemText(problem));
  } finally {
    quarantine.busy.delete(id);
    setBusy(id, false);
    refreshNow();
  }
}

async function loadQuarantine(size) {
  const errorEl = byId('quarantine-error');
  try {
    const page = await api('GET', 'v1/quarantine?' + query({ limit: 100 }));
    const items = page && Array.isArray(page.items) ? page.items : [];
    errorEl.replaceChildren();
    renderQuarantine(items);
    const total = Math.max(size, items.length);
    byId('quarantine-caption').textContent =
      total > items.length
        ? 'Newest ' + items.length + ' of ' + total + ' entries'
        : items.length + (items.length === 1 ? ' entry' : ' entries') + ', newest first';
  } catch (problem) {
    errorEl.replaceChildren(problemBox('quarantine-problem', problem));
  }
}
`;
