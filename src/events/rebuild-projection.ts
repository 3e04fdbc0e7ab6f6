import type { Transaction } from '../adapters/postgres/database.js'
import { ConflictError } from '../core/errors.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import { uuidv7 } from '../core/uuid-v7.js'
import type { AnyStoredEvent } from './event.js'
import type { EventStore } from './event-store.js'
import type { Projection } from './projection.js'
import { settleHandler } from './settle-handler.js'

/** Progress of a rebuild, reported after each batch. */
export interface RebuildProgress {
  readonly projection: string
  /** Events applied so far. */
  readonly processed: number
  /** The global position reached. */
  readonly position: bigint
  /** The horizon the rebuild runs up to (the end of the log when it started). */
  readonly target: bigint
}

/** Options of {@link rebuildProjection}. */
export interface RebuildOptions {
  /** Events per batch (one transaction each on PostgreSQL). Defaults to 1000. */
  readonly batchSize?: number
  readonly onProgress?: (progress: RebuildProgress) => void
}

/**
 * Rebuilds a projection: takes its consumer's lease (so its asynchronous consumer cannot run
 * meanwhile), empties the read model with `reset`, replays the global log through `handle` in
 * batches, and leaves the checkpoint at the end so the consumer carries on from there. On PostgreSQL
 * the reset and each batch commit together with the checkpoint, so an interrupted rebuild leaves a
 * read model consistent with its checkpoint; running it again starts from scratch.
 * Inline projections keep running on new appends during a rebuild: their handlers should be idempotent
 * (upserts), or writers paused.
 *
 * @example
 * ```ts
 * const r = await rebuildProjection(store, orderSummary, { onProgress: (p) => console.log(p.processed) })
 * ```
 */
export async function rebuildProjection<E extends AnyStoredEvent>(
  store: EventStore,
  projection: Projection<E>,
  options: RebuildOptions = {},
): Promise<Result<KairoError, RebuildProgress>> {
  const acquired = await store.consumers.acquire(projection.name, `rebuild-${uuidv7()}`)
  if (!acquired.ok) return new Err(acquired.error)
  const lease = acquired.value
  if (!lease) {
    return new Err(
      new ConflictError(`projection ${projection.name} is running: stop its consumer before rebuilding`, {
        code: 'PROJECTION_RUNNING',
      }),
    )
  }
  const db = store.database
  const inTransaction = <T>(fn: (tx: Transaction | undefined) => Promise<Result<KairoError, T>>) =>
    db ? db.transaction((tx) => fn(tx)) : fn(undefined)
  try {
    const reset = await inTransaction(async (tx) => {
      const r = await settleHandler(() => projection.reset({ transaction: tx }))
      if (!r.ok) return r
      return lease.commit(lease.position, 0n, tx)
    })
    if (!reset.ok) return new Err(reset.error)
    const start = await store.readAllPage({ limit: 1, types: [''] })
    if (!start.ok) return new Err(start.error)
    const target = start.value.through
    let position = 0n
    let processed = 0
    const batchSize = options.batchSize ?? 1000
    while (position < target) {
      const page = await store.readAllPage({
        after: position,
        limit: batchSize,
        ...(projection.types ? { types: projection.types } : {}),
      })
      if (!page.ok) return new Err(page.error)
      const events = page.value.events.filter((e) => e.position <= target) as E[]
      const through = page.value.through < target ? page.value.through : target
      const from = position
      const applied = await inTransaction(async (tx) => {
        for (const event of events) {
          const r = await settleHandler(() => projection.handle(event, { transaction: tx }))
          if (!r.ok) return r
        }
        return lease.commit(from, through, tx)
      })
      if (!applied.ok) return new Err(applied.error)
      processed += events.length
      position = through
      options.onProgress?.({ projection: projection.name, processed, position, target })
      if (page.value.endOfLog && through === page.value.through) break
    }
    return new Ok({ projection: projection.name, processed, position, target })
  } finally {
    await lease.release()
  }
}
