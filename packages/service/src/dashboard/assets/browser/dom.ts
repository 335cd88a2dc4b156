import { js } from './js';

/**
 * Browser code: DOM builders. Every piece of data reaches the page as a text node or an attribute
 * value set through the DOM API, never as markup, so event payloads (user input) cannot inject HTML.
 */
export const domJs = js`
const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const name of Object.keys(attrs)) {
    const value = attrs[name];
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el, children) {
  if (children === undefined || children === null || children === false) return;
  if (Array.isArray(children)) {
    for (const child of children) append(el, child);
    return;
  }
  el.appendChild(typeof children === 'object' ? children : document.createTextNode(String(children)));
}

/** An HTML element: h('td', { class: 'num' }, ['3']). */
function h(tag, attrs, children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element. */
function svg(tag, attrs, children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function byId(id) {
  return document.getElementById(id);
}

/** A table with a caption, th headers (scope=col) and the given rows (arrays of cells or <tr>s). */
function table(testid, caption, headers, rows) {
  const head = h(
    'thead',
    null,
    h(
      'tr',
      null,
      headers.map((label) => h('th', { scope: 'col' }, label)),
    ),
  );
  const body = h(
    'tbody',
    null,
    rows.map((row) => (Array.isArray(row) ? h('tr', null, row) : row)),
  );
  return h('table', { 'data-testid': testid }, [caption ? h('caption', null, caption) : null, head, body]);
}

function empty(testid, text) {
  return h('p', { class: 'empty', 'data-testid': testid }, text);
}

function badge(kind, text) {
  return h('span', { class: 'badge badge-' + kind }, text);
}

/**
 * Replaces a container's content only when its data changed, in one synchronous swap: refreshes
 * never flash an empty panel and never disturb a panel that did not change.
 */
function renderInto(container, data, build) {
  const signature = JSON.stringify(data);
  if (container.dataset.signature === signature) return;
  container.dataset.signature = signature;
  container.replaceChildren(build(data));
}
`;
