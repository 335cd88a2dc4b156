import { escapePointerToken as esc } from '../json-pointer';
import { dereference } from '../refs';
import type { SpecDocument } from '../spec-io';
import { compareSchemas, markDecimalSigns } from './schema';
import { type Change, change } from './types';

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Param {
  readonly key: string;
  readonly pointer: string;
  readonly value: Obj;
}

function params(pathItem: Obj, op: Obj, opPointer: string, pathPointer: string): Map<string, Param> {
  const out = new Map<string, Param>();
  const add = (list: unknown, base: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      if (!isObj(p)) return;
      const name = p.in === 'header' ? String(p.name).toLowerCase() : String(p.name);
      out.set(`${String(p.in)}:${name}`, {
        key: `${String(p.in)} ${String(p.name)}`,
        pointer: `${base}/parameters/${i}`,
        value: p,
      });
    });
  };
  add(pathItem.parameters, pathPointer);
  add(op.parameters, opPointer);
  return out;
}

function securityOf(doc: Obj, op: Obj): Map<string, Set<string>> {
  const reqs = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  const out = new Map<string, Set<string>>();
  for (const r of reqs) {
    for (const [scheme, scopes] of Object.entries(obj(r))) {
      out.set(scheme, new Set(Array.isArray(scopes) ? scopes.map(String) : []));
    }
  }
  return out;
}

/**
 * Every change between two OpenAPI documents, classified (see {@link Change}). Both are
 * dereferenced first, so a change inside a shared component is reported at each place it is used.
 * @example
 * const changes = diffOpenApi(oldDoc, newDoc);
 * changes.filter((c) => c.classification === 'breaking');
 */
export function diffOpenApi(oldDoc: SpecDocument, newDoc: SpecDocument): Change[] {
  const o = dereference(markDecimalSigns(oldDoc)) as Obj;
  const n = dereference(markDecimalSigns(newDoc)) as Obj;
  const out: Change[] = [];
  const op = obj(o.paths);
  const np = obj(n.paths);
  for (const [path, oldItemRaw] of Object.entries(op)) {
    const oldItem = obj(oldItemRaw);
    const newItem = isObj(np[path]) ? np[path] : undefined;
    const pathPtr = `/paths/${esc(path)}`;
    for (const m of METHODS) {
      const oldOp = oldItem[m];
      if (!isObj(oldOp)) continue;
      const newOp = newItem?.[m];
      if (!isObj(newOp)) {
        out.push(
          change(
            `${pathPtr}/${m}`,
            'operation.removed',
            `${m.toUpperCase()} ${path} removed`,
            'always',
            'both',
          ),
        );
        continue;
      }
      compareOperation(o, n, oldItem, newItem!, oldOp, newOp, pathPtr, m, path, out);
    }
  }
  for (const [path, newItemRaw] of Object.entries(np)) {
    for (const m of METHODS) {
      if (isObj(obj(newItemRaw)[m]) && !isObj(obj(op[path])[m])) {
        out.push(
          change(
            `/paths/${esc(path)}/${m}`,
            'operation.added',
            `${m.toUpperCase()} ${path} added`,
            'never',
            'both',
          ),
        );
      }
    }
  }
  const os = obj(obj(o.components).securitySchemes);
  const ns = obj(obj(n.components).securitySchemes);
  for (const [name, s] of Object.entries(os)) {
    const ptr = `/components/securitySchemes/${esc(name)}`;
    const t = ns[name];
    if (!isObj(t))
      out.push(change(ptr, 'securityScheme.removed', `security scheme ${name} removed`, 'always', 'both'));
    else if (['type', 'in', 'name', 'scheme'].some((k) => obj(s)[k] !== t[k])) {
      out.push(change(ptr, 'securityScheme.changed', `security scheme ${name} changed`, 'always', 'both'));
    }
  }
  return out;
}

function compareOperation(
  o: Obj,
  n: Obj,
  oldItem: Obj,
  newItem: Obj,
  oldOp: Obj,
  newOp: Obj,
  pathPtr: string,
  m: string,
  path: string,
  out: Change[],
): void {
  const ptr = `${pathPtr}/${m}`;
  const what = `${m.toUpperCase()} ${path}`;
  if (oldOp.operationId !== newOp.operationId) {
    out.push(
      change(
        `${ptr}/operationId`,
        'operation.id.changed',
        `${what}: operationId ${String(oldOp.operationId)} → ${String(newOp.operationId)}`,
        'always',
        'both',
      ),
    );
  }
  if (oldOp.deprecated !== true && newOp.deprecated === true) {
    out.push(change(`${ptr}/deprecated`, 'operation.deprecated', `${what} deprecated`, 'never', 'both'));
  }
  // Parameters
  const op = params(oldItem, oldOp, ptr, pathPtr);
  const np = params(newItem, newOp, ptr, pathPtr);
  for (const [k, p] of op) {
    const q = np.get(k);
    if (!q) {
      out.push(
        change(p.pointer, 'parameter.removed', `${what}: parameter ${p.key} removed`, 'always', 'request'),
      );
      continue;
    }
    if (p.value.required !== true && q.value.required === true) {
      out.push(
        change(
          q.pointer,
          'parameter.required.added',
          `${what}: parameter ${q.key} became required`,
          'request',
          'request',
        ),
      );
    }
    if (p.value.required === true && q.value.required !== true) {
      out.push(
        change(
          q.pointer,
          'parameter.required.removed',
          `${what}: parameter ${q.key} became optional`,
          'never',
          'request',
        ),
      );
    }
    compareSchemas(p.value.schema, q.value.schema, `${q.pointer}/schema`, 'request', out);
  }
  for (const [k, q] of np) {
    if (op.has(k)) continue;
    out.push(
      q.value.required === true
        ? change(
            q.pointer,
            'parameter.added.required',
            `${what}: required parameter ${q.key} added`,
            'request',
            'request',
          )
        : change(
            q.pointer,
            'parameter.added',
            `${what}: optional parameter ${q.key} added`,
            'never',
            'request',
          ),
    );
  }
  // Request body
  const ob = isObj(oldOp.requestBody) ? oldOp.requestBody : undefined;
  const nb = isObj(newOp.requestBody) ? newOp.requestBody : undefined;
  const bptr = `${ptr}/requestBody`;
  if (ob && !nb)
    out.push(change(bptr, 'request.body.removed', `${what}: request body removed`, 'always', 'request'));
  else if (!ob && nb) {
    out.push(
      nb.required === true
        ? change(
            bptr,
            'request.body.added.required',
            `${what}: required request body added`,
            'request',
            'request',
          )
        : change(bptr, 'request.body.added', `${what}: optional request body added`, 'never', 'request'),
    );
  } else if (ob && nb) {
    if (ob.required !== true && nb.required === true) {
      out.push(
        change(
          `${bptr}/required`,
          'request.body.required.added',
          `${what}: request body became required`,
          'request',
          'request',
        ),
      );
    }
    compareContent(obj(ob.content), obj(nb.content), `${bptr}/content`, 'request', what, out);
  }
  // Responses
  const or = obj(oldOp.responses);
  const nr = obj(newOp.responses);
  for (const [code, r] of Object.entries(or)) {
    const rptr = `${ptr}/responses/${esc(code)}`;
    const s = nr[code];
    if (!isObj(s)) {
      out.push(change(rptr, 'response.removed', `${what}: response ${code} removed`, 'always', 'response'));
      continue;
    }
    compareContent(obj(obj(r).content), obj(s.content), `${rptr}/content`, 'response', what, out);
    const oh = obj(obj(r).headers);
    const nh = obj(s.headers);
    for (const h of Object.keys(oh)) {
      const hptr = `${rptr}/headers/${esc(h)}`;
      if (!(h in nh))
        out.push(
          change(
            hptr,
            'response.header.removed',
            `${what}: response ${code} header ${h} removed`,
            'always',
            'response',
          ),
        );
      else compareSchemas(obj(oh[h]).schema, obj(nh[h]).schema, `${hptr}/schema`, 'response', out);
    }
    for (const h of Object.keys(nh)) {
      if (!(h in oh))
        out.push(
          change(
            `${rptr}/headers/${esc(h)}`,
            'response.header.added',
            `${what}: response ${code} header ${h} added`,
            'never',
            'response',
          ),
        );
    }
  }
  for (const code of Object.keys(nr)) {
    if (!(code in or)) {
      out.push(
        change(
          `${ptr}/responses/${esc(code)}`,
          'response.added',
          `${what}: response ${code} added`,
          'never',
          'response',
        ),
      );
    }
  }
  // Security
  const os = securityOf(o, oldOp);
  const ns = securityOf(n, newOp);
  for (const [scheme, scopes] of ns) {
    const before = os.get(scheme);
    if (!before) {
      out.push(
        change(`${ptr}/security`, 'security.added', `${what}: now requires ${scheme}`, 'always', 'request'),
      );
      continue;
    }
    const added = [...scopes].filter((s) => !before.has(s));
    if (added.length > 0) {
      out.push(
        change(
          `${ptr}/security`,
          'security.scope.added',
          `${what}: now requires ${scheme} roles ${added.join(', ')}`,
          'always',
          'request',
        ),
      );
    }
  }
  for (const scheme of os.keys()) {
    if (!ns.has(scheme))
      out.push(
        change(
          `${ptr}/security`,
          'security.removed',
          `${what}: no longer requires ${scheme}`,
          'never',
          'request',
        ),
      );
  }
}

function compareContent(
  oc: Obj,
  nc: Obj,
  ptr: string,
  direction: 'request' | 'response',
  what: string,
  out: Change[],
): void {
  for (const [type, media] of Object.entries(oc)) {
    const mptr = `${ptr}/${esc(type)}`;
    if (!(type in nc)) {
      out.push(
        change(
          mptr,
          `${direction}.mediaType.removed`,
          `${what}: ${direction} media type ${type} removed`,
          'always',
          direction,
        ),
      );
      continue;
    }
    compareSchemas(obj(media).schema, obj(nc[type]).schema, `${mptr}/schema`, direction, out);
  }
  for (const type of Object.keys(nc)) {
    if (!(type in oc))
      out.push(
        change(
          `${ptr}/${esc(type)}`,
          `${direction}.mediaType.added`,
          `${what}: ${direction} media type ${type} added`,
          'never',
          direction,
        ),
      );
  }
}
