/**
 * One cached value with its freshness and what it belongs to, as layers store it.
 *
 * Times are epoch milliseconds from the manager's clock. `expiresAt` is when the value stops being
 * fresh; until `staleUntil` it may still be served as stale (stale-while-revalidate, grace period).
 * `Infinity` means never.
 *
 * @example
 * ```ts
 * import type { CacheEntry } from 'kairo/cache'
 *
 * const entry: CacheEntry<number> = { value: 42, expiresAt: Date.now() + 60_000, staleUntil: Date.now() + 120_000, tags: ['answers'], dependencies: [] }
 * ```
 */
export interface CacheEntry<V = unknown> {
  readonly value: V
  /** Fresh until this time (epoch ms); `Infinity` when it never goes stale. */
  readonly expiresAt: number
  /** May be served stale until this time (epoch ms); never before `expiresAt`. */
  readonly staleUntil: number
  /** Tags for {@link CacheManager.invalidateByTag}. */
  readonly tags: readonly string[]
  /** Names of what the value was derived from, for {@link CacheManager.invalidateByDependency}. */
  readonly dependencies: readonly string[]
}

/** Where an entry stands at `now`: fresh, stale (still servable), or gone. */
export type EntryState = 'fresh' | 'stale' | 'expired'

/**
 * Where `entry` stands at `now`.
 *
 * @example
 * ```ts
 * entryState({ value: 1, expiresAt: 10, staleUntil: 20, tags: [], dependencies: [] }, 15) // 'stale'
 * ```
 */
export function entryState(entry: CacheEntry, now: number): EntryState {
  if (now < entry.expiresAt) return 'fresh'
  return now < entry.staleUntil ? 'stale' : 'expired'
}
