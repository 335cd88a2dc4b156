export {
  findItem,
  FulfilmentModeSchema,
  isEligible,
  ItemSchema,
  itemSpec,
  LocationGroupSchema,
  LocationSchema,
  LocationTypeSchema,
  parseItem,
  parseItemQuantity,
  parseLocation,
  parseLocationGroup,
  sellMultipleOf,
} from './catalog';
export type { FulfilmentMode, Item, Location, LocationGroup, LocationType } from './catalog';
export { ErrorCodes, fail, isErrorCode, ok, OmnistockError, unwrap } from './errors';
export type { ErrorCode, ErrorPath, Issue, OmnistockErrorData, Result } from './errors';
export { buildEvent, EVENT_QUANTITY_KEYS, eventSubject, parseEvent } from './events/parse';
export type { EventMeta, ItemLookup, ParseEventOptions } from './events/parse';
export {
  AdjustmentReasonSchema,
  AvailabilityChangedV1,
  AvailabilityStatusSchema,
  ReservationCommittedV1,
  ReservationExpiredV1,
  ReservationExtendedV1,
  ReservationFulfilledV1,
  ReservationHeldV1,
  ReservationLineV1,
  ReservationReleasedV1,
  ReservationTransferredV1,
  ReturnReceivedV1,
  SaleRecordedV1,
  StockAdjustedV1,
  StockCountedV1,
  StockReceivedV1,
  StockStatusChangedV1,
  StockStatusSchema,
  SupplyExpectedV1,
  TransferReceivedV1,
  TransferShippedV1,
} from './events/payloads';
export type { AdjustmentReason, AvailabilityStatus, StockStatus } from './events/payloads';
export {
  EnvelopeSchema,
  EVENT_TYPE_PATTERN,
  EVENT_TYPES,
  EventPayloadSchemas,
  EventSchemas,
  eventTypeParts,
  isEventType,
  OmnistockEventSchema,
} from './events/registry';
export type { Envelope, EventData, EventOf, EventType, OmnistockEvent } from './events/registry';
export {
  asId,
  ChannelIdSchema,
  EventIdSchema,
  LocationGroupIdSchema,
  LocationIdSchema,
  ReservationIdSchema,
  SkuSchema,
  SourceIdSchema,
} from './ids';
export type { ChannelId, EventId, LocationGroupId, LocationId, ReservationId, Sku, SourceId } from './ids';
export {
  emptyPosition,
  free,
  oversoldBy,
  parsePosition,
  positionKey,
  positionToJson,
  positionViolations,
  sellable,
  StockPositionSchema,
  SupplyLotSchema,
  TransitLotSchema,
} from './position';
export type {
  PositionKey,
  PositionViolation,
  StockPosition,
  StockPositionJson,
  SupplyLot,
  SupplyLotJson,
  TransitLot,
  TransitLotJson,
} from './position';
export { parseMinor, Percent, Quantity } from './quantity';
export type { QuantitySpec, Rounding, Sign } from './quantity';
export { QuantityReference } from './quantity-reference';
export {
  DecimalSchema,
  NonNegativeDecimalSchema,
  NonZeroDecimalSchema,
  PercentSchema,
  PositiveDecimalSchema,
} from './quantity-schema';
export { lookupUnit, MAX_SCALE, UNIT_CODES, Units } from './units';
export type { UnitDefinition } from './units';
export { coded, failWithIssues, formatPath, issuesFromZod, safeParse } from './validation';
