import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { KairoError } from '../core/kairo-error.js'
import { Result } from '../core/result.js'
import { CacheManager } from './cache-manager.js'
import { MemoryStorage } from './memory-storage.js'

function cacheOn(clock: ManualClock) {
  const cache = new CacheManager({ clock, ttl: 60_000, analytics: { healthCheckInterval: 0 } })
  cache.addLayer({ name: 'memory', priority: 100, storage: new MemoryStorage({ clock }) })
  return cache
}

const tick = () => new Promise((r) => setImmediate(r))

describe('cache warming', () => {
  it('warms at registration when immediate, then on every interval, with fresh values', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    let round = 0
    const loaded: string[][] = []
    cache.registerWarmingStrategy({
      name: 'popular-users',
      schedule: { interval: 600_000, immediate: true },
      keys: () => ['user:1', 'user:2'],
      loader: async (keys) => {
        loaded.push([...keys])
        round++
        return keys.map((key) => ({ key, value: `${key}@${round}`, tags: ['user'] }))
      },
    })
    await tick()
    expect((await cache.get('user:1')).unwrap()).toBe('user:1@1')
    await clock.advance(600_000)
    await tick()
    expect((await cache.get('user:2')).unwrap()).toBe('user:2@2')
    await clock.advance(600_000)
    await tick()
    expect(loaded).toHaveLength(3)
    expect((await cache.invalidateByTag('user')).unwrap()).toBe(2)
    await cache.close()
    await clock.advance(600_000)
    expect(loaded).toHaveLength(3) // closed: no more runs
  })

  it('warms given keys on demand and says how many entries it stored, skipping missing values', async () => {
    const clock = new ManualClock(0)
    const cache = cacheOn(clock)
    cache.registerWarmingStrategy({
      name: 'products',
      enabled: false,
      schedule: { interval: 1000, immediate: true },
      loader: (keys) => keys.map((key) => (key === 'product:404' ? { key, value: null } : { key, value: key.length })),
    })
    await clock.advance(5000)
    expect((await cache.get('product:1')).unwrap()).toBeUndefined() // disabled: no scheduled runs
    const warmed = await cache.warmCacheStrategy('products', ['product:1', 'product:404', 'product:22'])
    expect(warmed.unwrap()).toBe(2)
    expect((await cache.get('product:22')).unwrap()).toBe(10)
    expect((await cache.get('product:404')).unwrap()).toBeUndefined()
  })

  it('reports unknown strategies, loader errors and loader failures as errors', async () => {
    const cache = cacheOn(new ManualClock(0))
    cache.registerWarmingStrategy({ name: 'err', loader: () => Result.Err(new KairoError('SOURCE_DOWN', 'down')) })
    cache.registerWarmingStrategy({
      name: 'throws',
      loader: () => {
        throw new Error('boom')
      },
    })
    const unknown = await cache.warmCacheStrategy('nope', ['a'])
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND')
    const err = await cache.warmCacheStrategy('err', ['a'])
    expect(!err.ok && err.error.code).toBe('SOURCE_DOWN')
    const thrown = await cache.warmCacheStrategy('throws', ['a'])
    expect(!thrown.ok && thrown.error.code).toBe('CACHE_WARMING_FAILED')
    expect(() => cache.registerWarmingStrategy({ name: 'err', loader: () => [] })).toThrow(/already registered/)
  })
})
