/**
 * Lays out rows as a left-aligned text table (columns listed in `right` are right-aligned).
 * @example
 * table(['sku', 'qty'], [['A', '1']], new Set([1])); // ['sku  qty', 'A      1']
 */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  right = new Set<number>(),
): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}
