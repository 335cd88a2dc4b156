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
