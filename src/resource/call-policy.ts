import type { Clock } from '../core/clock.js'
import { isRetryableError } from '../core/kairo-error.js'
import { Err, type Result } from '../core/result.js'
import {
  AbortedError,
  type CircuitBreaker,
  type Policy,
  type RetryPolicy,
  retry,
  timeout,
  type WorkContext,
  wrap,
} from '../resilience/index.js'
import type { ResourceRetryOptions } from './operation-definition.js'
import { isHttpError, type ResourceError } from './resource-errors.js'
import type { Exchange } from './send-request.js'

/** How the calls of one operation are protected. @internal */
export interface CallPolicyOptions {
  /** `resource.operation`, for timeout messages. */
  readonly name: string
  readonly retry: ResourceRetryOptions | false
  readonly timeoutMs: number | false
  readonly breaker: CircuitBreaker | undefined
  readonly clock: Clock
}

/** One attempt of a call. @internal */
export type Attempt = (signal: AbortSignal | undefined) => Promise<Result<ResourceError, Exchange>>

/** The outcome of a call and how many attempts it took. @internal */
export interface CallOutcome {
  readonly result: Result<ResourceError, Exchange>
  readonly attempts: number
}

const DEFAULT_MAX_RETRY_AFTER_MS = 30_000

/**
 * The `kairo/resilience` policies around an operation's attempts, outermost first: retry (when
 * the call may be retried), then the circuit breaker, then the per-attempt timeout. Before a
 * retry that follows a 429 or 503 with `Retry-After`, the call waits at least that long
 * (measured on the clock from the failed answer); a `Retry-After` longer than `maxRetryAfterMs`
 * is not retried.
 *
 * @internal
 */
export class CallPolicy {
  readonly #inner: Policy<unknown> | undefined
  readonly #retry: RetryPolicy | undefined
  readonly #clock: Clock

  constructor(options: CallPolicyOptions) {
    this.#clock = options.clock
    const inner: Policy<unknown>[] = []
    if (options.breaker) inner.push(options.breaker)
    if (options.timeoutMs !== false)
      inner.push(timeout(options.timeoutMs, { name: options.name, clock: options.clock }))
    this.#inner = inner.length === 0 ? undefined : inner.length === 1 ? inner[0] : wrap(...inner)
    const spec = options.retry
    if (spec !== false && (spec.times ?? 2) > 0) {
      const maxRetryAfter = spec.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS
      const retryIf = spec.retryIf ?? isRetryableError
      this.#retry = retry({
        maxAttempts: (spec.times ?? 2) + 1,
        ...(spec.backoff ? { backoff: spec.backoff } : {}),
        clock: options.clock,
        retryIf: (error, attempt) =>
          retryIf(error, attempt) &&
          !(isHttpError(error) && error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfter),
      })
    }
  }

  /** Whether failed calls may be tried again at all. */
  get retries(): boolean {
    return this.#retry !== undefined
  }

  /** Runs the attempts; `mayRetry` is false for a call that must not be repeated (a POST without an idempotency key). */
  async execute(attempt: Attempt, mayRetry: boolean, signal: AbortSignal | undefined): Promise<CallOutcome> {
    let attempts = 0
    // The inner policies get the caller's own signal, not the retry's context: reading a context's
    // signal makes a never-firing one when the caller gave none, which the timeout would then have
    // to combine with its own (AbortSignal.any, slow on Node 20).
    const once = (context: WorkContext): Promise<Result<ResourceError, Exchange>> => {
      attempts++
      return this.#inner
        ? (this.#inner.execute((c) => attempt(c.signal), { signal, attempt: context.attempt }) as Promise<
            Result<ResourceError, Exchange>
          >)
        : attempt(signal)
    }
    if (!this.#retry || !mayRetry) {
      const result = this.#inner
        ? ((await this.#inner.execute((c) => attempt(c.signal), { signal })) as Result<ResourceError, Exchange>)
        : await attempt(signal)
      return { result, attempts: 1 }
    }
    let waitUntil = 0
    const result = (await this.#retry.execute(
      async (context) => {
        const wait = waitUntil - this.#clock.now()
        if (wait > 0) {
          try {
            await this.#clock.sleep(wait, signal)
          } catch (reason) {
            return new Err(new AbortedError('Retry-After wait', { cause: reason }))
          }
        }
        const outcome = await once(context)
        if (!outcome.ok && isHttpError(outcome.error) && outcome.error.retryAfterMs !== undefined) {
          waitUntil = this.#clock.now() + outcome.error.retryAfterMs
        }
        return outcome
      },
      { signal },
    )) as Result<ResourceError, Exchange>
    return { result, attempts }
  }
}
