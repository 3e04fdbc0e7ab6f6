import { ValidationError } from '../../core/errors.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { PreparedEvent } from '../../events/event-registry.js'
import type { ExpectedVersion } from '../../events/event-store.js'
import type { SqlExecutor } from './database.js'
import type { EventStoreTables } from './event-store-tables.js'

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

/** Runs one append: `select … from kairo_append_events($1, $2, …)` (see `appendFunctionSql`). @internal */
export async function appendEvents(
  executor: SqlExecutor,
  t: EventStoreTables,
  xidOffset: bigint,
  streamId: string,
  encoded: string,
  count: number,
  expected: ExpectedVersion,
): Promise<Result<KairoError, AppendOutcome>> {
  const mode = expected === 'any' ? 0 : expected === 'no_stream' || expected === 0 ? 1 : expected === 'exists' ? 2 : 3
  const r = await executor.query<{ version: bigint | null; position: bigint | null; stored: RawRef[] | null }>(
    `select o_version as version, o_position as position, o_stored as stored
     from ${t.appendFunction}($1, $2::jsonb, $3, $4, $5, $6)`,
    [streamId, encoded, count, xidOffset, mode, typeof expected === 'number' ? expected : null],
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
