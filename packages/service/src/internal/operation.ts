import { failWithIssues, type Issue, issuesFromZod, OmnistockError, type Result } from '@omnistock/core';
import type { z } from 'zod';
import type { Role } from '../types';
import { HttpRefusal } from './problems';

/** What every route of the app declares in its Fastify `config`. */
export interface OperationConfig {
  /** The OpenAPI operationId (metrics and logs). */
  readonly operation: string;
  /** The role the operation needs; absent = public (no key, not rate limited). */
  readonly role?: Role;
  /** The statuses the spec declares for the operation; errors are kept within them. */
  readonly statuses?: ReadonlySet<number>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    readonly omnistock?: OperationConfig;
  }
}

/** Every keyed operation may answer these. */
const KEYED = [401, 403, 429, 500, 503];

/**
 * The Fastify route `config` of a keyed operation.
 * @example
 * app.get('/v1/positions', { config: keyed('listPositions', 'read', [200, 400]) }, handler);
 */
export function keyed(operation: string, role: Role, statuses: readonly number[]) {
  return { omnistock: { operation, role, statuses: new Set([...statuses, ...KEYED]) } };
}

/**
 * The Fastify route `config` of a public operation (health, metrics, dashboard).
 * @example
 * app.get('/healthz', { config: open('getHealth') }, handler);
 */
export function open(operation: string) {
  return { omnistock: { operation } };
}

/**
 * A parsed value as it really is: zod leaves an absent optional key out, so no property holds an
 * explicit `undefined` (what `exactOptionalPropertyTypes` APIs expect).
 */
export type Parsed<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Parsed<U>[]
    : { [K in keyof T]: Parsed<Exclude<T[K], undefined>> };

/**
 * Validates input with a zod schema; a failure is thrown as a `400` refusal carrying every issue
 * (code + path + message).
 * @example
 * const body = parse(CreateReservationRequestSchema, request.body, 'body');
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): Parsed<z.output<S>> {
  const r = schema.safeParse(input);
  if (r.success) return r.data as Parsed<z.output<S>>;
  const coded = issuesFromZod(r.error);
  // an unknown field is located at the field itself, one issue per field
  const issues = r.error.issues.flatMap((iss, i): Issue[] =>
    iss.code === 'unrecognized_keys'
      ? iss.keys.map((key) => ({
          code: 'VALIDATION_FAILED',
          path: [...(coded[i]?.path ?? []), key],
          message: `unknown field "${key}"`,
        }))
      : coded[i]
        ? [coded[i]]
        : [],
  );
  return must(failWithIssues(issues, what));
}

/** Distinct request URLs whose parsed query each schema keeps (the oldest is dropped beyond). */
const MAX_REMEMBERED_QUERIES = 1000;
/** Longer URLs (a time-phased query may list 1,000 dates) are parsed every time, never kept. */
const MAX_REMEMBERED_URL = 1024;
const rememberedQueries = new WeakMap<z.ZodType, Map<string, unknown>>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * {@link parse} of a request's query string, remembered per request URL: the query object is a
 * function of the URL, so a URL asked again (a storefront polling a sku) is not validated again.
 * The value is frozen, as every request with that URL shares it; a failure is not remembered (it is
 * thrown again, identically, next time). At most 1,000 URLs of at most 1,024 characters are kept
 * per schema.
 * @example
 * const q = parseQuery(AvailabilityQuery, request);
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  request: { readonly url: string; readonly query: unknown },
): Parsed<z.output<S>> {
  let memo = rememberedQueries.get(schema);
  if (memo === undefined) {
    memo = new Map();
    rememberedQueries.set(schema, memo);
  }
  const known = memo.get(request.url);
  if (known !== undefined) return known as Parsed<z.output<S>>;
  const value = deepFreeze(parse(schema, request.query, 'query'));
  if (request.url.length > MAX_REMEMBERED_URL) return value;
  if (memo.size >= MAX_REMEMBERED_QUERIES) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  memo.set(request.url, value);
  return value;
}

/**
 * The value of a result, or its error thrown as a refusal.
 * @example
 * const view = must(await service.availability(q));
 */
export function must<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  // failures of the service itself are logged and answered without their message
  if (result.error.code === 'INTERNAL' || result.error.code === 'STORE_UNAVAILABLE') {
    throw new OmnistockError(result.error);
  }
  throw new HttpRefusal(result.error);
}
