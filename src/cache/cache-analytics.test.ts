import { type BatchObservableCallback, createNoopMeter, type Meter, metrics, type Observable } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import type { CacheAlertType } from './cache-analytics.js'
import { CacheManager } from './cache-manager.js'
import { jsonSerializer } from './json-serializer.js'
import { MemoryStorage } from './memory-storage.js'

/** A meter that remembers batch callbacks, so the test can collect like a metric reader would. */
const names = new Map<Observable, string>()
const callbacks = new Set<BatchObservableCallback>()
const noop = createNoopMeter()
const observable = (name: string) => {
  const o: Observable = { addCallback: () => {}, removeCallback: () => {} }
  names.set(o, name)
  return o
}
const meter: Meter = Object.assign(Object.create(noop) as Meter, {
  createObservableCounter: (name: string) => observable(name),
  createObservableGauge: (name: string) => observable(name),
  addBatchObservableCallback: (cb: BatchObservableCallback) => void callbacks.add(cb),
  removeBatchObservableCallback: (cb: BatchObservableCallback) => void callbacks.delete(cb),
})
metrics.setGlobalMeterProvider({ getMeter: () => meter })

async function collect() {
  const rows: { name: string; value: number; attributes: Record<string, unknown> }[] = []
  for (const cb of callbacks) {
    await cb({
      observe: (o: Observable, value: number, attributes = {}) =>
        void rows.push({ name: names.get(o)!, value, attributes }),
    })
  }
  return rows
}

describe('cache analytics', () => {
  it('counts hits and misses per layer and in total, with memory used and evictions', async () => {
    const clock = new ManualClock(0)
    const cache = new CacheManager({ clock, analytics: { healthCheckInterval: 0 } })
    cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ maxSize: 2, clock }) })
    for (const k of ['a', 'b', 'c']) await cache.set(k, 'x'.repeat(100))
    await cache.get('c') // hit
    await cache.get('b') // hit
    await cache.get('a') // evicted: miss
    await cache.get('zzz') // miss
    const a = cache.getAnalytics()
    expect(a).toMatchObject({ requests: 4, hits: 2, misses: 2, hitRate: 50, entries: 2, evictions: 1 })
    expect(a.layers.memory).toMatchObject({ kind: 'memory', hits: 2, misses: 2, hitRate: 50, writes: 3, evictions: 1 })
    expect(a.memoryUsage).toBeGreaterThan(400)
    await cache.close()
  })

  it('reports operations per second over the time since the previous report, and latency percentiles', async () => {
    const clock = new ManualClock(0)
    const cache = new CacheManager({ clock, analytics: { healthCheckInterval: 0 } })
    cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ clock }) })
    await cache.set('k', 1)
    for (let i = 0; i < 199; i++) await cache.get('k')
    await clock.advance(2000)
    const p = cache.getPerformanceMetrics()
    expect(p.layers.memory?.operationsPerSecond).toBe(100) // 200 layer operations in 2 s
    expect(p.operationsPerSecond).toBe(99.5) // 199 requests in 2 s
    expect(p.p99Latency).toBeGreaterThanOrEqual(p.p50Latency)
    expect(p.layers.memory!.p95Latency).toBeGreaterThan(0)
    await clock.advance(1000)
    expect(cache.getPerformanceMetrics().operationsPerSecond).toBe(0)
    await cache.close()
  })

  it('raises low-hit-rate and high-error-rate alerts at the scheduled health check', async () => {
    const clock = new ManualClock(0)
    const cache = new CacheManager({
      clock,
      analytics: { healthCheckInterval: 1000, minOperations: 10, minHitRate: 0.5 },
    })
    const corrupt = new MemoryStorage({
      clock,
      serializer: {
        ...jsonSerializer,
        decode: () => {
          throw new Error('corrupt bytes')
        },
      },
    })
    cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ clock }) })
    cache.addLayer({ name: 'corrupt', priority: 50, storage: corrupt })
    const alerts: { type: CacheAlertType; layer?: string }[] = []
    const stop = cache.onCacheAlert((type, metric) => alerts.push({ type, layer: metric.layer }))
    await cache.set('good', 1)
    for (let i = 0; i < 5; i++) await cache.get('good')
    await clock.advance(1000)
    expect(alerts).toEqual([]) // too few operations to judge
    const forever = {
      value: 1,
      expiresAt: Number.POSITIVE_INFINITY,
      staleUntil: Number.POSITIVE_INFINITY,
      tags: [],
      dependencies: [],
    }
    corrupt.set('default:bad', forever, Number.POSITIVE_INFINITY)
    for (let i = 0; i < 20; i++) expect((await cache.get('bad')).unwrap()).toBeUndefined() // errors are misses
    await clock.advance(1000)
    expect(alerts).toEqual([
      { type: 'low-hit-rate', layer: undefined },
      { type: 'high-error-rate', layer: 'corrupt' },
    ])
    expect(cache.getAnalytics().layers.corrupt?.errors).toBe(20)
    stop()
    await cache.close()
  })

  it('records per-layer metrics on the OpenTelemetry meter, and stops on close', async () => {
    const clock = new ManualClock(0)
    const cache = new CacheManager({ clock, namespace: 'shop', analytics: { healthCheckInterval: 0 } })
    cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ clock }) })
    await cache.set('k', 1)
    await cache.get('k')
    await cache.get('nope')
    const rows = await collect()
    const value = (name: string) => rows.find((r) => r.name === name && r.attributes.layer === 'memory')?.value
    expect(value('kairo.cache.hits')).toBe(1)
    expect(value('kairo.cache.misses')).toBe(1)
    expect(value('kairo.cache.writes')).toBe(1)
    expect(value('kairo.cache.entries')).toBe(1)
    expect(rows.find((r) => r.name === 'kairo.cache.hits')?.attributes).toEqual({ layer: 'memory', namespace: 'shop' })
    await cache.close()
    expect(await collect()).toEqual([])
  })

  it('records nothing per operation when analytics are disabled', async () => {
    const cache = new CacheManager({ analytics: { enabled: false } })
    for (let i = 0; i < 100; i++) await cache.get('k')
    expect(cache.getPerformanceMetrics().layers.memory?.p50Latency).toBe(0)
    expect(await collect()).toEqual([])
    await cache.close()
  })
})
