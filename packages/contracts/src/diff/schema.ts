import { escapePointerToken } from '../json-pointer';
import { type Change, change, type Direction } from './types';

type Schema = { [key: string]: unknown };

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeSet(s: Schema): Set<string> | undefined {
  if (typeof s.type === 'string') return new Set([s.type, ...(s.nullable === true ? ['null'] : [])]);
  if (Array.isArray(s.type)) return new Set(s.type.map(String));
  if ('const' in s)
    return new Set([s.const === null ? 'null' : typeof s.const === 'number' ? 'number' : typeof s.const]);
  return undefined;
}

const variants = (s: Schema): Schema[] | undefined => {
  const v = s.oneOf ?? s.anyOf;
  return Array.isArray(v) ? v.filter(isObj) : undefined;
};

function variantKey(s: Schema, i: number): string {
  const props = isObj(s.properties) ? s.properties : undefined;
  const t = props && isObj(props.type) ? props.type.const : undefined;
  if (typeof t === 'string') return `type=${t}`;
  if (typeof s.$ref === 'string') return s.$ref;
  if (typeof s.title === 'string') return `title=${s.title}`;
  return `#${i}`;
}

/**
 * The decimal-string components generated from `@omnistock/core`'s quantity schemas, and the sign of
 * the values each admits. Their JSON Schemas are the same string pattern: the sign is said only by the
 * component's name (and description), so {@link markDecimalSigns} records the name where a schema
 * refers to one before the documents are dereferenced, and the diff compares it as a constraint.
 */
const DECIMAL_SIGNS: Readonly<Record<string, 'any' | 'nonNegative' | 'positive' | 'nonZero'>> = {
  Decimal: 'any',
  NonNegativeDecimal: 'nonNegative',
  PositiveDecimal: 'positive',
  NonZeroDecimal: 'nonZero',
};
type DecimalSign = (typeof DECIMAL_SIGNS)[string];

/** The (diff-internal) sibling key that carries the decimal component a schema referred to. */
const DECIMAL_KEY = 'x-omnistock-diff-decimal';
const DECIMAL_REF = /^#\/components\/schemas\/([A-Za-z]+)$/;

/** Whether every value sign `a` admits is admitted by sign `b`. */
function admittedBy(a: DecimalSign, b: DecimalSign): boolean {
  return a === b || b === 'any' || (a === 'positive' && (b === 'nonNegative' || b === 'nonZero'));
}

/**
 * A copy of a contract in which every `$ref` to a decimal component (`Decimal`, `NonNegativeDecimal`,
 * `PositiveDecimal`, `NonZeroDecimal`) carries the component's name as a sibling key, so that the
 * name survives dereferencing and a change of sign is seen (their JSON Schemas are identical).
 * @example
 * const o = dereference(markDecimalSigns(oldDoc));
 */
export function markDecimalSigns<T>(doc: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) return node.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    const ref = (node as { $ref?: unknown }).$ref;
    const name = typeof ref === 'string' ? DECIMAL_REF.exec(ref)?.[1] : undefined;
    if (name !== undefined && name in DECIMAL_SIGNS) out[DECIMAL_KEY] = name;
    return out;
  };
  return walk(doc) as T;
}

function compareDecimalSign(o: Schema, n: Schema, p: string, d: Direction, out: Change[]): void {
  const a = o[DECIMAL_KEY];
  const b = n[DECIMAL_KEY];
  if (typeof a !== 'string' || typeof b !== 'string' || a === b) return;
  const [sa, sb] = [DECIMAL_SIGNS[a], DECIMAL_SIGNS[b]];
  if (sa === undefined || sb === undefined) return;
  if (!admittedBy(sb, sa))
    out.push(change(p, 'schema.constraint.loosened', `${a} → ${b}: admits more values`, 'response', d));
  if (!admittedBy(sa, sb))
    out.push(change(p, 'schema.constraint.tightened', `${a} → ${b}: admits fewer values`, 'request', d));
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;

/**
 * Compares two (dereferenced) JSON Schemas and appends every change, classified for the direction
 * the schema travels in. Documentation-only keywords (description, examples, title) are ignored.
 * @example
 * const out: Change[] = [];
 * compareSchemas({ type: 'string' }, { type: 'integer' }, '/s', 'response', out);
 * out[0]?.kind; // 'schema.type.changed'
 */
export function compareSchemas(
  oldS: unknown,
  newS: unknown,
  pointer: string,
  direction: Direction,
  out: Change[],
): void {
  if (!isObj(oldS) || !isObj(newS)) {
    if (oldS === false && newS !== false)
      out.push(change(pointer, 'schema.loosened', 'schema now accepts values', 'response', direction));
    return;
  }
  if (typeof oldS.$ref === 'string' || typeof newS.$ref === 'string') {
    if (oldS.$ref !== newS.$ref)
      out.push(
        change(
          pointer,
          'schema.ref.changed',
          `$ref ${String(oldS.$ref)} → ${String(newS.$ref)}`,
          'always',
          direction,
        ),
      );
    return;
  }
  compareTypes(oldS, newS, pointer, direction, out);
  compareEnum(oldS, newS, pointer, direction, out);
  compareBounds(oldS, newS, pointer, direction, out);
  compareDecimalSign(oldS, newS, pointer, direction, out);
  compareObject(oldS, newS, pointer, direction, out);
  if (isObj(oldS.items) || isObj(newS.items)) {
    compareSchemas(oldS.items ?? {}, newS.items ?? {}, `${pointer}/items`, direction, out);
  }
  compareVariants(oldS, newS, pointer, direction, out);
  if (oldS.deprecated !== true && newS.deprecated === true) {
    out.push(change(pointer, 'schema.deprecated', 'marked deprecated', 'never', direction));
  }
}

function compareTypes(o: Schema, n: Schema, p: string, d: Direction, out: Change[]): void {
  const a = typeSet(o);
  const b = typeSet(n);
  if (!a && !b) return;
  if (!a || !b) {
    out.push(
      a
        ? change(p, 'schema.type.narrowed', `type restricted to ${[...(b ?? [])].join('|')}`, 'request', d)
        : change(p, 'schema.type.widened', `type ${[...a!].join('|')} no longer fixed`, 'response', d),
    );
    return;
  }
  const removed = [...a].filter((t) => !b.has(t) && !(t === 'integer' && b.has('number')));
  const added = [...b].filter((t) => !a.has(t) && !(t === 'integer' && a.has('number')));
  const widenedInt = a.has('integer') && !a.has('number') && b.has('number');
  if (removed.length > 0 && added.length > 0) {
    out.push(change(p, 'schema.type.changed', `type ${[...a].join('|')} → ${[...b].join('|')}`, 'always', d));
  } else if (removed.length > 0) {
    out.push(change(p, 'schema.type.narrowed', `type no longer allows ${removed.join(', ')}`, 'request', d));
  } else if (added.length > 0 || widenedInt) {
    out.push(
      change(p, 'schema.type.widened', `type now also allows ${added.join(', ') || 'number'}`, 'response', d),
    );
  }
  if ('const' in o && 'const' in n && JSON.stringify(o.const) !== JSON.stringify(n.const)) {
    out.push(
      change(
        p,
        'schema.const.changed',
        `const ${JSON.stringify(o.const)} → ${JSON.stringify(n.const)}`,
        'always',
        d,
      ),
    );
  }
}

function compareEnum(o: Schema, n: Schema, p: string, d: Direction, out: Change[]): void {
  const a = Array.isArray(o.enum) ? o.enum.map((v) => JSON.stringify(v)) : undefined;
  const b = Array.isArray(n.enum) ? n.enum.map((v) => JSON.stringify(v)) : undefined;
  if (!a && !b) return;
  if (a && !b) {
    out.push(change(p, 'schema.enum.removed', 'enum restriction removed', 'response', d));
    return;
  }
  if (!a && b) {
    out.push(change(p, 'schema.enum.added', `restricted to ${b.join(', ')}`, 'request', d));
    return;
  }
  const removed = a!.filter((v) => !b!.includes(v));
  const added = b!.filter((v) => !a!.includes(v));
  if (removed.length > 0)
    out.push(change(p, 'schema.enum.narrowed', `enum values removed: ${removed.join(', ')}`, 'request', d));
  if (added.length > 0)
    out.push(change(p, 'schema.enum.widened', `enum values added: ${added.join(', ')}`, 'response', d));
}

function compareBounds(o: Schema, n: Schema, p: string, d: Direction, out: Change[]): void {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  for (const k of LOWER_BOUNDS) {
    const a = num(o[k]);
    const b = num(n[k]);
    if (a === b) continue;
    if (b !== undefined && (a === undefined || b > a))
      out.push(change(p, 'schema.constraint.tightened', `${k} ${a ?? 'none'} → ${b}`, 'request', d));
    else out.push(change(p, 'schema.constraint.loosened', `${k} ${a} → ${b ?? 'none'}`, 'response', d));
  }
  for (const k of UPPER_BOUNDS) {
    const a = num(o[k]);
    const b = num(n[k]);
    if (a === b) continue;
    if (b !== undefined && (a === undefined || b < a))
      out.push(change(p, 'schema.constraint.tightened', `${k} ${a ?? 'none'} → ${b}`, 'request', d));
    else out.push(change(p, 'schema.constraint.loosened', `${k} ${a} → ${b ?? 'none'}`, 'response', d));
  }
  for (const k of ['pattern', 'format'] as const) {
    if (o[k] === n[k]) continue;
    if (n[k] === undefined) out.push(change(p, 'schema.constraint.loosened', `${k} removed`, 'response', d));
    else
      out.push(
        change(
          p,
          'schema.constraint.tightened',
          `${k} ${String(o[k] ?? 'none')} → ${String(n[k])}`,
          'request',
          d,
        ),
      );
  }
}

function compareObject(o: Schema, n: Schema, p: string, d: Direction, out: Change[]): void {
  const op = isObj(o.properties) ? o.properties : {};
  const np = isObj(n.properties) ? n.properties : {};
  const oreq = new Set(Array.isArray(o.required) ? o.required.map(String) : []);
  const nreq = new Set(Array.isArray(n.required) ? n.required.map(String) : []);
  for (const name of Object.keys(op)) {
    const ptr = `${p}/properties/${escapePointerToken(name)}`;
    if (!(name in np)) {
      out.push(change(ptr, 'schema.property.removed', `property ${name} removed`, 'always', d));
      continue;
    }
    if (!oreq.has(name) && nreq.has(name))
      out.push(change(ptr, 'schema.required.added', `property ${name} became required`, 'request', d));
    if (oreq.has(name) && !nreq.has(name))
      out.push(change(ptr, 'schema.required.removed', `property ${name} became optional`, 'response', d));
    compareSchemas(op[name], np[name], ptr, d, out);
  }
  for (const name of Object.keys(np)) {
    if (name in op) continue;
    const ptr = `${p}/properties/${escapePointerToken(name)}`;
    if (nreq.has(name))
      out.push(
        change(ptr, 'schema.property.added.required', `required property ${name} added`, 'request', d),
      );
    else out.push(change(ptr, 'schema.property.added', `optional property ${name} added`, 'never', d));
  }
  const closed = (s: Schema) => s.additionalProperties === false;
  if (!closed(o) && closed(n) && (Object.keys(op).length > 0 || o.type === 'object')) {
    out.push(
      change(
        p,
        'schema.additionalProperties.closed',
        'additional properties no longer allowed',
        'request',
        d,
      ),
    );
  } else if (closed(o) && !closed(n)) {
    out.push(
      change(p, 'schema.additionalProperties.opened', 'additional properties now allowed', 'response', d),
    );
  } else if (isObj(o.additionalProperties) && isObj(n.additionalProperties)) {
    compareSchemas(o.additionalProperties, n.additionalProperties, `${p}/additionalProperties`, d, out);
  }
}

function compareVariants(o: Schema, n: Schema, p: string, d: Direction, out: Change[]): void {
  const a = variants(o);
  const b = variants(n);
  if (!a || !b) return;
  const key = o.oneOf ? 'oneOf' : 'anyOf';
  const bKeys = b.map(variantKey);
  const aKeys = a.map(variantKey);
  a.forEach((v, i) => {
    const j = bKeys.indexOf(aKeys[i] ?? '');
    if (j < 0)
      out.push(
        change(`${p}/${key}/${i}`, 'schema.variant.removed', `variant ${aKeys[i]} removed`, 'request', d),
      );
    else compareSchemas(v, b[j], `${p}/${key}/${j}`, d, out);
  });
  b.forEach((_, j) => {
    if (!aKeys.includes(bKeys[j] ?? ''))
      out.push(
        change(`${p}/${key}/${j}`, 'schema.variant.added', `variant ${bKeys[j]} added`, 'response', d),
      );
  });
}
