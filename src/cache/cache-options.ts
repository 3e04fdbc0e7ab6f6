import type { Clock } from '../core/clock.js'
import type { CacheLock } from './cache-lock.js'
import type { EvictionPolicy } from './eviction-policy.js'
import type { InvalidationBus } from './invalidation-bus.js'

/** How one value is written. */
export interface SetOptions {
  /** Milliseconds the value stays fresh; `Infinity` for ever. Defaults to the manager's `ttl`. */
  ttl?: number
  /** Tags to invalidate it by ({@link CacheManager.invalidateByTag}). */
  tags?: readonly string[]
  /** Defaults to the manager's namespace. Must not contain `:`. */
  namespace?: string
  /**
   * What the value was derived from: names (`'products'`) or other cache keys of the same
   * namespace. {@link CacheManager.invalidateByDependency} drops it when one of them changes.
   */
  dependencies?: readonly string[]
  /** Milliseconds a stale value may still be served when the factory fails. Defaults to the manager's. */
  grace?: number
  /** Milliseconds after expiry during which the stale value is served while a refresh runs. Defaults to the manager's. */
  staleWhileRevalidate?: number
}

/** How `getOrSet` computes and stores a value; see {@link CacheManager.getOrSet}. */
export interface GetOrSetOptions extends SetOptions {
  /**
   * With a stale value at hand: how long to wait for the factory before answering with the stale
   * value (the factory goes on in the background and stores its result). Defaults to the manager's.
   */
  softTimeout?: number
  /** How long to wait for the factory at most, after which the answer is a `TimeoutError` (or a stale value). */
  hardTimeout?: number
  /**
   * Refresh ahead: when a fresh value is read after this fraction of its ttl (e.g. `0.8`), refresh
   * it in the background, so hot keys never expire under their readers.
   */
  refreshAhead?: number
  /** Reads of a key since its last refresh before refresh-ahead applies to it (a hot key). Defaults to 2. */
  refreshAheadMinHits?: number
  /** Use the manager's cross-instance lock for this key. Defaults to true when the manager has one. */
  lock?: boolean
}

/** What the manager reports and when it raises alerts. */
export interface CacheAnalyticsOptions {
  /** Record per-layer counters and latencies. Defaults to true. */
  enabled?: boolean
  /** Milliseconds between health checks that may raise alerts. Defaults to 60 000; 0 disables. */
  healthCheckInterval?: number
  /** Raise `'low-hit-rate'` below this hit rate (0 to 1) over a check interval. Defaults to 0.5. */
  minHitRate?: number
  /** Raise `'high-error-rate'` above this error rate (0 to 1) of a layer. Defaults to 0.05. */
  maxErrorRate?: number
  /** Operations an interval needs before rates are judged. Defaults to 100. */
  minOperations?: number
  /** Record metrics on the OpenTelemetry meter (`kairoMeter()`). Defaults to true. */
  metrics?: boolean
}

/** Settings of a {@link CacheManager}. */
export interface CacheManagerOptions {
  /** Default freshness of values, in milliseconds. Defaults to 300 000 (5 minutes). */
  ttl?: number
  /** Eviction policy of the memory layer made when no layer is added. Defaults to `'lru'`. */
  evictionPolicy?: EvictionPolicy
  /** Entries of that default memory layer. Defaults to 10 000. */
  maxSize?: number
  /** Namespace of keys when an operation names none. Defaults to `'default'`. Must not contain `:`. */
  namespace?: string
  analytics?: CacheAnalyticsOptions
  /** Defaults to the system clock. */
  clock?: Clock
  /** Carries invalidations to other instances, so their memory layers stay coherent. */
  bus?: InvalidationBus
  /** A cross-instance lock, so one instance at a time runs a key's factory. */
  lock?: CacheLock
  /** Milliseconds a factory may hold the lock (and others wait for it). Defaults to 10 000. */
  lockTimeout?: number
  /** Milliseconds between checks while waiting for another instance's factory. Defaults to 25. */
  lockPollInterval?: number
  /** Defaults for `getOrSet` (and grace / stale-while-revalidate windows for `set`). */
  defaults?: Pick<GetOrSetOptions, 'grace' | 'staleWhileRevalidate' | 'softTimeout' | 'hardTimeout'>
}
