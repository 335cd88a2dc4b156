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
      return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
    }
  }
  return Date.parse(text);
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (`Date.UTC(y, m - 1, d) / 86400000`) for years
 * ≥ 1000, in integer arithmetic: `Date.UTC` is a call into the runtime (H. Hinnant's days_from_civil).
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
