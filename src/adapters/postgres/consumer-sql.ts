import type { KairoError, KairoErrorJSON } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { DeadLetter, NewDeadLetter } from '../../events/consumer-store.js'
import type { SqlExecutor } from './database.js'
import { type EventStoreTables, KAIRO_LOCK_CLASS } from './event-store-tables.js'

/** Makes sure the consumer has a row; returns its advisory lock key. @internal */
export async function registerConsumer(
  executor: SqlExecutor,
  t: EventStoreTables,
  name: string,
): Promise<Result<KairoError, number>> {
  const inserted = await executor.query(`insert into ${t.consumers} (name) values ($1) on conflict (name) do nothing`, [
    name,
  ])
  if (!inserted.ok) return new Err(inserted.error)
  const r = await executor.query<{ lock_key: number }>(`select lock_key from ${t.consumers} where name = $1`, [name])
  return r.map((q) => q.rows[0]!.lock_key)
}

/** `pg_try_advisory_lock(KAIR, key)` on a held session. @internal */
export async function tryConsumerLock(session: SqlExecutor, key: number): Promise<Result<KairoError, boolean>> {
  const r = await session.query<{ locked: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as locked', [
    KAIRO_LOCK_CLASS,
    key,
  ])
  return r.map((q) => q.rows[0]?.locked === true)
}

/** `pg_advisory_unlock(KAIR, key)`. @internal */
export async function unlockConsumer(session: SqlExecutor, key: number): Promise<void> {
  await session.query('select pg_advisory_unlock($1::int, $2::int)', [KAIRO_LOCK_CLASS, key])
}

/** Starts a new epoch for the instance that took the lease; returns the checkpoint. @internal */
export async function beginConsumerEpoch(
  executor: SqlExecutor,
  t: EventStoreTables,
  name: string,
  owner: string,
): Promise<Result<KairoError, { epoch: number; position: bigint; checkpointed: boolean }>> {
  const r = await executor.query<{ epoch: bigint; position: bigint; checkpointed: boolean }>(
    `update ${t.consumers} set epoch = epoch + 1, owner = $2, acquired_at = now() where name = $1
     returning epoch, position, checkpointed`,
    [name, owner],
  )
  return r.map((q) => {
    const row = q.rows[0]!
    return { epoch: Number(row.epoch), position: row.position, checkpointed: row.checkpointed }
  })
}

/** Compare-and-set of the checkpoint under the epoch; resolves false when it did not match. @internal */
export async function commitCheckpoint(
  executor: SqlExecutor,
  t: EventStoreTables,
  name: string,
  epoch: number,
  expected: bigint,
  next: bigint,
): Promise<Result<KairoError, { moved: boolean }>> {
  const r = await executor.query(
    `update ${t.consumers} set position = $4, checkpointed = true, updated_at = now()
     where name = $1 and epoch = $2 and position = $3`,
    [name, epoch, expected, next],
  )
  return r.map((q) => ({ moved: q.rowCount === 1 }))
}

/** The stored checkpoint and epoch. @internal */
export async function readConsumer(
  executor: SqlExecutor,
  t: EventStoreTables,
  name: string,
): Promise<Result<KairoError, { position: bigint; checkpointed: boolean; epoch: number } | undefined>> {
  const r = await executor.query<{ position: bigint; checkpointed: boolean; epoch: bigint }>(
    `select position, checkpointed, epoch from ${t.consumers} where name = $1`,
    [name],
  )
  return r.map((q) => {
    const row = q.rows[0]
    return row ? { position: row.position, checkpointed: row.checkpointed, epoch: Number(row.epoch) } : undefined
  })
}

/** Parks a dead letter. @internal */
export async function insertDeadLetter(
  executor: SqlExecutor,
  t: EventStoreTables,
  letter: NewDeadLetter,
): Promise<Result<KairoError, void>> {
  const r = await executor.query(
    `insert into ${t.deadLetters} (consumer, position, event_id, event_type, stream_id, error, attempts)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [
      letter.consumer,
      letter.position,
      letter.eventId,
      letter.eventType,
      letter.streamId,
      JSON.stringify(letter.error),
      letter.attempts,
    ],
  )
  return r.map(() => undefined)
}

/** Lists dead letters, oldest first. @internal */
export async function selectDeadLetters(
  executor: SqlExecutor,
  t: EventStoreTables,
  consumer: string | undefined,
  limit: number,
): Promise<Result<KairoError, DeadLetter[]>> {
  const r = await executor.query<{
    id: bigint
    consumer: string
    position: bigint
    event_id: string
    event_type: string
    stream_id: string
    error: KairoErrorJSON
    attempts: number
    failed_at: Date
  }>(
    `select id, consumer, position, event_id, event_type, stream_id, error, attempts, failed_at from ${t.deadLetters}
     where ($1::text is null or consumer = $1) order by id limit $2`,
    [consumer ?? null, limit],
  )
  return r.map((q) =>
    q.rows.map((row) => ({
      id: String(row.id),
      consumer: row.consumer,
      position: row.position,
      eventId: row.event_id,
      eventType: row.event_type,
      streamId: row.stream_id,
      error: row.error,
      attempts: row.attempts,
      failedAt: row.failed_at,
    })),
  )
}

/** Deletes a dead letter; resolves whether it existed. @internal */
export async function deleteDeadLetter(
  executor: SqlExecutor,
  t: EventStoreTables,
  id: string,
): Promise<Result<KairoError, boolean>> {
  if (!/^\d{1,19}$/.test(id)) return new Ok(false)
  const r = await executor.query(`delete from ${t.deadLetters} where id = $1`, [BigInt(id)])
  return r.map((q) => q.rowCount === 1)
}
