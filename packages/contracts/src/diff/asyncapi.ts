import { escapePointerToken as esc } from '../json-pointer';
import { dereference } from '../refs';
import type { SpecDocument } from '../spec-io';
import { compareSchemas, markDecimalSigns } from './schema';
import { type Change, change, type Direction } from './types';

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});

/**
 * The direction each channel's messages travel, from the operations that use it: a channel the
 * application `receive`s is written by producers (request direction); one it `send`s is read by
 * consumers (response direction); both or neither → `both`.
 */
function channelDirections(raw: SpecDocument): Map<string, Direction> {
  const actions = new Map<string, Set<string>>();
  for (const op of Object.values(obj(raw.operations))) {
    const ref = obj(obj(op).channel).$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/channels/')) continue;
    const name = ref.slice('#/channels/'.length).replaceAll('~1', '/').replaceAll('~0', '~');
    const set = actions.get(name) ?? new Set<string>();
    set.add(String(obj(op).action));
    actions.set(name, set);
  }
  const out = new Map<string, Direction>();
  for (const [name, set] of actions) {
    out.set(name, set.size === 1 ? (set.has('receive') ? 'request' : 'response') : 'both');
  }
  return out;
}

/**
 * Every change between two AsyncAPI 3 documents, classified. Messages are compared per channel,
 * in the direction the channel's operations give them.
 * @example
 * const changes = diffAsyncApi(oldDoc, newDoc);
 */
export function diffAsyncApi(oldDoc: SpecDocument, newDoc: SpecDocument): Change[] {
  const oldDirs = channelDirections(oldDoc);
  const newDirs = channelDirections(newDoc);
  const o = dereference(markDecimalSigns(oldDoc)) as Obj;
  const n = dereference(markDecimalSigns(newDoc)) as Obj;
  const out: Change[] = [];
  const oc = obj(o.channels);
  const nc = obj(n.channels);
  for (const [name, chRaw] of Object.entries(oc)) {
    const ptr = `/channels/${esc(name)}`;
    const ch = obj(chRaw);
    const nch = nc[name];
    if (!isObj(nch)) {
      out.push(change(ptr, 'channel.removed', `channel ${name} removed`, 'always', 'both'));
      continue;
    }
    if (ch.address !== nch.address) {
      out.push(
        change(
          `${ptr}/address`,
          'channel.address.changed',
          `channel ${name}: address ${String(ch.address)} → ${String(nch.address)}`,
          'always',
          'both',
        ),
      );
    }
    const a = oldDirs.get(name) ?? 'both';
    const b = newDirs.get(name) ?? 'both';
    const direction: Direction = a === b ? a : 'both';
    const om = obj(ch.messages);
    const nm = obj(nch.messages);
    for (const [mname, msg] of Object.entries(om)) {
      const mptr = `${ptr}/messages/${esc(mname)}`;
      const nmsg = nm[mname];
      if (!isObj(nmsg)) {
        out.push(
          change(mptr, 'message.removed', `channel ${name}: message ${mname} removed`, 'always', 'both'),
        );
        continue;
      }
      const m = obj(msg);
      if ((m.contentType ?? null) !== (nmsg.contentType ?? null)) {
        out.push(
          change(
            `${mptr}/contentType`,
            'message.contentType.changed',
            `message ${mname}: content type changed`,
            'always',
            'both',
          ),
        );
      }
      compareSchemas(
        payloadSchema(m.payload),
        payloadSchema(nmsg.payload),
        `${mptr}/payload`,
        direction,
        out,
      );
      if (isObj(m.headers) || isObj(nmsg.headers)) {
        compareSchemas(
          payloadSchema(m.headers) ?? {},
          payloadSchema(nmsg.headers) ?? {},
          `${mptr}/headers`,
          direction,
          out,
        );
      }
    }
    for (const mname of Object.keys(nm)) {
      if (!(mname in om))
        out.push(
          change(
            `${ptr}/messages/${esc(mname)}`,
            'message.added',
            `channel ${name}: message ${mname} added`,
            'never',
            'both',
          ),
        );
    }
  }
  for (const name of Object.keys(nc)) {
    if (!(name in oc))
      out.push(change(`/channels/${esc(name)}`, 'channel.added', `channel ${name} added`, 'never', 'both'));
  }
  const oo = obj(oldDoc.operations);
  const no = obj(newDoc.operations);
  for (const [id, opRaw] of Object.entries(oo)) {
    const ptr = `/operations/${esc(id)}`;
    const op = obj(opRaw);
    const nop = no[id];
    if (!isObj(nop)) {
      out.push(change(ptr, 'operation.removed', `operation ${id} removed`, 'always', 'both'));
      continue;
    }
    if (op.action !== nop.action) {
      out.push(
        change(
          `${ptr}/action`,
          'operation.action.changed',
          `operation ${id}: ${String(op.action)} → ${String(nop.action)}`,
          'always',
          'both',
        ),
      );
    }
    if (obj(op.channel).$ref !== obj(nop.channel).$ref) {
      out.push(
        change(
          `${ptr}/channel`,
          'operation.channel.changed',
          `operation ${id}: channel changed`,
          'always',
          'both',
        ),
      );
    }
  }
  for (const id of Object.keys(no)) {
    if (!(id in oo))
      out.push(change(`/operations/${esc(id)}`, 'operation.added', `operation ${id} added`, 'never', 'both'));
  }
  return out;
}

/** A message payload may be a schema or a multi-format schema object `{ schemaFormat, schema }`. */
function payloadSchema(p: unknown): unknown {
  return isObj(p) && typeof p.schemaFormat === 'string' && 'schema' in p ? p.schema : p;
}
