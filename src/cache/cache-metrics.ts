import type { Attributes, BatchObservableCallback } from '@opentelemetry/api'
import { kairoMeter } from '../core/telemetry.js'
import type { CacheAnalyticsRecorder } from './cache-analytics-recorder.js'

/**
 * Records a manager's counters as OpenTelemetry metrics on `kairoMeter()`, read only when a metric
 * reader collects (observable instruments), so the cache's hot path pays nothing for them:
 * `kairo.cache.hits`, `.misses`, `.stale_hits`, `.writes`, `.errors`, `.evictions` (counters),
 * `kairo.cache.entries`, `.bytes` and `kairo.cache.latency` (gauges, ms, with a `quantile`
 * attribute), each with `layer` and `namespace` attributes. Returns a function that stops.
 *
 * @example
 * ```ts
 * // with an OpenTelemetry SDK installed, a Prometheus exporter shows:
 * // kairo_cache_hits_total{layer="memory",namespace="shop"} 1532
 * ```
 * @internal
 */
export function registerCacheMetrics(recorder: CacheAnalyticsRecorder, namespace: string): () => void {
  const meter = kairoMeter()
  const counter = (name: string, description: string) =>
    meter.createObservableCounter(`kairo.cache.${name}`, { description })
  const hits = counter('hits', 'reads that found a fresh entry')
  const staleHits = counter('stale_hits', 'reads that found a stale entry')
  const misses = counter('misses', 'reads that found nothing usable')
  const writes = counter('writes', 'entries written')
  const errors = counter('errors', 'failed storage operations')
  const evictions = counter('evictions', 'entries dropped to make room')
  const entries = meter.createObservableGauge('kairo.cache.entries', { description: 'entries held' })
  const bytes = meter.createObservableGauge('kairo.cache.bytes', { description: 'bytes held', unit: 'By' })
  const latency = meter.createObservableGauge('kairo.cache.latency', { description: 'operation latency', unit: 'ms' })
  const instruments = [hits, staleHits, misses, writes, errors, evictions, entries, bytes, latency]

  const callback: BatchObservableCallback = (result) => {
    for (const layer of recorder.layers) {
      const attributes: Attributes = { layer: layer.name, namespace }
      const s = layer.stats
      const storage = layer.storage.stats()
      result.observe(hits, s.hits, attributes)
      result.observe(staleHits, s.staleHits, attributes)
      result.observe(misses, s.misses, attributes)
      result.observe(writes, s.writes, attributes)
      result.observe(errors, s.errors, attributes)
      result.observe(evictions, storage.evictions, attributes)
      if (storage.entries !== undefined) result.observe(entries, storage.entries, attributes)
      if (storage.bytes !== undefined) result.observe(bytes, storage.bytes, attributes)
      const p = s.latency.percentiles()
      if (p.samples > 0) {
        result.observe(latency, p.p50, { ...attributes, quantile: 0.5 })
        result.observe(latency, p.p95, { ...attributes, quantile: 0.95 })
        result.observe(latency, p.p99, { ...attributes, quantile: 0.99 })
      }
    }
  }
  meter.addBatchObservableCallback(callback, instruments)
  return () => meter.removeBatchObservableCallback(callback, instruments)
}
