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

/** `a` rounded towards −∞ to a whole number of `m` (m > 0). */
export function floorTo(a: number, m: number): number {
  if (m === 1) return a;
  const q = Math.trunc(a / m);
  let f = q * m;
  if (f > a) f -= m;
  else if (a - f >= m) f += m;
  return f;
}

/** Percent units are percent × 10^6, so a whole is 100 × 10^6. */
export const PERCENT_WHOLE = 100_000_000;
