import { js } from './js';

/**
 * Browser code: exact decimal sums of quantity strings (BigInt, scaled), so derived figures such as
 * `free` show exactly what the service would compute, never a float artefact.
 */
export const decimalJs = js`
function decParse(text) {
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(String(text));
  if (!m) return null;
  const fraction = m[3] || '';
  return { units: BigInt((m[1] === '-' ? '-' : '') + m[2] + fraction), scale: fraction.length };
}

function decFormat(units, scale) {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = (digits.slice(0, -scale) + '.' + digits.slice(-scale)).replace(/\.?0+$/, '');
  }
  return (negative && digits !== '0' ? '-' : '') + digits;
}

/** Σ sign·value over [sign, decimalString] pairs; null when a value is not a decimal. */
function decSum(terms) {
  const parsed = [];
  let scale = 0;
  for (const [sign, value] of terms) {
    const p = decParse(value);
    if (!p) return null;
    parsed.push([sign, p]);
    scale = Math.max(scale, p.scale);
  }
  let total = 0n;
  for (const [sign, p] of parsed) total += BigInt(sign) * p.units * 10n ** BigInt(scale - p.scale);
  return decFormat(total, scale);
}

function decIsNegative(text) {
  const p = decParse(text);
  return p !== null && p.units < 0n;
}

/** A quantity for display: exact text, with a real minus sign. */
function qty(text) {
  if (text === undefined || text === null) return '–';
  return String(text).replace(/^-/, '−');
}
`;
