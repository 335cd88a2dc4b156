import { generate, generateFits, type Fits } from '../internal/event-validator/codegen';
import { interpret, NO, type Runner } from '../internal/event-validator/interpret';
import { type IrNode, readSchema } from '../internal/event-validator/ir';
import { type DecimalSign, quickDecimal } from '../internal/event-validator/text';
import {
  DecimalSchema,
  NonNegativeDecimalSchema,
  NonZeroDecimalSchema,
  PositiveDecimalSchema,
} from '../quantity-schema';
import { EVENT_QUANTITY_KEYS } from './quantity-keys';
import { EventSchemas, EVENT_TYPES, type EventType, type OmnistockEvent } from './registry';

/**
 * The fast path of {@link parseEvent}: a validator for well-formed events that skips zod's
 * per-field payload/issue machinery. It is not a second copy of the event shapes: it is read once
 * per event type from the zod schema itself (`internal/event-validator/ir.ts`) and compiled into one
 * straight-line function (`codegen.ts`; closures where code generation is not allowed). The keys and
 * kinds of node come from the schema tree; length, pattern and numeric bound checks read their
 * limits and regexes from zod's check definitions (the id, source and timestamp regexes run as
 * exact character loops, `text.ts`); every other check (the quantity checks, the `.refine`s) is
 * zod's own check function run on the value, except that a simple decimal string (`12.5`) the
 * decimal schemas certainly accept skips them.
 *
 * It answers "valid, and here is exactly what zod would return" or "not sure": any deviation,
 * any schema construct it does not know (transforms, defaults, coercion, async checks, …), an
 * `undefined` value, an unusual prototype, a thrown error: all are "not sure", and `parseEvent`
 * then runs the full zod parse, so error codes, paths and messages are zod's. It never weakens
 * validation: it can only accept what every check accepts.
 *
 * What keeps the two paths equal are the property tests: `fast-validate.prop.test.ts` (≥ 1,000 runs
 * of valid and randomly mutated events: wrong types, missing and extra fields, bad quantities,
 * timestamps and ids, subject mismatches, …), `fast-validate.fields.prop.test.ts` (one field broken
 * in one named way; events built with spread syntax, null prototypes, hidden keys, getters; both
 * compiled forms) and `internal/event-validator/text.prop.test.ts` (each character loop ≡ its
 * regex), asserting `parseEvent` ≡ the pure zod path, value and key order included. Change a schema
 * and those tests tell you if this reader needs to learn something.
 */

/** Quick acceptors for the decimal quantity schemas (by instance), see `quickDecimal`. */
const QUICK = new Map<unknown, (s: string) => boolean>(
  (
    [
      [DecimalSchema, 'any'],
      [NonNegativeDecimalSchema, 'nonNegative'],
      [PositiveDecimalSchema, 'positive'],
      [NonZeroDecimalSchema, 'nonZero'],
    ] as const
  ).map(([schema, sign]: readonly [unknown, DecimalSign]) => [schema, (s: string) => quickDecimal(s, sign)]),
);

interface Compiled {
  readonly run: Runner;
  /** The payload's compiled item check, when it has one. */
  readonly fits: Fits | undefined;
}

const compiled = new Map<EventType, Compiled | null>();

function compiledFor(type: EventType): Compiled | null {
  let c = compiled.get(type);
  if (c === undefined) {
    try {
      const node = readSchema(EventSchemas[type], QUICK);
      const data = node.kind === 'object' ? node.fields.find((f) => f.key === 'data')?.node : undefined;
      c = { run: generate(node) ?? interpret(node), fits: data && generateFits(data, EVENT_QUANTITY_KEYS) };
    } catch {
      c = null; // a construct this reader does not know: this type always takes the zod path
    }
    compiled.set(type, c);
  }
  return c;
}

/**
 * Validates an event of a known type on the fast path. Returns exactly what
 * `EventSchemas[type].safeParse(input).data` would be (a fresh object, same keys in the same order),
 * or undefined when it is not sure: the caller then runs zod. Never throws.
 * @example
 * const e = fastValidateEvent('omnistock.sale.recorded.v1', raw) ?? EventSchemas[type].parse(raw);
 */
export function fastValidateEvent(type: EventType, input: unknown): OmnistockEvent | undefined {
  const c = compiledFor(type);
  if (c === null) return undefined;
  try {
    const r = c.run(input);
    return r === NO ? undefined : (r as OmnistockEvent);
  } catch {
    return undefined;
  }
}

/**
 * The compiled item check of an event type's payload (see `generateFits`), or undefined.
 * @internal
 * @example
 * const fits = compiledFits(type); // fits?.(event.data, items, quantityFits)
 */
export function compiledFits(type: EventType): Fits | undefined {
  return compiledFor(type)?.fits;
}

/**
 * Which event types the fast path can validate (the others always take the zod path). For tests.
 * @example
 * fastPathTypes().length === EVENT_TYPES.length; // true
 */
export function fastPathTypes(): EventType[] {
  return EVENT_TYPES.filter((t) => compiledFor(t) !== null);
}

/** The IR of an event type, for tests. @internal */
export function eventIr(type: EventType): IrNode {
  return readSchema(EventSchemas[type], QUICK);
}
