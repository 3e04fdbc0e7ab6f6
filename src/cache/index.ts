/**
 * `kairo/cache`: a multi-level cache manager with memory and Redis layers, eviction policies,
 * tag / pattern / dependency invalidation, stampede protection, coherence across instances,
 * warming and analytics.
 *
 * @example
 * ```ts
 * import { CacheManager, MemoryStorage } from 'kairo/cache'
 *
 * const cache = new CacheManager({ ttl: 60_000, namespace: 'app' })
 * cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 1000 }) })
 * const user = await cache.getOrSet('user:1', () => loadUser(1), { tags: ['user'] })
 * ```
 * @module
 */
export type {
  CacheAlertListener,
  CacheAlertMetric,
  CacheAlertType,
  CacheAnalytics,
  CachePerformanceMetrics,
  GetOrSetAnalytics,
  LayerAnalytics,
  PerformanceFigures,
} from './cache-analytics.js'
export { type CacheEntry, type EntryState, entryState } from './cache-entry.js'
export {
  CacheFactoryError,
  CacheInputError,
  CacheSerializationError,
  isCacheSerializationError,
} from './cache-errors.js'
export type { CacheLayerOptions } from './cache-layer.js'
export { type CacheLock, type CacheLockLease, MemoryCacheLock } from './cache-lock.js'
export {
  CacheManager,
  type FactoryContext,
  type FactoryError,
  type FactoryValue,
} from './cache-manager.js'
export type { CacheAnalyticsOptions, CacheManagerOptions, GetOrSetOptions, SetOptions } from './cache-options.js'
export type { CacheStorage, MaybePromise, StorageResult, StorageStats } from './cache-storage.js'
export type { WarmingEntry, WarmingLoad, WarmingStrategy } from './cache-warming.js'
export { type CompressionOptions, EntryCodec } from './entry-codec.js'
export { estimateSize } from './estimate-size.js'
export type { EvictionPolicy } from './eviction-policy.js'
export {
  type Invalidation,
  type InvalidationBus,
  type InvalidationHandlers,
  type InvalidationMessage,
  MemoryInvalidationBus,
} from './invalidation-bus.js'
export { jsonSerializer } from './json-serializer.js'
export { escapeGlob, globToRegExp, type KeyPattern, keyMatcher } from './key-pattern.js'
export type { LayerCircuitBreakerOptions, LayerCircuitState } from './layer-circuit-breaker.js'
export { MemoryStorage, type MemoryStorageOptions } from './memory-storage.js'
export { canonicalQuery, type QueryCacheKey, queryCacheKey, queryFingerprint } from './query-fingerprint.js'
export type { Serializer } from './serializer.js'
