import { CacheManager, MemoryStorage } from 'kairo/cache'
import { RedisInvalidationBus, RedisStorage } from 'kairo/redis'

/** Where the shop's cache keeps entries. */
export interface CatalogCacheOptions {
  /** `KAIRO_REDIS_URL`: adds a shared Redis layer and keeps instances coherent through its bus. */
  redisUrl?: string
  /** Prefix of the shop's Redis keys and bus channel. Defaults to `'kairo:shop:'`. */
  keyPrefix?: string
}

/** The shop's cache: memory (10 s per entry, 5 000 entries, LRU), over Redis when configured. */
export function createCatalogCache(options: CatalogCacheOptions = {}): CacheManager {
  const prefix = options.keyPrefix ?? 'kairo:shop:'
  const cache = new CacheManager({
    ttl: 60_000,
    namespace: 'shop',
    ...(options.redisUrl
      ? { bus: new RedisInvalidationBus({ url: options.redisUrl, channel: `${prefix}cache-bus` }) }
      : {}),
  })
  cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 5000 }), ttl: 10_000 })
  if (options.redisUrl) {
    cache.addLayer({
      name: 'redis',
      priority: 50,
      storage: new RedisStorage({ url: options.redisUrl, keyPrefix: prefix }),
    })
  }
  return cache
}
