import type { KairoError } from '../../core/kairo-error.js'
import type { Result } from '../../core/result.js'
import type { AnyStoredEvent } from '../../events/event.js'
import type { BlockingTransaction, ReadStreamOptions } from '../../events/event-store.js'
import type { SqlExecutor } from './database.js'
import { type EventStoreTables, POSITION_SHIFT } from './event-store-tables.js'

const COLUMNS = 'position, stream_id, version, id, type, schema_version, payload, metadata, occurred_at'
const MAX_VERSION = '9223372036854775807'

type EventRow = {
  position: bigint
  stream_id: string
  version: bigint
  id: string
  type: string
  schema_version: number
  payload: unknown
  metadata: Record<string, unknown>
  occurred_at: Date
}

function toEvent(row: EventRow): AnyStoredEvent {
  return {
    id: row.id,
    type: row.type,
    streamId: row.stream_id,
    version: Number(row.version),
    position: row.position,
    payload: row.payload,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    schemaVersion: row.schema_version,
  }
}

/**
 * Reads a stream by version range, forward or backward:
 * `select … from kairo_events where stream_id = $1 and version between … order by version limit $4`.
 * @internal
 */
export async function readStreamEvents(
  executor: SqlExecutor,
  t: EventStoreTables,
  streamId: string,
  options: ReadStreamOptions,
): Promise<Result<KairoError, AnyStoredEvent[]>> {
  const backward = options.direction === 'backward'
  const low = backward ? (options.to ?? 1) : (options.from ?? 1)
  const high = backward ? (options.from ?? MAX_VERSION) : (options.to ?? MAX_VERSION)
  const r = await executor.query<EventRow>(
    `select ${COLUMNS} from ${t.events} where stream_id = $1 and version >= $2 and version <= $3
     order by version ${backward ? 'desc' : 'asc'} limit $4`,
    [streamId, low, high, options.limit ?? null],
  )
  return r.map((q) => q.rows.map(toEvent))
}

/** Where readers of the global log must stop, and the highest committed position. @internal */
export interface LogHorizon {
  /** Every position below it is final: no transaction still running can add one there. */
  readonly horizon: bigint
  /** The highest committed position, or undefined for an empty log. */
  readonly head: bigint | undefined
}

/**
 * The horizon of the global log: (xmin of the current snapshot + offset) << 20. Every transaction
 * with a lower id has ended, and positions are ordered by transaction id, so nothing can ever
 * appear below it.
 * @internal
 */
export async function readLogHorizon(
  executor: SqlExecutor,
  t: EventStoreTables,
  xidOffset: bigint,
): Promise<Result<KairoError, LogHorizon>> {
  const r = await executor.query<{ horizon: bigint; head: bigint | null }>(
    `select ((pg_snapshot_xmin(pg_current_snapshot())::text::bigint + $1::bigint) << ${POSITION_SHIFT}) as horizon,
       (select max(position) from ${t.events}) as head`,
    [xidOffset],
  )
  return r.map((q) => ({ horizon: q.rows[0]!.horizon, head: q.rows[0]!.head ?? undefined }))
}

/**
 * One page of the global log below a horizon read earlier, by keyset on the primary key:
 * `select … from kairo_events where position > $1 and position < $2 order by position limit $3`.
 * @internal
 */
export async function readLogPage(
  executor: SqlExecutor,
  t: EventStoreTables,
  after: bigint,
  horizon: bigint,
  limit: number,
  types: readonly string[] | undefined,
): Promise<Result<KairoError, AnyStoredEvent[]>> {
  const filter = types ? 'and type = any($4::text[])' : ''
  const params: unknown[] = [after, horizon, limit]
  if (types) params.push(types)
  const r = await executor.query<EventRow>(
    `select ${COLUMNS} from ${t.events} where position > $1 and position < $2 ${filter} order by position limit $3`,
    params,
  )
  return r.map((q) => q.rows.map(toEvent))
}

/** The running transaction whose id is the snapshot's xmin: the one holding readers back. @internal */
export async function readBlockingTransaction(
  executor: SqlExecutor,
): Promise<Result<KairoError, BlockingTransaction | undefined>> {
  const r = await executor.query<{
    pid: number
    datname: string | null
    age_ms: number | null
    state: string | null
    query: string | null
  }>(
    `select pid, datname, (extract(epoch from clock_timestamp() - xact_start) * 1000)::float8 as age_ms, state,
       left(query, 300) as query
     from pg_stat_activity
     where backend_xid is not null
       and backend_xid::text::bigint = (pg_snapshot_xmin(pg_current_snapshot())::text::bigint & 4294967295)
     limit 1`,
  )
  return r.map((q) => {
    const row = q.rows[0]
    if (!row) return undefined
    return { pid: row.pid, database: row.datname, ageMs: row.age_ms ?? 0, state: row.state, query: row.query }
  })
}
