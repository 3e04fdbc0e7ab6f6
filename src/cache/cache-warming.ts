import type { Clock } from '../core/clock.js'
import { NotFoundError } from '../core/errors.js'
import { KairoError } from '../core/kairo-error.js'
import { Result } from '../core/result.js'
import type { SetOptions } from './cache-options.js'
import type { MaybePromise } from './cache-storage.js'

/** One value a warming loader produced. `null`/`undefined` values are skipped. */
export interface WarmingEntry extends Pick<SetOptions, 'ttl' | 'tags' | 'dependencies' | 'namespace'> {
  readonly key: string
  readonly value: unknown
}

/** What a warming loader returns: entries (or holes for keys it could not load), or an error. */
export type WarmingLoad =
  | readonly (WarmingEntry | null | undefined)[]
  | Result<KairoError, readonly (WarmingEntry | null | undefined)[]>

/** A named way to fill the cache ahead of demand; see `CacheManager.registerWarmingStrategy`. */
export interface WarmingStrategy {
  readonly name: string
  /** Defaults to true; a disabled strategy never runs on its schedule. */
  readonly enabled?: boolean
  /** `interval` (ms) between scheduled runs; `immediate` runs it once on registration. */
  readonly schedule?: { readonly interval?: number; readonly immediate?: boolean }
  /** The keys scheduled runs warm (a list, or a function giving the current list, e.g. the top sellers). */
  readonly keys?: readonly string[] | (() => MaybePromise<readonly string[]>)
  /** Loads values for keys. */
  readonly loader: (keys: readonly string[]) => MaybePromise<WarmingLoad>
}

/** Stores one warmed entry (the manager's `set`). */
type Store = (entry: WarmingEntry) => Promise<Result<KairoError, void>>

/**
 * Runs warming strategies now and on their schedules.
 * @internal
 */
export class CacheWarmer {
  readonly #clock: Clock
  readonly #store: Store
  readonly #onError: (name: string, error: KairoError) => void
  readonly #strategies = new Map<string, { strategy: WarmingStrategy; cancel?: () => void }>()

  constructor(clock: Clock, store: Store, onError: (name: string, error: KairoError) => void) {
    this.#clock = clock
    this.#store = store
    this.#onError = onError
  }

  register(strategy: WarmingStrategy): void {
    if (this.#strategies.has(strategy.name)) throw new Error(`warming strategy ${strategy.name} is already registered`)
    const slot: { strategy: WarmingStrategy; cancel?: () => void } = { strategy }
    this.#strategies.set(strategy.name, slot)
    if (strategy.enabled === false) return
    const interval = strategy.schedule?.interval
    if (interval !== undefined && interval > 0) {
      const tick = () => {
        slot.cancel = this.#clock.schedule(() => {
          void this.#scheduled(strategy).finally(() => {
            if (this.#strategies.get(strategy.name) === slot) tick()
          })
        }, interval)
      }
      tick()
    }
    if (strategy.schedule?.immediate) void this.#scheduled(strategy)
  }

  /** Warms `keys` (default: the strategy's own keys); resolves to how many entries were stored. */
  async warm(name: string, keys?: readonly string[]): Promise<Result<KairoError, number>> {
    const slot = this.#strategies.get(name)
    if (!slot) return Result.Err(new NotFoundError('warming strategy', name))
    return this.#run(slot.strategy, keys)
  }

  close(): void {
    for (const slot of this.#strategies.values()) slot.cancel?.()
    this.#strategies.clear()
  }

  async #scheduled(strategy: WarmingStrategy): Promise<void> {
    const r = await this.#run(strategy, undefined)
    if (!r.ok) this.#onError(strategy.name, r.error)
  }

  async #run(strategy: WarmingStrategy, explicit: readonly string[] | undefined): Promise<Result<KairoError, number>> {
    try {
      const keys = explicit ?? (typeof strategy.keys === 'function' ? await strategy.keys() : (strategy.keys ?? []))
      if (keys.length === 0) return Result.Ok(0)
      const loaded = await strategy.loader(keys)
      let entries: readonly (WarmingEntry | null | undefined)[]
      if (Result.isResult(loaded)) {
        if (!loaded.ok) return Result.Err(loaded.error)
        entries = loaded.value
      } else {
        entries = loaded as readonly (WarmingEntry | null | undefined)[]
      }
      let stored = 0
      for (const entry of entries) {
        if (entry === null || entry === undefined || entry.value === null || entry.value === undefined) continue
        const r = await this.#store(entry)
        if (!r.ok) return Result.Err(r.error)
        stored++
      }
      return Result.Ok(stored)
    } catch (error) {
      return Result.Err(
        new KairoError(
          'CACHE_WARMING_FAILED',
          `warming strategy ${strategy.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
            retryable: true,
            details: { strategy: strategy.name },
          },
        ),
      )
    }
  }
}
