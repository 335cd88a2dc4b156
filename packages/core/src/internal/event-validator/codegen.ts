import type { Check, IrNode } from './ir';
import { interpret, NO, type Runner } from './interpret';

/**
 * Compiles an {@link IrNode} into one straight-line JavaScript function (as zod's own JIT does for
 * objects, but for the whole tree): every field read, type test and check inline, each at its own
 * call site with its own inline cache, no closure per node. Several times faster than running the
 * same tree with closures (`interpret.ts`, about 3× on the ledger benchmark's events), which stays
 * the fallback where code generation is not allowed (a CSP without `unsafe-eval`). Only schema keys (quoted as JSON) and numbers reach the
 * source text; everything else (regexes, sets, check functions) is passed in as a constant.
 */

class Source {
  readonly constants: unknown[] = [];
  readonly lines: string[] = [];
  private counter = 0;

  constant(value: unknown): string {
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }

  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  build(signature: string): unknown {
    const bind = this.constants.map((_, i) => `const k${i} = K[${i}];`);
    const body = [...bind, `return function ${signature} {`, ...this.lines, '};'].join('\n');
    return new Function('K', 'NO', 'OP', body)(this.constants, NO, Object.prototype);
  }
}

/** A number as source text (or a constant when it has no plain literal). */
function num(src: Source, n: number): string {
  return Number.isFinite(n) && !Object.is(n, -0) ? String(n) : src.constant(n);
}

function checkExpr(src: Source, c: Check, x: string): string {
  switch (c.kind) {
    case 'minLength':
      return `${x}.length >= ${num(src, c.n)}`;
    case 'maxLength':
      return `${x}.length <= ${num(src, c.n)}`;
    case 'pattern':
      return c.test ? `${src.constant(c.test)}(${x})` : `${src.constant(c.re)}.test(${x})`;
    case 'bound':
      return `${x} ${c.op} ${num(src, c.n)}`;
    case 'safeint':
      return `Number.isSafeInteger(${x})`;
    case 'quick':
      return `(${src.constant(c.quick)}(${x}) || (${checksExpr(src, c.full, x)}))`;
    case 'run':
      return `${src.constant(c.pred)}(${x})`;
  }
}

function checksExpr(src: Source, checks: readonly Check[], x: string): string {
  return checks.length === 0 ? 'true' : checks.map((c) => checkExpr(src, c, x)).join(' && ');
}

/** Values `===` compares as `Set.has` (SameValueZero) does, written as literals. */
function literalText(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) return String(v);
  return undefined;
}

/** The test of a primitive node (a value zod returns unchanged), or undefined for other nodes. */
function primitiveTest(src: Source, node: IrNode, x: string): string | undefined {
  let base: string;
  switch (node.kind) {
    case 'string':
      base = `typeof ${x} === 'string'`;
      break;
    case 'number':
      base = `typeof ${x} === 'number' && Number.isFinite(${x})`;
      break;
    case 'boolean':
      base = `typeof ${x} === 'boolean'`;
      break;
    case 'literal':
    case 'enum': {
      const texts = node.values.map(literalText);
      base = texts.every((t) => t !== undefined)
        ? `(${texts.map((t) => `${x} === ${t}`).join(' || ') || 'false'})`
        : `${src.constant(new Set(node.values))}.has(${x})`;
      break;
    }
    case 'union': {
      const options = node.options.map((o) => primitiveTest(src, o, x));
      if (options.some((o) => o === undefined)) return undefined;
      base = `(${options.map((o) => `(${o})`).join(' || ') || 'false'})`;
      break;
    }
    default:
      return undefined;
  }
  return node.checks.length === 0 ? base : `${base} && ${checksExpr(src, node.checks, x)}`;
}

/** Emits the statements that validate `x` (an identifier); returns the expression of zod's output. */
function emit(src: Source, node: IrNode, x: string): string {
  const test = primitiveTest(src, node, x);
  if (test !== undefined) {
    src.lines.push(`if (!(${test})) return NO;`);
    return x;
  }
  if (node.kind === 'array') {
    const out = src.fresh('a');
    const i = src.fresh('i');
    const e = src.fresh('e');
    src.lines.push(`if (!Array.isArray(${x})) return NO;`, `const ${out} = [];`);
    src.lines.push(`for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`, `const ${e} = ${x}[${i}];`);
    const r = emit(src, node.element, e);
    src.lines.push(`${out}.push(${r});`, '}');
    if (node.checks.length > 0) src.lines.push(`if (!(${checksExpr(src, node.checks, out)})) return NO;`);
    return out;
  }
  if (node.kind === 'object') return emitObject(src, node, x);
  // a union with an object or array option: its options run as closures, tried in order
  const r = src.fresh('r');
  src.lines.push(`const ${r} = ${src.constant(interpret(node))}(${x});`, `if (${r} === NO) return NO;`);
  return r;
}

/**
 * An object node. The input's properties are read in one `for…in` pass (V8 then loads each value by
 * its field index from the enum cache): an object built with spread syntax (`{ ...envelope, data }`)
 * gets a map of its own in V8, and a named property read on such objects misses every inline cache
 * (about 100 ns each); the pass costs the same as the named reads on objects from `JSON.parse`. Keys
 * the pass did not see (absent, non-enumerable or inherited) are then read as zod reads them.
 */
function emitObject(src: Source, node: Extract<IrNode, { kind: 'object' }>, x: string): string {
  src.lines.push(
    `if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return NO;`,
    `{ const p = Object.getPrototypeOf(${x}); if (p !== OP && p !== null) return NO; }`,
  );
  const fields = node.fields;
  const values = fields.map(() => src.fresh('f'));
  const more = src.fresh('more');
  if (values.length > 0) src.lines.push(`let ${values.map((f) => `${f} = NO`).join(', ')};`);
  if (node.mode === 'catchall') src.lines.push(`let ${more} = false;`);
  const key = src.fresh('key');
  const val = src.fresh('val');
  src.lines.push(`for (const ${key} in ${x}) {`, `const ${val} = ${x}[${key}];`);
  if (fields.length > 0) {
    src.lines.push(`switch (${key}) {`);
    fields.forEach((f, i) => {
      src.lines.push(`case ${JSON.stringify(f.key)}: ${values[i]} = ${val}; continue;`);
    });
    src.lines.push('}');
  }
  // a key outside the shape: strict objects reject it, catch-all objects parse it after the shape
  if (node.mode === 'strict' || (node.mode === 'catchall' && node.extra === undefined))
    src.lines.push('return NO;');
  else if (node.mode === 'catchall') src.lines.push(`${more} = true;`);
  src.lines.push('}');
  const outs: string[] = [];
  fields.forEach((field, i) => {
    const k = JSON.stringify(field.key);
    const f = values[i] as string;
    if (!field.optional) {
      // required and missing, or an explicit undefined: zod's business
      src.lines.push(`if (${f} === NO) ${f} = ${x}[${k}];`, `if (${f} === undefined) return NO;`);
      outs.push(emit(src, field.node, f));
      return;
    }
    // absent stays NO; present but undefined is zod's business
    src.lines.push(
      `if (${f} === NO && ${k} in ${x}) ${f} = ${x}[${k}];`,
      `if (${f} === undefined) return NO;`,
    );
    const test = primitiveTest(src, field.node, f);
    if (test !== undefined) {
      src.lines.push(`if (${f} !== NO && !(${test})) return NO;`);
      outs.push(f);
    } else {
      const o = src.fresh('o');
      src.lines.push(`let ${o} = NO;`, `if (${f} !== NO) {`);
      src.lines.push(`${o} = ${emit(src, field.node, f)};`, '}');
      outs.push(o);
    }
  });
  const out = src.fresh('out');
  emitOutput(src, fields, values, outs, out);
  if (node.mode === 'catchall' && node.extra !== undefined) {
    // the keys outside the shape, in `for…in` order after the shape's (rare: extension attributes)
    const k2 = src.fresh('key');
    src.lines.push(`if (${more}) for (const ${k2} in ${x}) {`);
    if (fields.length > 0) {
      src.lines.push(
        `switch (${k2}) {`,
        ...fields.map((f) => `case ${JSON.stringify(f.key)}:`),
        'continue;',
        '}',
      );
    }
    const e = src.fresh('e');
    src.lines.push(`if (${k2} === '__proto__') return NO;`, `const ${e} = ${x}[${k2}];`);
    src.lines.push(`if (${e} === undefined) return NO;`);
    src.lines.push(`${out}[${k2}] = ${emit(src, node.extra, e)};`);
    src.lines.push('}');
  }
  if (node.checks.length > 0) src.lines.push(`if (!(${checksExpr(src, node.checks, out)})) return NO;`);
  return out;
}

/** Objects with at most this many optional keys get one literal per combination of present keys. */
const MAX_OPTIONAL_FOR_LITERALS = 6;

/**
 * Builds the output object in zod's key order (the shape's, absent optional keys left out). With few
 * optional keys: one object literal per combination of present keys, chosen by a bit mask, so the
 * object is allocated once with its properties in-object (adding properties one by one to a smaller
 * literal moves them to a separate, re-grown backing store: more memory for every retained event).
 */
function emitOutput(
  src: Source,
  fields: readonly { readonly key: string; readonly optional: boolean }[],
  values: readonly string[],
  outs: readonly string[],
  out: string,
): void {
  const optional = fields.flatMap((f, i) => (f.optional ? [i] : []));
  const entry = (i: number) => `${JSON.stringify((fields[i] as (typeof fields)[number]).key)}: ${outs[i]}`;
  if (optional.length > 0 && optional.length <= MAX_OPTIONAL_FOR_LITERALS) {
    const mask = src.fresh('m');
    src.lines.push(`let ${mask} = 0;`);
    optional.forEach((i, bit) => {
      src.lines.push(`if (${values[i]} !== NO) ${mask} |= ${1 << bit};`);
    });
    src.lines.push(`let ${out};`, `switch (${mask}) {`);
    for (let m = 0; m < 1 << optional.length; m++) {
      const present = fields.flatMap((f, i) => (!f.optional || m & (1 << optional.indexOf(i)) ? [i] : []));
      src.lines.push(`case ${m}: ${out} = { ${present.map(entry).join(', ')} }; break;`);
    }
    src.lines.push('}');
    return;
  }
  // many optional keys: the leading required keys as one literal, then the rest one by one
  let lead = 0;
  while (lead < fields.length && !(fields[lead] as (typeof fields)[number]).optional) lead++;
  src.lines.push(
    `const ${out} = { ${fields
      .slice(0, lead)
      .map((_, i) => entry(i))
      .join(', ')} };`,
  );
  for (let i = lead; i < fields.length; i++) {
    const f = fields[i] as (typeof fields)[number];
    const assign = `${out}[${JSON.stringify(f.key)}] = ${outs[i]};`;
    src.lines.push(f.optional ? `if (${values[i]} !== NO) ${assign}` : assign);
  }
}

/**
 * A {@link Runner} for a node as generated code, or undefined where code generation is not allowed.
 * @example
 * const run = generate(readSchema(EventSchemas[type], quick)) ?? interpret(node);
 */
export function generate(node: IrNode): Runner | undefined {
  const src = new Source();
  const out = emit(src, node, 'v');
  src.lines.push(`return ${out};`);
  try {
    return src.build('validate(v)') as Runner;
  } catch {
    return undefined;
  }
}

/** Whether a data tree is made only of nodes {@link generateFits} can walk statically. */
function walkable(node: IrNode): boolean {
  if (node.kind === 'union') return false;
  if (node.kind === 'array') return walkable(node.element);
  if (node.kind === 'object') return node.mode !== 'catchall' && node.fields.every((f) => walkable(f.node));
  return true;
}

/** Quantity test: whether `text` fits the item's scale (and the item's spec is valid). */
export type FitsQuantity = (text: string, item: unknown) => boolean;
/** Item lookup: a function or a map. */
export type FindItem = ((sku: string) => unknown) | ReadonlyMap<string, unknown>;
/** The compiled item check of a payload (see {@link generateFits}). */
export type Fits = (data: unknown, items: FindItem, fits: FitsQuantity) => boolean;

/**
 * The item check of `parseEvent` (every sku known, every quantity within its item's scale) for one
 * payload tree, as straight-line code: the generic walk over a parsed payload (`quantitiesFit` in
 * `events/parse.ts`), unrolled for the schema's keys. It visits objects and keys in the same order
 * and calls the lookup as often.
 * Undefined when the tree has unions or catch-all objects (the generic walk then runs).
 */
export function generateFits(node: IrNode, quantityKeys: ReadonlySet<string>): Fits | undefined {
  if (!walkable(node)) return undefined;
  const src = new Source();
  const emitFits = (n: IrNode, v: string, item: string) => {
    if (n.kind === 'array') {
      const i = src.fresh('i');
      src.lines.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`);
      const e = src.fresh('e');
      src.lines.push(`const ${e} = ${v}[${i}];`);
      emitFits(n.element, e, item);
      src.lines.push('}');
      return;
    }
    if (n.kind !== 'object') return;
    let current = item;
    if (n.fields.some((f) => f.key === 'sku')) {
      current = src.fresh('item');
      const sku = src.fresh('sku');
      src.lines.push(`let ${current} = ${item};`, `const ${sku} = ${v}["sku"];`);
      src.lines.push(`if (typeof ${sku} === 'string') {`);
      src.lines.push(`${current} = typeof items === 'function' ? items(${sku}) : items.get(${sku});`);
      src.lines.push(`if (!${current}) return false;`, '}');
    }
    for (const f of n.fields) {
      const k = JSON.stringify(f.key);
      const w = src.fresh('w');
      if (quantityKeys.has(f.key)) {
        src.lines.push(`const ${w} = ${v}[${k}];`);
        src.lines.push(
          `if (typeof ${w} === 'string' && ${current} && !fits(${w}, ${current})) return false;`,
        );
        if (f.node.kind === 'object' || f.node.kind === 'array') {
          src.lines.push(`if (typeof ${w} === 'object' && ${w} !== null) {`);
          emitFits(f.node, w, current);
          src.lines.push('}');
        }
      } else if (f.node.kind === 'object' || f.node.kind === 'array') {
        src.lines.push(`const ${w} = ${v}[${k}];`, `if (${w} !== undefined) {`);
        emitFits(f.node, w, current);
        src.lines.push('}');
      }
    }
  };
  emitFits(node, 'd', 'undefined');
  src.lines.push('return true;');
  try {
    return src.build('fits(d, items, fits)') as Fits;
  } catch {
    return undefined;
  }
}
