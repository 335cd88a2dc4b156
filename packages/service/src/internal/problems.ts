import { toProblem, type Problem } from '@omnistock/contracts';
import { type ErrorCode, formatPath, type OmnistockErrorData, OmnistockError } from '@omnistock/core';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** A refusal a route throws: sent as a problem document with optional extra headers. */
export class HttpRefusal extends Error {
  constructor(
    readonly error: OmnistockErrorData,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Replaces `status`, `type` and `title` (a generic not-found has no code of its own). */
    readonly shape?: Pick<Problem, 'status' | 'type' | 'title'>,
  ) {
    super(error.message);
    this.name = 'HttpRefusal';
  }
}

/**
 * A `404` for something no stable error code names (an unknown route, an expired reconciliation
 * report): `type` `urn:omnistock:problem:not-found`, `code` `VALIDATION_FAILED` (ErrorCode has no
 * generic not-found code in v1).
 * @example
 * notFound(`no route GET /v1/nope`);
 */
export function notFound(message: string, details?: Record<string, unknown>): never {
  throw new HttpRefusal(
    { code: 'VALIDATION_FAILED', message, ...(details ? { details } : {}) },
    {},
    {
      status: 404,
      type: 'urn:omnistock:problem:not-found',
      title: 'Not found',
    },
  );
}

/**
 * Throws a refusal with a stable code (the route's error handler sends it as a problem document).
 * @example
 * refuse('FORBIDDEN', 'key pos may not act for channel web', { channel: 'web', role: 'read' });
 */
export function refuse(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new HttpRefusal({ code, message, ...(details ? { details } : {}) });
}

/** Details that are for the service's own use, never for clients. */
const PRIVATE_DETAILS = new Set(['retry']);

/**
 * The problem document of a domain error: `toProblem`, plus an `issues` entry built from `path` when
 * the error has none, the spec's `{ expected, current }` on version conflicts, and without private
 * details.
 * @example
 * problemOf({ code: 'ITEM_UNKNOWN', message: 'no item', path: ['lines', 0, 'sku'] }).issues;
 */
export function problemOf(error: OmnistockErrorData): Problem {
  const issues =
    error.issues ??
    (error.path !== undefined && error.path.length > 0
      ? [{ code: error.code, path: error.path, message: stripPath(error.message, error.path) }]
      : undefined);
  const details = error.details
    ? Object.fromEntries(Object.entries(error.details).filter(([k]) => !PRIVATE_DETAILS.has(k)))
    : undefined;
  if (error.code === 'VERSION_CONFLICT' && details) {
    if ('expectedVersion' in details) details.expected = details.expectedVersion;
    if ('actualVersion' in details) details.current = details.actualVersion;
  }
  return toProblem({
    code: error.code,
    message: error.message,
    ...(issues ? { issues } : {}),
    ...(details && Object.keys(details).length > 0 ? { details } : {}),
  });
}

function stripPath(message: string, path: readonly (string | number)[]): string {
  const at = message.lastIndexOf(`${formatPath(path)}: `);
  return at >= 0 ? message.slice(at + formatPath(path).length + 2) : message;
}

/**
 * Keeps a problem within the statuses the operation declares: a code the operation cannot answer
 * with becomes `400 VALIDATION_FAILED` (the original code stays in `issues`) when 400 is declared.
 * @example
 * conform(problemOf({ code: 'ITEM_UNKNOWN', message: 'no item' }), new Set([200, 400])).status; // 400
 */
export function conform(problem: Problem, declared: ReadonlySet<number> | undefined): Problem {
  if (!declared || declared.has(problem.status) || problem.status >= 500) return problem;
  if (!declared.has(400)) return problem;
  const issues = problem.issues ?? [
    { code: problem.code, path: [], message: problem.detail ?? problem.title },
  ];
  return {
    ...toProblem({ code: 'VALIDATION_FAILED', message: problem.detail ?? problem.title }),
    issues,
    ...(problem.details ? { details: problem.details } : {}),
  };
}

/**
 * What the error handler makes of anything thrown: a refusal, a domain error, a Fastify error.
 * @example
 * const { problem } = problemOfThrown(new Error('boom'), 'req-1'); // 500 INTERNAL, no message
 */
export function problemOfThrown(
  error: unknown,
  reference: string,
): { problem: Problem; headers: Readonly<Record<string, string>>; unexpected: boolean } {
  if (error instanceof HttpRefusal) {
    return {
      problem: { ...problemOf(error.error), ...error.shape },
      headers: error.headers,
      unexpected: false,
    };
  }
  if (error instanceof OmnistockError) {
    if (error.code === 'STORE_UNAVAILABLE') {
      const p = problemOf({
        code: 'STORE_UNAVAILABLE',
        message: 'the inventory store or bus did not answer; nothing was applied',
      });
      return { problem: p, headers: { 'Retry-After': '1' }, unexpected: true };
    }
    if (error.code !== 'INTERNAL')
      return { problem: problemOf(error.toData()), headers: {}, unexpected: false };
  }
  const code = (error as { code?: unknown }).code;
  const status = (error as { statusCode?: unknown }).statusCode;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fastify('PAYLOAD_TOO_LARGE', 'the request body is larger than allowed');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fastify('VALIDATION_FAILED', 'unsupported Content-Type: send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return fastify('VALIDATION_FAILED', 'the JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return fastify('VALIDATION_FAILED', 'the body is not valid JSON');
  }
  if (error instanceof SyntaxError && status === 400)
    return fastify('VALIDATION_FAILED', 'the body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return fastify('VALIDATION_FAILED', 'the request is malformed');
  }
  return {
    problem: problemOf({ code: 'INTERNAL', message: `unexpected failure; reference ${reference}` }),
    headers: {},
    unexpected: true,
  };
}

function fastify(code: ErrorCode, message: string) {
  const issues = code === 'VALIDATION_FAILED' ? [{ code, path: [], message }] : undefined;
  return {
    problem: problemOf({ code, message, ...(issues ? { issues } : {}) }),
    headers: {},
    unexpected: false,
  };
}

/**
 * Throws a `400 VALIDATION_FAILED` refusal about one input, with its issue.
 * @example
 * invalid(['cursor'], 'not a cursor of this listing');
 */
export function invalid(path: readonly (string | number)[], message: string): never {
  throw new HttpRefusal({
    code: 'VALIDATION_FAILED',
    message: `${formatPath(path)}: ${message}`,
    issues: [{ code: 'VALIDATION_FAILED', path, message }],
  });
}
