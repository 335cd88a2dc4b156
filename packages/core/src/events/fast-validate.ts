import { EventSchemas, EVENT_TYPES, type EventType, type OmnistockEvent } from './registry';

/**
 * The fast path of {@link parseEvent}: a validator for well-formed events that skips zod's
 * per-field payload/issue machinery. It is not a second copy of the event shapes. It is compiled
 * once per event type from the zod schema itself (`EventSchemas[type]`): the keys, which are
 * optional, strict or catch-all objects, unions, enums, literals and arrays come from the schema
 * tree; length and pattern checks read their limits and regexes from the schema's check
 * definitions; every other check (the quantity checks, the `.refine`s, integer formats) is zod's own
 * check function run on the value. Only zod's base type tests (`typeof`, `Array.isArray`, set
 * membership) and the meaning of length/pattern checks are restated here. Object nodes are emitted
 * as straight-line code where code generation is allowed (as zod's own JIT does), else a loop.
 *
 * It answers "valid, and here is exactly what zod would return" or "not sure": any deviation,
 * any schema construct it does not know (transforms, defaults, coercion, async checks, …), an
 * `undefined` value, an unusual prototype, a thrown error: all are "not sure", and `parseEvent`
 * then runs the full zod parse, so error codes, paths and messages are zod's. It never weakens
 * validation: it can only accept what every check accepts.
 *
 * What keeps the two paths equal is the property test `fast-validate.prop.test.ts`: ≥ 1,000 runs of
 * valid and mutated events (wrong types, missing and extra fields, bad quantities, timestamps and
 * ids, subject mismatches, …) asserting `parseEvent` ≡ the pure zod path, value and key order
 * included. Change a schema and that test tells you if this interpreter needs to learn something.
 */

/** "Not sure": fall back to zod. */
const NO: unique symbol = Symbol('fast-validate: not sure');
type Out = unknown;
/** A compiled schema: the value zod would output, or {@link NO}. */
type Node = (value: unknown) => Out | typeof NO;

/** The parts of a zod 4 schema/check this interpreter reads (`_zod` is zod's internals surface). */
interface ZodInternals {
  readonly _zod: {
    readonly def: Readonly<Record<string, unknown>> & { readonly type?: string; readonly checks?: unknown };
    readonly traits: ReadonlySet<string>;
    readonly optin?: string;
    readonly optout?: string;
  };
}
interface CheckInternals {
  readonly _zod: {
    readonly def: { readonly check?: string; readonly when?: (payload: Payload) => boolean };
    readonly check: (payload: Payload) => unknown;
  };
}
interface Payload {
  value: unknown;
  issues: unknown[];
}

class Unsupported extends Error {}

/** Check kinds that only inspect the value (`overwrite`, e.g. `.trim()`, would change it). */
const INSPECTING_CHECKS = new Set([
  'min_length',
  'max_length',
  'length_equals',
  'string_format',
  'greater_than',
  'less_than',
  'multiple_of',
  'number_format',
  'custom',
]);

function internals(schema: unknown): ZodInternals['_zod'] {
  const zod = (schema as Partial<ZodInternals> | null)?._zod;
  if (!zod?.def || !(zod.traits instanceof Set)) throw new Unsupported('not a zod 4 schema');
  return zod;
}

/** One check as a predicate. Plain length and pattern checks are inlined; the rest run zod's own code. */
function checkPredicate(ch: CheckInternals): (value: unknown) => boolean {
  const def = ch._zod.def as CheckInternals['_zod']['def'] & {
    readonly minimum?: unknown;
    readonly maximum?: unknown;
    readonly format?: unknown;
    readonly pattern?: unknown;
  };
  const kind = def.check;
  // zod's `when` for length checks only skips values without a length; ours always have one
  const lengthy = (v: unknown): v is { length: number } =>
    (typeof v === 'string' || Array.isArray(v)) && typeof v.length === 'number';
  if (kind === 'min_length' && typeof def.minimum === 'number') {
    const min = def.minimum;
    return (v) => lengthy(v) && v.length >= min;
  }
  if (kind === 'max_length' && typeof def.maximum === 'number') {
    const max = def.maximum;
    return (v) => lengthy(v) && v.length <= max;
  }
  if (
    kind === 'string_format' &&
    (def.format === 'regex' || def.format === 'datetime') &&
    def.pattern instanceof RegExp &&
    !def.pattern.global &&
    !def.pattern.sticky
  ) {
    // `$ZodCheckRegex` and `$ZodISODateTime` test the pattern and nothing else
    const pattern = def.pattern;
    return (v) => typeof v === 'string' && pattern.test(v);
  }
  if (kind === undefined || !INSPECTING_CHECKS.has(kind) || typeof ch._zod.check !== 'function') {
    throw new Unsupported(`check ${String(kind)}`);
  }
  const run = ch._zod.check;
  const when = def.when;
  // one scratch payload per check, reused unless a check re-enters (then a fresh one)
  const scratch: Payload = { value: undefined, issues: [] };
  let busy = false;
  return (value) => {
    const payload: Payload = busy ? { value, issues: [] } : scratch;
    const owner = !busy;
    busy = true;
    try {
      payload.value = value;
      if (when && !when(payload)) return true;
      const r = run(payload);
      return !(r instanceof Promise) && payload.issues.length === 0 && payload.value === value;
    } finally {
      if (owner) {
        busy = false;
        scratch.value = undefined;
        if (scratch.issues.length > 0) scratch.issues = [];
      }
    }
  };
}

/** The checks zod runs after a schema's base parse, in zod's order (a format is its own check). */
function checksOf(schema: unknown): (value: unknown) => boolean {
  const zod = internals(schema);
  const defChecks = (zod.def.checks ?? []) as readonly CheckInternals[];
  const all = zod.traits.has('$ZodCheck') ? [schema as CheckInternals, ...defChecks] : [...defChecks];
  const predicates = all.map(checkPredicate);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0] as (value: unknown) => boolean;
  if (predicates.length === 2) {
    const [a, b] = predicates as [(value: unknown) => boolean, (value: unknown) => boolean];
    return (v) => a(v) && b(v);
  }
  return (v) => {
    for (const p of predicates) if (!p(v)) return false;
    return true;
  };
}

function plainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Compiles a zod schema into a {@link Node}; throws {@link Unsupported} for anything unknown. */
function compile(schema: unknown): Node {
  const zod = internals(schema);
  const def = zod.def;
  if (def.coerce) throw new Unsupported('coercion');
  const checks = checksOf(schema);
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' && checks(v) ? v : NO);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) && checks(v) ? v : NO);
    case 'boolean':
      return (v) => (typeof v === 'boolean' && checks(v) ? v : NO);
    case 'literal': {
      const values = new Set(def.values as readonly unknown[]);
      return (v) => (values.has(v) && checks(v) ? v : NO);
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries as Record<string, unknown>));
      return (v) => (values.has(v) && checks(v) ? v : NO);
    }
    case 'union': {
      const options = (def.options as readonly unknown[]).map(compile);
      if (def.inclusive === false || def.discriminator !== undefined) throw new Unsupported('union kind');
      return (v) => {
        for (const option of options) {
          const r = option(v);
          if (r !== NO) return checks(r) ? r : NO;
        }
        return NO;
      };
    }
    case 'array': {
      const element = compile(def.element);
      return (v) => {
        if (!Array.isArray(v)) return NO;
        const out: unknown[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const r = element(v[i]);
          if (r === NO) return NO;
          out[i] = r;
        }
        return checks(out) ? out : NO;
      };
    }
    case 'object':
      return compileObject(def, checks);
    default:
      // optional outside an object, default, pipe, transform, nullable, custom, …: let zod decide
      throw new Unsupported(`schema type ${String(def.type)}`);
  }
}

function compileObject(def: ZodInternals['_zod']['def'], checks: (value: unknown) => boolean): Node {
  const shape = def.shape as Record<string, unknown>;
  if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported('symbol keys');
  const keys = Object.keys(shape);
  if (keys.includes('__proto__')) throw new Unsupported('__proto__ key');
  const keySet = new Set(keys);
  const optional: boolean[] = [];
  const nodes: Node[] = [];
  for (const key of keys) {
    const field = internals(shape[key]);
    if (field.optin === undefined) {
      optional.push(false);
      nodes.push(compile(shape[key]));
    } else if (field.optin === 'optional' && field.optout === 'optional' && field.def.type === 'optional') {
      // `.optional()`: an absent key contributes nothing; a present one is parsed by the inner type
      optional.push(true);
      if (field.traits.has('$ZodCheck') || (field.def.checks as unknown[] | undefined)?.length) {
        throw new Unsupported('checks on an optional wrapper');
      }
      nodes.push(compile(field.def.innerType));
    } else {
      throw new Unsupported(`field ${key}: optin ${field.optin}`);
    }
  }
  const catchall = def.catchall as ZodInternals | undefined;
  const mode =
    catchall === undefined ? 'strip' : internals(catchall).def.type === 'never' ? 'strict' : 'catchall';
  const extra = mode === 'catchall' ? compile(catchall) : undefined;
  const generated = generateObject(keys, optional, nodes, keySet, extra, mode, checks);
  if (generated) return generated;
  const n = keys.length;
  return (v) => {
    if (!plainObject(v)) return NO;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = keys[i] as string;
      const x = v[key];
      if (x === undefined) {
        if (optional[i] === true && !(key in v)) continue;
        return NO; // required and missing, or an explicit undefined: zod's business
      }
      const r = (nodes[i] as Node)(x);
      if (r === NO) return NO;
      out[key] = r;
    }
    if (mode !== 'strip') {
      for (const key in v) {
        if (keySet.has(key)) continue;
        if (extra === undefined || key === '__proto__') return NO;
        const x = v[key];
        if (x === undefined) return NO;
        const r = extra(x);
        if (r === NO) return NO;
        out[key] = r;
      }
    }
    return checks(out) ? out : NO;
  };
}

/**
 * The same object node as straight-line code (one property access per key, each with its own inline
 * cache, as zod's own JIT does): about twice as fast. Undefined where code generation is not allowed
 * (a CSP without `unsafe-eval`); then the loop above is used. Keys are schema keys, quoted as JSON.
 */
function generateObject(
  keys: readonly string[],
  optional: readonly boolean[],
  nodes: readonly Node[],
  keySet: ReadonlySet<string>,
  extra: Node | undefined,
  mode: 'strip' | 'strict' | 'catchall',
  checks: (value: unknown) => boolean,
): Node | undefined {
  const lines = [
    'return function fastObject(v) {',
    '  if (!plainObject(v)) return NO;',
    '  const out = {};',
    '  let x, r;',
  ];
  keys.forEach((key, i) => {
    const k = JSON.stringify(key);
    lines.push(`  x = v[${k}];`);
    lines.push(
      optional[i]
        ? `  if (x === undefined) { if (${k} in v) return NO; } else { r = nodes[${i}](x); if (r === NO) return NO; out[${k}] = r; }`
        : `  if (x === undefined) return NO; r = nodes[${i}](x); if (r === NO) return NO; out[${k}] = r;`,
    );
  });
  if (mode !== 'strip') {
    lines.push('  for (const key in v) {', '    if (keySet.has(key)) continue;');
    if (mode === 'strict') lines.push('    return NO;');
    else {
      lines.push(
        "    if (key === '__proto__') return NO;",
        '    x = v[key];',
        '    if (x === undefined) return NO;',
        '    r = extra(x);',
        '    if (r === NO) return NO;',
        '    out[key] = r;',
      );
    }
    lines.push('  }');
  }
  lines.push('  return checks(out) ? out : NO;', '};');
  try {
    const make = new Function('plainObject', 'NO', 'nodes', 'keySet', 'extra', 'checks', lines.join('\n'));
    return make(plainObject, NO, nodes, keySet, extra, checks) as Node;
  } catch {
    return undefined;
  }
}

const compiled = new Map<EventType, Node | null>();

function nodeFor(type: EventType): Node | null {
  let node = compiled.get(type);
  if (node === undefined) {
    try {
      node = compile(EventSchemas[type]);
    } catch {
      node = null; // a construct this interpreter does not know: this type always takes the zod path
    }
    compiled.set(type, node);
  }
  return node;
}

/**
 * Validates an event of a known type on the fast path. Returns exactly what
 * `EventSchemas[type].safeParse(input).data` would be (a fresh object, same keys in the same order),
 * or undefined when it is not sure: the caller then runs zod. Never throws.
 * @example
 * const e = fastValidateEvent('omnistock.sale.recorded.v1', raw) ?? EventSchemas[type].parse(raw);
 */
export function fastValidateEvent(type: EventType, input: unknown): OmnistockEvent | undefined {
  const node = nodeFor(type);
  if (node === null) return undefined;
  try {
    const r = node(input);
    return r === NO ? undefined : (r as OmnistockEvent);
  } catch {
    return undefined;
  }
}

/**
 * Which event types the fast path can validate (the others always take the zod path). For tests.
 * @example
 * fastPathTypes().length === EVENT_TYPES.length; // true
 */
export function fastPathTypes(): EventType[] {
  return EVENT_TYPES.filter((t) => nodeFor(t) !== null);
}
