import { Ok, type Result } from '../core/result.js'
import type { Snapshot, SnapshotStore } from './snapshot-store.js'

/** Snapshots in a Map; states are deep-copied through JSON, as a database would store them. @internal */
export class MemorySnapshotStore implements SnapshotStore {
  readonly #snapshots = new Map<string, Snapshot>()

  async load<State = unknown>(streamId: string): Promise<Result<never, Snapshot<State> | undefined>> {
    const found = this.#snapshots.get(streamId)
    return new Ok(found ? ({ ...found, state: structuredClone(found.state) } as Snapshot<State>) : undefined)
  }

  async save(snapshot: Omit<Snapshot, 'takenAt'>): Promise<Result<never, void>> {
    const current = this.#snapshots.get(snapshot.streamId)
    if (!current || current.version <= snapshot.version || current.snapshotVersion !== snapshot.snapshotVersion) {
      this.#snapshots.set(snapshot.streamId, {
        ...snapshot,
        state: JSON.parse(JSON.stringify(snapshot.state)),
        takenAt: new Date(),
      })
    }
    return new Ok(undefined)
  }

  async delete(streamId: string): Promise<Result<never, void>> {
    this.#snapshots.delete(streamId)
    return new Ok(undefined)
  }
}
