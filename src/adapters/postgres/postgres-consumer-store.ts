import { ConflictError, UnavailableError } from '../../core/errors.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { ConsumerLease, ConsumerStore, DeadLetter, NewDeadLetter } from '../../events/consumer-store.js'
import { CHECKPOINT_CONFLICT } from '../../events/event-store-errors.js'
import {
  beginConsumerEpoch,
  commitCheckpoint,
  deleteDeadLetter,
  insertDeadLetter,
  readConsumer,
  registerConsumer,
  selectDeadLetters,
  tryConsumerLock,
  unlockConsumer,
} from './consumer-sql.js'
import type { Connection, Database, Transaction } from './database.js'
import type { EventStoreTables } from './event-store-tables.js'

/** Leases held in this process, per PGlite database (one in-process session: advisory locks cannot exclude). */
const inProcessLeases = new WeakMap<Database, Map<string, string>>()

/**
 * Consumer checkpoints, leases and dead letters in PostgreSQL.
 *
 * The lease is a session advisory lock (`pg_try_advisory_lock`) on a connection the instance holds:
 * when the process dies, its connection closes and the lock is released at once, so another instance
 * takes over without waiting for an expiry. Each acquisition bumps the consumer's epoch, and
 * checkpoints are compare-and-set under that epoch, so a stale holder can never move them. On
 * PGlite (one in-process session) the lease is held in process.
 * @internal
 */
export class PostgresConsumerStore implements ConsumerStore {
  readonly #db: Database
  readonly #tables: EventStoreTables
  readonly #ready: (tx?: Transaction) => Promise<Result<KairoError, unknown>>

  constructor(
    db: Database,
    tables: EventStoreTables,
    ready: (tx?: Transaction) => Promise<Result<KairoError, unknown>>,
  ) {
    this.#db = db
    this.#tables = tables
    this.#ready = ready
  }

  async acquire(consumer: string, instanceId: string): Promise<Result<KairoError, ConsumerLease | undefined>> {
    const ready = await this.#ready()
    if (!ready.ok) return new Err(ready.error)
    const key = await registerConsumer(this.#db, this.#tables, consumer)
    if (!key.ok) return new Err(key.error)
    if (this.#db.engine === 'pglite') return this.#acquireInProcess(consumer, instanceId)
    const held = await this.#db.connect()
    if (!held.ok) return new Err(held.error)
    const session = held.value
    const locked = await tryConsumerLock(session, key.value)
    if (!locked.ok || !locked.value) {
      await session.release()
      return locked.ok ? new Ok(undefined) : new Err(locked.error)
    }
    const epoch = await beginConsumerEpoch(this.#db, this.#tables, consumer, instanceId)
    if (!epoch.ok) {
      await session.release()
      return new Err(epoch.error)
    }
    return new Ok(
      this.#lease(
        consumer,
        epoch.value,
        async () => {
          await unlockConsumer(session, key.value).catch(() => {})
          await session.release()
        },
        session,
      ),
    )
  }

  async #acquireInProcess(
    consumer: string,
    instanceId: string,
  ): Promise<Result<KairoError, ConsumerLease | undefined>> {
    let leases = inProcessLeases.get(this.#db)
    if (!leases) {
      leases = new Map()
      inProcessLeases.set(this.#db, leases)
    }
    const holder = leases.get(consumer)
    if (holder !== undefined && holder !== instanceId) return new Ok(undefined)
    leases.set(consumer, instanceId)
    const epoch = await beginConsumerEpoch(this.#db, this.#tables, consumer, instanceId)
    if (!epoch.ok) {
      leases.delete(consumer)
      return new Err(epoch.error)
    }
    const map = leases
    return new Ok(
      this.#lease(consumer, epoch.value, async () => {
        if (map.get(consumer) === instanceId) map.delete(consumer)
      }),
    )
  }

  #lease(
    consumer: string,
    taken: { epoch: number; position: bigint; checkpointed: boolean },
    release: () => Promise<void>,
    session?: Connection,
  ): ConsumerLease {
    const db = this.#db
    const tables = this.#tables
    let released = false
    return {
      consumer,
      epoch: taken.epoch,
      position: taken.position,
      fresh: !taken.checkpointed,
      async commit(expected: bigint, next: bigint, transaction?: Transaction) {
        const r = await commitCheckpoint(transaction ?? db, tables, consumer, taken.epoch, expected, next)
        if (!r.ok) return new Err(r.error)
        if (r.value.moved) return new Ok(undefined)
        const error = new ConflictError(`consumer ${consumer}: the checkpoint moved or the lease was lost`, {
          code: CHECKPOINT_CONFLICT,
          expected,
        })
        transaction?.fail(error)
        return new Err(error)
      },
      async check() {
        if (released) return new Err(new UnavailableError(`consumer ${consumer}`, 'lease released'))
        if (session) {
          const alive = await session.query('select 1')
          if (!alive.ok) return new Err(alive.error)
        }
        const row = await readConsumer(db, tables, consumer)
        if (!row.ok) return new Err(row.error)
        if (row.value?.epoch !== taken.epoch) {
          return new Err(
            new ConflictError(`consumer ${consumer}: another instance took the lease`, { code: CHECKPOINT_CONFLICT }),
          )
        }
        return new Ok(undefined)
      },
      async release() {
        if (released) return
        released = true
        await release()
      },
    }
  }

  async checkpoint(consumer: string): Promise<Result<KairoError, bigint | undefined>> {
    const ready = await this.#ready()
    if (!ready.ok) return new Err(ready.error)
    const r = await readConsumer(this.#db, this.#tables, consumer)
    return r.map((row) => (row?.checkpointed ? row.position : undefined))
  }

  async park(letter: NewDeadLetter, transaction?: Transaction): Promise<Result<KairoError, void>> {
    const ready = await this.#ready(transaction)
    if (!ready.ok) return new Err(ready.error)
    return insertDeadLetter(transaction ?? this.#db, this.#tables, letter)
  }

  async deadLetters(filter: { consumer?: string; limit?: number } = {}): Promise<Result<KairoError, DeadLetter[]>> {
    const ready = await this.#ready()
    if (!ready.ok) return new Err(ready.error)
    return selectDeadLetters(this.#db, this.#tables, filter.consumer, filter.limit ?? 1000)
  }

  async resolve(id: string, transaction?: Transaction): Promise<Result<KairoError, boolean>> {
    const ready = await this.#ready(transaction)
    if (!ready.ok) return new Err(ready.error)
    return deleteDeadLetter(transaction ?? this.#db, this.#tables, id)
  }
}
