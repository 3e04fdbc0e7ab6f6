import { ConflictError } from '../core/errors.js'
import { KairoError, type KairoErrorJSON } from '../core/kairo-error.js'
import { Err, Ok } from '../core/result.js'
import type { IdempotencyStore } from './idempotency-store.js'
import type { Middleware } from './message-middleware.js'

/** Options of {@link idempotencyMiddleware}. */
export interface IdempotencyOptions {
  readonly store: IdempotencyStore
  /** A claim left by an executor that never finished (it crashed) is taken over after this long. Defaults to 60 s. */
  readonly staleAfterMs?: number
}

/**
 * Runs a command with a caller-given id at most once: the first execution's outcome (its value, or a
 * non-retryable error) is stored under the id, and a repeat returns it without running the handler.
 * A repeat while the first is still running gets a retryable `ConflictError` (`COMMAND_IN_PROGRESS`).
 * Retryable failures are not stored, so a retry runs again. Stored values go through JSON.
 *
 * @example
 * ```ts
 * const bus = createCommandBus({ database: db }) // idempotency on, outcomes in kairo_command_outcomes
 * await bus.execute('PlaceOrder', payload, { id: requestId })
 * await bus.execute('PlaceOrder', payload, { id: requestId }) // the same outcome, handler not run again
 * ```
 */
export function idempotencyMiddleware(options: IdempotencyOptions): Middleware {
  const staleAfterMs = options.staleAfterMs ?? 60_000
  return async function idempotency(message, next) {
    if (message.kind !== 'command' || !message.idempotent) return next()
    const claim = await options.store.claim(message.id, message.type, staleAfterMs)
    if (!claim.ok) return claim
    if (claim.value.status === 'done') {
      const outcome = claim.value.outcome
      return outcome.ok ? new Ok(outcome.value) : new Err(restoreError(outcome.error))
    }
    if (claim.value.status === 'pending') {
      return new Err(
        new ConflictError(`command ${message.id} is already being executed`, {
          code: 'COMMAND_IN_PROGRESS',
          retryable: true,
          details: { commandId: message.id, type: message.type },
        }),
      )
    }
    const result = await next()
    if (!result.ok && result.error.retryable) {
      await options.store.release(message.id)
      return result
    }
    const stored = await options.store.complete(
      message.id,
      result.ok ? { ok: true, value: result.value ?? null } : { ok: false, error: result.error.toJSON() },
    )
    // The command ran; failing to store its outcome must not turn success into failure.
    void stored
    return result
  }
}

/** A stored error as a KairoError with the original name and code, so `isXxxError` guards still work. */
function restoreError(json: KairoErrorJSON): KairoError {
  const error = new KairoError(json.code, json.message, {
    retryable: json.retryable,
    ...(json.details ? { details: json.details } : {}),
  })
  error.name = json.name
  return error
}
