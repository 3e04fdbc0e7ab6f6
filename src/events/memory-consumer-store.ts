import { ConflictError } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'
import type { ConsumerLease, ConsumerStore, DeadLetter, NewDeadLetter } from './consumer-store.js'
import { CHECKPOINT_CONFLICT } from './event-store-errors.js'

interface ConsumerRow {
  position: bigint
  epoch: number
  holder: string | undefined
  checkpointed: boolean
}

/** Checkpoints, leases and dead letters in memory: one process, so the lease is an in-process flag. @internal */
export class MemoryConsumerStore implements ConsumerStore {
  readonly #rows = new Map<string, ConsumerRow>()
  readonly #letters: DeadLetter[] = []
  #letterIds = 0

  async acquire(consumer: string, instanceId: string): Promise<Result<never, ConsumerLease | undefined>> {
    let row = this.#rows.get(consumer)
    if (!row) {
      row = { position: 0n, epoch: 0, holder: undefined, checkpointed: false }
      this.#rows.set(consumer, row)
    }
    if (row.holder !== undefined && row.holder !== instanceId) return new Ok(undefined)
    row.holder = instanceId
    row.epoch += 1
    const epoch = row.epoch
    const fresh = !row.checkpointed
    const held = row
    const lease: ConsumerLease = {
      consumer,
      epoch,
      position: row.position,
      fresh,
      commit: async (expected, next) => {
        if (held.epoch !== epoch || held.position !== expected) {
          return new Err(
            new ConflictError(`consumer ${consumer}: checkpoint moved or lease lost`, {
              code: CHECKPOINT_CONFLICT,
              expected,
              actual: held.position,
            }),
          )
        }
        held.position = next
        held.checkpointed = true
        return new Ok(undefined)
      },
      check: async () =>
        held.epoch === epoch
          ? new Ok(undefined)
          : new Err(new ConflictError(`consumer ${consumer}: lease lost`, { code: CHECKPOINT_CONFLICT })),
      release: async () => {
        if (held.epoch === epoch) held.holder = undefined
      },
    }
    return new Ok(lease)
  }

  async checkpoint(consumer: string): Promise<Result<never, bigint | undefined>> {
    const row = this.#rows.get(consumer)
    return new Ok(row?.checkpointed ? row.position : undefined)
  }

  async park(letter: NewDeadLetter): Promise<Result<never, void>> {
    this.#letters.push({ ...letter, id: String(++this.#letterIds), failedAt: new Date() })
    return new Ok(undefined)
  }

  async deadLetters(filter: { consumer?: string; limit?: number } = {}): Promise<Result<never, DeadLetter[]>> {
    const matching = this.#letters.filter((l) => filter.consumer === undefined || l.consumer === filter.consumer)
    return new Ok(matching.slice(0, filter.limit ?? 1000))
  }

  async resolve(id: string): Promise<Result<never, boolean>> {
    const index = this.#letters.findIndex((l) => l.id === id)
    if (index >= 0) this.#letters.splice(index, 1)
    return new Ok(index >= 0)
  }
}
