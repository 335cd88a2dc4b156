import { type ErrorCode, ErrorCodes, type OmnistockErrorData } from '@omnistock/core';
import { z } from 'zod';

const CODES = Object.values(ErrorCodes) as [ErrorCode, ...ErrorCode[]];

/** A stable error code (core's `ErrorCodes`). */
export const ErrorCodeSchema = z.enum(CODES);

/** One validation issue inside a problem document. */
export const ProblemIssueSchema = z.strictObject({
  code: ErrorCodeSchema,
  path: z.array(z.union([z.string(), z.int()])),
  message: z.string(),
});

/**
 * An RFC 9457 problem document (`application/problem+json`) with omnistock's stable `code`.
 * Unknown members are allowed (RFC 9457 §3.2 extension members).
 */
export const ProblemSchema = z
  .looseObject({
    type: z.string().min(1),
    title: z.string().min(1),
    status: z.int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** The stable error code (core's `ErrorCodes`). */
    code: ErrorCodeSchema,
    issues: z.array(ProblemIssueSchema).optional(),
    /** What a caller needs to act: sku, location, requested, available, field, ... */
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'An RFC 9457 problem document carrying a stable omnistock error code.' });
export type Problem = z.infer<typeof ProblemSchema>;

/** The HTTP status each error code is sent with. */
export const ProblemStatus: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  QUANTITY_INVALID: 400,
  QUANTITY_SCALE_EXCEEDED: 400,
  QUANTITY_NEGATIVE: 400,
  QUANTITY_NOT_POSITIVE: 400,
  QUANTITY_OUT_OF_RANGE: 400,
  PERCENT_INVALID: 400,
  UNIT_UNKNOWN: 400,
  UNIT_MISMATCH: 400,
  SELL_MULTIPLE_INVALID: 400,
  ID_INVALID: 400,
  EVENT_INVALID: 400,
  EVENT_TYPE_UNKNOWN: 400,
  EVENT_VERSION_UNSUPPORTED: 400,
  EVENT_SUBJECT_MISMATCH: 400,
  POLICY_INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ITEM_UNKNOWN: 404,
  LOCATION_UNKNOWN: 404,
  GROUP_UNKNOWN: 404,
  CHANNEL_UNKNOWN: 404,
  RESERVATION_NOT_FOUND: 404,
  QUARANTINE_NOT_FOUND: 404,
  RESERVATION_EXISTS: 409,
  INVALID_TRANSITION: 409,
  RESERVATION_EXPIRED: 409,
  EVENT_ID_CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  VERSION_CONFLICT: 412,
  PAYLOAD_TOO_LARGE: 413,
  INSUFFICIENT_STOCK: 422,
  QUANTITY_EXCEEDS_REMAINING: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
};

const PROBLEM_TYPE_BASE = 'urn:omnistock:problem:';

/**
 * Builds the problem document for a domain error: status from {@link ProblemStatus}, `type` from the
 * code, `title` from the code, `detail` from the message.
 * @example
 * const p = toProblem({ code: 'RESERVATION_NOT_FOUND', message: 'no reservation r-1' });
 * p.status; // 404
 */
export function toProblem(error: OmnistockErrorData, instance?: string): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: error.code
      .toLowerCase()
      .split('_')
      .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
      .join(' '),
    status: ProblemStatus[error.code],
    detail: error.message,
    code: error.code,
    ...(instance !== undefined ? { instance } : {}),
    ...(error.issues ? { issues: error.issues.map((i) => ({ ...i, path: [...i.path] })) } : {}),
    ...(error.details ? { details: { ...error.details } } : {}),
  };
}
