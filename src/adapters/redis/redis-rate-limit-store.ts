import { createHash } from 'node:crypto'
import { UnavailableError } from '../../core/errors.js'
import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { RateLimitDecision, RateLimitStore, TokenBucketSpec } from '../../resilience/rate-limit-store.js'

/**
 * What the Redis rate-limit store needs from a client: running Lua scripts. An ioredis `Redis` (or
 * `Cluster`) is one; Kairo never imports ioredis itself.
 */
export interface RedisScriptRunner {
  evalsha(sha1: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>
}

/** Options of {@link redisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** Put before every bucket key. Defaults to `'kairo:rate:'`. */
  prefix?: string
}

/**
 * The token-bucket step, run atomically by Redis. Time comes from the Redis server (`TIME`), so
 * instances with skewed clocks still share one exact limit. The bucket is a hash
 * `{ tokens, ts }` that expires once it would be full again.
 *
 * KEYS[1] bucket key; ARGV[1] capacity, ARGV[2] tokens per ms, ARGV[3] tokens requested.
 * Returns { allowed (0/1), remaining tokens (string), retry after ms }.
 *
 * @internal
 */
export const TAKE_TOKENS_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(bucket[1])
local ts = tonumber(bucket[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * refill)
local allowed = 0
local retry = 0
if tokens >= requested then
  tokens = tokens - requested
  allowed = 1
else
  retry = math.ceil((requested - tokens) / refill - 0.000001)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / refill) + 1000)
return { allowed, tostring(tokens), retry }
`

const SCRIPT_SHA = createHash('sha1').update(TAKE_TOKENS_SCRIPT).digest('hex')

/**
 * Token buckets in Redis, shared by every instance that uses the same Redis and key: taking tokens
 * is one atomic Lua script, timed by the Redis server's clock. A Redis failure is returned as
 * `UnavailableError` (code `UNAVAILABLE`, retryable).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { rateLimiter } from 'kairo/resilience'
 * import { redisRateLimitStore } from 'kairo/redis'
 *
 * const store = redisRateLimitStore(new Redis(process.env.REDIS_URL!), { prefix: 'shop:rate:' })
 * const limiter = rateLimiter({ tokensPerInterval: 50, interval: 1000, key: 'payments', store })
 * ```
 */
export function redisRateLimitStore(
  client: RedisScriptRunner,
  options: RedisRateLimitStoreOptions = {},
): RateLimitStore {
  const prefix = options.prefix ?? 'kairo:rate:'

  async function run(args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(SCRIPT_SHA, 1, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error
      return client.eval(TAKE_TOKENS_SCRIPT, 1, ...args)
    }
  }

  return {
    async take(key: string, tokens: number, bucket: TokenBucketSpec): Promise<Result<KairoError, RateLimitDecision>> {
      try {
        const reply = await run([prefix + key, bucket.capacity, bucket.refillPerMs, tokens])
        const [allowed, remaining, retryAfterMs] = reply as [number, string, number]
        return new Ok({ allowed: allowed === 1, remaining: Number(remaining), retryAfterMs: Number(retryAfterMs) })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        return new Err(new UnavailableError('redis', reason, { cause: error, details: { operation: 'rate limit' } }))
      }
    },
  }
}
