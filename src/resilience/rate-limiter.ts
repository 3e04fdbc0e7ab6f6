import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, type Result } from '../core/result.js'
import { memoryRateLimitStore } from './memory-rate-limit-store.js'
import type { ExecuteOptions, Policy, PolicyResult, Work } from './policy.js'
import { contextFor } from './policy-context.js'
import type { RateLimitStore, TokenBucketSpec } from './rate-limit-store.js'
import { AbortedError, RateLimitedError } from './resilience-errors.js'
import { settleWork } from './settle-work.js'

/** Options of {@link rateLimiter}. */
export interface RateLimiterOptions {
  /** Tokens added per `interval`. Required. */
  tokensPerInterval: number
  /** Milliseconds. Required. */
  interval: number
  /** Most tokens the bucket holds (the largest burst). Defaults to `tokensPerInterval`. */
  burst?: number
  /** Where buckets live. Defaults to an in-memory store of this limiter's own. */
  store?: RateLimitStore
  /** The bucket's key in the store: instances sharing a key share the limit. Defaults to `name`. */
  key?: string
  /** Names the limiter in errors. Defaults to `'rate-limiter'`. */
  name?: string
  /**
   * How long a call may wait for a token, in ms. Defaults to 0: refuse at once with
   * `RateLimitedError` (code `RATE_LIMITED`, with `retryAfter`).
   */
  maxWaitMs?: number
  /** Defaults to `systemClock` (used for waiting; an in-memory store made here uses it too). */
  clock?: Clock
}

/** A rate limiter; see {@link rateLimiter}. A store failure (Redis down) is returned as the store's error. */
export type RateLimiterPolicy = Policy<RateLimitedError | AbortedError | KairoError> & {
  /** Takes tokens without running anything: `Ok(true)` when granted. */
  tryTake(tokens?: number): Promise<Result<KairoError, boolean>>
}

/**
 * A token bucket: `tokensPerInterval` tokens per `interval` ms, up to `burst` at once. Each call
 * takes a token or is refused with `RateLimitedError` (or waits up to `maxWaitMs` for one). With the
 * in-memory store the limit is per process; with `redisRateLimitStore` from `kairo/redis` every
 * instance using the same `key` shares one limit.
 *
 * @example
 * ```ts
 * import { rateLimiter } from 'kairo/resilience'
 * import { redisRateLimitStore } from 'kairo/redis'
 * import { Redis } from 'ioredis'
 *
 * const limiter = rateLimiter({
 *   tokensPerInterval: 100,
 *   interval: 60_000,
 *   key: 'partner-api',
 *   store: redisRateLimitStore(new Redis()),
 * })
 * const r = await limiter.execute(() => callPartner())
 * if (!r.ok && r.error.code === 'RATE_LIMITED') console.log(`slow down for ${r.error.retryAfter} ms`)
 * ```
 */
export function rateLimiter(options: RateLimiterOptions): RateLimiterPolicy {
  const { tokensPerInterval, interval } = options
  if (!(tokensPerInterval > 0) || !(interval > 0)) {
    throw new RangeError(
      `rateLimiter: tokensPerInterval and interval must be > 0, got ${tokensPerInterval}, ${interval}`,
    )
  }
  const clock = options.clock ?? systemClock
  const name = options.name ?? 'rate-limiter'
  const key = options.key ?? name
  const store = options.store ?? memoryRateLimitStore({ clock })
  const maxWaitMs = options.maxWaitMs ?? 0
  const spec: TokenBucketSpec = Object.freeze({
    capacity: options.burst ?? tokensPerInterval,
    refillPerMs: tokensPerInterval / interval,
  })
  if (!(spec.capacity >= 1)) throw new RangeError(`rateLimiter: burst must be >= 1, got ${spec.capacity}`)

  /** Ok(undefined) when a token was taken; Err with why not. */
  async function acquire(callOptions: ExecuteOptions | undefined) {
    const deadline = clock.now() + maxWaitMs
    for (;;) {
      const decision = await store.take(key, 1, spec)
      if (!decision.ok) return decision.error
      if (decision.value.allowed) return undefined
      const waitMs = decision.value.retryAfterMs
      if (clock.now() + waitMs > deadline) return new RateLimitedError(name, waitMs)
      const signal = callOptions?.signal
      try {
        await clock.sleep(waitMs, signal)
      } catch {
        return new AbortedError('rate limiter wait', { cause: signal?.reason })
      }
    }
  }

  type Errors = RateLimitedError | AbortedError | KairoError
  return Object.freeze({
    async tryTake(tokens = 1) {
      const decision = await store.take(key, tokens, spec)
      return decision.map((d) => d.allowed)
    },
    async execute<R>(work: Work<R>, callOptions?: ExecuteOptions): Promise<PolicyResult<R, Errors>> {
      const refused = await acquire(callOptions)
      if (refused !== undefined) return new Err(refused)
      return (await settleWork(work, contextFor(callOptions))) as PolicyResult<R, Errors>
    },
  })
}
