import type { Transaction } from '../adapters/postgres/database.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import type { AnyStoredEvent, NewEvent, StoredEvent } from './event.js'
import type { EventRegistry, PreparedEvent } from './event-registry.js'
import type {
  AggregateStreamOptions,
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalLogPage,
  ReadAllOptions,
  ReadStreamOptions,
  ReplayHandlerResult,
  StreamAppend,
} from './event-store.js'
import { assertExpectedVersion, eventIdConflict, versionMatches, wrongExpectedVersion } from './event-store-errors.js'
import { MemoryConsumerStore } from './memory-consumer-store.js'
import { MemorySnapshotStore } from './memory-snapshot-store.js'
import { type Projection, projectionHandles } from './projection.js'
import { settleHandler } from './settle-handler.js'
import { aggregateStreamWith, readAllWith, replayWith } from './stream-reading.js'

/**
 * The in-memory event store: the same contract as the PostgreSQL one, for tests and prototypes.
 * Appends are serialised, so the global log is always in commit order.
 * @internal
 */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const
  readonly database = undefined
  readonly consumers = new MemoryConsumerStore()
  readonly snapshots = new MemorySnapshotStore()
  readonly #log: AnyStoredEvent[] = []
  readonly #streams = new Map<string, AnyStoredEvent[]>()
  readonly #byId = new Map<string, AnyStoredEvent>()
  readonly #listeners = new Set<() => void>()
  readonly #registry: EventRegistry
  readonly #projections: readonly Projection[]
  #position = 0n
  #queue: Promise<unknown> = Promise.resolve()

  constructor(registry: EventRegistry, projections: readonly Projection[]) {
    this.#registry = registry
    this.#projections = projections
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<Result<KairoError, AppendResult>> {
    return this.appendMany([{ streamId, events, expectedVersion: options.expectedVersion ?? 'any' }], options).then(
      (r) => r.map((results) => results[0] as AppendResult),
    )
  }

  appendMany(
    appends: readonly StreamAppend[],
    options: { transaction?: Transaction } = {},
  ): Promise<Result<KairoError, AppendResult[]>> {
    if (options.transaction) {
      throw new TypeError(
        'the in-memory event store cannot join a database transaction: use createEventStore({ database })',
      )
    }
    for (const a of appends) assertExpectedVersion(a.expectedVersion ?? 'any')
    const run = this.#queue.then(() => this.#appendNow(appends))
    this.#queue = run.catch(() => {})
    return run
  }

  async #appendNow(appends: readonly StreamAppend[]): Promise<Result<KairoError, AppendResult[]>> {
    const staged: AnyStoredEvent[] = []
    const results: AppendResult[] = []
    const versions = new Map<string, number>()
    let position = this.#position
    for (const a of appends) {
      const prepared = await this.#registry.prepare(a.events)
      if (!prepared.ok) return new Err(prepared.error)
      const current = versions.get(a.streamId) ?? this.#streams.get(a.streamId)?.length ?? 0
      const stored = this.#alreadyStored(a.streamId, prepared.value)
      if (stored === 'conflict')
        return new Err(
          eventIdConflict(
            a.streamId,
            prepared.value.map((e) => e.id),
          ),
        )
      if (stored) {
        results.push(stored)
        continue
      }
      const expected = a.expectedVersion ?? 'any'
      if (!versionMatches(expected, current)) return new Err(wrongExpectedVersion(a.streamId, expected, current))
      let version = current
      for (const e of prepared.value) {
        position += 1n
        version += 1
        staged.push(toStored(e, a.streamId, version, position))
      }
      versions.set(a.streamId, version)
      results.push({
        nextExpectedVersion: version,
        lastPosition: prepared.value.length > 0 ? position : this.#lastPositionOf(a.streamId),
        alreadyStored: false,
      })
    }
    for (const projection of this.#projections) {
      for (const event of staged) {
        if (!projectionHandles(projection, event.type)) continue
        const outcome = await settleHandler(() => projection.handle(event, { transaction: undefined }))
        if (!outcome.ok) return new Err(outcome.error)
      }
    }
    for (const event of staged) {
      this.#log.push(event)
      this.#byId.set(event.id, event)
      let stream = this.#streams.get(event.streamId)
      if (!stream) {
        stream = []
        this.#streams.set(event.streamId, stream)
      }
      stream.push(event)
    }
    this.#position = position
    if (staged.length > 0) for (const listener of this.#listeners) listener()
    return new Ok(results)
  }

  #lastPositionOf(streamId: string): bigint {
    return this.#streams.get(streamId)?.at(-1)?.position ?? 0n
  }

  /** The stored result when every id is stored in this stream, 'conflict' when only some are, else undefined. */
  #alreadyStored(streamId: string, events: readonly PreparedEvent[]): AppendResult | 'conflict' | undefined {
    const found = events.map((e) => this.#byId.get(e.id))
    if (found.every((e) => e === undefined)) return undefined
    if (found.some((e) => e === undefined || e.streamId !== streamId)) return 'conflict'
    const last = found.at(-1) as AnyStoredEvent
    return { nextExpectedVersion: last.version, lastPosition: last.position, alreadyStored: true }
  }

  async readStream<E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<Result<KairoError, E[]>> {
    const stream = this.#streams.get(streamId) ?? []
    const backward = options.direction === 'backward'
    const limit = options.limit ?? Number.POSITIVE_INFINITY
    let picked: AnyStoredEvent[]
    if (backward) {
      const high = options.from ?? Number.POSITIVE_INFINITY
      const low = options.to ?? 1
      picked = stream.filter((e) => e.version <= high && e.version >= low).reverse()
    } else {
      const low = options.from ?? 1
      const high = options.to ?? Number.POSITIVE_INFINITY
      picked = stream.filter((e) => e.version >= low && e.version <= high)
    }
    return this.#registry.upgradeAll(picked.slice(0, limit).map(copy) as E[])
  }

  readAll<E extends AnyStoredEvent = AnyStoredEvent>(options: ReadAllOptions = {}): Promise<Result<KairoError, E[]>> {
    return readAllWith<E>(this, options)
  }

  async readAllPage(options: ReadAllOptions = {}): Promise<Result<KairoError, GlobalLogPage>> {
    const after = options.after ?? 0n
    const limit = options.limit ?? 1000
    const horizon = this.#position + 1n
    const events: AnyStoredEvent[] = []
    let through = after
    let full = false
    // Positions are dense in memory: position p is at index p - 1.
    for (let i = Number(after < 0n ? 0n : after); i < this.#log.length; i++) {
      const event = this.#log[i] as AnyStoredEvent
      if (options.types && !options.types.includes(event.type)) continue
      events.push(copy(event))
      if (events.length >= limit) {
        full = true
        break
      }
    }
    through = full ? (events.at(-1)?.position ?? after) : horizon - 1n > after ? horizon - 1n : after
    const upgraded = this.#registry.upgradeAll(events)
    if (!upgraded.ok) return new Err(upgraded.error)
    return new Ok({ events: upgraded.value, through, endOfLog: !full, horizon, blocked: false })
  }

  async streamExists(streamId: string): Promise<Result<KairoError, boolean>> {
    return new Ok((this.#streams.get(streamId)?.length ?? 0) > 0)
  }

  async streamVersion(streamId: string): Promise<Result<KairoError, number>> {
    return new Ok(this.#streams.get(streamId)?.length ?? 0)
  }

  aggregateStream<State, E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    options: AggregateStreamOptions<State, E>,
  ) {
    return aggregateStreamWith((id, o) => this.readStream(id, o), streamId, options)
  }

  replay<E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    handler: (event: E) => Promise<ReplayHandlerResult> | ReplayHandlerResult,
  ): Promise<Result<unknown, number>> {
    return replayWith<E>((id, o) => this.readStream(id, o), streamId, handler)
  }

  watch(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async blockingTransaction() {
    return new Ok(undefined)
  }

  async close(): Promise<void> {
    this.#listeners.clear()
  }
}

function toStored(event: PreparedEvent, streamId: string, version: number, position: bigint): AnyStoredEvent {
  return {
    id: event.id,
    type: event.type,
    streamId,
    version,
    position,
    payload: structuredClone(event.payload),
    metadata: structuredClone(event.metadata),
    occurredAt: new Date(event.occurredAt),
    schemaVersion: event.schemaVersion,
  }
}

function copy<E extends StoredEvent>(event: E): E {
  return { ...event, payload: structuredClone(event.payload), metadata: structuredClone(event.metadata) }
}
