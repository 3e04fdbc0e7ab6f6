import { ValidationError } from '../../core/errors.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { PreparedEvent } from '../../events/event-registry.js'
import type { ExpectedVersion } from '../../events/event-store.js'
import type { SqlExecutor } from './database.js'
import { type EventStoreTables, POSITION_SHIFT, POSITIONS_PER_TRANSACTION } from './event-store-tables.js'

/** A previously stored event found by id. @internal */
export interface StoredRef {
  readonly id: string
  readonly streamId: string
  readonly version: number
  readonly position: bigint
}

/** What one append statement did. @internal */
export type AppendOutcome =
  | { readonly kind: 'appended'; readonly version: number; readonly lastPosition: bigint }
  | { readonly kind: 'found'; readonly stored: StoredRef[] }
  | { readonly kind: 'rejected' }

type Variant = 'any' | 'no_stream' | 'exists' | 'version'

const cache = new WeakMap<EventStoreTables, Map<Variant, string>>()

/**
 * The append as one statement, so an append outside a transaction costs one round trip:
 * 1. `stored`: event ids already stored (an idempotent retry writes nothing);
 * 2. `stream`: checks and moves the stream's version — the row lock serialises appends to one stream;
 * 3. `start`: this transaction's next position: (xid + offset) << 20, plus the events it already
 *    appended (positions are ordered by transaction id, see docs/events.md);
 * 4. `ins`: inserts the events.
 * @internal
 */
export function appendStatement(t: EventStoreTables, variant: Variant): string {
  let byVariant = cache.get(t)
  if (!byVariant) {
    byVariant = new Map()
    cache.set(t, byVariant)
  }
  const cached = byVariant.get(variant)
  if (cached) return cached
  const notStored = 'not exists (select 1 from stored)'
  const stream = {
    any: `insert into ${t.streams} as s (stream_id, version) select $1::text, $3::bigint where ${notStored}
          on conflict (stream_id) do update set version = s.version + excluded.version
          returning s.version - $3::bigint as before`,
    no_stream: `insert into ${t.streams} (stream_id, version) select $1::text, $3::bigint where ${notStored}
          on conflict (stream_id) do nothing returning 0::bigint as before`,
    exists: `update ${t.streams} set version = version + $3::bigint where stream_id = $1::text and ${notStored}
          returning version - $3::bigint as before`,
    version: `update ${t.streams} set version = version + $3::bigint
          where stream_id = $1::text and version = $5::bigint and ${notStored}
          returning version - $3::bigint as before`,
  }[variant]
  const sql = `with input as (
    select x.e, x.ord from jsonb_array_elements($2::jsonb) with ordinality as x(e, ord)
  ), stored as (
    select id, stream_id, version, position from ${t.events} where id in (select (e->>'id')::uuid from input)
  ), stream as (
    ${stream}
  ), base as (
    select stream.before, ((pg_current_xact_id()::text::bigint + $4::bigint) << ${POSITION_SHIFT}) as b from stream
  ), start as (
    select base.before, coalesce((select max(position) + 1 from ${t.events}
      where position >= base.b and position < base.b + ${POSITIONS_PER_TRANSACTION}), base.b) as p from base
  ), ins as (
    insert into ${t.events} (position, stream_id, version, id, type, schema_version, payload, metadata, occurred_at)
    select start.p + input.ord - 1, $1::text, start.before + input.ord, (input.e->>'id')::uuid, input.e->>'type',
      (input.e->>'v')::int, input.e->'payload', input.e->'metadata', (input.e->>'at')::timestamptz
    from start cross join input
    returning position, version
  )
  select (select max(version) from ins) as version, (select max(position) from ins) as position,
    (select jsonb_agg(jsonb_build_object('id', id, 'streamId', stream_id, 'version', version, 'position', position::text)
      order by version) from stored) as stored`
  byVariant.set(variant, sql)
  return sql
}

/** Serialises events for the append statement; a payload that is not JSON is a ValidationError. @internal */
export function encodeEvents(events: readonly PreparedEvent[]): Result<ValidationError, string> {
  try {
    return new Ok(
      JSON.stringify(
        events.map((e) => ({
          id: e.id,
          type: e.type,
          v: e.schemaVersion,
          payload: e.payload ?? null,
          metadata: e.metadata ?? {},
          at: e.occurredAt.toISOString(),
        })),
      ),
    )
  } catch (error) {
    return new Err(
      new ValidationError(
        [{ path: [], code: 'not_json', message: 'event payloads and metadata must be JSON-serialisable' }],
        {
          cause: error,
        },
      ),
    )
  }
}

/** Runs one append statement. @internal */
export async function appendEvents(
  executor: SqlExecutor,
  t: EventStoreTables,
  xidOffset: bigint,
  streamId: string,
  encoded: string,
  count: number,
  expected: ExpectedVersion,
): Promise<Result<KairoError, AppendOutcome>> {
  const variant: Variant =
    expected === 0 ? 'no_stream' : typeof expected === 'number' ? 'version' : (expected as Exclude<Variant, 'version'>)
  const params: unknown[] = [streamId, encoded, count, xidOffset]
  if (variant === 'version') params.push(expected)
  const r = await executor.query<{ version: bigint | null; position: bigint | null; stored: RawRef[] | null }>(
    appendStatement(t, variant),
    params,
  )
  if (!r.ok) return new Err(r.error)
  const row = r.value.rows[0]
  if (row?.stored) {
    return new Ok({
      kind: 'found',
      stored: row.stored.map((s) => ({
        id: s.id,
        streamId: s.streamId,
        version: s.version,
        position: BigInt(s.position),
      })),
    })
  }
  if (row?.version == null || row.position == null) return new Ok({ kind: 'rejected' })
  return new Ok({ kind: 'appended', version: Number(row.version), lastPosition: row.position })
}

interface RawRef {
  id: string
  streamId: string
  version: number
  position: string
}

/** The stream's current version (0 when it does not exist). @internal */
export async function streamVersion(
  executor: SqlExecutor,
  t: EventStoreTables,
  streamId: string,
): Promise<Result<KairoError, number>> {
  const r = await executor.query<{ version: bigint }>(`select version from ${t.streams} where stream_id = $1`, [
    streamId,
  ])
  return r.map((q) => Number(q.rows[0]?.version ?? 0))
}
