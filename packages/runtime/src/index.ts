export { BUS_DEFAULTS, backoffFor, isDurableName } from './bus/event-bus';
export type {
  BusEvent,
  DeadLetter,
  Delivery,
  DeliveryHandler,
  EventBus,
  PublishResult,
  ReplayedEvent,
  ReplayOptions,
  StartPosition,
  SubscribeOptions,
  Subscription,
} from './bus/event-bus';
export { InMemoryEventBus } from './bus/memory-bus';
export type { InMemoryEventBusOptions } from './bus/memory-bus';
export type {
  AppendOutcome,
  AppendRequest,
  InventoryStore,
  ReservationQuery,
  ReserveDecision,
  ReserveOutcome,
  ReserveRequest,
  TransitionDecision,
  TransitionOutcome,
  TransitionRequest,
} from './store/inventory-store';
export {
  appendFlow,
  canonicalJson,
  lockOrder,
  refKey,
  reserveBatchFlow,
  reserveFlow,
  SerialQueue,
  toStoredEvent,
  transitionFlow,
} from './store/kernel';
export type { StoreTx } from './store/kernel';
export { payloadHash } from './service/codec';
export {
  newQuarantineRecord,
  POSITION_COLUMNS,
  positionRowValues,
  quarantinePath,
  sqlJson,
} from './store/sql-rows';
export { compareRefs, InMemoryInventoryStore } from './store/memory-store';
export type { InMemoryStoreOptions } from './store/memory-store';
export type {
  AppendedEvent,
  IdempotencyInput,
  IdempotencyRecord,
  OutboxRecord,
  PositionRecord,
  PositionRef,
  PositionSnapshot,
  QuarantineInput,
  QuarantineUpdate,
  ReconciliationRecord,
  QuarantineRecord,
  Refusal,
  ReservationRecord,
  StoredEvent,
  Writes,
} from './store/records';
export { OutboxRelay } from './outbox/relay';
export type { OutboxRelayOptions } from './outbox/relay';
export { ExpiryScheduler } from './expiry/scheduler';
export type { ExpiryPass, ExpirySchedulerOptions } from './expiry/scheduler';
export { InventoryService } from './service/inventory-service';
export type {
  AvailabilityRequest,
  BatchAvailabilityRequest,
  CommandOptions,
  CommitCommand,
  ExtendCommand,
  FulfilCommand,
  IngestResult,
  InventoryServiceOptions,
  ReconcileRequest,
  ReconcileResult,
  ReleaseCommand,
  ReservationResult,
  ReserveCommand,
  TimePhasedRequest,
  TransferCommand,
} from './service/types';
