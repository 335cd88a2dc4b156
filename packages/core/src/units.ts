import { fail, ok, type Result } from './errors';

/** A unit of measure in the registry, with its default scale (decimal places) and largest scale. */
export interface UnitDefinition {
  readonly code: string;
  readonly name: string;
  readonly defaultScale: number;
  readonly maxScale: number;
}

/** Largest scale any unit allows: quantities are exact in minor units up to 2^53 − 1. */
export const MAX_SCALE = 6;

const defs: readonly UnitDefinition[] = [
  { code: 'each', name: 'each', defaultScale: 0, maxScale: 0 },
  { code: 'pair', name: 'pair', defaultScale: 0, maxScale: 0 },
  { code: 'pack', name: 'pack', defaultScale: 0, maxScale: 0 },
  { code: 'case', name: 'case', defaultScale: 0, maxScale: 0 },
  { code: 'kg', name: 'kilogram', defaultScale: 3, maxScale: 6 },
  { code: 'g', name: 'gram', defaultScale: 0, maxScale: 3 },
  { code: 'lb', name: 'pound', defaultScale: 3, maxScale: 6 },
  { code: 'l', name: 'litre', defaultScale: 3, maxScale: 6 },
  { code: 'ml', name: 'millilitre', defaultScale: 0, maxScale: 3 },
  { code: 'm', name: 'metre', defaultScale: 3, maxScale: 6 },
  { code: 'cm', name: 'centimetre', defaultScale: 0, maxScale: 3 },
  { code: 'm2', name: 'square metre', defaultScale: 3, maxScale: 6 },
];

/** The unit registry, by code. */
export const Units: Readonly<Record<string, UnitDefinition>> = Object.freeze(
  Object.fromEntries(defs.map((d) => [d.code, d])),
);

/** The unit codes the registry knows. */
export const UNIT_CODES = defs.map((d) => d.code) as readonly string[];

/**
 * Looks up a unit of measure.
 * @example
 * const kg = lookupUnit('kg'); // { ok: true, value: { code: 'kg', defaultScale: 3, ... } }
 */
export function lookupUnit(code: string): Result<UnitDefinition> {
  const def = Object.hasOwn(Units, code) ? Units[code] : undefined;
  return def
    ? ok(def)
    : fail('UNIT_UNKNOWN', `unknown unit of measure "${code}"`, {
        details: { unit: code, known: UNIT_CODES },
      });
}
