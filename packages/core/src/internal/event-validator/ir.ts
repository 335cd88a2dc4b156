import { datetimeText, isIdText, noSpaceText } from './text';

/**
 * A zod 4 schema read into a small tree the fast validator runs (`interpret.ts`) or compiles to
 * JavaScript (`codegen.ts`). It is not a second copy of any shape: keys, optionality, strictness,
 * enums, literals, unions and arrays come from the schema tree; length, pattern and numeric bound
 * checks read their limits and regexes from zod's check definitions; every other check (the
 * quantity checks, `.refine`s) is zod's own check function run on the value. Anything this reader
 * does not know (transforms, defaults, coercion, async checks, …) throws {@link Unsupported}: that
 * schema then always takes the zod path.
 */

/** A predicate on a value that is already known to be of the node's base type. */
export type Pred = (value: unknown) => boolean;

export type Check =
  | { readonly kind: 'minLength'; readonly n: number }
  | { readonly kind: 'maxLength'; readonly n: number }
  /** `re.test(v)`; `test`, when set, is an exact replacement for it (see `text.ts`). */
  | { readonly kind: 'pattern'; readonly re: RegExp; readonly test?: (s: string) => boolean }
  /** `v >= n` (or `>`, `<=`, `<`): zod's numeric bound checks on a number. */
  | { readonly kind: 'bound'; readonly op: '>=' | '>' | '<=' | '<'; readonly n: number }
  /** zod's `z.int()` format: a safe integer. */
  | { readonly kind: 'safeint' }
  /** `quick(v) || every(full)`: a quick acceptor that implies every check in `full`. */
  | { readonly kind: 'quick'; readonly quick: (s: string) => boolean; readonly full: readonly Check[] }
  /** zod's own check code, run on a scratch payload. */
  | { readonly kind: 'run'; readonly pred: Pred };

export interface Field {
  readonly key: string;
  readonly optional: boolean;
  readonly node: IrNode;
}

export type IrNode =
  | { readonly kind: 'string' | 'number' | 'boolean'; readonly checks: readonly Check[] }
  | {
      readonly kind: 'literal' | 'enum';
      readonly values: readonly unknown[];
      readonly checks: readonly Check[];
    }
  | { readonly kind: 'union'; readonly options: readonly IrNode[]; readonly checks: readonly Check[] }
  | { readonly kind: 'array'; readonly element: IrNode; readonly checks: readonly Check[] }
  | {
      readonly kind: 'object';
      readonly fields: readonly Field[];
      readonly mode: 'strip' | 'strict' | 'catchall';
      readonly extra: IrNode | undefined;
      readonly checks: readonly Check[];
    };

export class Unsupported extends Error {}

/** The parts of a zod 4 schema/check this reader uses (`_zod` is zod's internals surface). */
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

/** Regexes with an exact loop in `text.ts`, by `source` (no flags). */
const KNOWN_PATTERNS = new Map<string, (re: RegExp) => (s: string) => boolean>([
  ['^[A-Za-z0-9][A-Za-z0-9._:@/-]*$', () => isIdText],
  ['^[^\\s]+$', (re) => (s) => noSpaceText(s, re)],
  [
    '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$',
    (re) => (s) => datetimeText(s, re),
  ],
]);

function internals(schema: unknown): ZodInternals['_zod'] {
  const zod = (schema as Partial<ZodInternals> | null)?._zod;
  if (!zod?.def || !(zod.traits instanceof Set)) throw new Unsupported('not a zod 4 schema');
  return zod;
}

/** One zod check. Length, pattern and numeric bound checks are restated; the rest run zod's own code. */
function readCheck(ch: CheckInternals): Check {
  const def = ch._zod.def as CheckInternals['_zod']['def'] & {
    readonly minimum?: unknown;
    readonly maximum?: unknown;
    readonly format?: unknown;
    readonly pattern?: unknown;
    readonly value?: unknown;
    readonly inclusive?: unknown;
  };
  const kind = def.check;
  // zod's `when` for length checks only skips values without a length; ours always have one
  if (kind === 'min_length' && typeof def.minimum === 'number') return { kind: 'minLength', n: def.minimum };
  if (kind === 'max_length' && typeof def.maximum === 'number') return { kind: 'maxLength', n: def.maximum };
  if (
    kind === 'string_format' &&
    (def.format === 'regex' || def.format === 'datetime') &&
    def.pattern instanceof RegExp &&
    !def.pattern.global &&
    !def.pattern.sticky
  ) {
    // `$ZodCheckRegex` and `$ZodISODateTime` test the pattern and nothing else
    const re = def.pattern;
    const known = re.flags === '' ? KNOWN_PATTERNS.get(re.source) : undefined;
    return known ? { kind: 'pattern', re, test: known(re) } : { kind: 'pattern', re };
  }
  // `$ZodCheckGreaterThan` / `$ZodCheckLessThan` on a number: one comparison (no custom `when`)
  if ((kind === 'greater_than' || kind === 'less_than') && def.when === undefined) {
    if (typeof def.value === 'number' && typeof def.inclusive === 'boolean') {
      const op = kind === 'greater_than' ? (def.inclusive ? '>=' : '>') : def.inclusive ? '<=' : '<';
      return { kind: 'bound', op, n: def.value };
    }
  }
  // `$ZodCheckNumberFormat` 'safeint' (`z.int()`): an integer within ±(2^53 − 1)
  if (kind === 'number_format' && def.format === 'safeint' && def.when === undefined)
    return { kind: 'safeint' };
  if (kind === undefined || !INSPECTING_CHECKS.has(kind) || typeof ch._zod.check !== 'function') {
    throw new Unsupported(`check ${String(kind)}`);
  }
  return { kind: 'run', pred: runCheck(ch._zod.check, def.when) };
}

/** zod's check code as a predicate: no issue raised, the value untouched, nothing async. */
function runCheck(run: (payload: Payload) => unknown, when: ((p: Payload) => boolean) | undefined): Pred {
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
function checksOf(schema: unknown): Check[] {
  const zod = internals(schema);
  const defChecks = (zod.def.checks ?? []) as readonly CheckInternals[];
  const all = zod.traits.has('$ZodCheck') ? [schema as CheckInternals, ...defChecks] : [...defChecks];
  return all.map(readCheck);
}

/**
 * Reads a zod schema into an {@link IrNode}; throws {@link Unsupported} for anything unknown.
 * `quick` gives quick acceptors for particular schema instances (the decimal quantity schemas).
 */
export function readSchema(schema: unknown, quick: ReadonlyMap<unknown, (s: string) => boolean>): IrNode {
  const zod = internals(schema);
  const def = zod.def;
  if (def.coerce) throw new Unsupported('coercion');
  const checks = checksOf(schema);
  switch (def.type) {
    case 'string': {
      const q = quick.get(schema);
      return { kind: 'string', checks: q ? [{ kind: 'quick', quick: q, full: checks }] : checks };
    }
    case 'number':
    case 'boolean':
      return { kind: def.type, checks };
    case 'literal':
      return { kind: 'literal', values: [...(def.values as readonly unknown[])], checks };
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries as Record<string, unknown>), checks };
    case 'union': {
      if (def.inclusive === false || def.discriminator !== undefined) throw new Unsupported('union kind');
      const options = (def.options as readonly unknown[]).map((o) => readSchema(o, quick));
      return { kind: 'union', options, checks };
    }
    case 'array':
      return { kind: 'array', element: readSchema(def.element, quick), checks };
    case 'object':
      return readObject(def, checks, quick);
    default:
      // optional outside an object, default, pipe, transform, nullable, custom, …: let zod decide
      throw new Unsupported(`schema type ${String(def.type)}`);
  }
}

function readObject(
  def: ZodInternals['_zod']['def'],
  checks: Check[],
  quick: ReadonlyMap<unknown, (s: string) => boolean>,
): IrNode {
  const shape = def.shape as Record<string, unknown>;
  if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported('symbol keys');
  const fields: Field[] = [];
  for (const key of Object.keys(shape)) {
    if (key === '__proto__') throw new Unsupported('__proto__ key');
    const field = internals(shape[key]);
    if (field.optin === undefined) {
      fields.push({ key, optional: false, node: readSchema(shape[key], quick) });
    } else if (field.optin === 'optional' && field.optout === 'optional' && field.def.type === 'optional') {
      // `.optional()`: an absent key contributes nothing; a present one is parsed by the inner type
      if (field.traits.has('$ZodCheck') || (field.def.checks as unknown[] | undefined)?.length) {
        throw new Unsupported('checks on an optional wrapper');
      }
      fields.push({ key, optional: true, node: readSchema(field.def.innerType, quick) });
    } else {
      throw new Unsupported(`field ${key}: optin ${field.optin}`);
    }
  }
  const catchall = def.catchall as ZodInternals | undefined;
  const mode =
    catchall === undefined ? 'strip' : internals(catchall).def.type === 'never' ? 'strict' : 'catchall';
  const extra = mode === 'catchall' ? readSchema(catchall, quick) : undefined;
  return { kind: 'object', fields, mode, extra, checks };
}
