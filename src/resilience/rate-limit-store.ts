import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'

/** A token bucket's shape: it holds up to `capacity` tokens and gains `refillPerMs` tokens per millisecond. */
export interface TokenBucketSpec {
  readonly capacity: number
  readonly refillPerMs: number
}

/** The answer to a request for tokens. */
export interface RateLimitDecision {
  readonly allowed: boolean
  /** Tokens left after this request (fractional while refilling). */
  readonly remaining: number
  /** When refused: milliseconds until enough tokens are due. 0 when allowed. */
  readonly retryAfterMs: number
}

/**
 * Where token buckets live. Taking tokens must be atomic: two instances taking from the same key
 * at once never both get the last token. Kairo ships an in-memory store
 * ({@link memoryRateLimitStore}, one process) and a Redis store (`redisRateLimitStore` in
 * `kairo/redis`, shared by every instance).
 *
 * @example
 * ```ts
 * import { memoryRateLimitStore } from 'kairo/resilience'
 *
 * const store = memoryRateLimitStore()
 * const d = await store.take('api:user-1', 1, { capacity: 10, refillPerMs: 10 / 1000 })
 * if (d.ok && !d.value.allowed) console.log(`wait ${d.value.retryAfterMs} ms`)
 * ```
 */
export interface RateLimitStore {
  /** Takes `tokens` from the bucket at `key` if it has them; a new key starts full. */
  take(key: string, tokens: number, bucket: TokenBucketSpec): Promise<Result<KairoError, RateLimitDecision>>
}
