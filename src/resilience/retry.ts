import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import { isRetryableError } from '../core/kairo-error.js'
import { Err } from '../core/result.js'
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff.js'
import type { ExecuteOptions, Policy, PolicyResult, Work } from './policy.js'
import { PolicyContext } from './policy-context.js'
import { AbortedError } from './resilience-errors.js'
import { isThenable, type Settled, settleWork } from './settle-work.js'

/** What {@link RetryOptions.onRetry} is told before each wait. */
export interface RetryEvent {
  /** The attempt that just failed (1 for the first). */
  readonly attempt: number
  readonly error: unknown
  /** Milliseconds until the next attempt. */
  readonly delayMs: number
}

/** Options of {@link retry}; every field has a default (see {@link defaultRetryOptions}). */
export interface RetryOptions {
  /** Total attempts, the first one included. Defaults to 3. */
  maxAttempts?: number
  /** The wait between attempts. Defaults to {@link defaultBackoff}. */
  backoff?: BackoffOptions
  /**
   * Whether a failure is worth another attempt. Defaults to {@link isRetryableError}: any thrown
   * error or `Err` whose `retryable` is not `false` (a `KairoError` is retried only when it says
   * `retryable: true`).
   */
  retryIf?: (error: unknown, attempt: number) => boolean
  /** Called before each wait. */
  onRetry?: (event: RetryEvent) => void
  /** Defaults to `systemClock`; tests pass a `ManualClock`. */
  clock?: Clock
  /** Randomness for jitter, in [0, 1). Defaults to `Math.random`. */
  random?: () => number
}

/**
 * The retry defaults: 3 attempts, exponential backoff from 100 ms with full jitter, retrying what
 * {@link isRetryableError} calls retryable.
 *
 * @example
 * ```ts
 * import { defaultRetryOptions, retry } from 'kairo/resilience'
 * retry({ ...defaultRetryOptions, maxAttempts: 5 })
 * ```
 */
export const defaultRetryOptions = Object.freeze({
  maxAttempts: 3,
  backoff: defaultBackoff,
  retryIf: (error: unknown, _attempt: number): boolean => isRetryableError(error),
  clock: systemClock,
  random: Math.random,
})

/** A retry policy; see {@link retry}. Aborting the caller's signal during a backoff ends it with {@link AbortedError}. */
export type RetryPolicy = Policy<AbortedError> & { readonly options: Readonly<RetryOptions> }

/**
 * Runs work again when it fails with a retryable error, waiting a backoff between attempts. The
 * result is the first success, or the last failure once attempts run out or a failure is not
 * retryable. Aborting the caller's signal during a wait ends the call with `AbortedError`.
 *
 * @example
 * ```ts
 * import { retry } from 'kairo/resilience'
 *
 * const policy = retry({
 *   maxAttempts: 4,
 *   backoff: { type: 'exponential', delay: 200, maxDelay: 5000, jitter: 'full' },
 *   retryIf: (error) => !(error instanceof TypeError),
 * })
 * const r = await policy.execute(({ attempt, signal }) => fetch(`https://example.com/?try=${attempt}`, { signal }))
 * ```
 */
export function retry(options: RetryOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? defaultRetryOptions.maxAttempts
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry: maxAttempts must be an integer >= 1, got ${maxAttempts}`)
  }
  const backoff = Object.freeze({ ...defaultBackoff, ...options.backoff })
  const retryIf = options.retryIf ?? defaultRetryOptions.retryIf
  const clock = options.clock ?? defaultRetryOptions.clock
  const random = options.random ?? defaultRetryOptions.random
  const onRetry = options.onRetry
  const frozen = Object.freeze({ ...options, maxAttempts, backoff })

  /** After a failed attempt: the last result, or the outcome of the attempts that follow. */
  async function retryAfter(
    work: Work<unknown>,
    callOptions: ExecuteOptions | undefined,
    failed: Settled,
    failedAttempt: number,
  ): Promise<Settled> {
    let result = failed
    let previousDelay = 0
    for (let attempt = failedAttempt; ; attempt++) {
      if (result.ok || attempt >= maxAttempts || !retryIf(result.error, attempt)) return result
      const signal = callOptions?.signal
      if (signal?.aborted) return new Err(new AbortedError('retry', { cause: signal.reason }))
      const delayMs = backoffDelay(backoff, attempt, previousDelay, random)
      previousDelay = delayMs
      onRetry?.({ attempt, error: result.error, delayMs })
      try {
        await clock.sleep(delayMs, signal)
      } catch {
        return new Err(new AbortedError('retry backoff', { cause: signal?.reason, details: { attempt } }))
      }
      result = await settleWork(work, new PolicyContext(callOptions, attempt + 1))
    }
  }

  const afterFirst = (work: Work<unknown>, callOptions: ExecuteOptions | undefined) => (result: Settled) =>
    result.ok || maxAttempts === 1 ? result : retryAfter(work, callOptions, result, 1)

  return Object.freeze({
    options: frozen,
    execute<R>(work: Work<R>, callOptions?: ExecuteOptions): Promise<PolicyResult<R, AbortedError>> {
      const first = settleWork(work as Work<unknown>, new PolicyContext(callOptions, 1))
      const next = afterFirst(work as Work<unknown>, callOptions)
      return (isThenable(first) ? first.then(next) : Promise.resolve(next(first))) as Promise<
        PolicyResult<R, AbortedError>
      >
    },
  })
}
