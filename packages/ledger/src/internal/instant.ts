/** Digits of `s` from `i` to `j` (exclusive) as a number, or -1 when one is not a digit. */
function digits(s: string, i: number, j: number): number {
  let n = 0;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `Date.parse` of an RFC 3339 timestamp, with a fast path for the usual UTC forms
 * (`2026-12-04T10:00:00Z`, `2026-12-04T10:00:00.123Z`, years 1000–9999) that the validated events
 * carry; anything else goes to `Date.parse`. The two agree (see `instant.test.ts`).
 */
export function parseInstant(text: string): number {
  const n = text.length;
  if (
    (n === 20 || n === 24) &&
    text.charCodeAt(n - 1) === 90 /* Z */ &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    (n === 20 || text.charCodeAt(19) === 46)
  ) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 7);
    const d = digits(text, 8, 10);
    const h = digits(text, 11, 13);
    const mi = digits(text, 14, 16);
    const sec = digits(text, 17, 19);
    const ms = n === 24 ? digits(text, 20, 23) : 0;
    if (
      y >= 1000 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 28 &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      sec >= 0 &&
      sec <= 59 &&
      ms >= 0
    ) {
      return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
    }
  }
  return Date.parse(text);
}
