import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import type { SnapshotPolicy } from './aggregate-repository.js'
import type { AggregateRoot } from './aggregate-root.js'
import type { AppendResult, EventStore } from './event-store.js'
import { isWrongExpectedVersion } from './event-store-errors.js'

/** Options of {@link createAggregateRootRepository}. */
export interface AggregateRootRepositoryOptions<A extends AggregateRoot> {
  /** Makes an empty aggregate with this id (`(id) => new UserAggregate(id)`). */
  readonly create: (id: string) => A
  /** The stream of an aggregate id. Defaults to the id itself. */
  readonly streamId?: (id: string) => string
  /**
   * Snapshots of the aggregate's own enumerable fields (or what `toSnapshot` returns, restored by
   * `fromSnapshot`), kept each `every` versions.
   */
  readonly snapshots?: SnapshotPolicy & {
    readonly toSnapshot?: (aggregate: A) => unknown
    readonly fromSnapshot?: (aggregate: A, state: unknown) => void
  }
}

/** Loads and saves class-style aggregates. */
export interface AggregateRootRepository<A extends AggregateRoot> {
  /** Loads the aggregate; a stream without events gives a new, empty aggregate at version 0. */
  load(id: string): Promise<Result<KairoError, A>>
  /** Appends the aggregate's recorded events, expecting its loaded version. */
  save(aggregate: A): Promise<Result<KairoError, AppendResult | undefined>>
  /** Load, run `act`, save; reloads and runs `act` again after a version conflict (up to `maxRetries`). */
  update(
    id: string,
    act: (aggregate: A) => Result<KairoError, unknown> | undefined | Promise<Result<KairoError, unknown> | undefined>,
    options?: { maxRetries?: number },
  ): Promise<Result<KairoError, A>>
}

/**
 * A repository for {@link AggregateRoot} classes, with optimistic concurrency and optional snapshots.
 *
 * @example
 * ```ts
 * const users = createAggregateRootRepository(store, { create: (id) => new UserAggregate(id), streamId: (id) => `user-${id}` })
 * await users.save(UserAggregate.create('123', 'John', 'john@example.com'))
 * const user = (await users.load('123')).unwrap()
 * ```
 */
export function createAggregateRootRepository<A extends AggregateRoot>(
  store: EventStore,
  options: AggregateRootRepositoryOptions<A>,
): AggregateRootRepository<A> {
  const streamOf = options.streamId ?? ((id: string) => id)
  const policy = options.snapshots
  const toSnapshot = policy?.toSnapshot ?? ((a: A) => ({ ...a }))
  const fromSnapshot = policy?.fromSnapshot ?? ((a: A, state: unknown) => Object.assign(a, state))

  const load = async (id: string): Promise<Result<KairoError, A>> => {
    const aggregate = options.create(id)
    const streamId = streamOf(id)
    let from = 0
    if (policy) {
      const snapshot = await store.snapshots.load(streamId)
      if (!snapshot.ok) return new Err(snapshot.error)
      if (snapshot.value && snapshot.value.snapshotVersion === policy.version) {
        fromSnapshot(aggregate, snapshot.value.state)
        aggregate.restoreVersion(snapshot.value.version)
        from = snapshot.value.version
      }
    }
    const replayed = await store.aggregateStream(streamId, {
      initialState: () => aggregate,
      evolve: (a, event) => {
        a.replayEvent(event)
        return a
      },
      from: { state: aggregate, version: from },
    })
    return replayed.ok ? new Ok(aggregate) : new Err(replayed.error)
  }

  const save = async (aggregate: A): Promise<Result<KairoError, AppendResult | undefined>> => {
    const events = aggregate.uncommittedEvents
    if (events.length === 0) return new Ok(undefined)
    const before = aggregate.version
    const appended = await store.append(streamOf(aggregate.id), events, {
      expectedVersion: before === 0 ? 'no_stream' : before,
    })
    if (!appended.ok) return new Err(appended.error)
    aggregate.markSaved(appended.value.nextExpectedVersion)
    const after = appended.value.nextExpectedVersion
    if (policy && Math.floor(after / policy.every) > Math.floor(before / policy.every)) {
      await store.snapshots.save({
        streamId: streamOf(aggregate.id),
        version: after,
        snapshotVersion: policy.version,
        state: toSnapshot(aggregate),
      })
    }
    return new Ok(appended.value)
  }

  const repository: AggregateRootRepository<A> = {
    load,
    save,
    async update(id, act, updateOptions = {}) {
      const maxAttempts = 1 + Math.max(0, updateOptions.maxRetries ?? 3)
      for (let attempt = 1; ; attempt++) {
        const loaded = await load(id)
        if (!loaded.ok) return loaded
        const acted = await act(loaded.value)
        if (acted && !acted.ok) return new Err(acted.error)
        const saved = await save(loaded.value)
        if (saved.ok) return new Ok(loaded.value)
        if (!isWrongExpectedVersion(saved.error) || attempt >= maxAttempts) return new Err(saved.error)
      }
    },
  }
  return Object.freeze(repository)
}
