import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { AnyStoredEvent } from '../../events/event.js'
import type { BlockingTransaction, ReadStreamOptions } from '../../events/event-store.js'
import type { SqlExecutor } from './database.js'
import { type EventStoreTables, POSITION_SHIFT } from './event-store-tables.js'

// Versions as float8 and times as epoch milliseconds parse far faster than int8 and timestamptz text.
const COLUMNS =
  'position, stream_id, version::float8 as version, id, type, schema_version, payload, metadata, ' +
  '(extract(epoch from occurred_at) * 1000)::float8 as occurred_ms'
const MAX_VERSION = '9223372036854775807'

type EventRow = {
  position: bigint
  stream_id: string
  version: number
  id: string
  type: string
  schema_version: number
  payload: unknown
  metadata: Record<string, unknown>
  occurred_ms: number
}

function toEvent(row: EventRow): AnyStoredEvent {
  return {
    id: row.id,
    type: row.type,
    streamId: row.stream_id,
    version: row.version,
    position: row.position,
    payload: row.payload,
    metadata: row.metadata,
    occurredAt: new Date(row.occurred_ms),
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

/** One page of the global log and the horizon it was read under. @internal */
export interface LogPage {
  /** Events below the horizon, in order. */
  readonly events: AnyStoredEvent[]
  /** Every position below it is final: no transaction still running can add one there. */
  readonly horizon: bigint
  /** Rows read, including committed ones at or beyond the horizon (left for later). */
  readonly rowsRead: number
  /** True when a committed event at or beyond the horizon was seen. */
  readonly beyondHorizon: boolean
}

/**
 * One page of the global log, in one statement:
 * `select … from kairo_events where position > $1 order by position limit $2`, with the horizon
 * ((xmin of the statement's snapshot + offset) << 20) alongside. Every transaction with a lower id
 * has ended, and positions are ordered by transaction id, so nothing can ever appear below the
 * horizon: rows at or beyond it are dropped here and read again later. The keyset has one bound
 * only, so the plan is an ordered scan of the primary key whatever the statistics say.
 * @internal
 */
export async function readLogPage(
  executor: SqlExecutor,
  t: EventStoreTables,
  xidOffset: bigint,
  after: bigint,
  limit: number,
  types: readonly string[] | undefined,
): Promise<Result<KairoError, LogPage>> {
  const filter = types ? 'and type = any($4::text[])' : ''
  const params: unknown[] = [after, limit, xidOffset]
  if (types) params.push(types)
  const r = await executor.query<EventRow & { horizon: string }>(
    `select h.horizon::text as horizon, e.* from
       (select (pg_snapshot_xmin(pg_current_snapshot())::text::bigint + $3::bigint) << ${POSITION_SHIFT} as horizon) h
       left join lateral (select ${COLUMNS} from ${t.events} where position > $1 ${filter}
         order by position limit $2) e on true`,
    params,
  )
  if (!r.ok) return new Err(r.error)
  const rows = r.value.rows
  const horizon = BigInt(rows[0]!.horizon)
  const events: AnyStoredEvent[] = []
  let beyondHorizon = false
  for (const row of rows) {
    if (row.position === null) break
    if (row.position >= horizon) {
      beyondHorizon = true
      break
    }
    events.push(toEvent(row))
  }
  return new Ok({ events, horizon, rowsRead: rows[0]!.position === null ? 0 : rows.length, beyondHorizon })
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
