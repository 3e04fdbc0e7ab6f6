import type { LayerCircuitState } from './layer-circuit-breaker.js'

/** Counters of one layer since the manager started. */
export interface LayerAnalytics {
  readonly name: string
  readonly kind: string
  /** Percentage (0–100) of reads that found a fresh entry in this layer. */
  readonly hitRate: number
  readonly hits: number
  /** Reads that found a stale entry (servable by stale-while-revalidate or grace). */
  readonly staleHits: number
  readonly misses: number
  readonly writes: number
  readonly deletes: number
  readonly errors: number
  /** Operations not tried because the layer's circuit was open. */
  readonly skipped: number
  readonly evictions: number
  readonly entries: number | undefined
  /** Bytes held (estimated for memory). */
  readonly memoryUsage: number | undefined
  /** `'closed'` when healthy; absent for layers without a breaker. */
  readonly circuit?: LayerCircuitState
  /** Invalidations waiting for the layer to come back. */
  readonly pendingInvalidations: number
}

/** What `getOrSet` did since the manager started. */
export interface GetOrSetAnalytics {
  readonly factoryCalls: number
  readonly factoryErrors: number
  /** Callers that shared a factory call already under way for their key. */
  readonly coalesced: number
  /** Answers served stale while a refresh ran (stale-while-revalidate, soft timeout). */
  readonly staleServed: number
  /** Answers served stale because the factory failed or timed out (grace period). */
  readonly graceServed: number
  readonly softTimeouts: number
  readonly hardTimeouts: number
  readonly backgroundRefreshes: number
  /** Waits for another instance holding the key's lock. */
  readonly lockWaits: number
}

/** `CacheManager.getAnalytics()`. */
export interface CacheAnalytics {
  /** Percentage (0–100) of `get`/`getOrSet` calls answered from a layer. */
  readonly hitRate: number
  readonly requests: number
  readonly hits: number
  readonly misses: number
  /** Bytes held by the in-process layers. */
  readonly memoryUsage: number
  readonly entries: number
  readonly evictions: number
  readonly errors: number
  readonly layers: Readonly<Record<string, LayerAnalytics>>
  readonly getOrSet: GetOrSetAnalytics
}

/** Throughput and latency of one layer, or of the manager as a whole. */
export interface PerformanceFigures {
  /** Operations per second since the previous call to `getPerformanceMetrics()` (or the start). */
  readonly operationsPerSecond: number
  /** Milliseconds, over the latest sampled operations. */
  readonly p50Latency: number
  readonly p95Latency: number
  readonly p99Latency: number
}

/** `CacheManager.getPerformanceMetrics()`. */
export interface CachePerformanceMetrics extends PerformanceFigures {
  readonly layers: Readonly<Record<string, PerformanceFigures>>
}

/** What an alert is about. */
export type CacheAlertType = 'low-hit-rate' | 'high-error-rate' | 'layer-unavailable' | 'layer-recovered'

/** The figures behind an alert. */
export interface CacheAlertMetric {
  /** The layer concerned, for layer alerts. */
  readonly layer?: string
  /** The measured value (a rate from 0 to 1, for rate alerts). */
  readonly value: number
  /** The threshold it crossed. */
  readonly threshold: number
  readonly message: string
}

/** Called with each alert; see `CacheManager.onCacheAlert`. */
export type CacheAlertListener = (type: CacheAlertType, metric: CacheAlertMetric) => void
