import type { Clock } from '../core/clock.js'
import { isKairoError, KairoError } from '../core/kairo-error.js'
import { Result } from '../core/result.js'
import type { CacheEntry } from './cache-entry.js'
import type { CacheStorage, MaybePromise, StorageResult } from './cache-storage.js'
import type { Invalidation } from './invalidation-bus.js'
import { LayerCircuitBreaker, type LayerCircuitBreakerOptions } from './layer-circuit-breaker.js'
import { LayerStats } from './layer-stats.js'

/** One layer of a {@link CacheManager}. */
export interface CacheLayerOptions {
  /** Unique within the manager; used in analytics and metrics. */
  name: string
  /** Layers are read from the highest priority down; hits are copied into the layers above. */
  priority: number
  storage: CacheStorage
  /** Longest this layer keeps an entry (ms), whatever the entry's own ttl. Defaults to no cap. */
  ttl?: number
  /**
   * The circuit breaker guarding a distributed layer (the default for those) or `false`. While it
   * is open the layer is skipped: reads fall through to the next layer or the factory.
   */
  circuitBreaker?: LayerCircuitBreakerOptions | false
}

const MAX_PENDING = 10_000
const NOTHING = { count: 0, keys: [] as readonly string[] }

/**
 * A storage with its breaker, counters and outage handling: failures of the engine become misses
 * (reads) or queued invalidations (writes), never caller-visible errors.
 * @internal
 */
export class CacheLayer {
  readonly name: string
  readonly priority: number
  readonly storage: CacheStorage
  readonly ttl: number
  readonly breaker: LayerCircuitBreaker | undefined
  readonly stats = new LayerStats()
  /** True when reads answer synchronously (in-process storage). */
  readonly local: boolean
  #pending: Invalidation[] = []
  #clearOnRecovery = false
  readonly #onError: (layer: CacheLayer, error: KairoError) => void

  constructor(options: CacheLayerOptions, clock: Clock, onError: (layer: CacheLayer, error: KairoError) => void) {
    this.name = options.name
    this.priority = options.priority
    this.storage = options.storage
    this.ttl = options.ttl ?? Number.POSITIVE_INFINITY
    this.local = !options.storage.distributed
    this.#onError = onError
    const breakerOptions = options.circuitBreaker ?? (options.storage.distributed ? {} : false)
    if (breakerOptions !== false) {
      this.breaker = new LayerCircuitBreaker(clock, breakerOptions)
      this.breaker.onStateChange((state) => {
        if (state === 'closed') void this.#replay()
      })
    }
  }

  /** The entry under `key`; `undefined` on a miss or when the layer is down. */
  read(key: string, now: number): MaybePromise<CacheEntry | undefined> {
    if (this.breaker !== undefined && !this.breaker.allow()) {
      this.stats.skipped++
      return undefined
    }
    const started = this.stats.startSample()
    let answer: StorageResult<CacheEntry | undefined>
    try {
      answer = this.storage.get(key, now)
    } catch (error) {
      return this.#thrown(error)
    }
    if (answer instanceof Promise) {
      return answer.then(
        (r) => this.#afterRead(r, started),
        (error) => this.#thrown(error),
      )
    }
    return this.#afterRead(answer, started)
  }

  /** Stores an entry. An outage is absorbed (the key is dropped there on recovery); other errors are returned. */
  async write(key: string, entry: CacheEntry, retainMs: number): Promise<Result<KairoError, void>> {
    if (this.breaker !== undefined && !this.breaker.allow()) {
      this.stats.skipped++
      this.#queue({ type: 'keys', keys: [key] })
      return Result.Ok(undefined)
    }
    const started = this.stats.startSample()
    const r = await this.#call(() => this.storage.set(key, entry, retainMs))
    this.stats.endSample(started)
    if (r.ok) {
      this.stats.writes++
      return r
    }
    if (this.#isOutage(r.error)) {
      this.#queue({ type: 'keys', keys: [key] })
      return Result.Ok(undefined)
    }
    return r
  }

  /**
   * Applies an invalidation; resolves to how many entries went and, when the storage reports
   * them, which. While the layer is down, the invalidation is queued and replayed when it returns.
   */
  async invalidate(op: Invalidation): Promise<{ count: number; keys: readonly string[] }> {
    if (this.breaker !== undefined && !this.breaker.allow()) {
      this.stats.skipped++
      this.#queue(op)
      return NOTHING
    }
    const r = await this.#call<string[] | number>(() => this.#apply(op))
    if (r.ok) {
      this.stats.deletes++
      return Array.isArray(r.value) ? { count: r.value.length, keys: r.value } : { count: r.value, keys: [] }
    }
    this.#queue(op)
    return NOTHING
  }

  /** Invalidations waiting for the layer to come back. */
  get pendingInvalidations(): number {
    return this.#clearOnRecovery ? Number.POSITIVE_INFINITY : this.#pending.length
  }

  #apply(op: Invalidation): StorageResult<string[] | number> {
    switch (op.type) {
      case 'keys':
        return this.storage.delete(op.keys)
      case 'tags':
        return this.storage.deleteByTags(op.tags)
      case 'dependency':
        return this.storage.deleteByDependency(op.dependency)
      case 'pattern':
        return this.storage.deleteMatching(
          op.prefix,
          op.flags === undefined ? op.pattern : new RegExp(op.pattern, op.flags),
        )
      case 'clear':
        return this.storage.clear(op.prefix)
      default: {
        const never: never = op
        throw new Error(`unknown invalidation ${JSON.stringify(never)}`)
      }
    }
  }

  async #call<T>(fn: () => StorageResult<T>): Promise<Result<KairoError, T>> {
    let r: Result<KairoError, T>
    try {
      r = await fn()
    } catch (error) {
      r = Result.Err(toKairoError(error))
    }
    if (r.ok) this.breaker?.success()
    else this.#failed(r.error)
    return r
  }

  #afterRead(r: Result<KairoError, CacheEntry | undefined>, started: number): CacheEntry | undefined {
    this.stats.endSample(started)
    if (!r.ok) {
      this.#failed(r.error)
      return undefined
    }
    this.breaker?.success()
    return r.value
  }

  #thrown(error: unknown): undefined {
    this.#failed(toKairoError(error))
    return undefined
  }

  #failed(error: KairoError): void {
    this.stats.errors++
    if (this.#isOutage(error)) this.breaker?.failure()
    else this.breaker?.success()
    this.#onError(this, error)
  }

  #isOutage(error: KairoError): boolean {
    return this.breaker !== undefined && error.retryable
  }

  #queue(op: Invalidation): void {
    if (this.#clearOnRecovery) return
    if (this.#pending.length >= MAX_PENDING) {
      this.#clearOnRecovery = true
      this.#pending = []
      return
    }
    this.#pending.push(op)
  }

  async #replay(): Promise<void> {
    const clear = this.#clearOnRecovery
    const pending = this.#pending
    this.#clearOnRecovery = false
    this.#pending = []
    if (clear) {
      await this.invalidate({ type: 'clear', prefix: '' })
      return
    }
    for (const op of pending) await this.invalidate(op)
  }
}

function toKairoError(error: unknown): KairoError {
  if (isKairoError(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  return new KairoError('CACHE_STORAGE_FAILED', `cache storage failed: ${message}`, { cause: error, retryable: true })
}
