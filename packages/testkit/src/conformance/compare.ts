import type { JsonPath, Mismatch } from './types';

/**
 * Compares `actual` with `expected` where `expected` may leave things out: every key in an expected
 * object must be in the actual one with a matching value; arrays must have the same length and match
 * element by element; scalars must be equal.
 * @example
 * subsetMismatches({ atp: '3' }, { atp: '2', status: 'inStock' }); // [{ path: ['atp'], expected: '3', actual: '2' }]
 */
export function subsetMismatches(expected: unknown, actual: unknown, path: JsonPath = []): Mismatch[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [{ path, expected, actual }];
    }
    return expected.flatMap((e, i) => subsetMismatches(e, actual[i], [...path, i]));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [{ path, expected, actual }];
    const a = actual as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      Object.hasOwn(a, k)
        ? subsetMismatches(v, a[k], [...path, k])
        : [{ path: [...path, k], expected: v, actual: undefined }],
    );
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}
