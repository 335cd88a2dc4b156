/**
 * Stable error codes. Every package reports failures with one of these; the HTTP service sends the
 * same code in its RFC 9457 problem documents. Codes are never renamed within a major version.
 */
export const ErrorCodes = {
  /** Input failed schema validation; `path` says where. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** A quantity is not a finite decimal string (NaN, Infinity, empty, not a number, a JS number). */
  QUANTITY_INVALID: 'QUANTITY_INVALID',
  /** A quantity has more decimal places than its item's scale allows. */
  QUANTITY_SCALE_EXCEEDED: 'QUANTITY_SCALE_EXCEEDED',
  /** A negative quantity where a non-negative one is required. */
  QUANTITY_NEGATIVE: 'QUANTITY_NEGATIVE',
  /** A zero or negative quantity where a positive one is required. */
  QUANTITY_NOT_POSITIVE: 'QUANTITY_NOT_POSITIVE',
  /** A quantity outside the exactly representable range (±9,007,199,254,740,991 minor units). */
  QUANTITY_OUT_OF_RANGE: 'QUANTITY_OUT_OF_RANGE',
  /** A percentage that is not a decimal string between 0 and 100. */
  PERCENT_INVALID: 'PERCENT_INVALID',
  /** A unit of measure that is not in the unit registry. */
  UNIT_UNKNOWN: 'UNIT_UNKNOWN',
  /** Arithmetic or comparison between quantities of different units or scales. */
  UNIT_MISMATCH: 'UNIT_MISMATCH',
  /** A sell multiple that is not a positive quantity at the item's scale. */
  SELL_MULTIPLE_INVALID: 'SELL_MULTIPLE_INVALID',
  /** An identifier (sku, location, ...) that is empty, too long or has forbidden characters. */
  ID_INVALID: 'ID_INVALID',
  /** The CloudEvents envelope is malformed. */
  EVENT_INVALID: 'EVENT_INVALID',
  /** The event `type` is not an omnistock event type. */
  EVENT_TYPE_UNKNOWN: 'EVENT_TYPE_UNKNOWN',
  /** The event type is known but this major version is not (and no upcaster exists). */
  EVENT_VERSION_UNSUPPORTED: 'EVENT_VERSION_UNSUPPORTED',
  /** The envelope `subject` does not name the entity in `data`. */
  EVENT_SUBJECT_MISMATCH: 'EVENT_SUBJECT_MISMATCH',
  /** An event with this id was already applied with a different payload. */
  EVENT_ID_CONFLICT: 'EVENT_ID_CONFLICT',
  /** The sku is not in the item catalog. */
  ITEM_UNKNOWN: 'ITEM_UNKNOWN',
  /** The location is not known. */
  LOCATION_UNKNOWN: 'LOCATION_UNKNOWN',
  /** The location group is not known. */
  GROUP_UNKNOWN: 'GROUP_UNKNOWN',
  /** The channel is not known. */
  CHANNEL_UNKNOWN: 'CHANNEL_UNKNOWN',
  /** A policy document is malformed or contradictory. */
  POLICY_INVALID: 'POLICY_INVALID',
  /** Not enough available-to-promise to cover the request; carries requested and available. */
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  /** No reservation with this id. */
  RESERVATION_NOT_FOUND: 'RESERVATION_NOT_FOUND',
  /** A reservation with this id already exists. */
  RESERVATION_EXISTS: 'RESERVATION_EXISTS',
  /** The reservation state machine does not allow this command in the current state. */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** A hold reached its `expiresAt`: only `expire` is accepted from then on (expiry wins the race). */
  RESERVATION_EXPIRED: 'RESERVATION_EXPIRED',
  /** The command would fulfil or transfer more than the reservation's remaining quantity. */
  QUANTITY_EXCEEDS_REMAINING: 'QUANTITY_EXCEEDS_REMAINING',
  /** The same idempotency key was used with a different payload; `field` names the difference. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** Optimistic concurrency: the expected version (If-Match) is not the current one. */
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** A quarantine entry with this id does not exist. */
  QUARANTINE_NOT_FOUND: 'QUARANTINE_NOT_FOUND',
  /** The caller is not authenticated. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller's role or channel scope does not allow this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests for this key. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request body is larger than allowed. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A backing store or bus failed; the command was not applied. */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** An unexpected internal failure. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** A path into the input that caused an error, as zod reports it (`['data', 'qty']`). */
export type ErrorPath = readonly (string | number)[];

/** One validation problem. */
export interface Issue {
  readonly code: ErrorCode;
  readonly path: ErrorPath;
  readonly message: string;
}

/**
 * A domain error: readonly data discriminated on `code`. `path` locates bad input; `details`
 * carries what a caller needs to act (sku, location, requested, available, field, ...).
 */
export interface OmnistockErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly path?: ErrorPath;
  readonly issues?: readonly Issue[];
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The result every fallible domain function returns instead of throwing. */
export type Result<T, E = OmnistockErrorData> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/**
 * Wraps a value in a successful result.
 * @example
 * const r = ok(3); // { ok: true, value: 3 }
 */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/**
 * Builds a failed result.
 * @example
 * const r = fail('ITEM_UNKNOWN', 'no item SKU-1', { details: { sku: 'SKU-1' } });
 */
export function fail(
  code: ErrorCode,
  message: string,
  extra: Omit<OmnistockErrorData, 'code' | 'message'> = {},
): { readonly ok: false; readonly error: OmnistockErrorData } {
  return { ok: false, error: { code, message, ...extra } };
}

/**
 * The one exception class, used at boundaries (and for programmer errors such as adding kg to
 * each). It carries the same data as a failed result.
 * @example
 * try { unwrap(parseQuantity('x', 'each')); } catch (e) { if (e instanceof OmnistockError) e.code; }
 */
export class OmnistockError extends Error {
  readonly code: ErrorCode;
  readonly path: ErrorPath | undefined;
  readonly issues: readonly Issue[] | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(data: OmnistockErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'OmnistockError';
    this.code = data.code;
    this.path = data.path;
    this.issues = data.issues;
    this.details = data.details;
  }

  /** The error as plain data. */
  toData(): OmnistockErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.path ? { path: this.path } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/**
 * Returns the value of a successful result, or throws its error as an {@link OmnistockError}.
 * @example
 * const q = unwrap(parseQuantity('2', 'each'));
 */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new OmnistockError(result.error);
}

/**
 * True when `value` is one of the stable error codes.
 * @example
 * isErrorCode('INSUFFICIENT_STOCK'); // true
 */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value);
}
