import { z } from 'zod';
import { EventIdSchema, SourceIdSchema } from '../ids';
import * as P from './payloads';

/** Every event type omnistock defines, with its payload schema (`data`). */
export const EventPayloadSchemas = {
  'omnistock.stock.received.v1': P.StockReceivedV1,
  'omnistock.stock.adjusted.v1': P.StockAdjustedV1,
  'omnistock.stock.counted.v1': P.StockCountedV1,
  'omnistock.stock.statusChanged.v1': P.StockStatusChangedV1,
  'omnistock.sale.recorded.v1': P.SaleRecordedV1,
  'omnistock.return.received.v1': P.ReturnReceivedV1,
  'omnistock.transfer.shipped.v1': P.TransferShippedV1,
  'omnistock.transfer.received.v1': P.TransferReceivedV1,
  'omnistock.supply.expected.v1': P.SupplyExpectedV1,
  'omnistock.reservation.held.v1': P.ReservationHeldV1,
  'omnistock.reservation.committed.v1': P.ReservationCommittedV1,
  'omnistock.reservation.extended.v1': P.ReservationExtendedV1,
  'omnistock.reservation.released.v1': P.ReservationReleasedV1,
  'omnistock.reservation.expired.v1': P.ReservationExpiredV1,
  'omnistock.reservation.fulfilled.v1': P.ReservationFulfilledV1,
  'omnistock.reservation.transferred.v1': P.ReservationTransferredV1,
  'omnistock.availability.changed.v1': P.AvailabilityChangedV1,
} as const;

/** An omnistock event type string, `omnistock.<aggregate>.<event>.v<major>`. */
export type EventType = keyof typeof EventPayloadSchemas;

/** All event types. */
export const EVENT_TYPES = Object.keys(EventPayloadSchemas) as EventType[];

/** The naming rule for event types. */
export const EVENT_TYPE_PATTERN = /^omnistock\.([a-z][a-zA-Z]*)\.([a-z][a-zA-Z]*)\.v(0|[1-9]\d*)$/;

/** The payload type of an event type. */
export type EventData<T extends EventType> = z.infer<(typeof EventPayloadSchemas)[T]>;

const Timestamp = z.iso.datetime({ offset: true });

/**
 * The CloudEvents 1.0 structured-mode envelope (without `data`). omnistock requires `time` and
 * uses two extensions: `sequence` (monotonic per source) and `partitionkey` (the sku).
 * Other CloudEvents extension attributes are allowed and kept.
 */
export const EnvelopeSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: EventIdSchema,
    source: SourceIdSchema,
    type: z.string().regex(EVENT_TYPE_PATTERN, { message: 'must be omnistock.<aggregate>.<event>.v<major>' }),
    time: Timestamp,
    subject: z.string().min(1).max(256).optional(),
    datacontenttype: z.literal('application/json').optional(),
    dataschema: z.string().min(1).max(2048).optional(),
    sequence: z.union([z.string().regex(/^\d{1,15}$/), z.int().min(0)]).optional(),
    partitionkey: z.string().min(1).max(256).optional(),
    /** The principal (API key owner) that caused the event; set by the service on ingest. */
    principal: z.string().min(1).max(256).optional(),
  })
  .catchall(z.union([z.string(), z.number(), z.boolean()]));
export type Envelope = z.infer<typeof EnvelopeSchema>;

function eventSchema<T extends EventType>(type: T) {
  return EnvelopeSchema.extend({ type: z.literal(type), data: EventPayloadSchemas[type] }).meta({
    id: type,
    description: `CloudEvent of type ${type}`,
  });
}

type EventSchemaMap = { [T in EventType]: ReturnType<typeof eventSchema<T>> };

/** The full CloudEvent schema (envelope + data) of each event type. */
export const EventSchemas: EventSchemaMap = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, eventSchema(t)]),
) as unknown as EventSchemaMap;

/** A validated omnistock event of a given type. */
export type EventOf<T extends EventType> = z.infer<EventSchemaMap[T]>;

/** Any validated omnistock event: a union discriminated on `type`. */
export type OmnistockEvent = { [T in EventType]: EventOf<T> }[EventType];

/** The schema of any omnistock event, discriminated on `type`. */
export const OmnistockEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => EventSchemas[t]) as unknown as [
    EventSchemaMap[EventType],
    ...EventSchemaMap[EventType][],
  ],
);

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Whether a string is a registered event type.
 * @example
 * isEventType('omnistock.stock.adjusted.v1'); // true
 */
export function isEventType(type: unknown): type is EventType {
  // a set: `Object.hasOwn` with a variable key on a 17-key object is a slow lookup on the hot path
  return typeof type === 'string' && EVENT_TYPE_SET.has(type);
}

/**
 * Splits an event type into aggregate, event name and major version.
 * @example
 * eventTypeParts('omnistock.stock.adjusted.v1'); // { aggregate: 'stock', event: 'adjusted', major: 1 }
 */
export function eventTypeParts(
  type: string,
): { aggregate: string; event: string; major: number } | undefined {
  const m = EVENT_TYPE_PATTERN.exec(type);
  return m ? { aggregate: m[1] ?? '', event: m[2] ?? '', major: Number(m[3]) } : undefined;
}
