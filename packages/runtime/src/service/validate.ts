import {
  fail,
  type Item,
  itemSpec,
  type Location,
  type LocationGroup,
  ok,
  Quantity,
  type Result,
  safeParse,
} from '@omnistock/core';
import {
  CommitReservationRequestSchema,
  type CreateReservationRequest,
  CreateReservationRequestSchema,
  ExtendReservationRequestSchema,
  FulfilReservationRequestSchema,
  ReleaseReservationRequestSchema,
  TransferReservationRequestSchema,
} from '@omnistock/reservations';
import type { PositionRef } from '../store/records';
import type { AvailabilityRequest, BatchAvailabilityRequest, TimePhasedRequest } from './types';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function timeOk(v: unknown, path: string): Result<void> {
  if (v === undefined) return ok(undefined);
  return typeof v === 'string' && !Number.isNaN(Date.parse(v))
    ? ok(undefined)
    : fail('VALIDATION_FAILED', `${path} is not an RFC 3339 timestamp`, { path: [path] });
}

function oneOf(q: { location?: unknown; group?: unknown }): Result<void> {
  if ((q.location === undefined) === (q.group === undefined)) {
    return fail('VALIDATION_FAILED', 'name exactly one of location or group', { path: ['location'] });
  }
  if (q.location !== undefined && !isText(q.location)) {
    return fail('VALIDATION_FAILED', 'location must be a non-empty string', { path: ['location'] });
  }
  if (q.group !== undefined && !isText(q.group)) {
    return fail('VALIDATION_FAILED', 'group must be a non-empty string', { path: ['group'] });
  }
  return ok(undefined);
}

function required(q: Record<string, unknown>, keys: readonly string[]): Result<void> {
  for (const k of keys) {
    if (!isText(q[k])) return fail('VALIDATION_FAILED', `${k} is required`, { path: [k] });
  }
  return ok(undefined);
}

function quantity(qty: string, item: Item, path: (string | number)[]): Result<Quantity> {
  const q = Quantity.parse(qty, itemSpec(item), 'positive');
  return q.ok ? q : { ok: false, error: { ...q.error, path } };
}

const schemas = {
  commit: CommitReservationRequestSchema,
  release: ReleaseReservationRequestSchema,
  fulfil: FulfilReservationRequestSchema,
  extend: ExtendReservationRequestSchema,
  transfer: TransferReservationRequestSchema,
} as const;

/** Validation of the service's requests: refused before any state changes. @internal */
export const validate = {
  availability(q: AvailabilityRequest): Result<void> {
    const r = required(q as unknown as Record<string, unknown>, ['sku', 'channel']);
    if (!r.ok) return r;
    const o = oneOf(q);
    return o.ok ? timeOk(q.at, 'at') : o;
  },

  batch(q: BatchAvailabilityRequest): Result<void> {
    const r = required(q as unknown as Record<string, unknown>, ['channel']);
    if (!r.ok) return r;
    for (const k of ['skus', 'locations'] as const) {
      const list: unknown = q[k];
      if (!Array.isArray(list) || list.length === 0 || !list.every(isText)) {
        return fail('VALIDATION_FAILED', `${k} must be a non-empty list of ids`, { path: [k] });
      }
    }
    return timeOk(q.at, 'at');
  },

  timePhased(q: TimePhasedRequest): Result<void> {
    const r = required(q as unknown as Record<string, unknown>, ['sku', 'channel']);
    if (!r.ok) return r;
    const o = oneOf(q);
    if (!o.ok) return o;
    if (!Array.isArray(q.dates) || q.dates.length === 0) {
      return fail('VALIDATION_FAILED', 'dates must be a non-empty list', { path: ['dates'] });
    }
    return ok(undefined);
  },

  create(body: unknown): Result<CreateReservationRequest> {
    return safeParse(CreateReservationRequestSchema, body, 'reservation');
  },

  /** Lines with their quantities in canonical text (`"1.50"` and `"1.5"` are one payload for idempotency). */
  canonicalLines<L extends { readonly sku: string; readonly qty: string }>(
    lines: readonly L[],
    items: ReadonlyMap<string, Item>,
  ): L[] {
    return lines.map((l) => {
      const item = items.get(l.sku);
      const q = item ? Quantity.parse(l.qty, itemSpec(item), 'positive') : undefined;
      return q?.ok ? { ...l, qty: q.value.toString() } : l;
    });
  },

  /** The rows a reserve locks: each line's location, or every location of its group. */
  reserveLines(
    req: CreateReservationRequest,
    items: ReadonlyMap<string, Item>,
    locations: readonly Location[],
    groups: readonly LocationGroup[],
  ): Result<PositionRef[]> {
    const refs: PositionRef[] = [];
    for (const [i, line] of req.lines.entries()) {
      const item = items.get(line.sku);
      if (!item) {
        return fail('ITEM_UNKNOWN', `no item with sku "${line.sku}"`, {
          path: ['lines', i, 'sku'],
          details: { sku: line.sku },
        });
      }
      const q = quantity(line.qty, item, ['lines', i, 'qty']);
      if (!q.ok) return q;
      if (line.location !== undefined) {
        if (!locations.some((l) => l.id === line.location)) {
          return fail('LOCATION_UNKNOWN', `no location "${line.location}"`, {
            path: ['lines', i, 'location'],
            details: { location: line.location },
          });
        }
        refs.push({ sku: line.sku, location: line.location });
      } else {
        const group = groups.find((g) => g.id === line.group);
        if (!group) {
          return fail('GROUP_UNKNOWN', `no location group "${line.group}"`, {
            path: ['lines', i, 'group'],
            details: { group: line.group },
          });
        }
        for (const l of group.locations) refs.push({ sku: line.sku, location: l });
      }
    }
    return ok(refs);
  },

  transition(
    type: keyof typeof schemas,
    reservationId: string,
    body: Record<string, unknown>,
    options: { readonly expectedVersion?: number | undefined; readonly idempotencyKey?: string | undefined },
    items: ReadonlyMap<string, Item>,
    locations: readonly Location[],
  ): Result<void> {
    if (!isText(reservationId)) {
      return fail('VALIDATION_FAILED', 'reservationId is required', { path: ['reservationId'] });
    }
    const v = options.expectedVersion;
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 1)) {
      return fail('VALIDATION_FAILED', 'expectedVersion must be an integer ≥ 1', {
        path: ['expectedVersion'],
      });
    }
    const k = options.idempotencyKey;
    if (k !== undefined && (!isText(k) || k.length > 256)) {
      return fail('VALIDATION_FAILED', 'idempotencyKey must have 1–256 characters', {
        path: ['idempotencyKey'],
      });
    }
    const parsed = safeParse(schemas[type], body, type);
    if (!parsed.ok) return parsed;
    if (type === 'fulfil') {
      for (const [i, l] of (body.lines as { sku: string; qty: string }[]).entries()) {
        const item = items.get(l.sku);
        if (!item) {
          return fail('ITEM_UNKNOWN', `no item with sku "${l.sku}"`, { path: ['lines', i, 'sku'] });
        }
        const q = quantity(l.qty, item, ['lines', i, 'qty']);
        if (!q.ok) return q;
      }
    }
    if (type === 'transfer') {
      const { sku, to } = body as { sku: string; to: string };
      if (!items.has(sku)) return fail('ITEM_UNKNOWN', `no item with sku "${sku}"`, { path: ['sku'] });
      if (!locations.some((l) => l.id === to)) {
        return fail('LOCATION_UNKNOWN', `no location "${to}"`, { path: ['to'], details: { location: to } });
      }
    }
    return ok(undefined);
  },
};
