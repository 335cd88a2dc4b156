import {
  ChannelIdSchema,
  DecimalSchema,
  EnvelopeSchema,
  EVENT_TYPES,
  EventPayloadSchemas,
  EventSchemas,
  type EventType,
  LocationGroupIdSchema,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  NonZeroDecimalSchema,
  OmnistockEventSchema,
  PositiveDecimalSchema,
  ReservationIdSchema,
  SkuSchema,
  StockPositionSchema,
  SupplyLotSchema,
  TransitLotSchema,
} from '@omnistock/core';
import {
  AvailabilityQueryJsonSchema,
  AvailabilityResultJsonSchema,
  BatchResultJsonSchema,
  ExplanationJsonSchema,
  NetworkAvailabilityResultJsonSchema,
  TimePhasedResultJsonSchema,
} from '@omnistock/atp';
import {
  CommitReservationRequestSchema,
  CreateReservationRequestSchema,
  ExtendReservationRequestSchema,
  FulfilLineSchema,
  FulfilReservationRequestSchema,
  ReleaseReservationRequestSchema,
  ReservationLineRequestSchema,
  ReservationLineViewSchema,
  ReservationStateSchema,
  ReservationViewSchema,
  TransferReservationRequestSchema,
} from '@omnistock/reservations';
import { z } from 'zod';
import * as H from './http/index';

/** The `batch` variant of atp's query union: the body of `POST /v1/availability/batch`. */
const BatchQuerySchema = AvailabilityQueryJsonSchema.options.find(
  (o) => o.shape.type.value === 'batch',
) as z.ZodType;

/** A JSON Schema object as emitted into a contract. */
export type JsonSchema = { [key: string]: unknown };

/**
 * The component name of an event type's schemas: `omnistock.stock.statusChanged.v1` →
 * `StockStatusChangedV1` (the payload) and `StockStatusChangedV1Event` (the CloudEvent).
 * @example
 * eventComponentName('omnistock.stock.adjusted.v1'); // 'StockAdjustedV1'
 */
export function eventComponentName(type: string): string {
  const [, aggregate = '', event = '', version = ''] = type.split('.');
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `${cap(aggregate)}${cap(event)}${version.toUpperCase()}`;
}

/** Shared primitives: ids and decimal strings. */
const primitives = {
  Sku: SkuSchema,
  LocationId: LocationIdSchema,
  LocationGroupId: LocationGroupIdSchema,
  ChannelId: ChannelIdSchema,
  ReservationId: ReservationIdSchema,
  Decimal: DecimalSchema,
  NonNegativeDecimal: NonNegativeDecimalSchema,
  PositiveDecimal: PositiveDecimalSchema,
  NonZeroDecimal: NonZeroDecimalSchema,
} as const;

function eventComponents(): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = { CloudEventEnvelope: EnvelopeSchema };
  for (const type of EVENT_TYPES) {
    const name = eventComponentName(type);
    out[name] = EventPayloadSchemas[type as EventType];
    out[`${name}Event`] = EventSchemas[type as EventType];
  }
  out.OmnistockEvent = OmnistockEventSchema;
  return out;
}

/**
 * The zod schema behind every `components/schemas` entry of the OpenAPI v1 contract. The contract's
 * schemas are generated from these (`npm run contracts:generate`) and a test fails when they drift.
 */
export const OpenApiComponentSchemas: Readonly<Record<string, z.ZodType>> = {
  ...primitives,
  Problem: H.ProblemSchema,
  ProblemIssue: H.ProblemIssueSchema,
  ErrorCode: H.ErrorCodeSchema,
  Explanation: ExplanationJsonSchema,
  AvailabilityResult: AvailabilityResultJsonSchema,
  NetworkAvailabilityResult: NetworkAvailabilityResultJsonSchema,
  AvailabilityBatchRequest: BatchQuerySchema,
  AvailabilityBatchResult: BatchResultJsonSchema,
  TimePhasedAvailability: TimePhasedResultJsonSchema,
  ReservationState: ReservationStateSchema,
  ReservationLineRequest: ReservationLineRequestSchema,
  CreateReservationRequest: CreateReservationRequestSchema,
  ReservationLine: ReservationLineViewSchema,
  Reservation: ReservationViewSchema,
  CommitReservationRequest: CommitReservationRequestSchema,
  ReleaseReservationRequest: ReleaseReservationRequestSchema,
  FulfilLine: FulfilLineSchema,
  FulfilReservationRequest: FulfilReservationRequestSchema,
  ExtendReservationRequest: ExtendReservationRequestSchema,
  TransferReservationRequest: TransferReservationRequestSchema,
  IngestEvent: H.IngestEventSchema,
  IngestBatch: H.IngestBatchSchema,
  IngestReason: H.IngestReasonSchema,
  IngestEventResult: H.IngestEventResultSchema,
  IngestResult: H.IngestResultSchema,
  QuarantineEntry: H.QuarantineEntrySchema,
  QuarantinePage: H.QuarantinePageSchema,
  ResubmitRequest: H.ResubmitRequestSchema,
  SupplyLot: SupplyLotSchema,
  TransitLot: TransitLotSchema,
  StockPosition: StockPositionSchema,
  PositionPage: H.PositionPageSchema,
  SnapshotLine: H.SnapshotLineSchema,
  ReconciliationRequest: H.ReconciliationRequestSchema,
  ReconciliationException: H.ReconciliationExceptionSchema,
  ReconciliationReport: H.ReconciliationReportSchema,
  Health: H.HealthSchema,
  ...eventComponents(),
};

/** The zod schema behind every `components/schemas` entry of the AsyncAPI v1 contract. */
export const AsyncApiComponentSchemas: Readonly<Record<string, z.ZodType>> = {
  ...primitives,
  ...eventComponents(),
};

/**
 * Converts named zod schemas to JSON Schemas that reference each other as
 * `#/components/schemas/<name>` — the form both contracts embed.
 * @example
 * const schemas = componentJsonSchemas(OpenApiComponentSchemas);
 * schemas.Reservation?.type; // 'object'
 */
export function componentJsonSchemas(
  named: Readonly<Record<string, z.ZodType>>,
  target: 'draft-2020-12' | 'draft-07' = 'draft-2020-12',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target,
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    // `format: date-time` says it all; zod's equivalent 600-character regex adds only noise.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
    },
  });
  const out: Record<string, JsonSchema> = {};
  for (const id of Object.keys(named)) {
    const { $schema: _s, $id: _i, ...rest } = (schemas[id] ?? {}) as JsonSchema;
    out[id] = rest;
  }
  return out;
}
