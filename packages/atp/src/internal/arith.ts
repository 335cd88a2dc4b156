/** Largest integer held exactly in a double. */
const MAX = Number.MAX_SAFE_INTEGER;

/**
 * ⌊a·n / d⌋ or ⌈a·n / d⌉ for integers, exactly: native numbers while the product is a safe integer,
 * bigints beyond. `d` is positive.
 */
export function mulDiv(a: number, n: number, d: number, up: boolean): number {
  const p = a * n;
  if (p <= MAX && p >= -MAX) {
    const q = Math.trunc(p / d);
    const r = p - q * d;
    if (r === 0) return q;
    if (up) return r > 0 ? q + 1 : q;
    return r < 0 ? q - 1 : q;
  }
  const bp = BigInt(a) * BigInt(n);
  const bd = BigInt(d);
  const q = bp / bd;
  const r = bp - q * bd;
  if (r === 0n) return Number(q);
  if (up) return Number(r > 0n ? q + 1n : q);
  return Number(r < 0n ? q - 1n : q);
}

/** 2^52: below it, one double division rounds a non-negative integer quotient exactly. */
const EXACT = 4_503_599_627_370_496;

// percentUp/percentDown: the common case (0 ≤ p = a·units < 2^52) is one double division, exact
// because PERCENT_WHOLE = d < 2^52: p is exact, and the correctly rounded quotient fl(p/d) has the
// same floor and ceiling as p/d. If p/d = k + r/d with 0 < r < d, it is at least 1/d away from both
// k and k + 1, while half an ulp there is at most (k + 1)·2^-53 ≤ (p + d)·2^-53 / d < 1/d; rounding
// is monotone and k, k + 1 are doubles. Anything else goes to mulDiv. Both stay small so that the
// kernel inlines them.

/**
 * ⌈a · units / PERCENT_WHOLE⌉ exactly: `units` percent units (percent × 10^6) of `a`, rounded up.
 */
export function percentUp(a: number, units: number): number {
  const p = a * units;
  return p >= 0 && p < EXACT ? Math.ceil(p / PERCENT_WHOLE) : mulDiv(a, units, PERCENT_WHOLE, true);
}

/** ⌊a · units / PERCENT_WHOLE⌋ exactly: `units` percent units of `a`, rounded down. */
export function percentDown(a: number, units: number): number {
  const p = a * units;
  return p >= 0 && p < EXACT ? Math.floor(p / PERCENT_WHOLE) : mulDiv(a, units, PERCENT_WHOLE, false);
}

/** `a` rounded towards −∞ to a whole number of `m` (m > 0). */
export function floorTo(a: number, m: number): number {
  return m === 1 ? a : floorToMultiple(a, m);
}

function floorToMultiple(a: number, m: number): number {
  const q = Math.trunc(a / m);
  let f = q * m;
  if (f > a) f -= m;
  else if (a - f >= m) f += m;
  return f;
}

/** Percent units are percent × 10^6, so a whole is 100 × 10^6. */
export const PERCENT_WHOLE = 100_000_000;
