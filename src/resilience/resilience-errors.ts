import {
  isKairoError,
  isRetryableError,
  KairoError,
  type KairoErrorOptions,
  kairoErrorGuard,
} from '../core/kairo-error.js'

/**
 * The work threw (or its Promise rejected) instead of returning a `Result`. `cause` is what was
 * thrown; `retryable` follows {@link isRetryableError} of it (unknown errors count as transient).
 *
 * @example
 * ```ts
 * import { retry, isThrownError } from 'kairo/resilience'
 *
 * const r = await retry({ maxAttempts: 1 }).execute(() => JSON.parse('{'))
 * if (!r.ok && isThrownError(r.error)) console.log(r.error.cause) // the SyntaxError
 * ```
 */
export class ThrownError extends KairoError {
  constructor(thrown: unknown, options: KairoErrorOptions = {}) {
    super('THROWN', thrown instanceof Error ? thrown.message : `threw ${String(thrown)}`, {
      retryable: isRetryableError(thrown),
      ...options,
      cause: thrown,
      ...(isKairoError(thrown) ? { details: { code: thrown.code } } : {}),
    })
  }
}

/**
 * The caller's signal aborted the call while it waited (in a queue, during a backoff).
 *
 * @example
 * ```ts
 * new AbortedError('retry backoff').code // 'ABORTED'
 * ```
 */
export class AbortedError extends KairoError {
  constructor(where: string, options: KairoErrorOptions = {}) {
    super('ABORTED', `aborted during ${where}`, { ...options, retryable: false })
  }
}

/**
 * A bulkhead was full: every slot busy and the queue at its limit. Retryable: capacity frees up.
 *
 * @example
 * ```ts
 * new BulkheadRejectedError('payments', 10, 0).code // 'BULKHEAD_FULL'
 * ```
 */
export class BulkheadRejectedError extends KairoError {
  constructor(name: string, maxConcurrent: number, maxQueue: number, options: KairoErrorOptions = {}) {
    super('BULKHEAD_FULL', `bulkhead ${name} is full (${maxConcurrent} running, ${maxQueue} queued)`, {
      retryable: true,
      ...options,
      details: { bulkhead: name, maxConcurrent, maxQueue, ...options.details },
    })
  }
}

/**
 * A rate limiter had no token for the call. `retryAfter` is the number of milliseconds until one is due.
 *
 * @example
 * ```ts
 * new RateLimitedError('api', 250).retryAfter // 250
 * ```
 */
export class RateLimitedError extends KairoError {
  readonly retryAfter: number
  constructor(name: string, retryAfter: number, options: KairoErrorOptions = {}) {
    super('RATE_LIMITED', `rate limit ${name} reached; retry after ${retryAfter} ms`, {
      retryable: true,
      ...options,
      details: { limiter: name, retryAfter, ...options.details },
    })
    this.retryAfter = retryAfter
  }
}

/**
 * The reason given to the signals of hedged attempts that lost to a faster one.
 *
 * @example
 * ```ts
 * new HedgeLostError().code // 'HEDGE_LOST'
 * ```
 */
export class HedgeLostError extends KairoError {
  constructor() {
    super('HEDGE_LOST', 'another attempt of this hedged call answered first')
  }
}

/** True for a {@link ThrownError}. */
export const isThrownError = kairoErrorGuard(ThrownError, 'ThrownError')
/** True for an {@link AbortedError}. */
export const isAbortedError = kairoErrorGuard(AbortedError, 'AbortedError')
/** True for a {@link BulkheadRejectedError}. */
export const isBulkheadRejectedError = kairoErrorGuard(BulkheadRejectedError, 'BulkheadRejectedError')
/** True for a {@link RateLimitedError}. */
export const isRateLimitedError = kairoErrorGuard(RateLimitedError, 'RateLimitedError')
