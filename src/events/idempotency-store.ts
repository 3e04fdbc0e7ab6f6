import type { KairoError, KairoErrorJSON } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'

/** A command's stored outcome: its value, or its (non-retryable) error. */
export type StoredOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: KairoErrorJSON }

/** What claiming a command id found. */
export type Claim =
  | { readonly status: 'claimed' }
  | { readonly status: 'done'; readonly outcome: StoredOutcome }
  | { readonly status: 'pending' }

/**
 * Where command outcomes are kept by id, so a repeated command returns the first outcome. The
 * command bus uses PostgreSQL (`kairo_command_outcomes`) when given a database, else memory.
 *
 * @example
 * ```ts
 * const bus = createCommandBus({ idempotency: myRedisBackedStore })
 * ```
 */
export interface IdempotencyStore {
  /**
   * Claims `commandId` for execution. A claim older than `staleAfterMs` whose executor never
   * completed (it crashed) is taken over.
   */
  claim(commandId: string, type: string, staleAfterMs: number): Promise<Result<KairoError, Claim>>
  complete(commandId: string, outcome: StoredOutcome): Promise<Result<KairoError, void>>
  /** Forgets a claim (the command failed in a way worth retrying). */
  release(commandId: string): Promise<Result<KairoError, void>>
}
