import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import { Ok, type Result } from '../core/result.js'
import type { RateLimitDecision, RateLimitStore, TokenBucketSpec } from './rate-limit-store.js'

/** Options of {@link memoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Defaults to `systemClock`. */
  clock?: Clock
}

/**
 * Token buckets in this process's memory: exact and fast, but each instance has its own. Full
 * buckets are forgotten (a bucket that refilled completely is the same as a new one).
 *
 * @example
 * ```ts
 * import { memoryRateLimitStore, rateLimiter } from 'kairo/resilience'
 * const limiter = rateLimiter({ tokensPerInterval: 5, interval: 1000, store: memoryRateLimitStore() })
 * ```
 */
export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const clock = options.clock ?? systemClock
  const buckets = new Map<string, { tokens: number; at: number }>()
  let sweepAt = 0
  return {
    async take(key: string, tokens: number, spec: TokenBucketSpec): Promise<Result<KairoError, RateLimitDecision>> {
      const now = clock.now()
      const bucket = buckets.get(key)
      const held = bucket
        ? Math.min(spec.capacity, bucket.tokens + (now - bucket.at) * spec.refillPerMs)
        : spec.capacity
      if (buckets.size > 10_000 && now >= sweepAt) {
        sweepAt = now + 1000
        for (const [k, b] of buckets) if (b.tokens + (now - b.at) * spec.refillPerMs >= spec.capacity) buckets.delete(k)
      }
      if (held >= tokens) {
        buckets.set(key, { tokens: held - tokens, at: now })
        return new Ok({ allowed: true, remaining: held - tokens, retryAfterMs: 0 })
      }
      buckets.set(key, { tokens: held, at: now })
      return new Ok({ allowed: false, remaining: held, retryAfterMs: waitFor(tokens - held, spec.refillPerMs) })
    },
  }
}

/** Milliseconds until `missing` tokens refill, rounded up (ignoring floating-point dust). */
function waitFor(missing: number, refillPerMs: number): number {
  return Math.ceil(missing / refillPerMs - 1e-6)
}
