/**
 * `kairo/redis`: Kairo's ports on Redis — the cache storage, its invalidation bus and lock, and the
 * shared rate-limit store — over ioredis (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { CacheManager, MemoryStorage } from 'kairo/cache'
 * import { RedisCacheLock, RedisInvalidationBus, RedisStorage, redisRateLimitStore } from 'kairo/redis'
 *
 * const url = 'redis://127.0.0.1:6379'
 * const cache = new CacheManager({ bus: new RedisInvalidationBus({ url }), lock: new RedisCacheLock({ url }) })
 * cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 10_000 }) })
 * cache.addLayer({ name: 'redis', priority: 50, storage: new RedisStorage({ url }) })
 *
 * const limits = redisRateLimitStore(new Redis(url))
 * ```
 * @module
 */

export type { RedisConnectionOptions } from './redis-cache-connection.js'
export { RedisCacheLock, type RedisCacheLockOptions } from './redis-cache-lock.js'
export { RedisInvalidationBus, type RedisInvalidationBusOptions } from './redis-invalidation-bus.js'
export {
  type RedisRateLimitStoreOptions,
  type RedisScriptRunner,
  redisRateLimitStore,
} from './redis-rate-limit-store.js'
export { RedisStorage, type RedisStorageOptions } from './redis-storage.js'
