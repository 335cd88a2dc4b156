import { UsageError } from '../command';

/**
 * An integer flag within bounds, or its default when absent.
 * @example
 * intFlag({ batch: '200' }, 'batch', 500, 1, 1000); // 200
 */
export function intFlag(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw);
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name}: "${text}" is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`--${name}: ${n} is not between ${min} and ${max}`);
  return n;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A required-format RFC 3339 timestamp flag (`2026-12-04T02:00:00Z`).
 * @example
 * timestampFlag('2026-12-04T02:00:00Z', 'as-of'); // '2026-12-04T02:00:00Z'
 */
export function timestampFlag(value: unknown, name: string): string {
  const text = String(value);
  if (!RFC3339.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`--${name}: "${text}" is not an RFC 3339 timestamp such as 2026-12-04T02:00:00Z`);
  }
  return text;
}

/** A string flag that must be present and non-empty. */
export function requiredFlag(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Exactly `n` positional arguments. */
export function positionalsExactly(positionals: readonly string[], n: number, what: string): void {
  if (positionals.length < n) throw new UsageError(`expected ${what}`);
  if (positionals.length > n) {
    throw new UsageError(`unexpected argument "${positionals[n]}"`);
  }
}
