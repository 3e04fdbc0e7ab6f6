import type { KairoError } from '../core/kairo-error.js'
import { isRetryableError } from '../core/kairo-error.js'

/**
 * How a failing handler is retried before its event is given up on (parked as a dead letter).
 * Delays grow by `factor` from `initialDelayMs` up to `maxDelayMs`.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  readonly initialDelayMs: number
  readonly factor: number
  readonly maxDelayMs: number
  /** Whether an error is worth another attempt; others go straight to the dead letters. */
  readonly shouldRetry: (error: KairoError) => boolean
}

/**
 * The default: 5 attempts, 100 ms doubling up to 10 s, retrying errors whose `retryable` flag is set
 * (and anything thrown that is not a `KairoError`).
 *
 * @example
 * ```ts
 * createConsumer(store, { name: 'mailer', handler, retry: { ...defaultRetryPolicy, maxAttempts: 10 } })
 * ```
 */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 10_000,
  shouldRetry: (error: KairoError) => isRetryableError(error),
})

/** The delay before attempt `attempt + 1`. @internal */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1))
}
