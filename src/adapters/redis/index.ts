/**
 * `kairo/redis`: Redis implementations of Kairo's ports, over an ioredis client you create
 * (ioredis is an optional peer dependency).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { redisRateLimitStore } from 'kairo/redis'
 *
 * const store = redisRateLimitStore(new Redis())
 * ```
 * @module
 */
export {
  type RedisRateLimitStoreOptions,
  type RedisScriptRunner,
  redisRateLimitStore,
} from './redis-rate-limit-store.js'
