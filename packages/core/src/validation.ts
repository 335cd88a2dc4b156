import type { z } from 'zod';
import { type ErrorCode, type ErrorPath, fail, type Issue, isErrorCode, ok, type Result } from './errors';

/**
 * A zod error-map for a string-typed field: a missing value is `VALIDATION_FAILED` ("required"),
 * a value of the wrong type gets `code`.
 * @example
 * z.string({ error: typeError('ID_INVALID', 'an id must be a string') });
 */
export function typeError(code: ErrorCode, what: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined
      ? coded('VALIDATION_FAILED', 'required')
      : coded(code, `${what}, got ${iss.input === null ? 'null' : typeof iss.input}`);
}

/**
 * Builds a zod error message that carries a stable error code (`[CODE] message`); the code is lifted
 * back out by {@link issuesFromZod}. This is how type errors (which zod raises before any refinement)
 * still map to precise codes such as `QUANTITY_INVALID`.
 * @example
 * z.string().regex(/^\d+$/, { error: coded('QUANTITY_INVALID', 'digits only') });
 */
export function coded(code: ErrorCode, message: string): string {
  return `[${code}] ${message}`;
}

const CODED = /^\[([A-Z_]+)\] ([\s\S]*)$/;

/**
 * Converts zod issues into omnistock issues with stable codes and paths.
 * @example
 * const r = ItemSchema.safeParse(input);
 * if (!r.success) issuesFromZod(r.error); // [{ code: 'UNIT_UNKNOWN', path: ['unit'], message }]
 */
export function issuesFromZod(
  error: z.ZodError,
  fallback: ErrorCode | ((path: ErrorPath) => ErrorCode) = 'VALIDATION_FAILED',
): Issue[] {
  const fallbackFor = typeof fallback === 'function' ? fallback : () => fallback;
  return error.issues.map((iss) => {
    const path = iss.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const m = CODED.exec(iss.message);
    const fromParams = (iss as { params?: { code?: unknown } }).params?.code;
    if (m && isErrorCode(m[1])) return { code: m[1], path, message: m[2] ?? iss.message };
    if (isErrorCode(fromParams)) return { code: fromParams, path, message: iss.message };
    return { code: fallbackFor(path), path, message: iss.message };
  });
}

/**
 * Turns a list of issues into one failed result led by the first issue's code and path.
 * @example
 * failWithIssues([{ code: 'ITEM_UNKNOWN', path: ['data', 'sku'], message: 'no item' }], 'event');
 */
export function failWithIssues(issues: readonly Issue[], what: string): Result<never> {
  const first = issues[0] ?? { code: 'VALIDATION_FAILED' as const, path: [], message: 'invalid' };
  return fail(first.code, `${what}: ${formatPath(first.path)}: ${first.message}`, {
    path: first.path,
    issues,
  });
}

/**
 * Validates `input` against a zod schema, returning a result with typed issues. Never throws.
 * @example
 * const r = safeParse(ItemSchema, { sku: 'A', unit: 'each' }, 'item');
 */
export function safeParse<S extends z.ZodType>(schema: S, input: unknown, what: string): Result<z.output<S>> {
  const r = schema.safeParse(input);
  if (r.success) return ok(r.data);
  return failWithIssues(issuesFromZod(r.error), what);
}

/**
 * `data.lines[0].qty` style rendering of a path.
 * @example
 * formatPath(['data', 'lines', 0, 'qty']); // 'data.lines[0].qty'
 */
export function formatPath(path: ErrorPath): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
