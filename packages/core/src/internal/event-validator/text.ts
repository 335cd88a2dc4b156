/**
 * Exact replacements for the few regex tests every event runs (ids, sources, timestamps) and a
 * quick acceptor for decimal quantity strings. A regex test costs a call into the regex engine per
 * field; these are plain character loops over the usual forms. Each either answers exactly what its
 * regex answers, or (for unusual input) asks the regex itself, so the answer never differs;
 * `text.prop.test.ts` checks each against its regex.
 */

/** `^[A-Za-z0-9][A-Za-z0-9._:@/-]*$` (the id pattern), as a loop. All ASCII, so exact without a fallback. */
export function isIdText(s: string): boolean {
  const n = s.length;
  if (n === 0 || !alnum(s.charCodeAt(0))) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    // . / : @ _ -
    if (!alnum(c) && c !== 46 && c !== 47 && c !== 58 && c !== 64 && c !== 95 && c !== 45) return false;
  }
  return true;
}

function alnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * `re.test(s)` for `re` = `/^[^\s]+$/`: printable ASCII answers directly; anything else (a control,
 * a space, any non-ASCII character: `\s` has Unicode members) asks the regex.
 */
export function noSpaceText(s: string, re: RegExp): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) return re.test(s);
  }
  return true;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Days 29–31 of each month (index 1–12) that every year has; February's 29th depends on the year. */
const LONG_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `re.test(s)` for zod's RFC 3339 datetime pattern with offsets (`z.iso.datetime({ offset: true })`):
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z` on a day every year has is answered here; everything else (a
 * numeric offset, 29 February, anything malformed) asks the regex.
 */
export function datetimeText(s: string, re: RegExp): boolean {
  const n = s.length;
  if (
    n >= 20 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 /* T */ &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(n - 1) === 90 /* Z */ &&
    two(s, 0) >= 0 &&
    two(s, 2) >= 0
  ) {
    const month = two(s, 5);
    const day = two(s, 8);
    const hour = two(s, 11);
    const minute = two(s, 14);
    const second = two(s, 17);
    const dayFits = month >= 1 && month <= 12 && day >= 1 && day <= (LONG_DAYS[month] as number);
    if (dayFits && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
      if (n === 20) return true;
      // `.` and one or more digits before the Z
      if (n > 21 && s.charCodeAt(19) === 46) {
        let i = 20;
        while (i < n - 1 && digit(s, i) >= 0) i++;
        if (i === n - 1) return true;
      }
    }
  }
  return re.test(s);
}

/** Sign rules of the decimal quantity schemas (`quantity-schema.ts`). */
export type DecimalSign = 'any' | 'nonNegative' | 'positive' | 'nonZero';

/**
 * True only for a decimal string every check of the decimal schema of that sign accepts: an optional
 * sign, 1–9 integer digits, optionally `.` and 1–6 digits (so it matches `DECIMAL_PATTERN`, fits
 * `MAX_SCALE` = 6 places and is below 2^53 in minor units), with the sign rule met. False means
 * "not sure": the schema's own checks then decide.
 */
export function quickDecimal(s: string, sign: DecimalSign): boolean {
  const n = s.length;
  let i = 0;
  const first = s.charCodeAt(0);
  const neg = first === 45; /* - */
  if (neg || first === 43 /* + */) i = 1;
  const intStart = i;
  let nonZero = false;
  while (i < n) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    if (c !== 0) nonZero = true;
    i++;
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 9) return false;
  if (i < n) {
    if (s.charCodeAt(i) !== 46 /* . */) return false;
    const fracStart = ++i;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      if (c !== 0) nonZero = true;
      i++;
    }
    const fracDigits = i - fracStart;
    if (fracDigits === 0 || fracDigits > 6) return false;
  }
  switch (sign) {
    case 'any':
      return true;
    case 'nonNegative':
      return !neg || !nonZero;
    case 'positive':
      return !neg && nonZero;
    case 'nonZero':
      return nonZero;
  }
}
