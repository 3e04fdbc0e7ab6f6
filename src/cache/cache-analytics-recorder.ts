import type { Clock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import type {
  CacheAlertListener,
  CacheAlertMetric,
  CacheAlertType,
  CacheAnalytics,
  CachePerformanceMetrics,
  LayerAnalytics,
  PerformanceFigures,
} from './cache-analytics.js'
import type { CacheLayer } from './cache-layer.js'
import { registerCacheMetrics } from './cache-metrics.js'
import type { CacheAnalyticsOptions } from './cache-options.js'
import { LayerStats } from './layer-stats.js'

/**
 * Counters of a manager and its layers, the alerts they raise, and their OpenTelemetry metrics.
 * @internal
 */
export class CacheAnalyticsRecorder {
  readonly getOrSet = {
    factoryCalls: 0,
    factoryErrors: 0,
    coalesced: 0,
    staleServed: 0,
    graceServed: 0,
    softTimeouts: 0,
    hardTimeouts: 0,
    backgroundRefreshes: 0,
    lockWaits: 0,
  }
  /** Manager-level requests (`get`, `getOrSet`), hits and latency. */
  readonly requests = new LayerStats()
  readonly #clock: Clock
  readonly #layers: readonly CacheLayer[]
  readonly #options: Required<Omit<CacheAnalyticsOptions, 'healthCheckInterval'>> & { healthCheckInterval: number }
  readonly #listeners = new Set<CacheAlertListener>()
  readonly #lastRate = new Map<string, { at: number; operations: number }>()
  readonly #lastHealth = new Map<string, { operations: number; errors: number; hits: number; misses: number }>()
  #cancelHealth: (() => void) | undefined
  #stopMetrics: (() => void) | undefined
  #backgroundErrors = 0
  readonly #startedAt: number

  constructor(clock: Clock, layers: readonly CacheLayer[], options: CacheAnalyticsOptions, namespace: string) {
    this.#clock = clock
    this.#startedAt = clock.now()
    this.#layers = layers
    this.#options = {
      enabled: options.enabled ?? true,
      healthCheckInterval: options.healthCheckInterval ?? 60_000,
      minHitRate: options.minHitRate ?? 0.5,
      maxErrorRate: options.maxErrorRate ?? 0.05,
      minOperations: options.minOperations ?? 100,
      metrics: options.metrics ?? true,
    }
    this.requests.sampling = this.#options.enabled
    if (this.#options.enabled && this.#options.healthCheckInterval > 0) this.#scheduleHealth()
    if (this.#options.enabled && this.#options.metrics) this.#stopMetrics = registerCacheMetrics(this, namespace)
  }

  get layers(): readonly CacheLayer[] {
    return this.#layers
  }

  startSample(): number {
    return this.requests.startSample()
  }

  request(hit: boolean, started: number): void {
    if (hit) this.requests.hits++
    else this.requests.misses++
    this.requests.endSample(started)
  }

  watchLayer(layer: CacheLayer): void {
    layer.stats.sampling = this.#options.enabled
    layer.breaker?.onStateChange((state) => {
      if (state === 'open') {
        this.#alert('layer-unavailable', {
          layer: layer.name,
          value: 1,
          threshold: 1,
          message: `cache layer ${layer.name} is unavailable; reads skip it until it recovers`,
        })
      } else if (state === 'closed') {
        this.#alert('layer-recovered', {
          layer: layer.name,
          value: 0,
          threshold: 1,
          message: `cache layer ${layer.name} recovered`,
        })
      }
    })
  }

  layerError(_layer: CacheLayer, _error: KairoError): void {}

  backgroundError(_what: string, _error: KairoError): void {
    this.#backgroundErrors++
  }

  onAlert(listener: CacheAlertListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  layerAnalytics(layer: CacheLayer): LayerAnalytics {
    const s = layer.stats
    const storage = layer.storage.stats()
    const reads = s.hits + s.staleHits + s.misses
    return {
      name: layer.name,
      kind: layer.storage.kind,
      hitRate: reads === 0 ? 0 : round((100 * s.hits) / reads),
      hits: s.hits,
      staleHits: s.staleHits,
      misses: s.misses,
      writes: s.writes,
      deletes: s.deletes,
      errors: s.errors,
      skipped: s.skipped,
      evictions: storage.evictions,
      entries: storage.entries,
      memoryUsage: storage.bytes,
      ...(layer.breaker ? { circuit: layer.breaker.state } : {}),
      pendingInvalidations: layer.pendingInvalidations,
    }
  }

  analytics(): CacheAnalytics {
    const layers: Record<string, LayerAnalytics> = {}
    let memoryUsage = 0
    let entries = 0
    let evictions = 0
    let errors = this.#backgroundErrors
    for (const layer of this.#layers) {
      const a = this.layerAnalytics(layer)
      layers[layer.name] = a
      if (layer.local) {
        memoryUsage += a.memoryUsage ?? 0
        entries += a.entries ?? 0
      }
      evictions += a.evictions
      errors += a.errors
    }
    const { hits, misses } = this.requests
    const requests = hits + misses
    return {
      hitRate: requests === 0 ? 0 : round((100 * hits) / requests),
      requests,
      hits,
      misses,
      memoryUsage,
      entries,
      evictions,
      errors,
      layers,
      getOrSet: { ...this.getOrSet },
    }
  }

  performance(): CachePerformanceMetrics {
    const layers: Record<string, PerformanceFigures> = {}
    for (const layer of this.#layers) layers[layer.name] = this.#figures(layer.name, layer.stats)
    return { ...this.#figures('*', this.requests), layers }
  }

  checkHealth(): void {
    const { hits, misses } = this.requests
    const last = this.#lastHealth.get('*') ?? { operations: 0, errors: 0, hits: 0, misses: 0 }
    const dHits = hits - last.hits
    const dReads = dHits + misses - last.misses
    this.#lastHealth.set('*', { operations: 0, errors: 0, hits, misses })
    if (dReads >= this.#options.minOperations && dHits / dReads < this.#options.minHitRate) {
      this.#alert('low-hit-rate', {
        value: dHits / dReads,
        threshold: this.#options.minHitRate,
        message: `cache hit rate ${(100 * (dHits / dReads)).toFixed(1)}% is below ${100 * this.#options.minHitRate}%`,
      })
    }
    for (const layer of this.#layers) {
      const s = layer.stats
      const prev = this.#lastHealth.get(layer.name) ?? { operations: 0, errors: 0, hits: 0, misses: 0 }
      const dOps = s.operations - prev.operations
      const dErrors = s.errors - prev.errors
      this.#lastHealth.set(layer.name, { operations: s.operations, errors: s.errors, hits: 0, misses: 0 })
      if (dOps >= this.#options.minOperations && dErrors / dOps > this.#options.maxErrorRate) {
        this.#alert('high-error-rate', {
          layer: layer.name,
          value: dErrors / dOps,
          threshold: this.#options.maxErrorRate,
          message: `cache layer ${layer.name} failed ${dErrors} of ${dOps} operations`,
        })
      }
    }
  }

  close(): void {
    this.#cancelHealth?.()
    this.#cancelHealth = undefined
    this.#stopMetrics?.()
    this.#stopMetrics = undefined
  }

  #figures(name: string, stats: LayerStats): PerformanceFigures {
    const now = this.#clock.now()
    const operations = stats.operations
    const last = this.#lastRate.get(name) ?? { at: this.#startedAt, operations: 0 }
    this.#lastRate.set(name, { at: now, operations })
    const seconds = (now - last.at) / 1000
    const p = stats.latency.percentiles()
    return {
      operationsPerSecond: seconds > 0 ? round((operations - last.operations) / seconds) : 0,
      p50Latency: p.p50,
      p95Latency: p.p95,
      p99Latency: p.p99,
    }
  }

  #scheduleHealth(): void {
    this.#cancelHealth = this.#clock.schedule(() => {
      this.checkHealth()
      this.#scheduleHealth()
    }, this.#options.healthCheckInterval)
  }

  #alert(type: CacheAlertType, metric: CacheAlertMetric): void {
    for (const listener of this.#listeners) {
      try {
        listener(type, metric)
      } catch {
        // A failing listener must not break the cache.
      }
    }
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
