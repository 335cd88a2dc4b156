import { type ErrorPath, failWithIssues, issuesFromZod, type OmnistockErrorData } from '@omnistock/core';
import type { z } from 'zod';
import type { IdTable } from '../common/id-table';

export type { IdTable };
import { type AdapterQuarantine, quarantine } from '../common/result';

/**
 * Validates a channel payload against its zod schema; on failure returns the quarantine entry
 * (code of the first issue, every issue listed) instead of throwing.
 * @example
 * const r = validatePayload(WmsMessageSchema, body, 'wms/dc-1', 'WMS message');
 * if (!r.ok) result.quarantined.push(r.quarantine);
 */
export function validatePayload<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source: string,
  what: string,
  raw: unknown = input,
  prefix: ErrorPath = [],
): { ok: true; value: z.output<S> } | { ok: false; quarantine: AdapterQuarantine } {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issues = issuesFromZod(r.error).map((i) => ({ ...i, path: [...prefix, ...i.path] }));
  const { error } = failWithIssues(issues, what) as { error: OmnistockErrorData };
  return {
    ok: false,
    quarantine: quarantine(error.code, error.message, source, raw, error.path, error.issues),
  };
}

/**
 * Looks a key up in an {@link IdTable} (own keys only for records).
 * @example
 * lookupId({ '42': 'SKU-1' }, '42'); // 'SKU-1'
 */
export function lookupId(table: IdTable, key: string): string | undefined {
  if (table instanceof Map) return table.get(key);
  const rec = table as Readonly<Record<string, string>>;
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * The entries of an {@link IdTable}.
 * @example
 * idEntries({ '42': 'SKU-1' }); // [['42', 'SKU-1']]
 */
export function idEntries(table: IdTable): [string, string][] {
  return table instanceof Map ? [...table.entries()] : Object.entries(table);
}
