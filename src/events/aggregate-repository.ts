import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, Result } from '../core/result.js'
import type { Decision, NewEventOf } from './decider.js'
import type { AnyStoredEvent, NewEvent } from './event.js'
import type { AppendResult, EventStore, ExpectedVersion } from './event-store.js'
import { isWrongExpectedVersion } from './event-store-errors.js'

/** When to keep a snapshot of an aggregate's state. */
export interface SnapshotPolicy {
  /** Take a snapshot each time the version crosses a multiple of `every`. */
  readonly every: number
  /**
   * The version of the state's shape. Bump it when `evolve` or the state changes: stored snapshots
   * of another version are ignored (and replaced), so the state is rebuilt from the events.
   */
  readonly version: number
}

/** An aggregate's state as loaded. */
export interface LoadedAggregate<State> {
  readonly id: string
  readonly streamId: string
  readonly state: State
  /** The version of its last event: the expected version of the next save. 0 when new. */
  readonly version: number
  /** Events read from the store to load it (fewer with a snapshot). */
  readonly eventsRead: number
}

/** Options of {@link createAggregateRepository}. */
export interface AggregateRepositoryOptions<State, E extends AnyStoredEvent> {
  readonly initialState: () => State
  readonly evolve: (state: State, event: E) => State
  /** The stream of an aggregate id. Defaults to the id itself. */
  readonly streamId?: (id: string) => string
  readonly snapshots?: SnapshotPolicy
}

/** What {@link AggregateRepository.handle} did. */
export interface Handled<State, E extends AnyStoredEvent> {
  readonly state: State
  readonly version: number
  readonly events: ReadonlyArray<NewEventOf<E>>
  /** Undefined when the decision produced no events. */
  readonly appended: AppendResult | undefined
  /** How many times the command ran (more than once after version conflicts). */
  readonly attempts: number
}

/** Loads aggregates from their streams (with snapshots) and saves new events with optimistic concurrency. */
export interface AggregateRepository<State, E extends AnyStoredEvent> {
  load(id: string): Promise<Result<KairoError, LoadedAggregate<State>>>
  /**
   * Appends `events` expecting the stream at `expectedVersion` (the loaded version); a concurrent
   * change is a `ConflictError` (code `WRONG_EXPECTED_VERSION`).
   */
  save(
    loaded: LoadedAggregate<State>,
    events: ReadonlyArray<NewEventOf<E>>,
  ): Promise<Result<KairoError, { state: State; version: number; appended: AppendResult | undefined }>>
  /**
   * Load, decide, append; on a version conflict, load again and decide again, up to `maxRetries`
   * more times (default 3). `decide` must be pure: it may run more than once.
   */
  handle<Err extends KairoError>(
    id: string,
    decide: (state: State, loaded: LoadedAggregate<State>) => Decision<E, Err> | Promise<Decision<E, Err>>,
    options?: { maxRetries?: number },
  ): Promise<Result<KairoError | Err, Handled<State, E>>>
}

/**
 * An aggregate repository for deciders (pure `initialState` / `evolve` / `decide`).
 *
 * @example
 * ```ts
 * const carts = createAggregateRepository(store, { ...cartDecider, streamId: (id) => `cart-${id}`, snapshots: { every: 100, version: 1 } })
 * const r = await carts.handle('c1', (state) => cartDecider.decide({ type: 'AddItem', sku: 'pen' }, state))
 * ```
 */
export function createAggregateRepository<State, E extends AnyStoredEvent = AnyStoredEvent>(
  store: EventStore,
  options: AggregateRepositoryOptions<State, E>,
): AggregateRepository<State, E> {
  const streamOf = options.streamId ?? ((id: string) => id)
  const policy = options.snapshots
  if (policy && (!Number.isInteger(policy.every) || policy.every < 1)) {
    throw new TypeError(`snapshots.every must be an integer >= 1, got ${policy.every}`)
  }

  const load = async (id: string): Promise<Result<KairoError, LoadedAggregate<State>>> => {
    const streamId = streamOf(id)
    let from: { state: State; version: number } | undefined
    if (policy) {
      const snapshot = await store.snapshots.load<State>(streamId)
      if (!snapshot.ok) return new Err(snapshot.error)
      if (snapshot.value && snapshot.value.snapshotVersion === policy.version) {
        from = { state: snapshot.value.state, version: snapshot.value.version }
      }
    }
    let eventsRead = 0
    const folded = await store.aggregateStream<State, E>(streamId, {
      initialState: options.initialState,
      evolve: (state, event) => {
        eventsRead++
        return options.evolve(state, event)
      },
      ...(from ? { from } : {}),
    })
    if (!folded.ok) return new Err(folded.error)
    return new Ok({ id, streamId, state: folded.value.state, version: folded.value.version, eventsRead })
  }

  const save = async (loaded: LoadedAggregate<State>, events: ReadonlyArray<NewEventOf<E>>) => {
    if (events.length === 0) return new Ok({ state: loaded.state, version: loaded.version, appended: undefined })
    const expectedVersion: ExpectedVersion = loaded.version === 0 ? 'no_stream' : loaded.version
    const appended = await store.append(loaded.streamId, events as readonly NewEvent[], { expectedVersion })
    if (!appended.ok) return new Err(appended.error)
    const { nextExpectedVersion, lastPosition } = appended.value
    let state = loaded.state
    events.forEach((event, i) => {
      const back = events.length - 1 - i
      state = options.evolve(state, {
        ...event,
        streamId: loaded.streamId,
        version: nextExpectedVersion - back,
        position: lastPosition - BigInt(back),
        schemaVersion: event.schemaVersion ?? 1,
      } as unknown as E)
    })
    if (policy && Math.floor(nextExpectedVersion / policy.every) > Math.floor(loaded.version / policy.every)) {
      // A failed snapshot only costs a longer load later; the events are stored.
      await store.snapshots.save({
        streamId: loaded.streamId,
        version: nextExpectedVersion,
        snapshotVersion: policy.version,
        state,
      })
    }
    return new Ok({ state, version: nextExpectedVersion, appended: appended.value })
  }

  return Object.freeze({
    load,
    save,
    async handle<Err extends KairoError>(
      id: string,
      decide: (state: State, loaded: LoadedAggregate<State>) => Decision<E, Err> | Promise<Decision<E, Err>>,
      handleOptions: { maxRetries?: number } = {},
    ): Promise<Result<KairoError | Err, Handled<State, E>>> {
      const maxAttempts = 1 + Math.max(0, handleOptions.maxRetries ?? 3)
      for (let attempt = 1; ; attempt++) {
        const loaded = await load(id)
        if (!loaded.ok) return new Err(loaded.error)
        const decision = await decide(loaded.value.state, loaded.value)
        const events = (Result.isResult(decision) ? decision : new Ok(decision)) as Result<
          Err,
          ReadonlyArray<NewEventOf<E>>
        >
        if (!events.ok) return new Err(events.error)
        const saved = await save(loaded.value, events.value)
        if (saved.ok) return new Ok({ ...saved.value, events: events.value, attempts: attempt })
        if (!isWrongExpectedVersion(saved.error) || attempt >= maxAttempts) return new Err(saved.error)
      }
    },
  })
}
