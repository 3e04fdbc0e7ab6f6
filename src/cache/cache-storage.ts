import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import type { CacheEntry } from './cache-entry.js'
import type { KeyPattern } from './key-pattern.js'

/** A value, or a promise of it: in-process storages answer synchronously, networked ones do not. */
export type MaybePromise<T> = T | Promise<T>

/** What a storage operation returns: a value, or the error the engine failed with. */
export type StorageResult<T> = MaybePromise<Result<KairoError, T>>

/** Size and churn of a storage, for analytics. */
export interface StorageStats {
  /** Entries held (for a shared engine: `undefined` when counting would be too expensive). */
  readonly entries: number | undefined
  /** Bytes held, estimated for in-memory values; `undefined` when unknown. */
  readonly bytes: number | undefined
  /** Entries dropped to make room (not counting expiry or invalidation). */
  readonly evictions: number
}

/**
 * The port a cache layer stores entries through. Keys arrive fully qualified (namespace included);
 * a storage may prefix them further. `MemoryStorage` implements it in process, `RedisStorage` (in
 * `kairo/redis`) on Redis; one contract suite (`test/contracts/cache-storage-contract.ts`) runs
 * against both, so they behave the same.
 *
 * Storages never decide freshness: they keep an entry until `retainMs` has passed, and the manager
 * reads `expiresAt` / `staleUntil` to decide whether it is fresh, stale or gone.
 *
 * @example
 * ```ts
 * import { MemoryStorage } from 'kairo/cache'
 *
 * const storage = new MemoryStorage({ maxSize: 100 })
 * storage.set('app:a', { value: 1, expiresAt: Infinity, staleUntil: Infinity, tags: ['t'], dependencies: [] }, Infinity)
 * storage.get('app:a') // Ok({ value: 1, … })
 * ```
 */
export interface CacheStorage {
  /** A short engine name: `'memory'`, `'redis'`. */
  readonly kind: string
  /** True when other processes see the same entries (Redis); false for a process's own memory. */
  readonly distributed: boolean
  /**
   * The entry under `key`, or `Ok(undefined)` when there is none. `now` is the caller's current
   * time (epoch ms), passed so that one operation reads the clock once; storages that keep their
   * own time (Redis expiry) ignore it.
   */
  get(key: string, now?: number): StorageResult<CacheEntry | undefined>
  /** Stores `entry` under `key`, replacing any previous one, and keeps it for `retainMs` (`Infinity`: until evicted). */
  set(key: string, entry: CacheEntry, retainMs: number): StorageResult<void>
  /** Deletes these keys; resolves to how many existed. */
  delete(keys: readonly string[]): StorageResult<number>
  /** Deletes every entry carrying one of `tags`; resolves to the keys deleted. */
  deleteByTags(tags: readonly string[]): StorageResult<string[]>
  /** Deletes every entry depending on `dependency`; resolves to the keys deleted. */
  deleteByDependency(dependency: string): StorageResult<string[]>
  /** Deletes every entry whose key is `prefix` followed by a match of `pattern`; resolves to how many. */
  deleteMatching(prefix: string, pattern: KeyPattern): StorageResult<number>
  /** Deletes every entry whose key starts with `prefix` (all entries without one). */
  clear(prefix?: string): StorageResult<number>
  stats(): StorageStats
  /** Releases what the storage holds (connections it opened, timers). */
  close(): Promise<void>
}
