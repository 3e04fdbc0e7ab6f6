import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { AnyStoredEvent, NewEvent } from '../../events/event.js'
import type { EventRegistry, PreparedEvent } from '../../events/event-registry.js'
import type {
  AggregateStreamOptions,
  AppendOptions,
  AppendResult,
  BlockingTransaction,
  EventStore,
  GlobalLogPage,
  ReadAllOptions,
  ReadStreamOptions,
  ReplayHandlerResult,
  StreamAppend,
} from '../../events/event-store.js'
import {
  assertExpectedVersion,
  eventIdConflict,
  versionMatches,
  wrongExpectedVersion,
} from '../../events/event-store-errors.js'
import { type Projection, projectionHandles } from '../../events/projection.js'
import { settleHandler } from '../../events/settle-handler.js'
import { aggregateStreamWith, readAllWith, replayWith } from '../../events/stream-reading.js'
import type { Database, SqlExecutor, Transaction } from './database.js'
import { type AppendOutcome, appendEvents, encodeEvents, streamVersion } from './event-append-sql.js'
import { EventNotifier } from './event-notifier.js'
import { readBlockingTransaction, readLogPage, readStreamEvents } from './event-read-sql.js'
import {
  type EventStoreTables,
  eventStoreSchemaSql,
  KAIRO_LOCK_CLASS,
  POSITIONS_PER_TRANSACTION,
  xidOffsetSql,
} from './event-store-tables.js'
import { PostgresConsumerStore } from './postgres-consumer-store.js'
import { PostgresSnapshotStore } from './postgres-snapshot-store.js'

/** How the PostgreSQL event store is made. @internal */
export interface PostgresEventStoreOptions {
  readonly database: Database
  readonly tables: EventStoreTables
  readonly registry: EventRegistry
  readonly projections: readonly Projection[]
}

const notifiers = new WeakMap<Database, Map<string, EventNotifier>>()

function notifierFor(db: Database, channel: string): EventNotifier {
  let byChannel = notifiers.get(db)
  if (!byChannel) {
    byChannel = new Map()
    notifiers.set(db, byChannel)
  }
  let notifier = byChannel.get(channel)
  if (!notifier) {
    notifier = new EventNotifier(db, channel)
    byChannel.set(channel, notifier)
  }
  return notifier
}

const ready = new WeakMap<object, Map<string, Promise<Result<KairoError, bigint>>>>()

function readiness(store: object): Map<string, Promise<Result<KairoError, bigint>>> {
  let byTable = ready.get(store)
  if (!byTable) {
    byTable = new Map()
    ready.set(store, byTable)
  }
  return byTable
}

async function initialise(tx: Transaction, t: EventStoreTables): Promise<Result<KairoError, bigint>> {
  const locked = await tx.query('select pg_advisory_xact_lock($1::int, 0)', [KAIRO_LOCK_CLASS])
  if (!locked.ok) return new Err(locked.error)
  const created = await tx.exec(eventStoreSchemaSql(t))
  if (!created.ok) return new Err(created.error)
  const offset = await tx.query<{ xid_offset: bigint }>(xidOffsetSql(t))
  return offset.map((q) => q.rows[0]!.xid_offset)
}

interface Encoded {
  readonly append: StreamAppend
  readonly prepared: PreparedEvent[]
  readonly json: string
}

/**
 * The event store on PostgreSQL (a server or PGlite). See docs/events.md for the table layout and
 * why global positions are ordered by transaction id.
 * @internal
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const
  readonly consumers: PostgresConsumerStore
  readonly snapshots: PostgresSnapshotStore
  readonly #db: Database
  readonly #t: EventStoreTables
  get database(): Database {
    return this.#db
  }
  readonly #registry: EventRegistry
  readonly #projections: readonly Projection[]
  readonly #notifier: EventNotifier
  readonly #unwatch = new Set<() => void>()

  constructor(options: PostgresEventStoreOptions) {
    this.#db = options.database
    this.#t = options.tables
    this.#registry = options.registry
    this.#projections = options.projections
    this.#notifier = notifierFor(this.#db, this.#t.channel)
    const ensure = (tx?: Transaction) => this.#init(tx)
    this.consumers = new PostgresConsumerStore(this.#db, this.#t, ensure)
    this.snapshots = new PostgresSnapshotStore(this.#db, this.#t, ensure)
  }

  /**
   * Creates the tables once per store (under an advisory lock, so concurrent starts do not race)
   * and reads the xid offset. Inside a caller's transaction it runs in that transaction (on PGlite a
   * second transaction would wait for the first forever) and is remembered only once it commits.
   */
  #init(tx?: Transaction): Promise<Result<KairoError, bigint>> {
    const cached = readiness(this).get(this.#t.events)
    if (cached) return cached
    if (tx) {
      return initialise(tx, this.#t).then((r) => {
        if (r.ok) tx.afterCommit(() => void readiness(this).set(this.#t.events, Promise.resolve(r)))
        return r
      })
    }
    const started = this.#db
      .transaction((t) => initialise(t, this.#t))
      .then((r) => {
        if (!r.ok) readiness(this).delete(this.#t.events)
        return r as Result<KairoError, bigint>
      })
    readiness(this).set(this.#t.events, started)
    return started
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<Result<KairoError, AppendResult>> {
    const r = await this.appendMany(
      [{ streamId, events, expectedVersion: options.expectedVersion ?? 'any' }],
      options.transaction ? { transaction: options.transaction } : {},
    )
    return r.map((results) => results[0] as AppendResult)
  }

  async appendMany(
    appends: readonly StreamAppend[],
    options: { transaction?: Transaction } = {},
  ): Promise<Result<KairoError, AppendResult[]>> {
    for (const a of appends) {
      assertExpectedVersion(a.expectedVersion ?? 'any')
      if (a.events.length > POSITIONS_PER_TRANSACTION) {
        throw new TypeError(`append to ${a.streamId}: at most ${POSITIONS_PER_TRANSACTION} events per transaction`)
      }
    }
    const offset = await this.#init(options.transaction)
    if (!offset.ok) return new Err(offset.error)
    const encoded: Encoded[] = []
    for (const append of appends) {
      const prepared = await this.#registry.prepare(append.events)
      if (!prepared.ok) {
        options.transaction?.fail(prepared.error)
        return new Err(prepared.error)
      }
      const json = encodeEvents(prepared.value)
      if (!json.ok) {
        options.transaction?.fail(json.error)
        return new Err(json.error)
      }
      encoded.push({ append, prepared: prepared.value, json: json.value })
    }
    const tx = options.transaction
    if (tx) {
      const r = await this.#appendAll(tx, encoded, offset.value, tx)
      if (!r.ok) tx.fail(r.error)
      else tx.afterCommit(() => this.#notifier.appended())
      return r
    }
    const single = encoded.length === 1 && !this.#hasInlineProjectionFor(encoded)
    // One statement is one transaction: a single append costs one round trip.
    const attempt = () =>
      single
        ? this.#appendAll(this.#db, encoded, offset.value, undefined)
        : this.#db.transaction((t) => this.#appendAll(t, encoded, offset.value, t), { retryOnConflict: 3 })
    let r = await attempt()
    // Two concurrent appends of the same event id: the loser retries once and finds it stored.
    if (
      !r.ok &&
      r.error.code === 'UNIQUE_VIOLATION' &&
      String(r.error.details?.constraint ?? '').endsWith('events_id')
    ) {
      r = await attempt()
    }
    if (r.ok && r.value.some((x) => !x.alreadyStored)) this.#notifier.appended()
    return r as Result<KairoError, AppendResult[]>
  }

  #hasInlineProjectionFor(encoded: readonly Encoded[]): boolean {
    return encoded.some((e) => e.prepared.some((ev) => this.#projections.some((p) => projectionHandles(p, ev.type))))
  }

  async #appendAll(
    executor: SqlExecutor,
    encoded: readonly Encoded[],
    offset: bigint,
    tx: Transaction | undefined,
  ): Promise<Result<KairoError, AppendResult[]>> {
    const results: AppendResult[] = []
    for (const { append, prepared, json } of encoded) {
      const expected = append.expectedVersion ?? 'any'
      if (prepared.length === 0) {
        const current = await streamVersion(executor, this.#t, append.streamId)
        if (!current.ok) return new Err(current.error)
        if (!versionMatches(expected, current.value)) {
          return new Err(wrongExpectedVersion(append.streamId, expected, current.value))
        }
        results.push({ nextExpectedVersion: current.value, lastPosition: 0n, alreadyStored: false })
        continue
      }
      const outcome = await appendEvents(executor, this.#t, offset, append.streamId, json, prepared.length, expected)
      if (!outcome.ok) return new Err(outcome.error)
      const result = await this.#interpret(executor, append, prepared, outcome.value)
      if (!result.ok) return new Err(result.error)
      results.push(result.value)
      if (!result.value.alreadyStored && tx) {
        const projected = await this.#project(tx, append.streamId, prepared, json, result.value)
        if (!projected.ok) return new Err(projected.error)
      }
    }
    return new Ok(results)
  }

  async #interpret(
    executor: SqlExecutor,
    append: StreamAppend,
    prepared: readonly PreparedEvent[],
    outcome: AppendOutcome,
  ): Promise<Result<KairoError, AppendResult>> {
    if (outcome.kind === 'appended') {
      return new Ok({ nextExpectedVersion: outcome.version, lastPosition: outcome.lastPosition, alreadyStored: false })
    }
    if (outcome.kind === 'found') {
      const byId = new Map(outcome.stored.map((s) => [s.id, s]))
      const all = prepared.every((e) => byId.get(e.id)?.streamId === append.streamId)
      if (!all || outcome.stored.length !== prepared.length) {
        return new Err(
          eventIdConflict(
            append.streamId,
            outcome.stored.map((s) => s.id),
          ),
        )
      }
      const last = outcome.stored.at(-1)!
      return new Ok({ nextExpectedVersion: last.version, lastPosition: last.position, alreadyStored: true })
    }
    const current = await streamVersion(executor, this.#t, append.streamId)
    if (!current.ok) return new Err(current.error)
    return new Err(wrongExpectedVersion(append.streamId, append.expectedVersion ?? 'any', current.value))
  }

  /** Runs inline projections in the append's transaction, with the events as readers will see them. */
  async #project(
    tx: Transaction,
    streamId: string,
    prepared: readonly PreparedEvent[],
    json: string,
    result: AppendResult,
  ): Promise<Result<KairoError, void>> {
    if (this.#projections.length === 0) return new Ok(undefined)
    const decoded = JSON.parse(json) as Array<{ payload: unknown; metadata: Record<string, unknown> }>
    const n = prepared.length
    for (let i = 0; i < n; i++) {
      const e = prepared[i]!
      const stored: AnyStoredEvent = {
        id: e.id,
        type: e.type,
        streamId,
        version: result.nextExpectedVersion - (n - 1 - i),
        position: result.lastPosition - BigInt(n - 1 - i),
        payload: decoded[i]!.payload,
        metadata: decoded[i]!.metadata,
        occurredAt: new Date(e.occurredAt.getTime()),
        schemaVersion: e.schemaVersion,
      }
      for (const projection of this.#projections) {
        if (!projectionHandles(projection, stored.type)) continue
        const outcome = await settleHandler(() => projection.handle(stored, { transaction: tx }))
        if (!outcome.ok) return new Err(outcome.error)
      }
    }
    return new Ok(undefined)
  }

  async readStream<E extends AnyStoredEvent = AnyStoredEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<Result<KairoError, E[]>> {
    const ready = await this.#init()
    if (!ready.ok) return new Err(ready.error)
    const r = await readStreamEvents(this.#db, this.#t, streamId, options)
    if (!r.ok) return new Err(r.error)
    return this.#registry.upgradeAll(r.value as E[])
  }

  readAll<E extends AnyStoredEvent = AnyStoredEvent>(options: ReadAllOptions = {}): Promise<Result<KairoError, E[]>> {
    return readAllWith<E>(this, options)
  }

  async readAllPage(options: ReadAllOptions = {}): Promise<Result<KairoError, GlobalLogPage>> {
    const offset = await this.#init()
    if (!offset.ok) return new Err(offset.error)
    const after = options.after ?? 0n
    const limit = options.limit ?? 1000
    const page = await readLogPage(this.#db, this.#t, offset.value, after, limit, options.types)
    if (!page.ok) return new Err(page.error)
    const upgraded = this.#registry.upgradeAll(page.value.events)
    if (!upgraded.ok) return new Err(upgraded.error)
    const { horizon, beyondHorizon } = page.value
    // A full page that stopped before the horizon may have more after it; otherwise everything up to
    // the horizon has been examined.
    const full = !beyondHorizon && page.value.rowsRead >= limit
    const last = upgraded.value.at(-1)?.position ?? after
    const through = full ? last : horizon - 1n > after ? horizon - 1n : after
    return new Ok({ events: upgraded.value, through, endOfLog: !full, horizon, blocked: beyondHorizon })
  }

  async streamExists(streamId: string): Promise<Result<KairoError, boolean>> {
    const v = await this.streamVersion(streamId)
    return v.map((n) => n > 0)
  }

  async streamVersion(streamId: string): Promise<Result<KairoError, number>> {
    const ready = await this.#init()
    if (!ready.ok) return new Err(ready.error)
    return streamVersion(this.#db, this.#t, streamId)
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
    const stop = this.#notifier.watch(listener)
    this.#unwatch.add(stop)
    return () => {
      stop()
      this.#unwatch.delete(stop)
    }
  }

  async blockingTransaction(): Promise<Result<KairoError, BlockingTransaction | undefined>> {
    if (this.#db.engine !== 'postgres') return new Ok(undefined)
    return readBlockingTransaction(this.#db)
  }

  async close(): Promise<void> {
    for (const stop of this.#unwatch) stop()
    this.#unwatch.clear()
  }
}
