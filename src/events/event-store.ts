import type { Database, Transaction } from '../adapters/postgres/database.js'
import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import type { ConsumerStore } from './consumer-store.js'
import type { AnyStoredEvent, NewEvent, StoredEvent } from './event.js'
import type { SnapshotStore } from './snapshot-store.js'

/**
 * What the stream must look like for an append to go ahead:
 * - `'any'`: no check;
 * - `'no_stream'` (or `0`): the stream has no events yet;
 * - `'exists'`: the stream has at least one event;
 * - `n`: the stream's last event has version `n` (optimistic concurrency).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'exists' | number

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /** Defaults to `'any'`. A mismatch is a `ConflictError` (code `WRONG_EXPECTED_VERSION`). */
  expectedVersion?: ExpectedVersion
  /**
   * A transaction of the store's database to append in: the events commit or roll back with
   * everything else written in it (a repository write, another stream). On failure the append marks
   * the transaction failed, so it rolls back. PostgreSQL stores only.
   */
  transaction?: Transaction
}

/** What an append did. */
export interface AppendResult {
  /** The stream's version after the append: pass it as `expectedVersion` next time. */
  readonly nextExpectedVersion: number
  /** The global position of the last event appended. */
  readonly lastPosition: bigint
  /** True when these event ids were already stored (an idempotent retry): nothing new was written. */
  readonly alreadyStored: boolean
}

/** One stream's part of {@link EventStore.appendMany}. */
export interface StreamAppend {
  readonly streamId: string
  readonly events: readonly NewEvent[]
  readonly expectedVersion?: ExpectedVersion
}

/** Options of {@link EventStore.readStream}. Versions are inclusive. */
export interface ReadStreamOptions {
  /** First version to read (forward) or the highest (backward). Defaults to the start (or the end). */
  from?: number
  /** Last version to read (forward) or the lowest (backward). */
  to?: number
  limit?: number
  /** Defaults to `'forward'`. */
  direction?: 'forward' | 'backward'
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Read events after this global position. Defaults to the start of the log. */
  after?: bigint
  /** At most this many events. Defaults to 1000. */
  limit?: number
  /** Only events of these types. */
  types?: readonly string[]
}

/** One page of the global log, as consumers read it. */
export interface GlobalLogPage {
  readonly events: AnyStoredEvent[]
  /** Everything up to this position has been examined: read after it next time. */
  readonly through: bigint
  /** True when nothing readable is left after `through`. */
  readonly endOfLog: boolean
  /**
   * The first position that cannot be read yet: every event below it is final. Committed events at or
   * above it wait for an older transaction still in progress (see `blocked`).
   */
  readonly horizon: bigint
  /** True when committed events exist at or beyond the horizon: a long transaction is holding readers back. */
  readonly blocked: boolean
}

/** The transaction that holds the global log's readers back, when one does. */
export interface BlockingTransaction {
  readonly pid: number
  readonly database: string | null
  readonly ageMs: number
  readonly state: string | null
  readonly query: string | null
}

/** Options of {@link EventStore.aggregateStream}. */
export interface AggregateStreamOptions<State, E extends AnyStoredEvent = AnyStoredEvent> {
  initialState: () => State
  evolve: (state: State, event: E) => State
  /** Start from this state at this version (a snapshot) instead of the initial state. */
  from?: { readonly state: State; readonly version: number }
}

/** A stream folded into a state. */
export interface AggregatedStream<State> {
  readonly state: State
  /** The version of the last event folded in; 0 for a stream that does not exist. */
  readonly version: number
  readonly exists: boolean
}

/** What a handler given to {@link EventStore.replay} returns: `Err` stops the replay. */
export type ReplayHandlerResult = Result<unknown, unknown> | undefined

/**
 * An append-only store of events in streams, with a global log that is safe to follow. Made by
 * `createEventStore()` (in memory) or `createEventStore({ database })` (PostgreSQL or PGlite).
 * Every operation returns a `Result`.
 *
 * @example
 * ```ts
 * const store = createEventStore()
 * await store.append('order-1', [createEvent('OrderPlaced', { total: 30 })], { expectedVersion: 'no_stream' })
 * const events = (await store.readStream('order-1')).unwrap()
 * ```
 */
export interface EventStore {
  /** `'memory'` or `'postgres'` (a PostgreSQL server or PGlite). */
  readonly kind: 'memory' | 'postgres'
  /** The database the events live in; `undefined` in memory. */
  readonly database: Database | undefined
  /** Appends events to one stream, atomically, checking `expectedVersion`. */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<Result<KairoError, AppendResult>>
  /** Appends to several streams atomically: all or none. */
  appendMany(
    appends: readonly StreamAppend[],
    options?: { transaction?: Transaction },
  ): Promise<Result<KairoError, AppendResult[]>>
  readStream<E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Result<KairoError, E[]>>
  /** Reads the global log in order. Events of transactions still in progress are never skipped: they come later. */
  readAll<E extends AnyStoredEvent = AnyStoredEvent>(options?: ReadAllOptions): Promise<Result<KairoError, E[]>>
  /** Reads one page of the global log with what a consumer needs to resume and to report stalls. */
  readAllPage(options?: ReadAllOptions): Promise<Result<KairoError, GlobalLogPage>>
  streamExists(streamId: string): Promise<Result<KairoError, boolean>>
  /** The version of the stream's last event; 0 when the stream does not exist. */
  streamVersion(streamId: string): Promise<Result<KairoError, number>>
  /** Folds a stream into a state with `evolve`. */
  aggregateStream<State, E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    options: AggregateStreamOptions<State, E>,
  ): Promise<Result<KairoError, AggregatedStream<State>>>
  /** Calls `handler` with each event of the stream in order; an `Err` stops and is returned. */
  replay<E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    handler: (event: E) => Promise<ReplayHandlerResult> | ReplayHandlerResult,
  ): Promise<Result<unknown, number>>
  /** Registers a callback run when events may have been appended (here or, on a server, by another process). */
  watch(listener: () => void): () => void
  /** The transaction holding the global log's readers back, if any (PostgreSQL server only). */
  blockingTransaction(): Promise<Result<KairoError, BlockingTransaction | undefined>>
  /** Checkpoints, leases and dead letters of consumers. */
  readonly consumers: ConsumerStore
  /** Aggregate snapshots. */
  readonly snapshots: SnapshotStore
  /** Stops listening for notifications. The database stays open. */
  close(): Promise<void>
}

/** A stored event typed by its type name and payload. */
export type TypedEvent<Type extends string, Payload> = StoredEvent<Type, Payload>
