/**
 * `kairo/events`: event sourcing and CQRS — events with schemas, an event store in memory or on
 * PostgreSQL, consumers with checkpoints and dead letters, projections, snapshots, aggregates,
 * command and query buses, and an in-process event bus.
 *
 * @example
 * ```ts
 * import { createEventStore, createEvent } from 'kairo/events'
 *
 * const store = createEventStore()
 * await store.append('user-123', [createEvent('user.created', { name: 'Ada' })])
 * ```
 * @module
 */

export {
  type AggregateRepository,
  type AggregateRepositoryOptions,
  createAggregateRepository,
  type Handled,
  type LoadedAggregate,
  type SnapshotPolicy,
} from './aggregate-repository.js'
export { AggregateRoot } from './aggregate-root.js'
export {
  type AggregateRootRepository,
  type AggregateRootRepositoryOptions,
  createAggregateRootRepository,
} from './aggregate-root-repository.js'
export { type CommandBus, type CommandBusOptions, createCommandBus } from './command-bus.js'
export {
  type Consumer,
  type ConsumerContext,
  type ConsumerHandlerResult,
  type ConsumerOptions,
  type ConsumerStatus,
  createConsumer,
  type DeadLetterRetry,
} from './consumer.js'
export type { ConsumerLease, ConsumerStore, DeadLetter, NewDeadLetter } from './consumer-store.js'
export { type CreateEventOptions, createEvent } from './create-event.js'
export { createEventStore, type EventStoreOptions } from './create-event-store.js'
export type { Decider, Decision, NewEventOf } from './decider.js'
export {
  type DefineEventOptions,
  defineEvent,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
  type Upcaster,
} from './define-event.js'
export { defineCommand, defineQuery, type MessageDefinition } from './define-message.js'
export type { AnyStoredEvent, EventMetadata, NewEvent, StoredEvent } from './event.js'
export {
  type BusDeadLetter,
  type BusEvent,
  type BusRetryPolicy,
  createEventBus,
  type EventBus,
  type EventBusOptions,
  type PublishReport,
  type SubscribeOptions,
} from './event-bus.js'
export type {
  AggregatedStream,
  AggregateStreamOptions,
  AppendOptions,
  AppendResult,
  BlockingTransaction,
  EventStore,
  ExpectedVersion,
  GlobalLogPage,
  ReadAllOptions,
  ReadStreamOptions,
  ReplayHandlerResult,
  StreamAppend,
} from './event-store.js'
export {
  CHECKPOINT_CONFLICT,
  EVENT_ID_CONFLICT,
  isWrongExpectedVersion,
  WRONG_EXPECTED_VERSION,
  wrongExpectedVersion,
} from './event-store-errors.js'
export { type DeliverEvent, type EventTransport, inProcessTransport } from './event-transport.js'
export { type IdempotencyOptions, idempotencyMiddleware } from './idempotency-middleware.js'
export type { Claim, IdempotencyStore, StoredOutcome } from './idempotency-store.js'
export { loggingMiddleware, type MessageLogEntry } from './logging-middleware.js'
export type { ExecuteOptions, HandlerContext, HandlerTypes, MessageBus, MessageHandler } from './message-bus.js'
export type { MessageEnvelope, Middleware, Next } from './message-middleware.js'
export {
  type DefineProjectionOptions,
  defineProjection,
  type Projection,
  type ProjectionContext,
  type ProjectionResult,
} from './projection.js'
export { projectionConsumer } from './projection-consumer.js'
export { createQueryBus, type QueryBus, type QueryBusOptions } from './query-bus.js'
export { type RebuildOptions, type RebuildProgress, rebuildProjection } from './rebuild-projection.js'
export { defaultRetryPolicy, type RetryPolicy } from './retry-policy.js'
export { HandlerError } from './settle-handler.js'
export type { Snapshot, SnapshotStore } from './snapshot-store.js'
export { tracingMiddleware } from './tracing-middleware.js'
