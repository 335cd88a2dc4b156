/** The decimal grammar both the fast path and the decimal.js reference accept. */
export const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Powers of ten that are exact doubles, for scales and percent precision. */
export const POW10: readonly number[] = Array.from({ length: 22 }, (_, i) => 10 ** i);

/** Largest magnitude held in minor units. */
export const MAX_MINOR = Number.MAX_SAFE_INTEGER;

/** Prints an integer count of minor units as a canonical decimal string (no trailing zeros). */
export function formatMinor(minor: number, scale: number): string {
  if (minor === 0) return '0';
  const neg = minor < 0;
  const digits = String(Math.abs(minor));
  if (scale === 0) return neg ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, '0');
  const int = padded.slice(0, padded.length - scale);
  const frac = padded.slice(padded.length - scale).replace(/0+$/, '');
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return neg ? `-${body}` : body;
}

/** Floor or ceiling of a / d for integers with |a| and d below 2^53, exactly. */
export function divRound(a: number, d: number, direction: 'up' | 'down'): number {
  const q = Math.trunc(a / d);
  const r = a - q * d;
  if (r === 0) return q;
  if (direction === 'down') return r < 0 ? q - 1 : q;
  return r > 0 ? q + 1 : q;
}

/** The same as {@link divRound} on bigints, for products beyond 2^53. */
export function divRoundBig(a: bigint, d: bigint, direction: 'up' | 'down'): bigint {
  const q = a / d;
  const r = a - q * d;
  if (r === 0n) return q;
  if (direction === 'down') return r < 0n ? q - 1n : q;
  return r > 0n ? q + 1n : q;
}
