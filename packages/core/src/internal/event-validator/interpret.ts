import type { Check, IrNode, Pred } from './ir';

/** "Not sure": fall back to zod. */
export const NO: unique symbol = Symbol('fast-validate: not sure');
/** A runnable node: the value zod would output, or {@link NO}. */
export type Runner = (value: unknown) => unknown;

/** A plain object, as the fast path requires (an unusual prototype is "not sure"). */
export function plainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** One check as a predicate on a value of the node's base type. */
export function checkPredicate(c: Check): Pred {
  switch (c.kind) {
    case 'minLength': {
      const n = c.n;
      return (v) => (v as { length: number }).length >= n;
    }
    case 'maxLength': {
      const n = c.n;
      return (v) => (v as { length: number }).length <= n;
    }
    case 'pattern': {
      const test = c.test;
      const re = c.re;
      return test ? (v) => test(v as string) : (v) => re.test(v as string);
    }
    case 'bound': {
      const n = c.n;
      if (c.op === '>=') return (v) => (v as number) >= n;
      if (c.op === '>') return (v) => (v as number) > n;
      if (c.op === '<=') return (v) => (v as number) <= n;
      return (v) => (v as number) < n;
    }
    case 'safeint':
      return (v) => Number.isSafeInteger(v);
    case 'quick': {
      const quick = c.quick;
      const full = allOf(c.full);
      return (v) => quick(v as string) || full(v);
    }
    case 'run':
      return c.pred;
  }
}

/** Every check of a list, in order. */
export function allOf(checks: readonly Check[]): Pred {
  const predicates = checks.map(checkPredicate);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0] as Pred;
  return (v) => {
    for (const p of predicates) if (!p(v)) return false;
    return true;
  };
}

/**
 * Runs an {@link IrNode} with closures: the fast path where code generation is not allowed (a CSP
 * without `unsafe-eval`), and for union options that are not primitives.
 */
export function interpret(node: IrNode): Runner {
  const checks = allOf(node.checks);
  switch (node.kind) {
    case 'string':
      return (v) => (typeof v === 'string' && checks(v) ? v : NO);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) && checks(v) ? v : NO);
    case 'boolean':
      return (v) => (typeof v === 'boolean' && checks(v) ? v : NO);
    case 'literal':
    case 'enum': {
      const values = new Set(node.values);
      return (v) => (values.has(v) && checks(v) ? v : NO);
    }
    case 'union': {
      const options = node.options.map(interpret);
      return (v) => {
        for (const option of options) {
          const r = option(v);
          if (r !== NO) return checks(r) ? r : NO;
        }
        return NO;
      };
    }
    case 'array': {
      const element = interpret(node.element);
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
    case 'object': {
      const keys = node.fields.map((f) => f.key);
      const optional = node.fields.map((f) => f.optional);
      const runners = node.fields.map((f) => interpret(f.node));
      const keySet = new Set(keys);
      const mode = node.mode;
      const extra = node.extra && interpret(node.extra);
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
          const r = (runners[i] as Runner)(x);
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
  }
}
