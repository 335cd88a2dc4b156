/** Exact arithmetic on the wire's decimal strings (positions are already at their item's scale). */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

function parts(text: string): { sign: bigint; int: string; frac: string } {
  const m = DECIMAL.exec(text);
  if (!m) throw new Error(`not a plain decimal: ${text}`);
  return { sign: m[1] === '-' ? -1n : 1n, int: m[2] ?? '0', frac: m[3] ?? '' };
}

function scaled(text: string, scale: number): bigint {
  const p = parts(text);
  return p.sign * BigInt(p.int + p.frac.padEnd(scale, '0'));
}

function render(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? digits.slice(digits.length - scale).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * `first − rest…`, exactly.
 * @example
 * subtract('10', '1.5', '2'); // '6.5'
 */
export function subtract(first: string, ...rest: readonly string[]): string {
  const scale = Math.max(...[first, ...rest].map((t) => parts(t).frac.length));
  let v = scaled(first, scale);
  for (const r of rest) v -= scaled(r, scale);
  return render(v, scale);
}

/**
 * True when a decimal string is below zero.
 * @example
 * isNegative('-0.5'); // true
 */
export function isNegative(text: string): boolean {
  return scaled(text, parts(text).frac.length) < 0n;
}
