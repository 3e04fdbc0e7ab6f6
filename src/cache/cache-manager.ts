import { type Clock, systemClock } from '../core/clock.js'
import { TimeoutError } from '../core/errors.js'
import type { KairoError } from '../core/kairo-error.js'
import { Ok, Result } from '../core/result.js'
import { uuidv7 } from '../core/uuid-v7.js'
import type { CacheAlertListener, CacheAnalytics, CachePerformanceMetrics } from './cache-analytics.js'
import { CacheAnalyticsRecorder } from './cache-analytics-recorder.js'
import type { CacheEntry } from './cache-entry.js'
import { CacheFactoryError, CacheInputError } from './cache-errors.js'
import { CacheLayer, type CacheLayerOptions } from './cache-layer.js'
import type { CacheLock, CacheLockLease } from './cache-lock.js'
import type { CacheManagerOptions, GetOrSetOptions, SetOptions } from './cache-options.js'
import type { MaybePromise } from './cache-storage.js'
import { CacheWarmer, type WarmingStrategy } from './cache-warming.js'
import type { Invalidation, InvalidationBus, InvalidationMessage } from './invalidation-bus.js'
import type { KeyPattern } from './key-pattern.js'
import { LayerCircuitBreaker } from './layer-circuit-breaker.js'
import { MemoryStorage } from './memory-storage.js'
import { SingleFlight } from './single-flight.js'

/** What a factory gets: the key, a signal aborted at the hard timeout, and the stale value if any. */
export interface FactoryContext<V = unknown> {
  readonly key: string
  readonly signal: AbortSignal
  readonly stale: V | undefined
}

/** The value of a factory's result: `T` itself, or the `Ok` type of a returned `Result`. */
export type FactoryValue<T> = T extends Result<unknown, infer V> ? V : T
/** The error of a factory's result: the `Err` type of a returned `Result`, else `never`. */
export type FactoryError<T> = T extends Result<infer E, unknown> ? E : never

const OK_VOID = new Ok<undefined, never>(undefined)
const NO_OPTIONS: GetOrSetOptions = Object.freeze({})
const MAX_DEPENDENCY_DEPTH = 8
/** Full keys remembered per namespace. */
const KEY_CACHE_SIZE = 10_000

/**
 * A multi-level cache: ordered layers (memory, Redis, …), tags, pattern and dependency
 * invalidation, stampede-proof `getOrSet` with stale-while-revalidate, grace periods and timeouts,
 * coherence across instances through an invalidation bus, warming, and analytics.
 *
 * Reads go through the layers from the highest priority down and copy a hit into the layers
 * above; writes go to every layer. Every operation returns a `Result`; a miss is `Ok(undefined)`.
 * A distributed layer that fails is taken out by a circuit breaker and comes back by itself:
 * callers see misses (and the factory runs), never the outage.
 *
 * @example
 * ```ts
 * import { CacheManager, MemoryStorage } from 'kairo/cache'
 * import { RedisStorage, RedisInvalidationBus } from 'kairo/redis'
 *
 * const cache = new CacheManager({ ttl: 60_000, namespace: 'shop', bus: new RedisInvalidationBus({ url }) })
 * cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 10_000 }), ttl: 10_000 })
 * cache.addLayer({ name: 'redis', priority: 50, storage: new RedisStorage({ url }) })
 *
 * const product = await cache.getOrSet(`product:${id}`, () => loadProduct(id), { tags: ['products'] })
 * await cache.invalidateByTag('products')
 * ```
 */
export class CacheManager {
  readonly #clock: Clock
  readonly #ttl: number
  readonly #namespace: string
  readonly #options: CacheManagerOptions
  readonly #id = uuidv7()
  readonly #layers: CacheLayer[] = []
  readonly #flights = new SingleFlight<string, Result<unknown, unknown>>()
  readonly #analytics: CacheAnalyticsRecorder
  readonly #warmer: CacheWarmer
  readonly #bus: InvalidationBus | undefined
  readonly #lock: CacheLock | undefined
  readonly #hotKeys = new Map<string, number>()
  readonly #defaultKeys = new Map<string, string>()
  readonly #keysByNamespace = new Map<string, Map<string, string>>()
  readonly #busBreaker: LayerCircuitBreaker
  #subscription: Promise<Result<KairoError, () => Promise<void>>> | undefined
  #closed = false

  constructor(options: CacheManagerOptions = {}) {
    this.#options = Object.freeze({ ...options })
    this.#clock = options.clock ?? systemClock
    this.#ttl = options.ttl ?? 300_000
    if (!(this.#ttl > 0)) throw new RangeError('ttl must be a positive number of milliseconds')
    this.#namespace = options.namespace ?? 'default'
    if (!validNamespace(this.#namespace)) throw new RangeError('namespace must be non-empty and must not contain ":"')
    this.#bus = options.bus
    this.#busBreaker = new LayerCircuitBreaker(this.#clock)
    this.#lock = options.lock
    this.#analytics = new CacheAnalyticsRecorder(this.#clock, this.#layers, options.analytics ?? {}, this.#namespace)
    this.#warmer = new CacheWarmer(
      this.#clock,
      (entry) => this.set(entry.key, entry.value, entry),
      (name, error) => this.#analytics.backgroundError(`warming ${name}`, error),
    )
    if (this.#bus) {
      this.#subscription = this.#bus.subscribe({
        message: (m) => this.#onBusMessage(m),
        reconnected: () => void this.#clearLocal(),
      })
    }
  }

  /** This instance's id, carried by the invalidations it broadcasts. */
  get instanceId(): string {
    return this.#id
  }

  /**
   * Adds a layer. Layers are read by descending priority. Adding a layer with a name already used
   * is a programming error and throws.
   *
   * @example
   * ```ts
   * cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 1000 }), ttl: 30_000 })
   * ```
   */
  addLayer(options: CacheLayerOptions): this {
    if (this.#layers.some((l) => l.name === options.name)) throw new Error(`cache layer ${options.name} already exists`)
    const layer = new CacheLayer(options, this.#clock, (l, error) => this.#analytics.layerError(l, error))
    this.#layers.push(layer)
    this.#layers.sort((a, b) => b.priority - a.priority)
    this.#analytics.watchLayer(layer)
    return this
  }

  /** Resolves once the invalidation bus (if any) is subscribed, so broadcasts from others arrive. */
  async ready(): Promise<Result<KairoError, void>> {
    if (!this.#subscription) return OK_VOID
    const r = await this.#subscription
    return r.ok ? OK_VOID : Result.Err(r.error)
  }

  /**
   * The fresh value under `key`, or `Ok(undefined)`.
   *
   * @example
   * ```ts
   * const r = await cache.get<User>('user:1')
   * if (r.ok && r.value) console.log(r.value.name)
   * ```
   */
  async get<V = unknown>(key: string, options?: { namespace?: string }): Promise<Result<KairoError, V | undefined>> {
    const full = this.#fullKey(key, options?.namespace)
    if (full === undefined) return this.#badKey(key, options?.namespace)
    const started = this.#analytics.startSample()
    const now = this.#clock.now()
    const found = this.#find(full, now)
    const entry = found instanceof Promise ? await found : found
    const fresh = entry !== undefined && now < entry.expiresAt
    this.#analytics.request(fresh, started)
    return new Ok(fresh ? (entry.value as V) : undefined)
  }

  /**
   * Stores `value` in every layer and tells other instances to drop their copies.
   *
   * @example
   * ```ts
   * await cache.set('user:123', user, { ttl: 1_800_000, tags: ['user'], dependencies: ['users'] })
   * ```
   */
  async set(key: string, value: unknown, options: SetOptions = {}): Promise<Result<KairoError, void>> {
    const full = this.#fullKey(key, options.namespace)
    if (full === undefined) return this.#badKey(key, options.namespace)
    const entry = this.#entry(value, options)
    if (!entry.ok) return Result.Err(entry.error)
    this.#hotKeys.delete(full)
    const stored = await this.#store(full, entry.value)
    await this.#publish({ type: 'keys', keys: [full] })
    return stored
  }

  /**
   * The value under `key`, computed by `factory` and stored when missing. Concurrent callers for
   * one key share one factory call (and with a `lock`, one instance's call). A stale value is
   * served while a refresh runs (`staleWhileRevalidate`), or when the factory fails (`grace`), or
   * when it is slower than `softTimeout`; past `hardTimeout` the answer is a `TimeoutError`.
   * `factory` may return the value or a `Result`; a thrown error becomes `CACHE_FACTORY_FAILED`.
   * A factory returning `undefined` stores nothing.
   *
   * @example
   * ```ts
   * const r = await cache.getOrSet('report:daily', ({ signal }) => buildReport(signal), {
   *   ttl: 60_000, staleWhileRevalidate: 30_000, grace: 3_600_000, softTimeout: 200, hardTimeout: 5_000,
   * })
   * ```
   */
  async getOrSet<T>(
    key: string,
    factory: (context: FactoryContext<FactoryValue<Awaited<T>>>) => T,
    options: GetOrSetOptions = NO_OPTIONS,
  ): Promise<Result<KairoError | FactoryError<Awaited<T>>, FactoryValue<Awaited<T>>>> {
    type V = FactoryValue<Awaited<T>>
    type R = Result<KairoError | FactoryError<Awaited<T>>, V>
    const full = this.#fullKey(key, options.namespace)
    if (full === undefined) return this.#badKey(key, options.namespace)
    const started = this.#analytics.startSample()
    let now = this.#clock.now()
    const found = this.#find(full, now)
    let entry: CacheEntry | undefined
    if (found instanceof Promise) {
      entry = await found
      now = this.#clock.now()
    } else {
      entry = found
    }
    if (entry !== undefined) {
      if (now < entry.expiresAt) {
        this.#analytics.request(true, started)
        if (options.refreshAhead !== undefined) this.#refreshAhead(full, key, factory, options, entry, now)
        return new Ok(entry.value as V)
      }
      const swr = options.staleWhileRevalidate ?? this.#options.defaults?.staleWhileRevalidate ?? 0
      if (now < entry.expiresAt + swr) {
        this.#analytics.request(true, started)
        this.#analytics.getOrSet.staleServed++
        this.#background(full, key, factory, options, entry)
        return new Ok(entry.value as V)
      }
    }
    this.#analytics.request(false, started)
    return (await this.#compute(full, key, factory, options, entry)) as R
  }

  /**
   * Whether a fresh value is stored under `key`.
   *
   * @example
   * ```ts
   * (await cache.has('user:1')).unwrapOr(false)
   * ```
   */
  async has(key: string, options?: { namespace?: string }): Promise<Result<KairoError, boolean>> {
    const full = this.#fullKey(key, options?.namespace)
    if (full === undefined) return this.#badKey(key, options?.namespace)
    const now = this.#clock.now()
    const found = this.#find(full, now)
    const entry = found instanceof Promise ? await found : found
    return Result.Ok(entry !== undefined && now < entry.expiresAt)
  }

  /**
   * Deletes `key` (or several keys) from every layer and every instance; resolves to how many existed.
   *
   * @example
   * ```ts
   * await cache.delete(['user:1', 'user:2'])
   * ```
   */
  async delete(key: string | readonly string[], options?: { namespace?: string }): Promise<Result<KairoError, number>> {
    const keys = typeof key === 'string' ? [key] : key
    const full: string[] = []
    for (const k of keys) {
      const f = this.#fullKey(k, options?.namespace)
      if (f === undefined) return this.#badKey(k, options?.namespace)
      full.push(f)
      this.#hotKeys.delete(f)
    }
    const existed = await this.#invalidate({ type: 'keys', keys: full })
    return Result.Ok(existed.count)
  }

  /**
   * Deletes every entry of `namespace`, or of all namespaces when none is given.
   *
   * @example
   * ```ts
   * await cache.clear('sessions')
   * ```
   */
  async clear(namespace?: string): Promise<Result<KairoError, number>> {
    if (namespace !== undefined && !validNamespace(namespace)) return this.#badKey('', namespace)
    this.#hotKeys.clear()
    const r = await this.#invalidate({ type: 'clear', prefix: namespace === undefined ? '' : `${namespace}:` })
    return Result.Ok(r.count)
  }

  /**
   * Deletes every entry carrying one of the tags, in every namespace and instance; resolves to how
   * many entries were deleted.
   *
   * @example
   * ```ts
   * await cache.invalidateByTag('user')
   * ```
   */
  async invalidateByTag(tag: string | readonly string[]): Promise<Result<KairoError, number>> {
    const tags = typeof tag === 'string' ? [tag] : [...tag]
    const r = await this.#invalidate({ type: 'tags', tags })
    return Result.Ok(r.count)
  }

  /**
   * Deletes the entries of a namespace whose key (without namespace) matches a glob (`user:*`) or
   * a RegExp. On Redis this walks keys with SCAN, never KEYS.
   *
   * @example
   * ```ts
   * await cache.invalidateByPattern(/^user:.*$/)
   * await cache.invalidateByPattern('session:*', { namespace: 'auth' })
   * ```
   */
  async invalidateByPattern(
    pattern: KeyPattern,
    options?: { namespace?: string },
  ): Promise<Result<KairoError, number>> {
    const namespace = options?.namespace ?? this.#namespace
    if (!validNamespace(namespace)) return this.#badKey('', namespace)
    const op: Invalidation =
      typeof pattern === 'string'
        ? { type: 'pattern', prefix: `${namespace}:`, pattern }
        : {
            type: 'pattern',
            prefix: `${namespace}:`,
            pattern: pattern.source,
            flags: pattern.flags.replace(/[gy]/g, ''),
          }
    const r = await this.#invalidate(op)
    return Result.Ok(r.count)
  }

  /**
   * Deletes every entry that declared `dependency`, in every namespace and instance. A deleted
   * entry's own key (without namespace) counts as a dependency in turn, so entries derived from
   * it go too (up to 8 levels). Resolves to how many entries were deleted.
   *
   * @example
   * ```ts
   * await cache.set('product:1', p, { dependencies: ['products'] })
   * await cache.set('page:home', html, { dependencies: ['product:1'] })
   * await cache.invalidateByDependency('products') // drops both
   * ```
   */
  async invalidateByDependency(dependency: string): Promise<Result<KairoError, number>> {
    const seen = new Set<string>()
    const deleted = new Set<string>()
    let frontier = [dependency]
    for (let depth = 0; depth < MAX_DEPENDENCY_DEPTH && frontier.length > 0; depth++) {
      const next: string[] = []
      for (const dep of frontier) {
        if (seen.has(dep)) continue
        seen.add(dep)
        const r = await this.#invalidate({ type: 'dependency', dependency: dep })
        for (const key of r.keys) {
          if (deleted.has(key)) continue
          deleted.add(key)
          next.push(key.slice(key.indexOf(':') + 1))
        }
      }
      frontier = next
    }
    return Result.Ok(deleted.size)
  }

  /**
   * Registers a warming strategy: it runs at once when `schedule.immediate`, then every
   * `schedule.interval` ms over its `keys`. Registering a name twice throws.
   *
   * @example
   * ```ts
   * cache.registerWarmingStrategy({
   *   name: 'popular-users',
   *   schedule: { interval: 600_000, immediate: true },
   *   keys: ['user:1', 'user:2'],
   *   loader: async (keys) => Promise.all(keys.map(async (key) => ({ key, value: await loadUser(key) }))),
   * })
   * ```
   */
  registerWarmingStrategy(strategy: WarmingStrategy): this {
    this.#warmer.register(strategy)
    return this
  }

  /**
   * Runs a warming strategy now over `keys` (default: its own); resolves to how many entries it stored.
   *
   * @example
   * ```ts
   * const warmed = await cache.warmCacheStrategy('popular-users', ['user:1', 'user:2'])
   * if (warmed.ok) console.log(`warmed ${warmed.value} entries`)
   * ```
   */
  warmCacheStrategy(name: string, keys?: readonly string[]): Promise<Result<KairoError, number>> {
    return this.#warmer.warm(name, keys)
  }

  /**
   * Hit rates, counters, memory and evictions, in total and per layer.
   *
   * @example
   * ```ts
   * const a = cache.getAnalytics()
   * console.log(`hit rate ${a.hitRate}%`, a.layers.memory?.evictions)
   * ```
   */
  getAnalytics(): CacheAnalytics {
    return this.#analytics.analytics()
  }

  /**
   * Operations per second (since the previous call) and p50/p95/p99 latencies, in total and per layer.
   *
   * @example
   * ```ts
   * const p = cache.getPerformanceMetrics()
   * console.log(p.operationsPerSecond, p.p95Latency)
   * ```
   */
  getPerformanceMetrics(): CachePerformanceMetrics {
    return this.#analytics.performance()
  }

  /**
   * Calls `listener` on alerts: a low hit rate or a high error rate over a health-check interval,
   * a layer taken out by its circuit breaker, and its recovery. Resolves to a function that
   * unsubscribes.
   *
   * @example
   * ```ts
   * cache.onCacheAlert((type, metric) => console.warn(`cache alert: ${type}`, metric.message))
   * ```
   */
  onCacheAlert(listener: CacheAlertListener): () => void {
    return this.#analytics.onAlert(listener)
  }

  /** Runs the health check now (it also runs every `analytics.healthCheckInterval`). */
  checkHealth(): void {
    this.#analytics.checkHealth()
  }

  /**
   * Stops timers, warming and the bus subscription, and closes every layer's storage, the bus and
   * the lock (connections Kairo opened; clients you passed in stay open).
   *
   * @example
   * ```ts
   * await cache.close()
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#warmer.close()
    this.#analytics.close()
    if (this.#subscription) {
      const sub = await this.#subscription
      if (sub.ok) await sub.value()
    }
    await Promise.all([...this.#layers.map((l) => l.storage.close()), this.#bus?.close(), this.#lock?.close?.()])
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * `namespace:key`, reused for keys seen before: building the string anew on every call costs
   * more than the lookup itself, because a new string must be hashed again.
   */
  #fullKey(key: string, namespace: string | undefined): string | undefined {
    const known = namespace === undefined ? this.#defaultKeys : this.#namespaceKeys(namespace)
    if (known === undefined) return undefined
    let full = known.get(key)
    if (full === undefined) {
      if (typeof key !== 'string' || key.length === 0) return undefined
      if (known.size >= KEY_CACHE_SIZE) known.clear()
      full = `${namespace ?? this.#namespace}:${key}`
      known.set(key, full)
    }
    return full
  }

  #namespaceKeys(namespace: string): Map<string, string> | undefined {
    let known = this.#keysByNamespace.get(namespace)
    if (known === undefined) {
      if (!validNamespace(namespace)) return undefined
      if (this.#keysByNamespace.size >= 1000) this.#keysByNamespace.clear()
      known = new Map()
      this.#keysByNamespace.set(namespace, known)
    }
    return known
  }

  #badKey(key: string, namespace: string | undefined): Result<KairoError, never> {
    const problem =
      namespace !== undefined && !validNamespace(namespace)
        ? `namespace ${JSON.stringify(namespace)} must be non-empty and must not contain ":"`
        : `cache key must be a non-empty string, got ${JSON.stringify(key)}`
    return Result.Err(new CacheInputError(problem))
  }

  #layersOrDefault(): CacheLayer[] {
    if (this.#layers.length === 0) {
      this.addLayer({
        name: 'memory',
        priority: 100,
        storage: new MemoryStorage({
          maxSize: this.#options.maxSize ?? 10_000,
          evictionPolicy: this.#options.evictionPolicy ?? 'lru',
          clock: this.#clock,
        }),
      })
    }
    return this.#layers
  }

  /**
   * The freshest entry across layers at `now`: the first fresh one (copied into the layers above),
   * else the newest stale one. After waiting on a layer, time is read again.
   */
  #find(full: string, now: number): MaybePromise<CacheEntry | undefined> {
    const layers = this.#layers.length === 0 ? this.#layersOrDefault() : this.#layers
    return this.#findFrom(layers, full, 0, undefined, now)
  }

  #findFrom(
    layers: CacheLayer[],
    full: string,
    start: number,
    stale: CacheEntry | undefined,
    now: number,
  ): MaybePromise<CacheEntry | undefined> {
    for (let i = start; i < layers.length; i++) {
      const layer = layers[i]!
      const read = layer.read(full, now)
      if (read instanceof Promise) {
        return read.then((entry) => {
          const later = this.#clock.now()
          if (this.#isFreshHit(layers, i, full, entry, later)) return entry
          return this.#findFrom(layers, full, i + 1, this.#staler(layer, entry, stale, later), later)
        })
      }
      if (this.#isFreshHit(layers, i, full, read, now)) return read
      stale = this.#staler(layer, read, stale, now)
    }
    return stale
  }

  #isFreshHit(
    layers: CacheLayer[],
    index: number,
    full: string,
    entry: CacheEntry | undefined,
    now: number,
  ): entry is CacheEntry {
    if (entry === undefined || now >= entry.expiresAt) return false
    layers[index]!.stats.hits++
    if (index > 0) void this.#promote(layers, index, full, entry)
    return true
  }

  #staler(
    layer: CacheLayer,
    entry: CacheEntry | undefined,
    stale: CacheEntry | undefined,
    now: number,
  ): CacheEntry | undefined {
    if (entry !== undefined && now < entry.staleUntil) {
      layer.stats.staleHits++
      return stale === undefined || entry.expiresAt > stale.expiresAt ? entry : stale
    }
    layer.stats.misses++
    return stale
  }

  async #promote(layers: CacheLayer[], index: number, full: string, entry: CacheEntry): Promise<void> {
    const now = this.#clock.now()
    for (let i = 0; i < index; i++) {
      const layer = layers[i]!
      await layer.write(full, entry, retention(layer, entry, now))
    }
  }

  #entry(value: unknown, options: SetOptions): Result<KairoError, CacheEntry> {
    const ttl = options.ttl ?? this.#ttl
    const grace = options.grace ?? this.#options.defaults?.grace ?? 0
    const swr = options.staleWhileRevalidate ?? this.#options.defaults?.staleWhileRevalidate ?? 0
    if (!(ttl > 0) || !(grace >= 0) || !(swr >= 0)) {
      return Result.Err(
        new CacheInputError('ttl must be positive; grace and staleWhileRevalidate must not be negative'),
      )
    }
    const expiresAt = this.#clock.now() + ttl
    return Result.Ok({
      value,
      expiresAt,
      staleUntil: expiresAt + Math.max(grace, swr),
      tags: options.tags ?? [],
      dependencies: options.dependencies ?? [],
    })
  }

  async #store(full: string, entry: CacheEntry): Promise<Result<KairoError, void>> {
    const layers = this.#layersOrDefault()
    const now = this.#clock.now()
    const results = await Promise.all(layers.map((layer) => layer.write(full, entry, retention(layer, entry, now))))
    return results.find((r) => !r.ok) ?? OK_VOID
  }

  async #invalidate(op: Invalidation): Promise<{ count: number; keys: string[] }> {
    const layers = this.#layersOrDefault()
    const results = await Promise.all(layers.map((layer) => layer.invalidate(op)))
    await this.#publish(op)
    const keys = new Set<string>()
    for (const r of results) for (const k of r.keys) keys.add(k)
    const count = Math.max(keys.size, ...results.map((r) => r.count))
    return { count, keys: [...keys] }
  }

  /** Broadcasts an invalidation; while the bus keeps failing, its breaker skips it (nobody is listening). */
  async #publish(op: Invalidation): Promise<void> {
    if (!this.#bus || !this.#busBreaker.allow()) return
    const r = await this.#bus.publish({ ...op, origin: this.#id })
    if (r.ok) {
      this.#busBreaker.success()
    } else {
      this.#busBreaker.failure()
      this.#analytics.backgroundError('invalidation bus', r.error)
    }
  }

  #onBusMessage(message: InvalidationMessage): void {
    if (message.origin === this.#id) return
    for (const layer of this.#layers) if (layer.local) void layer.invalidate(message)
  }

  async #clearLocal(): Promise<void> {
    this.#hotKeys.clear()
    for (const layer of this.#layers) if (layer.local) await layer.invalidate({ type: 'clear', prefix: '' })
  }

  #refreshAhead(
    full: string,
    key: string,
    factory: (context: FactoryContext<never>) => unknown,
    options: GetOrSetOptions,
    entry: CacheEntry,
    now: number,
  ): void {
    const ttl = options.ttl ?? this.#ttl
    const hits = (this.#hotKeys.get(full) ?? 0) + 1
    if (this.#hotKeys.size > 10_000) this.#hotKeys.clear()
    this.#hotKeys.set(full, hits)
    const threshold = Math.min(1, Math.max(0, options.refreshAhead ?? 1))
    if (entry.expiresAt - now > ttl * (1 - threshold)) return
    if (hits < (options.refreshAheadMinHits ?? 2) || this.#flights.get(full)) return
    this.#hotKeys.delete(full)
    this.#background(full, key, factory, options, entry)
  }

  /** Refreshes a key in the background (once, however many callers ask). */
  #background(
    full: string,
    key: string,
    factory: (context: FactoryContext<never>) => unknown,
    options: GetOrSetOptions,
    stale: CacheEntry,
  ): void {
    if (this.#flights.get(full)) return
    this.#analytics.getOrSet.backgroundRefreshes++
    void this.#flights.run(full, () => this.#produce(full, key, factory, options, stale))
  }

  async #compute(
    full: string,
    key: string,
    factory: (context: FactoryContext<never>) => unknown,
    options: GetOrSetOptions,
    stale: CacheEntry | undefined,
  ): Promise<Result<unknown, unknown>> {
    if (this.#flights.get(full)) this.#analytics.getOrSet.coalesced++
    const flight = this.#flights.run(full, () => this.#produce(full, key, factory, options, stale))
    const defaults = this.#options.defaults
    const soft = options.softTimeout ?? defaults?.softTimeout
    const hard = options.hardTimeout ?? defaults?.hardTimeout
    const servable = stale !== undefined && this.#clock.now() < stale.staleUntil
    let outcome: Result<unknown, unknown> | 'soft' | 'hard'
    if (servable && soft !== undefined) outcome = await this.#race(flight, soft, 'soft')
    else if (hard !== undefined) outcome = await this.#race(flight, hard, 'hard')
    else outcome = await flight
    if (outcome === 'soft') {
      this.#analytics.getOrSet.softTimeouts++
      this.#analytics.getOrSet.staleServed++
      return new Ok(stale!.value)
    }
    if (outcome === 'hard') {
      this.#analytics.getOrSet.hardTimeouts++
      if (servable) {
        this.#analytics.getOrSet.graceServed++
        return new Ok(stale!.value)
      }
      return Result.Err(new TimeoutError(`cache factory for ${key}`, hard!))
    }
    if (!outcome.ok && servable) {
      this.#analytics.getOrSet.graceServed++
      return new Ok(stale!.value)
    }
    return outcome
  }

  #race<T, L extends string>(flight: Promise<T>, ms: number, label: L): Promise<T | L> {
    return new Promise((resolve) => {
      let settled = false
      const cancel = this.#clock.schedule(() => {
        if (settled) return
        settled = true
        resolve(label)
      }, ms)
      void flight.then((value) => {
        if (settled) return
        settled = true
        cancel()
        resolve(value)
      })
    })
  }

  /** Runs the factory (under the cross-instance lock when there is one) and stores its value. */
  async #produce(
    full: string,
    key: string,
    factory: (context: FactoryContext<never>) => unknown,
    options: GetOrSetOptions,
    stale: CacheEntry | undefined,
  ): Promise<Result<unknown, unknown>> {
    let lease: CacheLockLease | undefined
    if (this.#lock !== undefined && options.lock !== false) {
      const waited = await this.#acquireOrWait(this.#lock, full)
      if (waited.entry) return new Ok(waited.entry.value)
      lease = waited.lease
    }
    const controller = new AbortController()
    const hard = options.hardTimeout ?? this.#options.defaults?.hardTimeout
    const cancelAbort =
      hard === undefined
        ? undefined
        : this.#clock.schedule(() => controller.abort(new TimeoutError(`cache factory for ${key}`, hard)), hard)
    try {
      this.#analytics.getOrSet.factoryCalls++
      let produced: unknown
      try {
        produced = await factory({ key, signal: controller.signal, stale: stale?.value as never })
      } catch (error) {
        this.#analytics.getOrSet.factoryErrors++
        return Result.Err(new CacheFactoryError(key, error))
      }
      let value: unknown = produced
      if (Result.isResult(produced)) {
        if (!produced.ok) {
          this.#analytics.getOrSet.factoryErrors++
          return produced
        }
        value = produced.value
      }
      if (value === undefined) return new Ok(undefined)
      const entry = this.#entry(value, options)
      if (!entry.ok) return entry
      const stored = await this.#store(full, entry.value)
      if (!stored.ok) this.#analytics.backgroundError(`storing ${full}`, stored.error)
      // Readers need not wait for the broadcast.
      void this.#publish({ type: 'keys', keys: [full] })
      return new Ok(value)
    } finally {
      cancelAbort?.()
      await lease?.release()
    }
  }

  /**
   * Takes the key's lock, or waits for the instance holding it to store a value. Gives up waiting
   * after `lockTimeout` (the holder may have died) and computes without the lock; a lock store
   * that fails is ignored the same way, so an outage never fails a read.
   */
  async #acquireOrWait(lock: CacheLock, full: string): Promise<{ lease?: CacheLockLease; entry?: CacheEntry }> {
    const timeout = this.#options.lockTimeout ?? 10_000
    const poll = this.#options.lockPollInterval ?? 25
    const deadline = this.#clock.now() + timeout
    let waited = false
    for (;;) {
      const got = await lock.acquire(full, timeout)
      if (!got.ok) return {}
      if (got.value !== undefined) {
        // Someone may have stored the value between our miss and our lock.
        const found = await this.#find(full, this.#clock.now())
        if (found !== undefined && this.#clock.now() < found.expiresAt) {
          await got.value.release()
          return { entry: found }
        }
        return { lease: got.value }
      }
      if (!waited) {
        waited = true
        this.#analytics.getOrSet.lockWaits++
      }
      await this.#clock.sleep(poll)
      const found = await this.#find(full, this.#clock.now())
      if (found !== undefined && this.#clock.now() < found.expiresAt) return { entry: found }
      if (this.#clock.now() >= deadline) return {}
    }
  }
}

function validNamespace(namespace: string): boolean {
  return namespace.length > 0 && !namespace.includes(':')
}

/** How long `layer` keeps `entry`: until it can no longer be served stale, capped by the layer's ttl. */
function retention(layer: CacheLayer, entry: CacheEntry, now: number): number {
  return Math.max(1, Math.min(entry.staleUntil - now, layer.ttl))
}
