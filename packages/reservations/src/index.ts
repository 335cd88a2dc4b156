export {
  builtInStrategies,
  mostAvailableStrategy,
  priorityStrategy,
  singleLocationStrategy,
} from './allocation';
export type { Allocation, AllocationCandidate, AllocationRequest, AllocationStrategy } from './allocation';
export { ReservationBook } from './book';
export type {
  AvailabilityFn,
  CommandOutcome,
  LiveTotals,
  ReservationBookOptions,
  Shortfall,
  SweepResult,
} from './book';
export type { BookCommand, BookCommandType } from './commands';
export { atpAvailability } from './atp';
export type { AtpAvailabilityOptions } from './atp';
export { emissionToEvent } from './emit';
export { transition } from './machine';
export type { AllocatedLine, ConsumedLine, MachineCommand, Transition } from './machine';
export { isTerminal, remainingOf, TERMINAL_STATES, toView } from './model';
export type { Reservation, ReservationEmission, ReservationEventType, ReservationLine } from './model';
export {
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
} from './wire';
export type {
  CommitReservationRequest,
  CreateReservationRequest,
  ExtendReservationRequest,
  FulfilLine,
  FulfilReservationRequest,
  ReleaseReservationRequest,
  ReservationLineRequest,
  ReservationLineView,
  ReservationState,
  ReservationView,
  TransferReservationRequest,
} from './wire';
