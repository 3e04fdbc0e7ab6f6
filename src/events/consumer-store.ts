import type { Transaction } from '../adapters/postgres/database.js'
import type { KairoError, KairoErrorJSON } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'

/**
 * The right to run a named consumer, held by one instance at a time. Each acquisition bumps an
 * `epoch`, and checkpoints are only written under the current epoch: an instance that lost its
 * lease (paused, disconnected) cannot move the checkpoint any more.
 */
export interface ConsumerLease {
  readonly consumer: string
  readonly epoch: number
  /** The checkpoint when the lease was taken. */
  readonly position: bigint
  /** True when the consumer had never been checkpointed. */
  readonly fresh: boolean
  /**
   * Moves the checkpoint from `expected` to `next` (compare-and-set, fenced by the epoch); in
   * `transaction` when given, so handler writes and checkpoint commit together. A mismatch is a
   * `ConflictError` (code `CHECKPOINT_CONFLICT`): the lease was lost.
   */
  commit(expected: bigint, next: bigint, transaction?: Transaction): Promise<Result<KairoError, void>>
  /** Checks the lease still holds. */
  check(): Promise<Result<KairoError, void>>
  release(): Promise<void>
}

/** An event a consumer gave up on after its retries, with the error. */
export interface DeadLetter {
  readonly id: string
  readonly consumer: string
  readonly position: bigint
  readonly eventId: string
  readonly eventType: string
  readonly streamId: string
  readonly error: KairoErrorJSON | { message: string }
  readonly attempts: number
  readonly failedAt: Date
}

/** A dead letter to park. */
export type NewDeadLetter = Omit<DeadLetter, 'id' | 'failedAt'>

/**
 * Where consumers keep checkpoints, leases and dead letters. Every event store has one.
 *
 * @example
 * ```ts
 * const checkpoint = (await store.consumers.checkpoint('order-summaries')).unwrap()
 * const parked = (await store.consumers.deadLetters({ consumer: 'mailer' })).unwrap()
 * ```
 */
export interface ConsumerStore {
  /** Takes the lease of `consumer`, or resolves `undefined` when another live instance holds it. */
  acquire(consumer: string, instanceId: string): Promise<Result<KairoError, ConsumerLease | undefined>>
  /** The stored checkpoint; `undefined` for a consumer that never ran. */
  checkpoint(consumer: string): Promise<Result<KairoError, bigint | undefined>>
  park(letter: NewDeadLetter, transaction?: Transaction): Promise<Result<KairoError, void>>
  deadLetters(filter?: { consumer?: string; limit?: number }): Promise<Result<KairoError, DeadLetter[]>>
  /** Removes a dead letter (after it was handled); resolves false when it was not there. */
  resolve(id: string, transaction?: Transaction): Promise<Result<KairoError, boolean>>
}
