export { NatsEventBus } from './nats-bus';
export type { NatsEventBusOptions } from './nats-bus';
export { eventSubjectFor, subjectToken, typeFilter, typeTokens } from './subjects';
