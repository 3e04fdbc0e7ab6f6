import type { Transaction } from '../adapters/postgres/database.js'
import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'

/** The state of an aggregate at a version, kept so loading does not replay every event. */
export interface Snapshot<State = unknown> {
  readonly streamId: string
  /** The version of the last event folded into `state`. */
  readonly version: number
  /** The version of the aggregate's state shape; a snapshot of another version is ignored. */
  readonly snapshotVersion: number
  readonly state: State
  readonly takenAt: Date
}

/**
 * Where snapshots live: in memory, or in a table next to the events. One snapshot per stream (the latest).
 *
 * @example
 * ```ts
 * await store.snapshots.save({ streamId: 'order-1', version: 100, snapshotVersion: 1, state })
 * const latest = (await store.snapshots.load('order-1')).unwrap()
 * ```
 */
export interface SnapshotStore {
  load<State = unknown>(streamId: string): Promise<Result<KairoError, Snapshot<State> | undefined>>
  /** Keeps `snapshot` unless a newer one is stored. `state` must be JSON-serialisable on PostgreSQL. */
  save(snapshot: Omit<Snapshot, 'takenAt'>, transaction?: Transaction): Promise<Result<KairoError, void>>
  delete(streamId: string): Promise<Result<KairoError, void>>
}
