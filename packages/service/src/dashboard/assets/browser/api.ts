import { js } from './js';

/**
 * Browser code: the admin key (URL fragment or form → sessionStorage) and calls to the service with
 * `X-Api-Key`. A failed call rejects with the RFC 9457 problem document's title, detail and code.
 */
export const apiJs = js`
const KEY_STORAGE = 'omnistock.dashboard.apiKey';

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  } catch {
    return '';
  }
}

function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage may be disabled; the key then lives for this page only.
  }
}

/** Takes "#key=…" from the URL and removes it from the address bar (and so from history). */
function keyFromFragment() {
  const m = /(?:^#|[#&])key=([^&]*)/.exec(location.hash);
  if (!m) return '';
  history.replaceState(null, '', location.pathname + location.search);
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function problemFrom(status, doc, fallback) {
  const p = doc && typeof doc === 'object' ? doc : {};
  return {
    status: status,
    title: typeof p.title === 'string' ? p.title : fallback,
    detail: typeof p.detail === 'string' ? p.detail : '',
    code: typeof p.code === 'string' ? p.code : '',
  };
}

/** GET or POST a path relative to the page; resolves to the parsed JSON body. */
async function api(method, path, body) {
  const headers = { 'X-Api-Key': state.key, Accept: 'application/json, application/problem+json' };
  const init = { method: method, headers: headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw problemFrom(0, null, 'The service is unreachable');
  }
  const text = await res.text();
  let doc = null;
  try {
    doc = text ? JSON.parse(text) : null;
  } catch {
    doc = null;
  }
  if (res.ok) return doc;
  throw problemFrom(res.status, doc, 'HTTP ' + res.status + ' ' + res.statusText);
}

function query(params) {
  return Object.keys(params)
    .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(params[k]))
    .join('&');
}

/** A problem as one line: "Title — detail (CODE)". */
function problemText(problem) {
  if (!problem || typeof problem !== 'object') return String(problem);
  if (problem instanceof Error) return problem.message;
  return (
    str(problem.title) +
    (problem.detail ? ' — ' + problem.detail : '') +
    (problem.code ? ' (' + problem.code + ')' : '')
  );
}

function problemBox(testid, problem) {
  return h('p', { class: 'problem', role: 'alert', 'data-testid': testid }, problemText(problem));
}
`;
