import { ValidationError } from '../../core/errors.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Err, type Result } from '../../core/result.js'
import type { Snapshot, SnapshotStore } from '../../events/snapshot-store.js'
import type { Database, Transaction } from './database.js'
import type { EventStoreTables } from './event-store-tables.js'

/**
 * Snapshots in `kairo_snapshots`, one row per stream (the latest). A save never replaces a newer
 * snapshot of the same snapshot version:
 * `insert … on conflict (stream_id) do update … where version <= excluded.version or snapshot_version <> excluded.snapshot_version`.
 * @internal
 */
export class PostgresSnapshotStore implements SnapshotStore {
  readonly #db: Database
  readonly #t: EventStoreTables
  readonly #ready: (tx?: Transaction) => Promise<Result<KairoError, unknown>>

  constructor(
    db: Database,
    tables: EventStoreTables,
    ready: (tx?: Transaction) => Promise<Result<KairoError, unknown>>,
  ) {
    this.#db = db
    this.#t = tables
    this.#ready = ready
  }

  async load<State = unknown>(streamId: string): Promise<Result<KairoError, Snapshot<State> | undefined>> {
    const ready = await this.#ready()
    if (!ready.ok) return new Err(ready.error)
    const r = await this.#db.query<{ version: bigint; snapshot_version: number; state: State; taken_at: Date }>(
      `select version, snapshot_version, state, taken_at from ${this.#t.snapshots} where stream_id = $1`,
      [streamId],
    )
    return r.map((q) => {
      const row = q.rows[0]
      if (!row) return undefined
      return {
        streamId,
        version: Number(row.version),
        snapshotVersion: row.snapshot_version,
        state: row.state,
        takenAt: row.taken_at,
      }
    })
  }

  async save(snapshot: Omit<Snapshot, 'takenAt'>, transaction?: Transaction): Promise<Result<KairoError, void>> {
    const ready = await this.#ready(transaction)
    if (!ready.ok) return new Err(ready.error)
    let state: string
    try {
      state = JSON.stringify(snapshot.state)
    } catch (error) {
      return new Err(
        new ValidationError(
          [{ path: ['state'], code: 'not_json', message: 'snapshot state must be JSON-serialisable' }],
          {
            cause: error,
          },
        ),
      )
    }
    const t = this.#t.snapshots
    const r = await (transaction ?? this.#db).query(
      `insert into ${t} as s (stream_id, version, snapshot_version, state) values ($1, $2, $3, $4::jsonb)
       on conflict (stream_id) do update set version = excluded.version, snapshot_version = excluded.snapshot_version,
         state = excluded.state, taken_at = now()
       where s.version <= excluded.version or s.snapshot_version <> excluded.snapshot_version`,
      [snapshot.streamId, snapshot.version, snapshot.snapshotVersion, state],
    )
    return r.map(() => undefined)
  }

  async delete(streamId: string): Promise<Result<KairoError, void>> {
    const ready = await this.#ready()
    if (!ready.ok) return new Err(ready.error)
    const r = await this.#db.query(`delete from ${this.#t.snapshots} where stream_id = $1`, [streamId])
    return r.map(() => undefined)
  }
}
